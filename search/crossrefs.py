"""Resolving references to earlier Hansard (``hansard.research.references``) to archived turns,
and the reverse: the later turns that cite a turn (``hansard cited-by``).

A printed citation names a date, a volume and a column: the turns cited are those of that
sitting whose columns cover it (a turn starting in an earlier column and running on into it
included). "The answer I gave on 5 January" means the same speaker's answers of that day.
"""

from __future__ import annotations

from pathlib import Path

from hansard.records import Reference, ResolvedReference, SearchRequest, Turn
from hansard.research.references import MONTHS, column_parts, find_references
from index.schema import normalise_name
from search import engine


def _day(data_dir: Path, house: str, date: str, cache: dict) -> list[Turn]:
    key = (house, date)
    if key not in cache:
        request = SearchRequest(house=house, date_from=date, date_to=date, sort="date", limit=None)
        cache[key] = [hit.turn for hit in engine.search(data_dir, request).hits]
    return cache[key]


def resolve(data_dir: Path, reference: Reference, cache: dict | None = None) -> ResolvedReference:
    cache = {} if cache is None else cache
    day = _day(data_dir, reference.house, reference.date, cache)
    if reference.kind == "earlier-answer":
        return ResolvedReference(reference, tuple(t for t in day if _same_answerer(t, reference)))
    return ResolvedReference(reference, _covering(day, reference))


def _same_answerer(turn: Turn, reference: Reference) -> bool:
    if turn.role != "answer":
        return False
    if turn.member_id is not None and reference.member_id is not None:
        return turn.member_id == reference.member_id
    return bool(turn.speaker_name) and normalise_name(turn.speaker_name) == normalise_name(
        reference.speaker_name
    )


def _covering(day: list[Turn], reference: Reference) -> tuple[Turn, ...]:
    """The turns of the day whose columns cover the cited one."""
    wanted = column_parts(reference.column)
    if wanted is None:
        return ()
    number, suffix = wanted
    placed = []
    for turn in day:
        start = column_parts(turn.column)
        if start is None or start[1] != suffix:
            continue
        if reference.volume and turn.volume and turn.volume != reference.volume:
            continue
        end = column_parts(turn.end_column) or start
        placed.append((start[0], end[0], turn))
    covering = tuple(turn for first, last, turn in placed if first <= number <= last)
    if covering:
        return covering
    before = [entry for entry in placed if entry[0] < number]
    return (before[-1][2],) if before else ()  # a turn running on from an earlier column


def references_of(data_dir: Path, turn: Turn, cache: dict | None = None) -> list[ResolvedReference]:
    """Every reference in a turn's text, each with the archived turns it cites."""
    cache = {} if cache is None else cache
    return [resolve(data_dir, ref, cache) for ref in find_references(turn)]


def cited_by(data_dir: Path, turn_id: str) -> list[tuple[Turn, Reference]]:
    """Later turns whose references resolve to this turn, oldest first (with the reference)."""
    target = engine.get_turn(data_dir, turn_id)
    if target is None:
        return []
    month = MONTHS[int(target.date[5:7]) - 1]
    request = SearchRequest(
        query=f'{month} ("official report" OR gave)', date_from=target.date, sort="date",
        limit=None,
    )  # fmt: skip
    cache: dict = {}
    found = []
    for hit in engine.search(data_dir, request).hits:
        turn = hit.turn
        if turn.id == target.id:
            continue
        for reference in find_references(turn):
            if reference.date != target.date:
                continue
            if any(t.id == target.id for t in resolve(data_dir, reference, cache).turns):
                found.append((turn, reference))
                break
    return found
