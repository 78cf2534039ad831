"""The one Whoosh schema, and how a day's turns become index documents.

Why the fields look as they do:

- ``text`` is stemmed (free words) and ``exact`` is neither stemmed nor stop-worded, with positions,
  so "a quoted phrase" matches verbatim while free words still find inflections.
- Names are normalised without honorifics ("Mr Peter Bone" -> "peter bone", "Mr. Mason" ->
  "mason") and accent-folded, so a member is found however Hansard printed them.
- ``topic`` is exchange-level (question heading + question text) and is written on EVERY turn of
  the exchange, so ``--topic stalking`` brings the answers along with the question.
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

SCHEMA_VERSION = 1
"""Bump when the schema or what goes into it changes; an older index must then be rebuilt."""


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
        # signed, because Whoosh 2.7's ranges over unsigned numeric fields return wrong documents
        date=NUMERIC(int, bits=32, shift_step=8),
        order=COLUMN(NumericColumn("q")),
        order_desc=COLUMN(NumericColumn("q")),
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
        yield turn_document(turn, seq, topics.get(turn.exchange_id or "", turn.debate_title or ""))


def turn_json(turn: Turn) -> str:
    """``Turn.to_json`` without ``dataclasses.asdict``'s deep copy, a third of the cost per turn."""
    return json.dumps({name: getattr(turn, name) for name in TURN_FIELDS}, ensure_ascii=False)


def turn_document(turn: Turn, seq: int, topic: str) -> dict:
    name = normalise_name(turn.speaker_name)
    office = normalise_office(turn.speaker_office)
    doc: dict = {
        "id": turn.id,
        "turn": turn_json(turn),
        "text": turn.text,
        "exact": turn.text,
        "topic": topic,
        "title": turn.debate_title or "",
        "member": name,
        "office": office,
        "department": normalise_office(turn.department),
        "house": turn.house.lower(),
        "role": turn.role,
        "day": day_term(turn.house, turn.date),
        "date": date_number(turn.date),
        "order": sort_key(turn.date, turn.house, seq),
        "order_desc": sort_key(turn.date, turn.house, seq, newest_first=True),
        "year": turn.date[:4].encode(),
        "member_facet": display_name(turn.speaker_name).encode(),
        "department_facet": (turn.department or "").encode(),
        "party_facet": (turn.party or "").encode(),
    }
    if turn.member_id is not None:
        doc["member_id"] = str(turn.member_id)
    if turn.party:
        doc["party"] = turn.party.lower()
    if turn.exchange_id:
        doc["exchange"] = turn.exchange_id
    if turn.role == "answer":
        doc["minister"] = VALUE_SEPARATOR.join(v for v in (office, name) if v)
        doc["minister_facet"] = (turn.speaker_office or display_name(turn.speaker_name)).encode()
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
