"""The records every layer passes around.

This module is the contract between the crawler, the archive, the index, search and the CLI, so it
imports none of them (only the standard library). The JSON field names of :class:`Turn` are public:
``hansard parse``, ``hansard dump`` and ``hansard search --format json`` print them as they are.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["question", "answer", "supplementary", "chair", "other"]
ROLES: tuple[str, ...] = ("question", "answer", "supplementary", "chair", "other")
HOUSES: tuple[str, ...] = ("Commons", "Lords")

Column = int | str | None
"""A Hansard column: 407, or "374WH" for Westminster Hall, or None when the source has none."""

OPL_ATTRIBUTION = (
    "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."
)


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's contribution in oral questions: the unit users search, quote and export."""

    id: str
    house: str
    date: str
    volume: int | None
    section: str | None
    department: str | None
    debate_title: str | None
    exchange_id: str | None
    question_number: str | None
    uin: str | None
    role: Role
    member_id: int | None
    speaker_name: str | None
    speaker_office: str | None
    constituency: str | None
    party: str | None
    column: Column
    text: str
    url: str
    end_column: Column = None
    """The column where the turn ends, when it runs over a column break (for "cols 407–08")."""
    speaker_full_name: str | None = None
    """The fuller form of ``speaker_name`` the page gives elsewhere, when the turn prints a
    shorter one: "Mr. Edward du Cann" for "Mr. du Cann", "Sir David Eccles" for "Sir D. Eccles".
    ``speaker_name`` stays as printed; search looks in both."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Turn:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @classmethod
    def from_json(cls, line: str) -> Turn:
        return cls.from_dict(json.loads(line))


TURN_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Turn))


@dataclass(frozen=True, slots=True)
class Contribution:
    """A speaker's turn as a source prints it, before the attribution rules run.

    Every source (web page, Hansard API, ParlParse XML) reduces to a sequence of these; one set of
    rules (``crawler.attribution``) then decides role, exchange, office and name, so the sources
    cannot drift apart.
    """

    id: str
    speaker: str | None
    """The speaker line as printed, whole: "The Solicitor General (Robert Buckland)",
    "Nusrat Ghani (Wealden) (Con)", "Mr Speaker", "Mr. Mason"."""
    member_id: int | None
    paragraphs: tuple[str, ...]
    department: str | None
    debate_title: str | None
    column: Column = None
    end_column: Column = None
    question_number: str | None = None
    uin: str | None = None
    procedural_before: tuple[str, ...] = ()
    """Unattributed lines since the previous contribution ("The Solicitor General was asked—")."""


@dataclass(frozen=True, slots=True)
class PageContext:
    """What is true of every contribution on one page (or one API debate, or one XML file)."""

    house: str
    date: str
    volume: int | None
    section: str | None
    url: str
    """Base URL of the page; a turn's url is this + "#contribution-" + its id."""


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A page exactly as the server sent it, kept raw in the archive so turns can be rebuilt."""

    url: str
    status: int
    fetched_at: str
    """ISO 8601 UTC."""
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """What the user asked for: free query text plus the filters that have options of their own.

    ``query`` uses the query language (words, "phrases", AND/OR/NOT, -word, field:value filters);
    the other fields are the ``--member``/``--minister``/... options and combine with it by AND.
    """

    query: str = ""
    member: str | None = None
    minister: str | None = None
    topic: str | None = None
    department: str | None = None
    party: str | None = None
    role: str | None = None
    house: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"
    """"relevance", "date" (oldest first) or "-date" (newest first)."""
    limit: int | None = 20
    """None for every match."""
    facets: tuple[str, ...] = ()
    """Any of "member", "minister", "department", "party", "year": counted over all matches."""
    snippets: bool = True
    """False skips the snippets (costly over thousands of hits that are only counted or grouped)."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    turn: Turn
    score: float
    snippet: str | None = None
    """A short extract around the matched words, matches marked with [[ and ]]."""


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: tuple[SearchHit, ...]
    total: int
    """Every match, not only those returned under ``limit``."""
    facets: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    """facet name -> (value, count) pairs, most frequent first."""


QUESTION_FIELDS: tuple[str, ...] = ("question_text", "question_speaker")
"""Export columns that carry each turn's exchange question, so no row is an answer alone."""


@dataclass(frozen=True, slots=True)
class ExchangeGroup:
    """One exchange of a grouped search: its question first, then the matching turns beneath it."""

    exchange_id: str | None
    question: Turn | None
    """The exchange's first turn (its question), None for a turn of no exchange."""
    hits: tuple[SearchHit, ...]
    """The matching turns of this exchange, in sitting order."""


COVERAGE_STATUSES: tuple[str, ...] = (
    "archived", "no-oral-questions", "non-sitting", "unparsed", "failed", "never-crawled",
)  # fmt: skip
"""What the archive knows of a calendar day; the last three make "no results" ambiguous."""


@dataclass(frozen=True, slots=True)
class CoverageDay:
    """One calendar day of one House as the archive knows it (from the crawl's day records)."""

    house: str
    date: str
    status: str
    """One of ``COVERAGE_STATUSES``."""
    turns: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One period of ``hansard trends``: how many turns and exchanges matched in it."""

    period: str
    """"2015" or "2015-11"."""
    turns: int
    exchanges: int
    per_10k: float | None = None
    """Matching turns per 10,000 turns archived in that period (``--normalize``)."""
    split: dict[str, int] | None = None
    """Matching turns per value of the split (top ten, the rest as "other")."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "period": self.period,
            "turns": self.turns,
            "exchanges": self.exchanges,
        }
        if self.per_10k is not None:
            data["per_10k"] = self.per_10k
        if self.split is not None:
            data["split"] = self.split
        return data


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """Where a quote seen in the press was said: the turn, how close, and the exact words."""

    turn: Turn
    score: float
    """0..1: the share of the quote's words found in order in the turn (content words count
    more than function words; pronoun and tense shifts of reported speech count as found)."""
    passage: str
    """The exact Hansard wording of the sentence(s) the quote came from."""
    marked: str
    """The passage with the differences marked, wdiff style: ``[-quote's word-]`` where the
    quote has a word Hansard has not, ``{+Hansard's word+}`` where the quote left one out."""
    citation: str


@dataclass(frozen=True, slots=True)
class KwicLine:
    """One concordance line: a match with the words either side, and where it was said."""

    left: str
    match: str
    right: str
    turn_id: str
    date: str
    house: str
    speaker: str
    citation: str
    url: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class OfficeHeld:
    """An office a member answered as, as far as the archive shows: first and last seen."""

    office: str
    first: str
    last: str
    turns: int


@dataclass(frozen=True, slots=True)
class MemberProfile:
    """``hansard member``: what one member did at oral questions, as the archive holds it."""

    name: str
    member_ids: tuple[int, ...]
    names_printed: tuple[str, ...]
    turns: int
    by_year: dict[str, dict[str, int]]
    """year -> role -> turns (question, supplementary, answer, other)."""
    offices: tuple[OfficeHeld, ...]
    departments_asked: tuple[tuple[str, int], ...]
    """Departments of the questions and supplementaries they asked, most often first."""
    latest: tuple[Turn, ...]

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["latest"] = [turn.to_dict() for turn in self.latest]
        data["departments_asked"] = [list(pair) for pair in self.departments_asked]
        return data


@dataclass(frozen=True, slots=True)
class Reference:
    """A citation of earlier Hansard in a turn's text, as printed and as understood."""

    text: str
    """As printed: "[Official Report, 15 January 2020; Vol. 669, c. 1012]"."""
    kind: str
    """"official-report" (a dated, columned citation) or "earlier-answer" ("the answer I gave
    on 5 January": the same speaker's answers that day)."""
    date: str
    house: str
    volume: int | None = None
    column: str | None = None
    """"1012", "374WH"; None for an earlier answer."""
    member_id: int | None = None
    speaker_name: str | None = None
    """Whose answer an "earlier-answer" reference means (the citing turn's speaker)."""


@dataclass(frozen=True, slots=True)
class ResolvedReference:
    reference: Reference
    turns: tuple[Turn, ...]
    """The archived turns it cites, in sitting order; empty when they are not in the archive."""
