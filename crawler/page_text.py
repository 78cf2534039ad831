"""What one contribution on a saved Hansard page says: speaker line, member id, paragraphs,
question number, UIN and columns.

:mod:`crawler.page` finds the contributions and the headings they sit under; this module reads
inside one of them. The two change for different reasons: the page's layout (sections, headings,
whole-day pages) against the way Hansard prints a turn (numbers, UINs, column breaks).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

from bs4 import NavigableString, Tag

from hansard.records import Column

_WS = re.compile(r"\s+")
QUESTION_NUMBER = re.compile(r"^\s*([QT]?[0-9lIO]{1,3})\s*\.(?!\d)\s*")
"""A tabled question's number at the start of its text: "5.", "T1.", "Q1."."""
_PLAIN_QUESTION_NUMBER = re.compile(r"^\s*(?:[QT]\d{1,2}|\d{1,3})\.\s+(?:[A-Z“\"‘']|\[\s*\d)")
_TABLED_NUMBER = re.compile(r"^\s*(?:[QT]\d{1,2}\.\s+|\d{1,3}\.\s+\[\s*\d{3,7}\s*\])")
_LEADING_UIN = re.compile(r"^\[\s*(\d{3,7})\s*\]\s*")
_TRAILING_UIN = re.compile(r"\s*(?:\[\s*(\d{1,7})\s*\]|\(\s*(\d{3,7})\s*\))\s*$")
_SUFFIXED_COLUMN = re.compile(r"^(\d+)([A-Za-z]+)$")
_MEMBER_PATH = re.compile(r"/members?/(\d+)(?:/|$)", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    {"p", "div", "blockquote", "li", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "button"})
_SKIPPED_CLASSES = frozenset({"column-number-indicator", "share-bar"})
"""Text the site's scripts add to a page saved from a browser ("Column 1175 is located here")."""


def clean(text: str) -> str:
    return _WS.sub(" ", text).strip()


def descendant(element: Tag, css_class: str, name: str | None = None) -> Tag | None:
    """The first descendant carrying ``css_class``: a plain loop, several times faster than
    BeautifulSoup's general ``find`` on the many small lookups a page needs."""
    for node in element.descendants:
        if isinstance(node, Tag) and (name is None or node.name == name):
            classes = node.get("class")
            if classes and css_class in classes:
                return node
    return None


def column_markers(element: Tag) -> Iterator[Tag]:
    for node in element.descendants:
        if isinstance(node, Tag) and node.name == "span" and _is_column_marker(node):
            yield node


def marker_column(marker: Tag) -> Column:
    """The column a marker starts; a range marker (a division list printed over columns
    713–715) leaves the count at its last column."""
    value = _column_value(marker.get("data-column-number"))
    return value if value is not None else _column_value(marker.get("data-column-number-to"))


def column_before(column: Column) -> Column:
    """The column printed just before ``column``: 406 before 407, "373WH" before "374WH"."""
    if isinstance(column, int):
        return column - 1 if column > 1 else None
    found = _SUFFIXED_COLUMN.match(column or "")
    if not found or int(found.group(1)) <= 1:
        return None
    return f"{int(found.group(1)) - 1}{found.group(2)}"


def _column_value(raw: object) -> Column:
    if not isinstance(raw, str) or not raw.strip():
        return None
    raw = raw.strip()
    return int(raw) if raw.isdigit() else raw


def _is_column_marker(tag: Tag) -> bool:
    classes = tag.get("class") or []
    return "column-number" in classes and "cross-reference" not in classes


def question_number(raw: str) -> str:
    """ "5", "T1", "Q1"; digitised pages misread 1 as l or I ("Ql.")."""
    prefix = raw[:1].upper() if raw[:1] in "QTqt" else ""
    digits = raw[len(prefix) :].translate(str.maketrans("lIO", "110"))
    return prefix + str(int(digits)) if digits.isdigit() else prefix + digits


def split_question(paragraph: str) -> tuple[str | None, str | None, str]:
    """(number, UIN, words) of a question's first paragraph.

    The number opens the question ("5.", "T1.", "Q1."). The UIN is printed in one of three ways:
    its own markup (read elsewhere), straight after a topical or Prime Minister's question's
    number ("T1. [900123] If he will...", 2010s print), or after the question ("...cases.
    (902346)", "[340]" on digitised pages).
    """
    found = QUESTION_NUMBER.match(paragraph)
    if not found:
        return None, None, paragraph
    number = question_number(found.group(1))
    rest = paragraph[found.end() :].strip()
    uin = None
    leading = _LEADING_UIN.match(rest)
    if leading:
        uin, rest = leading.group(1), rest[leading.end() :]
    return number, uin, rest


def trailing_uin(paragraph: str) -> tuple[str | None, str]:
    """A UIN printed in brackets at the end of a question, and the words before it."""
    bracketed = _TRAILING_UIN.search(paragraph)
    if not bracketed:
        return None, paragraph
    return bracketed.group(1) or bracketed.group(2), paragraph[: bracketed.start()].strip()


def opens_with_plain_number(content: Tag, strict: bool = False) -> bool:
    """Whether content imported as plain paragraphs opens like a tabled question ("5. What...",
    "T1. [900123] If he..."); ``strict`` accepts only forms no other turn opens with ("T1.",
    "Q1.", or a number followed by a bracketed UIN)."""
    first = _first_text(content)
    if strict:
        return bool(_TABLED_NUMBER.match(first))
    return bool(_PLAIN_QUESTION_NUMBER.match(first))


def _first_text(content: Tag) -> str:
    for node in content.descendants:
        if type(node) is NavigableString and node.strip():
            return str(node)
    return ""


def speaker(element: Tag) -> tuple[str | None, int | None]:
    """The speaker line as printed and the Members API id of the speaker, if the page links one.

    The site links a speaker to ``/search/MemberContributions?...&memberId=N``; a link to a
    member page (``/member/N``) or a ``data-member-id`` attribute is read the same way.
    """
    details = descendant(element, "attributed-to-details")
    member_id = None
    line = None
    if details is not None:
        member_id = _member_id(details)
        primary = descendant(details, "primary-text")
        secondary = descendant(details, "secondary-text")
        if primary is not None:
            line = clean(primary.get_text())
            if secondary is not None and clean(secondary.get_text()):
                line = f"{line} {clean(secondary.get_text())}"
        else:
            line = clean(details.get_text()) or None
    if not line:
        share = element.get("data-share-title")
        if isinstance(share, str) and share.startswith("Contribution by "):
            line = clean(share.removeprefix("Contribution by ")) or None
    return line, member_id


def _member_id(details: Tag) -> int | None:
    raw = details.get("data-member-id")
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw)
    href = details.get("href")
    if not isinstance(href, str):
        return None
    parts = urlsplit(href)
    values = parse_qs(parts.query).get("memberId") or parse_qs(parts.query).get("memberid") or []
    if values and values[0].isdigit():
        return int(values[0])
    in_path = _MEMBER_PATH.search(parts.path)
    return int(in_path.group(1)) if in_path else None


def paragraphs(content: Tag | None, column: Column) -> tuple[list[str], str | None, Column, Column]:
    """Paragraph texts, UIN, start column and the running column after the turn.

    Block elements end a paragraph; text loose in the content (left when a stray ``<p>`` inside
    a paragraph closes it early) is a paragraph of its own, except after a paragraph cut at a
    column marker: a page saved from a browser has the site's "Column 1130" box (a ``div``) in
    the middle of the sentence, which closes the ``<p>`` there, so the rest of the sentence
    ("remains. The crucial issue...") follows loose and is joined back with a space. A column
    marker before any text moves the turn's start; one after text means the turn runs over the
    column break.
    """
    found: list[str] = []
    buffer: list[str] = []
    uin: str | None = None
    start = column
    seen_text = False
    cut_at_marker = False
    """The last paragraph found ended at a column marker (nothing printed after it)."""
    marker_last = False
    """A column marker came after the buffer's text, with no text since."""
    in_block = False
    """The buffer holds a block element's text (not loose text after a block)."""

    def flush() -> None:
        nonlocal cut_at_marker, marker_last
        text = _WS.sub(" ", "".join(buffer)).strip()
        buffer.clear()
        if not text:
            marker_last = False
            return
        text = re.sub(r"\[\s+", "[", re.sub(r"\s+\]", "]", text))
        if cut_at_marker and not in_block and found:
            found[-1] = f"{found[-1]} {text}"
        else:
            found.append(text)
        cut_at_marker, marker_last = marker_last, False

    def visit(node: Tag) -> None:
        nonlocal uin, column, start, seen_text, marker_last, in_block
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:
                    buffer.append(str(child))
                    if child.strip():
                        seen_text = True
                        marker_last = False
                continue
            if not isinstance(child, Tag) or child.name in _SKIPPED_TAGS:
                continue
            classes = child.get("class") or []
            if child.name == "span" and _is_column_marker(child):
                value = marker_column(child)
                if value is not None:
                    column = value
                    if not seen_text:
                        start = value
                marker_last = any(part.strip() for part in buffer)
                continue
            if "uin" in classes:
                uin = clean(child.get_text()).strip("()[] ") or None
                continue
            if _SKIPPED_CLASSES.intersection(classes):
                continue
            if child.name == "br":
                buffer.append(" ")
                continue
            block = child.name in _BLOCK_TAGS
            if block:
                flush()
                in_block = True
            visit(child)
            if block:
                flush()
                in_block = False

    if content is not None:
        visit(content)
        flush()
    return [p for p in found if p], uin, start, column
