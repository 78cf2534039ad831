"""The one Whoosh schema, and how a day's turns become index documents.

Why the fields look as they do:

- ``text`` is stemmed (free words) and ``exact`` is neither stemmed nor stop-worded, with positions,
  so "a quoted phrase" matches verbatim while free words still find inflections.
  Both (and ``topic``, ``title``) are ``index.textfields`` fields: the same terms as the Whoosh
  analyzers (which queries still use), produced three times faster.
- Names are normalised without honorifics ("Mr Peter Bone" -> "peter bone", "Mr. Mason" ->
  "mason") and accent-folded, so a member is found however Hansard printed them; ``member`` and
  ``minister`` also hold the fuller name the page gave elsewhere (``speaker_full_name``: "Mr.
  Mason" is found as "Roy Mason" too), and the facets count the fuller name.
- ``topic`` is exchange-level (question heading + question text) and is written once, on the
  exchange's first turn; every turn carries its exchange's ``exchange_key`` (a column), so
  ``--topic stalking`` finds the exchanges by their first turns and then every turn of them,
  answers included (``search.topic``). Copying the topic onto every turn cost a fifth of all
  postings, and so a fifth of a build.
- ``minister`` holds office and name forms on answer turns only, and ``department`` the
  department, each as whole normalised values ("solicitor general", "robert buckland"): a query
  picks the values that contain its words from the field's short lexicon (a few thousand
  offices) and ORs their terms, far cheaper than a phrase query over common words like "of".
- ``day`` ("Commons:2015-11-26") lets an update delete a whole sitting with one term.
- Facet values and sort keys are columns (facets: unindexed, dictionary-coded), so counting
  and sorting never load stored documents; the turn itself is stored once, as JSON, to return
  plain ``Turn`` records.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemmingAnalyzer,
)
from whoosh.columns import NumericColumn, RefBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from hansard.records import TURN_FIELDS, Turn
from index.textfields import PhraseText, StemmedText

SCHEMA_VERSION = 3
"""Bump when the schema or what goes into it changes; an older index must then be rebuilt.

3: ``member`` and ``minister`` also hold ``speaker_full_name`` (an index of version 2 lacks the
fuller names, so "Roy Mason" would not find turns printed "Mr. Mason").
"""


_HONORIFICS = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "professor", "prof", "rev",
    "reverend", "rt", "right", "hon", "honourable", "the",
}  # fmt: skip
# Peerage titles ("Baroness Williams of Trafford", "Lord Ahmad of Wimbledon") are kept: in the
# Lords they are the name itself.
_POSTNOMINALS = {"mp", "qc", "kc", "obe", "mbe", "cbe", "kbe", "dbe", "pc"}

plain_analyzer = RegexTokenizer() | LowercaseFilter()
name_analyzer = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
stemming_analyzer = StemmingAnalyzer(cachesize=-1)  # an unbounded dict: the LFU cache is slow


VALUE_SEPARATOR = "|"


def whole_values_field() -> KEYWORD:
    """A field whose terms are whole values ("minister of state, home office"), unscored."""
    field = KEYWORD(scorable=False)
    field.analyzer = RegexTokenizer(r"[^|]+")
    return field


def build_schema() -> Schema:
    return Schema(
        id=ID(unique=True, stored=True),
        turn=STORED(),
        text=StemmedText(stemming_analyzer),
        exact=PhraseText(plain_analyzer),
        topic=StemmedText(stemming_analyzer),
        title=StemmedText(stemming_analyzer),
        member=TEXT(analyzer=name_analyzer, phrase=False),
        member_id=ID(sortable=RefBytesColumn()),
        office=whole_values_field(),
        minister=whole_values_field(),
        department=whole_values_field(),
        party=ID(),
        house=ID(),
        role=ID(),
        day=ID(),
        exchange=ID(),
        # Kept in the schema for indexes built before 2026-11 and for ad-hoc Whoosh queries, but
        # no longer filled: date ranges come from the ``order`` column (search.datespan), and its
        # four range terms per turn cost 3% of a build for nothing. (Signed, because Whoosh 2.7's
        # ranges over unsigned numeric fields return wrong documents.)
        date=NUMERIC(int, bits=32, shift_step=8),
        order=COLUMN(NumericColumn("q")),
        order_desc=COLUMN(NumericColumn("q")),
        exchange_key=COLUMN(NumericColumn("q")),
        year=COLUMN(RefBytesColumn()),
        member_facet=COLUMN(RefBytesColumn()),
        minister_facet=COLUMN(RefBytesColumn()),
        department_facet=COLUMN(RefBytesColumn()),
        party_facet=COLUMN(RefBytesColumn()),
    )


def normalise_name(name: str | None) -> str:
    """'Mr Peter Bone' -> 'peter bone'; 'Mr. Mason' -> 'mason'; 'Siân James' -> 'sian james'."""
    if not name:
        return ""
    name = re.sub(r"\([^)]*\)", " ", name)  # "(Wealden)", "(Con)"
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[\w'’-]+", folded.lower())
    while len(words) > 1 and words[0] in _HONORIFICS:
        words.pop(0)
    while len(words) > 1 and words[-1] in _POSTNOMINALS:
        words.pop()
    return " ".join(words)


def normalise_office(office: str | None) -> str:
    """'The Solicitor General' -> 'solicitor general': the article is printing, not the office."""
    if not office:
        return ""
    words = re.findall(r"[\w'’-]+", office.lower())
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def display_name(name: str | None) -> str:
    """A name without honorifics but with its case, for facets: 'Mr Peter Bone' -> 'Peter Bone'."""
    if not name:
        return ""
    name = re.sub(r"\([^)]*\)", " ", name).strip()
    words = name.split()
    while len(words) > 1 and words[0].lower().strip(".") in _HONORIFICS:
        words.pop(0)
    return " ".join(words)


def date_number(date: str) -> int:
    """'2015-11-26' -> 20151126: a compact numeric key that ranges and sorts cheaply."""
    return int(date[:4]) * 10000 + int(date[5:7]) * 100 + int(date[8:10])


def sort_key(date: str, house: str, seq: int, newest_first: bool = False) -> int:
    """One integer that orders turns by date (oldest or newest first), house, then sitting order.

    A single precomputed column sorts far faster than sorting on several keys at query time.
    """
    day = date_number(date)
    if newest_first:
        day = 99_999_999 - day
    house_rank = 1 if house == "Lords" else 0
    return (day * 10 + house_rank) * 1_000_000 + seq


def day_term(house: str, date: str) -> str:
    return f"{house}:{date}"


def exchange_topics(turns: list[Turn]) -> dict[str, str]:
    """exchange id -> what the exchange is about: its heading plus its question's words."""
    topics: dict[str, list[str]] = {}
    for turn in turns:
        if not turn.exchange_id:
            continue
        parts = topics.setdefault(turn.exchange_id, [])
        if not parts and turn.debate_title:
            parts.append(turn.debate_title)
        if turn.role == "question" or turn.id == turn.exchange_id:
            parts.append(turn.text)
    return {key: "\n".join(dict.fromkeys(parts)) for key, parts in topics.items()}


def day_documents(turns: list[Turn]) -> Iterator[dict]:
    """The index documents of one sitting's turns, in sitting order (``order`` keeps that order)."""
    topics = exchange_topics(turns)
    for seq, turn in enumerate(turns):
        if not turn.exchange_id:
            topic = turn.debate_title or ""  # a turn of no exchange is its own topic
        else:
            topic = topics.pop(turn.exchange_id, None)  # the exchange's first turn only
        yield turn_document(turn, seq, topic)


def exchange_key(house: str, date: str, exchange_id: str) -> int:
    """A stable, non-zero 64-bit number for an exchange of a sitting (0 means "no exchange").

    A number, not the id: the column must hold hundreds of thousands of distinct values per
    segment, beyond a dictionary-coded column's 65,535. Two exchanges share a key with odds
    of about 1e-8 in a million-turn archive.
    """
    digest = hashlib.blake2b(f"{house}:{date}:{exchange_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True) or 1


def turn_json(turn: Turn) -> str:
    """``Turn.to_json`` without ``dataclasses.asdict``'s deep copy, a third of the cost per turn."""
    return json.dumps({name: getattr(turn, name) for name in TURN_FIELDS}, ensure_ascii=False)


def speaker_names(turn: Turn) -> tuple[list[str], str]:
    """(the normalised names the turn is found by: as printed, and the fuller form the page
    gave elsewhere; the name its facets show). Shared with the PostgreSQL rows."""
    name = normalise_name(turn.speaker_name)
    full_name = normalise_name(turn.speaker_full_name)
    names = [v for v in dict.fromkeys((name, full_name)) if v]
    return names, display_name(turn.speaker_full_name or turn.speaker_name)


def turn_document(turn: Turn, seq: int, topic: str | None) -> dict:
    names, shown = speaker_names(turn)
    office = normalise_office(turn.speaker_office)
    doc: dict = {
        "id": turn.id,
        "turn": turn_json(turn),
        "text": turn.text,
        "exact": turn.text,
        "title": turn.debate_title or "",
        "member": " ".join(names),
        "office": office,
        "department": normalise_office(turn.department),
        "house": turn.house.lower(),
        "role": turn.role,
        "day": day_term(turn.house, turn.date),
        "order": sort_key(turn.date, turn.house, seq),
        "order_desc": sort_key(turn.date, turn.house, seq, newest_first=True),
        "year": turn.date[:4].encode(),
        "member_facet": shown.encode(),
        "department_facet": (turn.department or "").encode(),
        "party_facet": (turn.party or "").encode(),
    }
    if turn.member_id is not None:
        doc["member_id"] = str(turn.member_id)
    if turn.party:
        doc["party"] = turn.party.lower()
    if turn.exchange_id:
        doc["exchange"] = turn.exchange_id
        doc["exchange_key"] = exchange_key(turn.house, turn.date, turn.exchange_id)
    if topic:
        doc["topic"] = topic
    if turn.role == "answer":
        doc["minister"] = VALUE_SEPARATOR.join(v for v in (office, *names) if v)
        doc["minister_facet"] = (turn.speaker_office or shown).encode()
    return doc


def group_by_day(turns: Iterable[Turn]) -> Iterator[list[Turn]]:
    """Consecutive turns of the same sitting, together (topics are computed per sitting)."""
    batch: list[Turn] = []
    key: tuple[str, str] | None = None
    for turn in turns:
        this = (turn.house, turn.date)
        if batch and this != key:
            yield batch
            batch = []
        key = this
        batch.append(turn)
    if batch:
        yield batch
