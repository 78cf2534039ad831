"""Exchanges around search hits: each hit's question turn, and hits grouped by exchange.

The question of an exchange is its first turn, whose id is the ``exchange_id`` every turn of
the exchange carries, so one stored-document lookup per distinct exchange finds it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from pathlib import Path

from hansard.records import ExchangeGroup, SearchHit, SearchRequest, Turn
from search import engine
from search.datespan import numbers
from search.snippets import snippet


def questions_of(data_dir: Path, turns: Iterable[Turn]) -> dict[str, Turn]:
    """exchange id -> its question turn, for every exchange these turns belong to."""
    found: dict[str, Turn] = {}
    wanted: set[str] = set()
    for turn in turns:
        if not turn.exchange_id:
            continue
        if turn.id == turn.exchange_id:
            found[turn.id] = turn
        else:
            wanted.add(turn.exchange_id)
    for exchange_id in wanted - found.keys():
        question = engine.get_turn(data_dir, exchange_id)
        if question is not None:
            found[exchange_id] = question
    return found


def group_hits(
    data_dir: Path, hits: Iterable[SearchHit], limit: int | None = None
) -> tuple[list[ExchangeGroup], int]:
    """(the first ``limit`` exchanges of the hits, how many exchanges there are in all).

    Exchanges come in the order of their best hit, turns in sitting order within each; a turn
    of no exchange is a group of its own. Only the exchanges returned are read from the index.
    """
    groups: dict[tuple[str, str, str], list[SearchHit]] = {}
    for hit in hits:
        turn = hit.turn
        key = (turn.house, turn.date, turn.exchange_id or f"turn:{turn.id}")
        groups.setdefault(key, []).append(hit)
    shown = list(groups.items()) if limit is None else list(groups.items())[:limit]
    result = []
    for (_house, _date, exchange_id), members in shown:
        if exchange_id.startswith("turn:"):
            result.append(ExchangeGroup(exchange_id=None, question=None, hits=tuple(members)))
            continue
        whole = engine.exchange(data_dir, members[0].turn.id)
        position = {turn.id: n for n, turn in enumerate(whole)}
        members.sort(key=lambda hit: position.get(hit.turn.id, len(position)))
        question = whole[0] if whole and whole[0].id == exchange_id else None
        result.append(
            ExchangeGroup(exchange_id=exchange_id, question=question, hits=tuple(members))
        )
    return result, len(groups)


def grouped_search(
    data_dir: Path, request: SearchRequest, limit: int | None
) -> tuple[list[ExchangeGroup], int, int]:
    """``search --group exchange``: (the first ``limit`` exchanges, exchanges in all, turns in all).

    Every match is ranked (as ``engine.search`` ranks them) but grouped by the index's columns
    (sitting and exchange key), so only the turns of the exchanges shown are loaded: grouping
    53,000 matches took 8.7 s loading them all, and takes a fraction of that this way.
    """
    searcher = engine._searcher(data_dir)
    words, filters = engine.build_query(searcher, request)
    whole = engine._combine(words, filters).normalize()
    sort = request.sort
    if sort == "relevance" and words is None:
        sort = "-date"
    if sort == "relevance":
        ranked = [
            (hit.docnum, float(hit.score or 0.0)) for hit in searcher.search(whole, limit=None)
        ]
    else:
        column = "order" if sort == "date" else "order_desc"
        _total, docnums = engine._sorted_by_column(searcher, whole, column, None)
        ranked = [(docnum, 0.0) for docnum in docnums]
    key_of = _group_keys(searcher)
    groups: dict[tuple[int, int], list[tuple[int, float]]] = {}
    for docnum, score in ranked:
        groups.setdefault(key_of(docnum), []).append((docnum, score))
    shown = list(groups.values()) if limit is None else list(groups.values())[:limit]
    marks = engine._mark_terms(words)
    hits_of_groups = []
    for members in shown:
        hits = []
        for docnum, score in members:
            turn = Turn.from_json(searcher.stored_fields(docnum)["turn"])
            hits.append(SearchHit(turn, round(score, 4), snippet(turn.text, marks)))
        hits_of_groups.append(hits)
    found, _count = group_hits(data_dir, [hit for hits in hits_of_groups for hit in hits])
    return found, len(groups), len(ranked)


def _group_keys(searcher):
    """docnum -> (sitting, exchange key), from the columns; a turn of no exchange is alone."""
    segments = engine._segments(searcher)
    offsets = [offset for _segment, offset in segments]
    columns = [
        (numbers(segment.reader(), "order"), numbers(segment.reader(), "exchange_key"))
        for segment, _offset in segments
    ]

    def key(docnum: int) -> tuple[int, int]:
        index = bisect_right(offsets, docnum) - 1
        order, keys = columns[index]
        local = docnum - offsets[index]
        return order[local] // 1_000_000, keys[local] or -1 - docnum

    return key
