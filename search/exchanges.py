"""Exchanges around search hits: each hit's question turn, and hits grouped by exchange.

The question of an exchange is its first turn, whose id is the ``exchange_id`` every turn of
the exchange carries, so one stored-document lookup per distinct exchange finds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from hansard.records import ExchangeGroup, SearchHit, Turn
from search import engine


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
