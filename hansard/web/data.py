"""Every read and write the web face makes, in one module: the seam to swap a search backend.

Each function calls the same plain function the CLI calls (``search.engine``, ``hansard.quoting``,
``hansard.export``, the commitment register and watch lists), so a page and a command given the
same input show the same records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hansard.errors import HansardError
from hansard.records import SearchHit, SearchRequest, SearchResult, Turn


def search(data_dir: Path, request: SearchRequest) -> SearchResult:
    from search import engine

    return engine.search(data_dir, request)


def turn(data_dir: Path, turn_id: str) -> Turn | None:
    """The turn with this id (as typed, or in either case, as ``hansard quote`` accepts)."""
    from hansard.quoting import find_turn

    try:
        return find_turn(data_dir, turn_id)
    except HansardError as error:
        if "no turn with id" in str(error):
            return None
        raise


def exchange(data_dir: Path, turn_id: str) -> list[Turn]:
    from search import engine

    found = turn(data_dir, turn_id)
    return engine.exchange(data_dir, found.id) if found else []


def stats(data_dir: Path) -> dict[str, Any]:
    from search import engine

    return engine.stats(data_dir)


def stale_warning(data_dir: Path) -> str | None:
    from search import engine

    return engine.warning(data_dir)


def search_records(hits: tuple[SearchHit, ...]) -> list[dict[str, Any]]:
    """The records ``hansard search --format json`` prints for these hits."""
    from hansard.export import record

    return [record(hit, with_score=True) for hit in hits]


def render_export(hits: tuple[SearchHit, ...], fmt: str) -> str:
    from hansard.export import render

    return render(hits, fmt)


def quote(data_dir: Path, turn_id: str, style: str, match: str | None, with_question: bool):
    """(quote, question quote or None) exactly as ``hansard quote`` makes them."""
    from hansard.quoting import find_turn, make_quote, question_for

    found = find_turn(data_dir, turn_id)
    quoted = make_quote(found, style, match)
    question = None
    if with_question:
        asked = question_for(found, exchange(data_dir, found.id))
        question = make_quote(asked, style) if asked else None
    return quoted, question


def questions_of(data_dir: Path, turns: list[Turn]) -> dict[str, Turn]:
    """Turn id -> the question that leads its exchange (one exchange lookup per exchange)."""
    from search import engine

    by_exchange: dict[str, Turn | None] = {}
    found: dict[str, Turn] = {}
    for item in turns:
        key = item.exchange_id
        if not key:
            continue
        if key not in by_exchange:
            whole = engine.exchange(data_dir, key)
            by_exchange[key] = next((t for t in whole if t.role == "question"), None)
        question = by_exchange[key]
        if question is not None:
            found[item.id] = question
    return found


# -- search results grouped by exchange --------------------------------------------------------


@dataclass
class ExchangeGroup:
    """One exchange on a results page: its question first, then the matching turns beneath."""

    exchange_id: str
    question: Turn | None
    question_hit: SearchHit | None
    hits: list[SearchHit] = field(default_factory=list)


def group_by_exchange(data_dir: Path, hits: tuple[SearchHit, ...]) -> list[ExchangeGroup]:
    """Hits grouped by exchange, in the order each exchange first ranks; within an exchange the
    matching turns keep the sitting order, and the question leads whether it matched or not."""
    from search import engine

    groups: dict[str, ExchangeGroup] = {}
    for hit in hits:
        key = hit.turn.exchange_id or hit.turn.id
        if key not in groups:
            groups[key] = ExchangeGroup(exchange_id=key, question=None, question_hit=None)
        groups[key].hits.append(hit)
    for key, group in groups.items():
        turns = engine.exchange(data_dir, key) if group.hits[0].turn.exchange_id else []
        order = {t.id: n for n, t in enumerate(turns)}
        group.question = next((t for t in turns if t.role == "question"), None)
        group.hits.sort(key=lambda h: order.get(h.turn.id, len(order)))
        if group.question is not None:
            group.question_hit = next(
                (h for h in group.hits if h.turn.id == group.question.id), None
            )
            group.hits = [h for h in group.hits if h.turn.id != group.question.id]
    return list(groups.values())


# -- commitments ---------------------------------------------------------------------------


def commitments(data_dir: Path, **filters: str | None) -> list[dict[str, Any]]:
    """The records ``hansard commitments --format json`` prints for these filters."""
    from hansard import register

    return register.list_commitments(data_dir, **filters)
