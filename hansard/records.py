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
