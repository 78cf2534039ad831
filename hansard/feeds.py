"""Atom 1.0 feeds of turns, for feed readers (watch lists, saved searches).

One serialiser for every feed the tool makes (``hansard watch run --atom FILE``, the web face's
``/watch/{name}.atom`` and ``/search.atom``), so they cannot drift apart. Each entry carries the
question together with the answer, the citation and the permalink: an answer without its question
is the commonest complaint about parliamentary search tools, and a feed reader shows only the
entry.

The XML is built with ``xml.etree`` so every text is escaped by the serialiser, never by hand;
entry content is HTML (``type="html"``), itself escaped once more inside the XML as RFC 4287 asks.
Entry ids are the turns' permalinks, which never change, so a reader never shows a turn twice.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from hansard import PROJECT_URL, __version__
from hansard.citation import compact, oscola, speaker_as_printed
from hansard.controls import strip
from hansard.records import OPL_ATTRIBUTION, Turn

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
_NOT_XML = re.compile(r"[\ud800-\udfff\ufffe\uffff]")
"""Lone surrogates and the two non-characters, which XML 1.0 forbids outright."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One Atom entry: what a reader lists (title), opens (link) and shows (content_html)."""

    id: str
    title: str
    updated: str
    """RFC 3339, e.g. "2015-11-26T00:00:00Z"."""
    link: str
    content_html: str
    author: str
    published: str | None = None


def sitting_timestamp(date: str) -> str:
    """A sitting day as an RFC 3339 instant (midnight UTC): Hansard gives days, Atom wants times."""
    return dt.date.fromisoformat(date).isoformat() + "T00:00:00Z"


def now_timestamp() -> str:
    return (
        dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    )


def _turn_block(turn: Turn, label: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in turn.text.split("\n\n") if p.strip())
    return (
        f"<h3>{html.escape(label)}: {html.escape(speaker_as_printed(turn))}</h3>"
        f"{paragraphs}"
        f"<p><cite>{html.escape(oscola(turn))}</cite> ({html.escape(compact(turn))}) "
        f'<a href="{html.escape(turn.url)}">{html.escape(turn.url)}</a></p>'
    )


def turn_entry(turn: Turn, question: Turn | None = None) -> FeedEntry:
    """The entry for a matching turn, led by its exchange's question when that is another turn."""
    blocks = []
    if question is not None and question.id != turn.id:
        blocks.append(_turn_block(question, "Question"))
    label = turn.role.capitalize() if turn.role else "Turn"
    blocks.append(_turn_block(turn, label))
    blocks.append(f"<p><small>{html.escape(OPL_ATTRIBUTION)}</small></p>")
    heading = " › ".join(part for part in (turn.department, turn.debate_title) if part)
    title = f"{speaker_as_printed(turn)}: {heading or turn.section or 'Oral questions'}"
    stamp = sitting_timestamp(turn.date)
    return FeedEntry(
        id=turn.url,
        title=f"{title} ({turn.date})",
        updated=stamp,
        published=stamp,
        link=turn.url,
        content_html="".join(blocks),
        author=turn.speaker_name or speaker_as_printed(turn),
    )


def atom_feed(
    *,
    feed_id: str,
    title: str,
    entries: Sequence[FeedEntry],
    updated: str | None = None,
    self_url: str | None = None,
    alternate_url: str | None = None,
    subtitle: str | None = None,
) -> bytes:
    """A complete Atom 1.0 document (UTF-8 bytes).

    ``updated`` defaults to the newest entry's time, or now for an empty feed, so a feed that has
    not changed keeps its timestamp and readers do not refetch its entries for nothing.
    """
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    if subtitle:
        _text(feed, "subtitle", subtitle)
    newest = max((entry.updated for entry in entries), default=None)
    _text(feed, "updated", updated or newest or now_timestamp())
    author = ET.SubElement(feed, f"{{{ATOM_NS}}}author")
    _text(author, "name", "hansard-qa")
    _text(author, "uri", PROJECT_URL)
    generator = _text(feed, "generator", "hansard-qa")
    generator.set("uri", PROJECT_URL)
    generator.set("version", __version__)
    _text(feed, "rights", OPL_ATTRIBUTION)
    if self_url:
        _link(feed, self_url, "self", MEDIA_TYPE)
    if alternate_url:
        _link(feed, alternate_url, "alternate", "text/html")
    for entry in entries:
        element = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        _text(element, "updated", entry.updated)
        if entry.published:
            _text(element, "published", entry.published)
        entry_author = ET.SubElement(element, f"{{{ATOM_NS}}}author")
        _text(entry_author, "name", entry.author)
        _link(element, entry.link, "alternate", "text/html")
        content = _text(element, "content", entry.content_html)
        content.set("type", "html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{name}")
    element.text = _xml_safe(text)
    return element


def _link(parent: ET.Element, href: str, rel: str, media_type: str) -> None:
    ET.SubElement(parent, f"{{{ATOM_NS}}}link", {"href": href, "rel": rel, "type": media_type})


def _xml_safe(text: str) -> str:
    """Text without what XML 1.0 cannot carry (and no control characters, by the archive's rule):
    a page's stray control character must not make the whole feed unreadable."""
    return _NOT_XML.sub("", strip(text)[0])
