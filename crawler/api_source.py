"""The Hansard API (hansard-api.parliament.uk) as a second crawl source.

The web site sits behind bot protection; the API is the sanctioned way in and serves the same
sections as JSON. This module turns a day's oral-question sections into :class:`Contribution`
records and lets ``crawler.attribution`` apply the rules every source shares, so a day read
through the API gives the same turns as the web pages (same ids: the API's ``ExternalId`` is the
web page's ``contribution-{id}``; same URLs: the web permalink is rebuilt from the section's
ExtId and title).

No Scrapy here: :func:`crawl_day_api` takes the caller's ``fetch`` so the crawler's polite
fetcher (robots.txt, delay, User-Agent) is the one that touches the network.

What the API is known to do (tests/fixtures/hansard-api/PROVENANCE.md has the evidence):

* ``/overview/sectiontrees.json?section=Debate&house=&date=`` lists the day's sections as a flat
  list with ``ParentId``; oral questions hang under an item tagged ``hs_3OralAnswers`` (titled
  "Oral Answers to Questions"), then departments (``hs_6bDepartment``), then questions
  (``hs_8Question``).
* ``/debates/debate/{ExtId}.json`` returns the section with full ``ChildDebates``.
* A long speech arrives as several items; only the first names the speaker, the rest carry no
  ``MemberId`` ("carried" attribution), so an unnamed prose item continues the current speech.
* An unknown route answers an HTML page with status 200: that is an error, never data.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from hansard.errors import HansardError, ParseError
from hansard.records import Contribution, FetchedPage, PageContext, Turn

API_URL = "https://hansard-api.parliament.uk"
WEB_URL = "https://hansard.parliament.uk"
ORAL_TITLE = "Oral Answers to Questions"
ORAL_TAG = "hs_3OralAnswers"
SPEECH_TAGS = {"hs_para", "question", "hs_brev", "hs_quote", "hs_parafirst"}
_COLUMN_RE = re.compile(r'data-column-number\s*=\s*"([^"]+)"')
_COLUMN_SPAN_RE = re.compile(r"<span[^>]*column-number[^>]*>\s*</span>", re.IGNORECASE)
_NUMBER_RE = re.compile(r"^\s*([QT]?\d+[A-Z]?)\.\s*")
_TAG_RE = re.compile(r"<[^>]+>")
_WHOLLY_ITALIC_RE = re.compile(r"^\s*<(em|i)>.*</\1>\s*$", re.IGNORECASE | re.DOTALL)


# -- URLs -------------------------------------------------------------------------------------


def sectiontrees_url(api_url: str, house: str, date: str) -> str:
    query = urlencode({"section": "Debate", "date": date, "house": house})
    return f"{api_url.rstrip('/')}/overview/sectiontrees.json?{query}"


def debate_url(api_url: str, ext_id: str) -> str:
    return f"{api_url.rstrip('/')}/debates/debate/{quote(ext_id)}.json"


def toplevel_by_title_url(api_url: str, house: str, date: str, title: str = ORAL_TITLE) -> str:
    query = urlencode({"house": house, "date": date, "sectionTitle": title})
    return f"{api_url.rstrip('/')}/debates/topleveldebatebytitle.json?{query}"


def web_slug(title: str) -> str:
    """The site's URL slug for a title ("Stalking and Harassment Cases" ->
    "StalkingAndHarassmentCases").

    Words are capitalised and spaces dropped; brackets and hyphens survive, as in the site's
    ``EuropeanUnion(NotificationOfWithdrawal)Bill`` and ``Attorney-General``. Other punctuation
    (colons, commas, apostrophes) is dropped: no saved URL shows it, so that part is assumed.
    """
    words = re.sub(r"[^\w()\- ]", "", title).split()
    return "".join(w[:1].upper() + w[1:] for w in words)


def web_section_url(web_url: str, house: str, date: str, ext_id: str, title: str) -> str:
    return f"{web_url.rstrip('/')}/{house}/{date}/debates/{ext_id}/{web_slug(title.strip())}"


# -- responses --------------------------------------------------------------------------------


def json_body(page: FetchedPage) -> Any:
    """The page's JSON, or an error naming why it is not data (HTML with 200 included)."""
    if page.status != 200:
        raise HansardError(f"the Hansard API answered {page.status} for {page.url}")
    content_type = {k.lower(): v for k, v in page.headers.items()}.get("content-type", "")
    text = page.body.decode("utf-8-sig", errors="replace").lstrip()
    if "html" in content_type.lower() or text.startswith("<"):
        raise ParseError(
            f"the Hansard API answered an HTML page, not JSON, for {page.url}: the route is "
            "unknown to the API; check --api-url"
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(
            f"the Hansard API answered malformed JSON for {page.url}: {error}"
        ) from None


def oral_section_ids(trees: Any) -> list[str]:
    """ExtIds of the day's top "Oral Answers to Questions" sections, in sitting order."""
    found: list[tuple[int, str]] = []
    for tree in trees or ():
        items = tree.get("SectionTreeItems") or []
        oral_ids = {item.get("Id") for item in items if _is_oral_section(item)}
        for item in items:
            if _is_oral_section(item) and item.get("ParentId") not in oral_ids:
                found.append((item.get("SortOrder") or 0, str(item.get("ExternalId"))))
    return [ext_id for _, ext_id in sorted(found)]


def _is_oral_section(item: dict) -> bool:
    tag = (item.get("HRSTag") or "").strip()
    title = (item.get("Title") or "").strip().lower()
    return tag == ORAL_TAG or title == ORAL_TITLE.lower()


# -- debate JSON to turns ---------------------------------------------------------------------


@dataclass(slots=True)
class _Speech:
    """A contribution being assembled from one or more items."""

    id: str
    speaker: str | None
    member_id: int | None
    paragraphs: list[str]
    department: str | None
    title: str | None
    column: int | str | None
    end_column: int | str | None
    question_number: str | None
    uin: str | None
    procedural: tuple[str, ...]
    page_url: str

    def contribution(self) -> Contribution:
        end = self.end_column if self.end_column != self.column else None
        return Contribution(
            id=self.id,
            speaker=self.speaker,
            member_id=self.member_id,
            paragraphs=tuple(self.paragraphs),
            department=self.department,
            debate_title=self.title,
            column=self.column,
            end_column=end,
            question_number=self.question_number,
            uin=self.uin,
            procedural_before=self.procedural,
        )


def debate_json_to_turns(
    debate: dict, house: str, date: str, url_base: str = WEB_URL
) -> list[Turn]:
    """Turns of one debate JSON (an "Oral Answers to Questions" section, a department or a
    question), each with the web permalink of its question's own page."""
    from crawler.attribution import attribute

    speeches = list(_walk(debate, house, date, url_base))
    if not speeches:
        return []
    overview = debate.get("Overview") or {}
    context = PageContext(
        house=overview.get("House") or house,
        date=date,
        volume=_int_or_none(overview.get("VolumeNo")),
        section=_top_section_title(debate),
        url=speeches[0].page_url,
    )
    turns = attribute(context, [s.contribution() for s in speeches])
    page_of = {s.id: s.page_url for s in speeches}
    return [
        dataclasses.replace(t, url=f"{page_of[t.id]}#contribution-{t.id}") if t.id in page_of else t
        for t in turns
    ]


def debate_contributions(debate: dict, house: str, date: str) -> list[Contribution]:
    """The debate's contributions before attribution (for tests and for other sources' checks)."""
    return [s.contribution() for s in _walk(debate, house, date, WEB_URL)]


def _walk(debate: dict, house: str, date: str, url_base: str) -> Iterable[_Speech]:
    """Depth first: a section's own items, then its child sections, as the web page nests them."""
    state = _WalkState()
    yield from _walk_section(debate, house, date, url_base, (), state)
    if state.current:
        yield state.current


@dataclass(slots=True)
class _WalkState:
    current: _Speech | None = None
    column: int | str | None = None
    procedural: list[str] = dataclasses.field(default_factory=list)


def _walk_section(
    debate: dict, house: str, date: str, url_base: str, path: tuple[str, ...], state: _WalkState
) -> Iterable[_Speech]:
    overview = debate.get("Overview") or {}
    title = (overview.get("Title") or "").strip()
    path = (*path, title)
    department, question = _headings(path, debate)
    page_url = web_section_url(url_base, house, date, str(overview.get("ExtId", "")), title)
    if state.current:  # a new section heading closes the speech before it
        yield state.current
        state.current = None
    items = sorted(debate.get("Items") or [], key=lambda i: i.get("OrderInSection") or 0)
    for item in items:
        finished = _take_item(item, state, department, question, page_url)
        if finished:
            yield finished
    for child in debate.get("ChildDebates") or []:
        yield from _walk_section(child, house, date, url_base, path, state)


def _headings(path: tuple[str, ...], debate: dict) -> tuple[str | None, str | None]:
    """(department, question title) of a section: the two levels below "Oral Answers to Questions".

    The section's ``Navigator`` holds its whole ancestry, so a question fetched on its own still
    knows its department; the walked path is the fallback when a response has no Navigator.
    """
    nodes = [
        ((n.get("Title") or "").strip(), (n.get("HRSTag") or "").strip())
        for n in debate.get("Navigator") or []
    ]
    if not nodes:
        nodes = [(title, "") for title in path]
    titles = [title for title, _ in nodes]
    for index, (title, tag) in enumerate(nodes):
        if tag == ORAL_TAG or title.lower() == ORAL_TITLE.lower():
            below = titles[index + 1 :]
            return (below[0] if below else None), (below[1] if len(below) > 1 else None)
    department = next((t for t, g in nodes if g == "hs_6bDepartment"), None)
    question = next((t for t, g in nodes if g == "hs_8Question"), None)
    return department, question


def _take_item(
    item: dict, state: _WalkState, department: str | None, question: str | None, page_url: str
) -> _Speech | None:
    """Fold one item into the walk; returns a speech when this item closes it."""
    if (item.get("ItemType") or "") != "Contribution":
        return None  # timestamps, divisions: not speech
    tag = (item.get("HRSTag") or "").strip()
    value = item.get("Value") or ""
    if tag == "hs_ColumnNumber":
        match = _COLUMN_RE.search(value)
        if match:
            state.column = _column(match[1])
        return None
    columns = [_column(c) for c in _COLUMN_RE.findall(value)]
    paragraphs = _paragraphs(_COLUMN_SPAN_RE.sub(" ", value))
    named = item.get("MemberId") is not None or bool((item.get("AttributedTo") or "").strip())
    if not named:
        if state.current and tag.lower() in SPEECH_TAGS and not _WHOLLY_ITALIC_RE.match(value):
            state.current.paragraphs.extend(paragraphs)  # a carried paragraph of the same speech
            state.current.end_column = columns[-1] if columns else state.column
        else:
            state.procedural.extend(paragraphs)
        if columns:
            state.column = columns[-1]
        return None
    finished, state.current = state.current, None
    number = None
    uin = (str(item.get("UIN")).strip() or None) if item.get("UIN") else None
    if tag.lower() == "question" and paragraphs:
        number, paragraphs[0] = _split_number(paragraphs[0])
        if uin:
            paragraphs[-1] = _strip_uin(paragraphs[-1], uin)
    state.current = _Speech(
        id=str(item.get("ExternalId") or item.get("ItemId")),
        speaker=(item.get("AttributedTo") or "").strip() or None,
        member_id=_int_or_none(item.get("MemberId")),
        paragraphs=[p for p in paragraphs if p],
        department=department,
        title=question,
        column=state.column,
        end_column=columns[-1] if columns else state.column,
        question_number=number,
        uin=uin,
        procedural=tuple(state.procedural),
        page_url=page_url,
    )
    state.procedural = []
    if columns:
        state.column = columns[-1]
    return finished


def _top_section_title(debate: dict) -> str | None:
    navigator = debate.get("Navigator") or []
    for node in navigator:
        if (node.get("HRSTag") or "") == ORAL_TAG or (
            (node.get("Title") or "").strip().lower() == ORAL_TITLE.lower()
        ):
            return (node.get("Title") or "").strip()
    overview = debate.get("Overview") or {}
    return (overview.get("Title") or "").strip() or None


def _paragraphs(value: str) -> list[str]:
    """Plain paragraphs of an item's HTML Value (paragraphs split by <p> or blank lines)."""
    value = re.sub(r"</p\s*>|<br\s*/?>", "\n\n", value, flags=re.IGNORECASE)
    parts = re.split(r"(?:\r?\n){2,}", value)
    cleaned = [" ".join(html.unescape(_TAG_RE.sub("", p)).split()) for p in parts]
    return [p for p in cleaned if p]


def _split_number(text: str) -> tuple[str | None, str]:
    match = _NUMBER_RE.match(text)
    if not match:
        return None, text
    return match[1], text[match.end() :]


def _strip_uin(text: str, uin: str) -> str:
    suffix = f"({uin})"
    return text[: -len(suffix)].rstrip() if text.endswith(suffix) else text


def _column(value: str) -> int | str:
    value = value.strip()
    return int(value) if value.isdigit() else value


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value is not None and str(value).strip() else None
    except (TypeError, ValueError):
        return None


# -- crawling a day ---------------------------------------------------------------------------


def crawl_day_api(
    api_url: str,
    house: str,
    date: str,
    fetch: Callable[[str], FetchedPage],
    web_url: str = WEB_URL,
) -> tuple[list[FetchedPage], list[Turn]]:
    """Fetch a day's oral questions through the API with the caller's ``fetch``.

    Returns every response fetched (for the archive, so turns can be rebuilt by
    :func:`turns_from_pages`) and the turns. A day with no oral-questions section gives no
    turns; an HTML answer, a non-200 status or malformed JSON raises (never read as data), and
    so does a Lords day: its questions are not marked in the API, and calling the day "no
    oral questions" would stop a later web crawl from fetching it.
    """
    if house != "Commons":
        raise HansardError(
            f"the API source reads Commons oral questions only ({house} questions are untagged "
            "sections the API does not mark); crawl them with --source web"
        )
    pages: list[FetchedPage] = []
    trees_page = fetch(sectiontrees_url(api_url, house, date))
    pages.append(trees_page)
    section_ids = oral_section_ids(json_body(trees_page))
    debates: list[dict] = []
    for ext_id in section_ids:
        page = fetch(debate_url(api_url, ext_id))
        pages.append(page)
        debates.append(json_body(page))
    if not section_ids and json_body(trees_page):
        # Sections without the tag or the usual title: ask for the section by its title. A
        # 404 or an empty answer means the day had no oral questions; HTML still raises.
        page = fetch(toplevel_by_title_url(api_url, house, date))
        debate = json_body(page) if page.status == 200 else None
        if isinstance(debate, dict) and debate.get("Overview"):
            pages.append(page)
            debates.append(debate)
    turns: list[Turn] = []
    for debate in debates:
        turns.extend(debate_json_to_turns(debate, house, date, url_base=web_url))
    return pages, turns


def turns_from_pages(
    pages: Sequence[FetchedPage], house: str, date: str, web_url: str = WEB_URL
) -> list[Turn]:
    """Rebuild a day's turns from archived API responses (``hansard reparse`` for API days)."""
    turns: list[Turn] = []
    for page in pages:
        if is_debate_url(page.url):
            debate = json_body(page)
            if isinstance(debate, dict) and debate.get("Overview"):
                turns.extend(debate_json_to_turns(debate, house, date, url_base=web_url))
    return turns


def is_api_url(url: str) -> bool:
    """An API response (``....json``) rather than a web page: the archive holds both kinds."""
    return urlsplit(url).path.endswith(".json")


def is_debate_url(url: str) -> bool:
    path = urlsplit(url).path
    return "/debates/debate/" in path or path.endswith("/debates/topleveldebatebytitle.json")


def api_page_turns(body: bytes, url: str, web_url: str = WEB_URL) -> list[Turn]:
    """The ``parse(body, url)`` of the crawl and of ``reparse`` for one archived API response.

    Debate responses give turns (house and date from their ``Overview``); the day's section
    tree gives none. HTML is a :class:`ParseError`, as for any other page that is not Hansard.
    """
    page = FetchedPage(url=url, status=200, fetched_at="", body=body)
    data = json_body(page)
    if not is_debate_url(url) or not isinstance(data, dict) or not data.get("Overview"):
        return []
    overview = data["Overview"]
    house = (overview.get("House") or "").strip()
    date = (overview.get("Date") or "")[:10]
    if house not in ("Commons", "Lords") or len(date) != 10:
        raise ParseError(f"{url}: the debate's Overview names no house and date")
    return debate_json_to_turns(data, house, date, url_base=web_url)
