"""Read ParlParse / TheyWorkForYou debate XML into the same Turn records the web parser gives.

TheyWorkForYou publishes every Commons sitting since 1918 as ``debatesYYYY-MM-DD{a,b,...}.xml``
(rsync ``data.theyworkforyou.com::parldata/scrapedxml/debates/``), so researchers can load decades
offline instead of crawling. This module reduces a file to :class:`Contribution` records and lets
``crawler.attribution`` apply the one set of rules (roles, exchanges, offices) every source shares.

Decisions, so they are not rediscovered:

* **Only oral questions.** Reading starts at ``<oral-heading>``. A ``<major-heading>`` is the
  department; a ``<minor-heading>`` is the question title. The block ends at the first heading
  that does not open questions: a minor heading whose first speech is not a tabled question
  (no ``oral-qnum``, no ``type="Start Question"``, no ``p@qnum``) unless it is "Topical
  Questions"/"Engagements", or a major heading not followed by "... was asked" or a question.
  Old-format files have no closing marker (an urgent question follows as a bare minor heading),
  so the rule keys on what opens a question, which both formats print.
* **Versions.** A date can have several files (``a``, ``b``, ...). Only the latest is read:
  ``latest="yes"``, else the highest version letter. A superseded file is mostly
  ``<gidredirect>`` stubs pointing into its successor, so it is never imported on its own.
* **Ids** are the gid without its ``uk.org.publicwhip/debate/`` prefix (``2009-10-26b.1.7``),
  stable across re-imports of the same version.
* **URL** of a turn: ``https://www.theyworkforyou.com/debates/?id=<gid>``, which TheyWorkForYou
  serves for every gid (old files' ``url`` attributes point at retired publications.parliament.uk
  pages, new files leave them empty).
* **member_id** is the Members API id only when ParlParse's member files are given
  (``--members DIR``, read by ``crawler.parlparse_members``): ``speakerid``
  (``uk.org.publicwhip/member/1677``) and ``person_id`` are ParlParse's own ids, kept per turn in
  ``ParlParseFile.speakers`` and mapped there. Without those files it stays None and the speaker
  is known by ``speakername`` (and ``speakeroffice`` when printed). With them, a minister's turn
  that prints no office (every turn of a new-format file) takes the government office the
  ministers files give for that date.
* **Question numbers** are written as the web pages print them: ``T1`` under "Topical
  Questions", ``Q1`` under Prime Minister's "Engagements", else the bare number.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from crawler.parlparse_members import MemberData
from hansard.errors import ParseError
from hansard.records import Contribution, PageContext, Turn

TWFY_URL = "https://www.theyworkforyou.com"
ORAL_SECTION = "Oral Answers to Questions"
GID_PREFIXES = {"uk.org.publicwhip/debate/": "Commons", "uk.org.publicwhip/lords/": "Lords"}
_GID_RE = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})(?P<version>[a-z]*)\.")
_FILE_RE = re.compile(r"(\d{4}-\d{2}-\d{2})([a-z]*)\.xml$")
_ASKED_RE = re.compile(r"\bwas asked\b", re.IGNORECASE)
_WORD_START = re.compile(r"(^|[-(/'])([a-z])")
_SMALL_WORDS = {"and", "of", "for", "the", "on", "in", "to", "a", "an", "with", "at", "by"}
QUESTION_HEADINGS = {"topical questions": "T", "engagements": "Q"}


@dataclass(frozen=True, slots=True)
class ParlParseFile:
    """One XML file, reduced to what the import needs: which day, which version, what was said."""

    name: str
    house: str
    date: str
    version: str
    latest: bool
    contributions: tuple[Contribution, ...]
    redirects: dict[str, str] = dataclasses.field(default_factory=dict)
    """old gid -> new gid, from ``<gidredirect>``: evidence that this file was superseded."""
    answers: frozenset[str] = frozenset()
    """Ids of speeches the file itself marks ``type="Start Answer"`` (new format only)."""
    speakers: dict[str, str] = dataclasses.field(default_factory=dict)
    """contribution id -> ParlParse speaker id (``speakerid``, else ``person_id``)."""

    @property
    def context(self) -> PageContext:
        return PageContext(
            house=self.house,
            date=self.date,
            volume=None,
            section=ORAL_SECTION,
            url=f"{TWFY_URL}/debates/",
        )


@dataclass(frozen=True, slots=True)
class ParlParseVersion:
    """Which day and version a file holds, read from its head without parsing it all, so a
    directory of decades can be sorted into latest versions before any file is read whole."""

    path: Path
    house: str
    date: str
    version: str
    latest: bool

    @property
    def name(self) -> str:
        return self.path.name


_ROOT_RE = re.compile(rb"<publicwhip\b([^>]*)>")
_ATTR_RE = re.compile(rb'(\w+)\s*=\s*"([^"]*)"')
_FIRST_GID_RE = re.compile(rb'id="uk\.org\.publicwhip/(debate|lords)/(\d{4}-\d{2}-\d{2})([a-z]*)\.')
PEEK_BYTES = 16_384


def peek_version(path: Path) -> ParlParseVersion:
    """House, date, version and latest flag from the first bytes of a file."""
    with path.open("rb") as handle:
        head = handle.read(PEEK_BYTES)
    root = _ROOT_RE.search(head)
    gid = _FIRST_GID_RE.search(head)
    if root is None or gid is None:
        parsed = read_parlparse_file(path)  # an unusual head: read it whole to be sure
        return ParlParseVersion(path, parsed.house, parsed.date, parsed.version, parsed.latest)
    attrs = {k.decode(): v.decode() for k, v in _ATTR_RE.findall(root[1])}
    house = "Lords" if gid[1] == b"lords" else "Commons"
    latest = attrs.get("latest", "yes").strip().lower() == "yes"
    return ParlParseVersion(path, house, gid[2].decode(), gid[3].decode(), latest)


def twfy_url(gid: str, house: str = "Commons") -> str:
    """The TheyWorkForYou page for one speech (a short or full gid)."""
    short = short_gid(gid)
    kind = "lords" if house == "Lords" else "debates"
    return f"{TWFY_URL}/{kind}/?id={short}"


def short_gid(gid: str) -> str:
    for prefix in GID_PREFIXES:
        if gid.startswith(prefix):
            return gid[len(prefix) :]
    return gid


def read_parlparse(data: bytes, name: str = "<xml>") -> ParlParseFile:
    """Parse one file's bytes. Pure: no file system, no network (the DTD is internal)."""
    parser = etree.XMLParser(
        resolve_entities="internal", no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ParseError(f"{name}: not well-formed XML ({error.msg})") from None
    if root.tag != "publicwhip":
        raise ParseError(f"{name}: not a ParlParse debates file (root is <{root.tag}>)")
    house, date, version = _identify(root, name)
    latest = root.get("latest", "yes").strip().lower() == "yes"
    redirects = {
        el.get("oldgid", ""): el.get("newgid", "") for el in root.iterchildren("gidredirect")
    }
    answers = frozenset(
        short_gid(el.get("id", ""))
        for el in root.iterchildren("speech")
        if el.get("type", "").strip().lower() == "start answer"
    )
    contributions = tuple(_oral_contributions(list(root.iterchildren())))
    wanted = {c.id for c in contributions}
    speakers = {
        gid: speaker
        for el in root.iterchildren("speech")
        if (gid := short_gid(el.get("id", ""))) in wanted
        and (speaker := (el.get("speakerid") or el.get("person_id") or "").strip())
    }
    return ParlParseFile(
        name=name,
        house=house,
        date=date,
        version=version,
        latest=latest,
        contributions=contributions,
        redirects=redirects,
        answers=answers,
        speakers=speakers,
    )


def read_parlparse_file(path: Path) -> ParlParseFile:
    return read_parlparse(path.read_bytes(), name=path.name)


def file_turns(parsed: ParlParseFile, members: MemberData | None = None) -> list[Turn]:
    """The file's oral-question turns, under the shared attribution rules.

    New-format files print no offices (ministers appear by name only), so the rules cannot see
    that a minister answers; the file says so itself (``type="Start Answer"``), and that
    statement of the source is kept: such a turn the rules called a supplementary is an answer.

    With ``members`` (ParlParse's member files), each turn's speaker gets their Members API id
    before the rules run (so a member is one person however their name is printed), and a turn
    by someone holding a government office that day that prints none gets it: the office printed
    for them elsewhere in the file if any, else the ministers files' name for it. Such a turn is
    an answer, as any minister's turn is.
    """
    from crawler.attribution import attribute

    contributions = parsed.contributions
    if members is not None:
        contributions = tuple(
            dataclasses.replace(c, member_id=members.member_id(parsed.speakers.get(c.id)))
            for c in contributions
        )
    turns = attribute(parsed.context, contributions)
    turns = [
        dataclasses.replace(
            t,
            url=twfy_url(t.id, parsed.house),
            role="answer" if t.role == "supplementary" and t.id in parsed.answers else t.role,
        )
        for t in turns
    ]
    if members is not None:
        turns = _offices_by_date(turns, parsed, members)
    return turns


def _offices_by_date(turns: list[Turn], parsed: ParlParseFile, members: MemberData) -> list[Turn]:
    printed: dict[str, str] = {}
    for turn in turns:
        speaker = members.person(parsed.speakers.get(turn.id))
        if speaker and turn.speaker_office and turn.role != "chair":
            printed.setdefault(speaker, turn.speaker_office)
    filled = []
    for turn in turns:
        speaker_id = parsed.speakers.get(turn.id)
        if turn.speaker_office is None and turn.role not in ("chair", "other") and speaker_id:
            office = printed.get(members.person(speaker_id) or "") or members.office_on(
                speaker_id, parsed.date
            )
            if office:
                role = "answer" if turn.role == "supplementary" else turn.role
                turn = dataclasses.replace(turn, speaker_office=office, role=role)
        filled.append(turn)
    return filled


def latest_versions(
    files: Iterable[ParlParseVersion | ParlParseFile],
) -> tuple[list, list[str], list[str]]:
    """One file per (house, date): the latest version.

    Returns (kept, skipped, refused): ``skipped`` notes older versions dropped in favour of a
    newer one given alongside; ``refused`` notes superseded files given without their successor,
    which are never imported since most of their speeches are only redirects.
    """
    by_day: dict[tuple[str, str], list] = {}
    for parsed in files:
        by_day.setdefault((parsed.house, parsed.date), []).append(parsed)
    kept, skipped, refused = [], [], []
    for (house, date), group in sorted(by_day.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        best = max(group, key=lambda f: (f.latest, f.version))
        for other in group:
            if other is not best:
                skipped.append(f"{other.name}: skipped, superseded by {best.name}")
        if best.latest:
            kept.append(best)
        else:
            refused.append(
                f'{best.name}: a superseded version (latest="no") of {house} {date}; '
                "import the latest file for that day (the highest letter) instead"
            )
    return kept, skipped, refused


def find_xml_files(paths: Sequence[Path]) -> list[Path]:
    """Files named on the command line, and every ``*.xml`` under directories named there."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.xml") if p.is_file()))
        else:
            found.append(path)
    return found


# -- reading ----------------------------------------------------------------------------------


def _identify(root: etree._Element, name: str) -> tuple[str, str, str]:
    """House, date and version from the first gid (the file name is only a fallback)."""
    for el in root.iter("speech", "major-heading", "minor-heading", "oral-heading"):
        gid = el.get("id", "")
        for prefix, house in GID_PREFIXES.items():
            if gid.startswith(prefix):
                match = _GID_RE.match(gid[len(prefix) :])
                if match:
                    return house, match["date"], match["version"]
    match = _FILE_RE.search(name)
    if match:
        version = root.get("scrapeversion") or root.get("scraperversion") or match[2]
        return "Commons", match[1], version
    raise ParseError(f"{name}: no gid or file name says which day this file is")


def _oral_contributions(elements: list[etree._Element]) -> Iterable[Contribution]:
    in_orals = False
    department: str | None = None
    title: str | None = None
    procedural: list[str] = []
    for index, el in enumerate(elements):
        tag = el.tag
        if tag == "oral-heading":
            in_orals, department, title, procedural = True, None, None, []
        elif not in_orals or tag not in ("major-heading", "minor-heading", "speech"):
            continue
        elif tag == "major-heading":
            if not _opens_department(elements, index):
                in_orals = False
                continue
            department, title, procedural = _heading_text(el, department=True), None, []
        elif tag == "minor-heading":
            heading = _heading_text(el)
            if heading.lower() not in QUESTION_HEADINGS and not _opens_question(elements, index):
                in_orals = False
                continue
            title = heading
        elif _is_procedural(el):
            procedural.extend(_paragraphs(el))
        else:
            yield _contribution(el, department, title, tuple(procedural))
            procedural = []


def _opens_department(elements: list[etree._Element], index: int) -> bool:
    for el in elements[index + 1 :]:
        if el.tag == "speech":
            if _is_procedural(el):
                return any(_ASKED_RE.search(p) for p in _paragraphs(el))
            return _is_question(el)
        if el.tag == "minor-heading":
            return _opens_question(elements, elements.index(el))
        if el.tag in ("major-heading", "oral-heading"):
            return False
    return False


def _opens_question(elements: list[etree._Element], index: int) -> bool:
    for el in elements[index + 1 :]:
        if el.tag == "speech":
            if _is_procedural(el):
                continue
            return _is_question(el)
        if el.tag in ("major-heading", "minor-heading", "oral-heading"):
            return False
    return False


def _is_question(speech: etree._Element) -> bool:
    return bool(
        speech.get("oral-qnum")
        or speech.get("type", "").strip().lower() == "start question"
        or any(p.get("qnum") for p in speech.iterchildren("p"))
    )


def _is_procedural(speech: etree._Element) -> bool:
    return speech.get("nospeaker") == "true" or not (
        speech.get("speakername") or speech.get("speakerid") or speech.get("person_id")
    )


def _contribution(
    speech: etree._Element, department: str | None, title: str | None, procedural: tuple[str, ...]
) -> Contribution:
    name = _clean(speech.get("speakername", "")) or None
    office = _clean(speech.get("speakeroffice", "")) or None
    if office and name:
        speaker: str | None = f"{office} ({name})"
    else:
        speaker = office or name
    uin = next((p.get("qnum").strip() for p in speech.iterchildren("p") if p.get("qnum")), None)
    return Contribution(
        id=short_gid(speech.get("id", "")),
        speaker=speaker,
        member_id=None,
        paragraphs=tuple(_paragraphs(speech)),
        department=department,
        debate_title=title,
        column=_column(speech.get("colnum")),
        question_number=_question_number(speech.get("oral-qnum"), department, title),
        uin=uin or None,
        procedural_before=procedural,
    )


def _question_number(qnum: str | None, department: str | None, title: str | None) -> str | None:
    if not qnum or not qnum.strip():
        return None
    number = qnum.strip().rstrip(".")
    prefix = QUESTION_HEADINGS.get((title or "").lower())
    if prefix == "Q" and department and "prime minister" not in department.lower():
        prefix = None
    if prefix and number.isdigit():
        return f"{prefix}{number}"
    return number


def _paragraphs(speech: etree._Element) -> list[str]:
    paragraphs = [_clean("".join(p.itertext())) for p in speech.iter("p")]
    return [p for p in paragraphs if p]


def _heading_text(el: etree._Element, department: bool = False) -> str:
    text = _clean("".join(el.itertext()))
    return _title_case(text) if department and text.isupper() else text


def _title_case(text: str) -> str:
    """ "HOME DEPARTMENT" -> "Home Department": old files print departments in capitals."""
    words = text.lower().split(" ")
    return " ".join(
        w if i and w in _SMALL_WORDS else _WORD_START.sub(lambda m: m[1] + m[2].upper(), w)
        for i, w in enumerate(words)
    )


def _column(colnum: str | None) -> int | str | None:
    if not colnum or not colnum.strip():
        return None
    value = colnum.strip()
    return int(value) if value.isdigit() else value


def _clean(text: str) -> str:
    return " ".join(text.split())
