"""A saved hansard.parliament.uk debate page -> the speaker turns of its oral questions.

Parsing is a pure function of the page's bytes (and, optionally, its address), so the archive's
raw pages can be re-parsed whenever the rules improve. The page is read into a
:class:`~hansard.records.PageContext` and a list of :class:`~hansard.records.Contribution` here;
who spoke in what capacity is decided by :func:`crawler.attribution.attribute`, shared with the
other sources. This module knows the page's layout (sections, headings, whole-day pages, the
House and date); what one turn says (speaker line, number, UIN, text, columns) is read by
:mod:`crawler.page_text`.

The site's markup (2022 design, also used for digitised historic sittings): each item is a
``div.debate-item``; sections nest as ``div.child-debate-list > div.child-debate``, each headed by
an ``h2``. Under "Oral Answers to Questions" the first level is the department and the second the
question heading. Historic pages give every ``h2`` an empty ``data-tag``, so the level is read
from the nesting, never from the tag.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import replace
from urllib.parse import urlsplit, urlunsplit

from bs4 import BeautifulSoup, ElementFilter, Tag

from crawler import page_text
from crawler.attribution import attribute, is_question_opening
from crawler.page_text import clean as _clean
from crawler.page_text import descendant as _descendant
from hansard import controls
from hansard.errors import ParseError
from hansard.records import Column, Contribution, PageContext, Turn

__all__ = ["parse_page", "read_page"]

ORAL_ANSWERS = "Oral Answers to Questions"
ORAL_ANSWERS_TAG = "hs_3OralAnswers"
LORDS_ORAL_QUESTIONS = "Oral Questions"
PRIME_MINISTER = "Prime Minister"

_NUMBER_ITEM = re.compile(r"^[QTqt]?[0-9lIO]{1,3}(?:\s*(?:,|and|&)\s*[QTqt]?[0-9lIO]{1,3})*\s*\.?$")
"""A tabled question's number printed as an item of its own: "1.", "Q1.", and the numbers of
questions asked together, "57 and 58." or "4, 5 and 6."."""
_ONE_NUMBER = re.compile(r"[QTqt]?[0-9lIO]{1,3}")
_NUMBER_BEFORE_NAME = re.compile(
    r"^([QT]?[0-9lIOH]{1,3})\.\s+(?=(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lady|Lord|Captain|Major"
    r"|Colonel|Commander|Brigadier|General|Viscount|Earl)\b)"
)
"""A question number misplaced into the speaker line ("11. Mr. Warbey"; scanned as "H. Mr.
Warbey"): no name has anything before its honorific."""
_HONORIFIC_ONLY = re.compile(r"^(Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Rev|Lord|Lady|Baroness)\.?$")
_DEBATED_ON = re.compile(r"debated on \w+,? (\d{1,2} \w+ \d{4})")
_VOLUME = re.compile(r"Volume (\d+)")
_BREADCRUMB_DATE = re.compile(r"^(Commons|Lords)\s*:\s*(\d{1,2} \w+ \d{4})$", re.IGNORECASE)
_TIME_LINE = re.compile(r"^\d{1,2}[.:]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?$", re.IGNORECASE)
_PM_HEADING = re.compile(r"^Prime Minister \((.+)\)$", re.IGNORECASE)
_ASKED_THE_PRIME_MINISTER = re.compile(r"^asked the Prime\W{0,2}Minister\b")
"""A historic tabled question put to the Prime Minister ("Mr. Warbey asked the Prime Minister if
he will make a statement..."), whatever its heading and however it is numbered."""


class _PageParts(ElementFilter):
    """Build only the parts of the page the parser reads: about half the page is navigation,
    share bars and scripts, and building a tree for them halves the parse speed."""

    def allow_tag_creation(self, nsprefix, name, attrs) -> bool:  # type: ignore[override]
        attrs = attrs or {}
        if name == "meta":
            return attrs.get("property") == "og:url"
        classes = attrs.get("class") or ""
        if isinstance(classes, list):
            classes = " ".join(classes)
        if "breadcrumb" in classes:
            return True  # a div on the 2022 design; a nav or list would serve as well
        return name == "div" and any(c in classes for c in ("hero-banner", "primary-content"))

    def allow_string_creation(self, string: str) -> bool:
        return False


_PARTS = _PageParts()


def parse_page(html: str | bytes, url: str | None = None) -> list[Turn]:
    """The oral-question turns of one saved Hansard page.

    ``url`` defaults to the page's ``og:url``. Raises :class:`ParseError` (and nothing else) for
    input that is empty, not a Hansard debate page, or too broken to read. A debate page that
    holds no oral questions (a statement, a bill) gives an empty list.
    """
    context, contributions = read_page(html, url)
    return attribute(context, contributions)


def read_page(html: str | bytes, url: str | None = None) -> tuple[PageContext, list[Contribution]]:
    """The page's context and its oral-question contributions, before attribution."""
    try:
        return _read_page(html, url)
    except ParseError:
        raise
    except (ValueError, TypeError, AttributeError, LookupError, RecursionError) as error:
        raise ParseError(f"the page is too broken to read ({type(error).__name__})") from None


def _read_page(html: str | bytes, url: str | None) -> tuple[PageContext, list[Contribution]]:
    text, removed = controls.strip(_decode(html))  # no words, and would reach a terminal
    if not text.strip():
        raise ParseError("the page is empty")
    if not _ENDS_WITH_HTML.search(text[-4096:]):
        # Served pages always end with </html>; without it the download was cut short and the
        # last turns would be silently lost or truncated.
        raise ParseError("the page is cut short (it does not end with </html>); fetch it again")
    soup = BeautifulSoup(_slim(text), "lxml", parse_only=_PARTS)
    primary = soup.find("div", class_="primary-content")
    if primary is None or primary.find("div", class_="debate-item") is None:
        raise ParseError(
            "not a Hansard debate page (no debate items found); save the page from "
            "hansard.parliament.uk/<House>/<date>/debates/..."
        )
    page_url = _page_url(soup, url)
    if removed:  # only for a page that is read: the count is the record of what was removed
        logging.getLogger("hansard.crawler").warning(
            "%s: removed %d control character(s) from the page", page_url, removed
        )
    crumbs = _breadcrumb(soup)
    hero = soup.find("div", class_="hero-banner")
    title = _clean(hero.h1.get_text()) if hero is not None and hero.h1 is not None else None
    subtitle = _clean(hero.h2.get_text()) if hero is not None and hero.h2 is not None else ""
    house = _house(page_url, text, crumbs)
    date = _date(subtitle, crumbs, page_url)
    volume_match = _VOLUME.search(subtitle)
    volume = int(volume_match.group(1)) if volume_match else None

    reader = _ItemReader()
    reader.marked = _marks_questions(primary)
    oral_roots = any(_is_oral_answers_heading(h2) for h2 in primary.find_all("h2"))
    oral_index = _index_of_oral(crumbs, title)
    if oral_roots:
        # A whole sitting day: only the "Oral Answers to Questions" section holds oral
        # questions, but the column count runs through the whole page.
        reader.emitting = False
        reader.walk(primary, [])
    elif oral_index is not None:
        prefix = crumbs[oral_index + 1 :]
        if title and title.lower() != ORAL_ANSWERS.lower() and (not prefix or prefix[-1] != title):
            prefix.append(title)
        reader.walk(primary, prefix)
    elif house == "Lords":
        # The Lords has no "Oral Answers" section: each oral question is a section of its own,
        # known by its first unattributed line ("Question").
        reader.lords = True
        reader.emitting = _opens_as_question(primary)
        reader.walk(primary, [title] if title else [])
    if oral_roots or oral_index is not None:
        section = ORAL_ANSWERS
    elif reader.contributions and house == "Lords":
        section = LORDS_ORAL_QUESTIONS
    else:
        section = None
    context = PageContext(house=house, date=date, volume=volume, section=section, url=page_url)
    return context, reader.finish()


_ENDS_WITH_HTML = re.compile(r"</html\s*>(?:\s|<!--.*?-->)*$", re.IGNORECASE | re.DOTALL)
"""A whole page: ``</html>``, then nothing but space or comments (some savers append one)."""
_SHARE_BLOCK = re.compile(r"""<div class=["'](?:col-lg-2 share|share-bar)["']\s*>""")
_DIV_TAG = re.compile(r"<(/?)div\b", re.IGNORECASE)


_SPACE_BEFORE_BLOCK = re.compile(r">\s+(?=</?(?:div|p|h2|li|ul)\b)")


def _slim(text: str) -> str:
    """The page text without what costs parse time and carries no Hansard text.

    Whitespace between a tag and the start or end of a block element is never text anyone
    reads, but BeautifulSoup makes a node of each run: a third of the tree.
    """
    return _SPACE_BEFORE_BLOCK.sub(">", _drop_share_blocks(text))


def _drop_share_blocks(text: str) -> str:
    """Cut each contribution's share buttons and share bar out of the page text.

    They are about 60% of a debate page's markup and hold no Hansard text; building a tree for
    them would more than double the parse time. A block is cut only up to its balanced closing
    ``</div>``; if none is found, the rest of the page is left as it is.
    """
    pieces = []
    position = 0
    for start in _SHARE_BLOCK.finditer(text):
        if start.start() < position:
            continue
        depth = 0
        end = None
        for tag in _DIV_TAG.finditer(text, start.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                close = text.find(">", tag.end())
                end = close + 1 if close != -1 else None
                break
        if end is None:
            break
        pieces.append(text[position : start.start()])
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _decode(html: str | bytes) -> str:
    if isinstance(html, str):
        return html
    if not isinstance(html, (bytes, bytearray)):
        raise ParseError("the page must be text or bytes")
    try:
        return bytes(html).decode("utf-8")
    except UnicodeDecodeError:
        return bytes(html).decode("cp1252", errors="replace")


def _page_url(soup: BeautifulSoup, url: str | None) -> str:
    """The page's address without fragment; the site's og:url has a doubled slash after the host."""
    if not url:
        meta = soup.find("meta", attrs={"property": "og:url"})
        url = meta.get("content") if meta is not None else None
        if not isinstance(url, str) or not url.strip():
            raise ParseError("the page names no address (og:url); give it with --url URL")
    parts = urlsplit(url.strip())
    path = re.sub(r"/{2,}", "/", parts.path)
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _breadcrumb(soup: BeautifulSoup) -> list[str]:
    crumbs = soup.find(class_="breadcrumb")
    if crumbs is None:
        return []
    texts = [_clean(li.get("title") or li.get_text()) for li in crumbs.find_all("li")]
    return [t for t in texts if t]


def _index_of_oral(crumbs: list[str], title: str | None) -> int | None:
    for i, crumb in enumerate(crumbs):
        if crumb.lower() == ORAL_ANSWERS.lower():
            return i
    if title and title.lower() == ORAL_ANSWERS.lower():
        return len(crumbs)
    return None


def _house(url: str, text: str, crumbs: list[str]) -> str:
    match = re.search(r"/(commons|lords)(?:/|$)", urlsplit(url).path, re.IGNORECASE)
    if match:
        return match.group(1).capitalize()
    body = re.search(r"<body[^>]*class=[\"'][^\"']*brand-(commons|lords)", text, re.IGNORECASE)
    if body:
        return body.group(1).capitalize()
    for crumb in crumbs:
        found = _BREADCRUMB_DATE.match(crumb)
        if found:
            return found.group(1).capitalize()
    raise ParseError("cannot tell the House (no /Commons/ or /Lords/ in the address)")


def _date(subtitle: str, crumbs: list[str], url: str) -> str:
    candidates = []
    match = _DEBATED_ON.search(subtitle)
    if match:
        candidates.append(match.group(1))
    candidates += [m.group(2) for m in map(_BREADCRUMB_DATE.match, crumbs) if m]
    for candidate in candidates:
        try:
            return dt.datetime.strptime(candidate, "%d %B %Y").date().isoformat()
        except ValueError:
            continue
    match = re.search(r"/(\d{4}-\d{2}-\d{2})(?:/|$)", url)
    if match:
        try:
            return dt.date.fromisoformat(match.group(1)).isoformat()
        except ValueError:
            pass
    raise ParseError("cannot find the sitting date (no 'debated on ...' line or dated address)")


class _ItemReader:
    """Walks the debate items in page order, keeping the running column and the pending
    unattributed lines, and emits one Contribution per speaker turn."""

    def __init__(self) -> None:
        self.column: Column = None
        self.contributions: list[Contribution] = []
        self.blocks: list[int] = []
        self.pm_blocks: set[int] = set()
        self.block = 0
        self.procedural: list[str] = []
        self.pending_number: str | None = None
        self.pending_prefix: str | None = None
        self.first_marker: Column = None
        self.emitting = True
        """False while walking parts of a whole-day page that are not oral questions."""
        self.lords = False
        self.marked = False
        """Whether the page marks its tabled questions up; if so, only marked turns are."""
        """Lords sections: no departments; the section heading is the question's title."""

    def walk(self, element: Tag, chain: list[str]) -> None:
        """Visit items under ``element``; ``chain`` holds the headings of the enclosing sections."""
        for child in element.children:
            if not isinstance(child, Tag):
                continue
            classes = child.get("class") or []
            if "debate-item" in classes:
                self.item(child, classes, chain)
            elif "child-debate" in classes:
                heading = _section_heading(child)
                below = [*chain, _clean(heading.get_text())] if heading is not None else chain
                emitting = self.emitting
                if heading is not None and _is_oral_answers_heading(heading):
                    self.emitting, below = True, []
                elif self.lords:
                    self.emitting = _opens_as_question(child)
                self.block += 1
                self.walk(child, below)
                self.block += 1
                self.emitting = emitting
            elif child.name != "h2":
                self.walk(child, chain)

    def item(self, item: Tag, classes: list[str], chain: list[str]) -> None:
        if "debate-item-contributiondebateitem" in classes:
            contribution = _descendant(item, "contribution", "div")
            if contribution is not None and self.emitting:
                self.contribution(contribution, chain)
            elif contribution is not None:
                self.skip(contribution)
            return
        self.skip(item)
        if "debate-item-otherdebateitem" in classes and self.emitting:
            line = _clean(item.get_text(" "))
            if not line:
                return
            if _NUMBER_ITEM.match(line):
                numbers = [page_text.question_number(n) for n in _ONE_NUMBER.findall(line)]
                head = ", ".join(numbers[:-1])
                self.pending_number = f"{head} and {numbers[-1]}" if head else numbers[-1]
            elif _HONORIFIC_ONLY.match(line):
                self.pending_prefix = line
            else:
                self.procedural.append(line)

    def skip(self, element: Tag) -> None:
        """Follow the column markers of a turn that is not an oral question."""
        for marker in page_text.column_markers(element):
            self.column = page_text.marker_column(marker) or self.column
            if self.first_marker is None:
                self.first_marker = self.column

    def contribution(self, element: Tag, chain: list[str]) -> None:
        raw_id = element.get("data-contribution-id") or element.get("id") or ""
        contribution_id = str(raw_id).removeprefix("contribution-").strip("{} ")
        if not contribution_id:
            return
        speaker, member_id = page_text.speaker(element)
        misplaced = _NUMBER_BEFORE_NAME.match(speaker or "")
        if misplaced and speaker:
            speaker = speaker[misplaced.end() :]
            if self.pending_number is None:
                # Scanning reads "11" as "H"; the other misread digits are page_text's.
                self.pending_number = page_text.question_number(
                    misplaced.group(1).replace("H", "11")
                )
        if self.pending_prefix and speaker and not speaker.startswith(self.pending_prefix):
            speaker = f"{self.pending_prefix} {speaker}"
        content = _descendant(element, "content", "div")
        before = self.column
        paragraphs, uin, start, self.column = page_text.paragraphs(content, self.column)
        end = self.column
        if self.first_marker is None and self.column != before:
            self.first_marker = self.column
        number = self.pending_number
        if paragraphs and number is None and _may_open_with_number(content, speaker, self.marked):
            number, leading_uin, paragraphs[0] = page_text.split_question(paragraphs[0])
            uin = uin or leading_uin
        if number and uin is None and paragraphs:
            uin, paragraphs[0] = page_text.trailing_uin(paragraphs[0])
        paragraphs = [p for p in paragraphs if p]
        department = chain[0] if chain and not self.lords else None
        title = chain[-1] if chain else None
        if _PM_HEADING.match(department or ""):
            # "Prime Minister (Engagements)": the Prime Minister's questions; the heading is
            # the title as printed, bracket and all.
            department = PRIME_MINISTER
        if (number and number.startswith("Q")) or (
            paragraphs and _ASKED_THE_PRIME_MINISTER.match(paragraphs[0])
        ):
            self.pm_blocks.add(self.block)
        self.contributions.append(
            Contribution(
                id=contribution_id,
                speaker=speaker,
                member_id=member_id,
                paragraphs=tuple(paragraphs),
                department=department,
                debate_title=title,
                column=start,
                end_column=end if end != start else None,
                question_number=number,
                uin=uin,
                procedural_before=tuple(self.procedural),
            )
        )
        self.blocks.append(self.block)
        self.procedural = []
        self.pending_number = None
        self.pending_prefix = None

    def finish(self) -> list[Contribution]:
        """The contributions, with two things only the whole page tells.

        Questions numbered "Q1." are, by Hansard convention, put to the Prime Minister, and so
        are historic ones printed "asked the Prime Minister" (numbered "4." in 1961); on
        digitised historic pages they can sit under another department's heading, a heading of
        their own ("Common Market"), or under a breadcrumb naming the previous department, so
        their department is the Prime Minister.

        A page that starts mid-column has no marker for its first column: markers print where a
        column begins. Columns are numbered consecutively, so turns before the first marker N
        start in column N - 1 ("374WH" follows "373WH").
        """
        previous = page_text.column_before(self.first_marker)
        finished = []
        for contribution, block in zip(self.contributions, self.blocks, strict=True):
            if block in self.pm_blocks and contribution.department != PRIME_MINISTER:
                contribution = replace(contribution, department=PRIME_MINISTER)
            if contribution.column is None and previous is not None:
                contribution = replace(contribution, column=previous)
            finished.append(contribution)
        return finished


def _section_heading(section: Tag) -> Tag | None:
    """A section's own ``h2``: a direct child, or inside a wrapper before the section's items
    (never the heading of a nested section or a heading quoted inside a turn)."""
    for child in section.children:
        if not isinstance(child, Tag):
            continue
        if child.name == "h2":
            return child
        classes = child.get("class") or []
        if "debate-item" in classes or "child-debate-list" in classes or "child-debate" in classes:
            return None
        inner = child.find("h2")
        if inner is not None:
            return inner
    return None


def _is_oral_answers_heading(heading: Tag) -> bool:
    """The heading of a whole-day page's oral questions: tagged ``hs_3OralAnswers`` on current
    pages; digitised sittings give every heading an empty tag, so there only its words tell."""
    if heading.get("data-tag") == ORAL_ANSWERS_TAG:
        return True
    return _clean(heading.get_text()).rstrip(".").lower() == ORAL_ANSWERS.lower()


def _marks_questions(element: Tag) -> bool:
    """Whether questions are marked up (``p.Question``, ``<Question>``) under ``element``."""
    return _descendant(element, "Question", "p") is not None or element.find("question") is not None


def _may_open_with_number(content: Tag | None, speaker: str | None, page_marks: bool) -> bool:
    """Whether the turn's first words may be a tabled question's number ("5.", "T1.", "Q1.").

    Pages mark the question up (``p.Question``, ``<Question>``); content imported as plain
    paragraphs does not, so there a leading "5. What..." counts only from a member speaking
    for themselves: an answer can open with a numbered list, a tabled question cannot be asked
    by a minister or the chair. On a page that marks its other questions up, an unmarked turn
    must look unmistakably tabled ("T2. ...", "Q3. ...", "4. [900123] ..."): there a member's
    "2. ..." is more likely a list than a question the markup missed.
    """
    if content is None:
        return False
    if _marks_questions(content):
        return True
    line = (speaker or "").strip()
    if not line or line.lower().startswith("the ") or "speaker" in line.lower():
        return False
    return page_text.opens_with_plain_number(content, strict=page_marks)


def _opens_as_question(section: Tag) -> bool:
    """Whether a Lords section is an oral question: its first item is an unattributed line
    reading "Question", "Commons Urgent Question" or "Private Notice Question" (a blank line or
    a time printed before it does not count)."""
    for node in section.descendants:
        if not isinstance(node, Tag):
            continue
        classes = node.get("class") or []
        if "debate-item" not in classes:
            continue
        if "debate-item-otherdebateitem" in classes:
            line = _clean(node.get_text(" "))
            if line and not _TIME_LINE.match(line):
                return is_question_opening(line)
        elif "debate-item-contributiondebateitem" in classes:
            return False
    return False
