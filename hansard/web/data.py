"""Every read and write the web face makes, in one module: the seam to swap a search backend.

Each function calls the same plain function the CLI calls (the chosen search backend,
``hansard.quoting``, ``hansard.export``, the commitment register and watch lists), so a page and
a command given the same input show the same records.

The backend is the process's (``hansard.state.use_backend``, which ``hansard serve --backend``
sets in every worker): the Whoosh index in the data directory, or PostgreSQL tables (and state)
shared by every node that names the same URL.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hansard import register
from hansard.errors import HansardError
from hansard.records import SearchHit, SearchRequest, SearchResult, Turn

_ENGINE = threading.RLock()


class NotFound(HansardError):
    """An id or name the archive or the state does not hold: the web answers 404."""


def one_at_a_time(func: Callable) -> Callable:
    """Run under the process's engine lock. The search engine keeps one Whoosh searcher per
    process, and Whoosh's readers share file positions: two threads reading it at once read each
    other's bytes (measured: UnpicklingError and empty reads at concurrency 10-50 on 100k turns,
    about 1 request in 50). The CLI is one thread; the web's thread pool is not. Under the GIL
    the searches would not run in parallel anyway; more workers (processes) is how to scale.
    With PostgreSQL the process keeps one reading connection (``search.backend.chosen_backend``),
    which the lock (and the reader's own) keeps to one thread's transaction at a time."""

    @functools.wraps(func)
    def locked(*args, **kwargs):
        with _ENGINE:
            return func(*args, **kwargs)

    return locked


def _backend(data_dir: Path):
    """The process's backend (kept per process, so a PostgreSQL connection is reused)."""
    from search.backend import chosen_backend

    return chosen_backend(data_dir)


def _backend_url() -> str | None:
    from hansard.state import backend_url

    return backend_url()


@one_at_a_time
def search(data_dir: Path, request: SearchRequest) -> SearchResult:
    return _backend(data_dir).search(request)


@one_at_a_time
def turn(data_dir: Path, turn_id: str) -> Turn | None:
    """The turn with this id (as typed, or in either case, as ``hansard quote`` accepts)."""
    from hansard.quoting import find_turn

    try:
        return find_turn(data_dir, turn_id, _backend_url())
    except HansardError as error:
        if "no turn with id" in str(error):
            return None
        raise


@one_at_a_time
def exchange(data_dir: Path, turn_id: str) -> list[Turn]:
    found = turn(data_dir, turn_id)
    return _backend(data_dir).exchange(found.id) if found else []


@one_at_a_time
def stats(data_dir: Path) -> dict[str, Any]:
    return _backend(data_dir).stats()


@one_at_a_time
def stale_warning(data_dir: Path) -> str | None:
    return _backend(data_dir).warning()


@one_at_a_time
def search_records(data_dir: Path, hits: tuple[SearchHit, ...]) -> list[dict[str, Any]]:
    """The records ``hansard search --format json`` prints for these hits, questions included."""
    from hansard.export import record
    from search.exchanges import questions_of

    questions = questions_of(data_dir, (hit.turn for hit in hits))
    return [record(hit, with_score=True, questions=questions) for hit in hits]


def exchange_records(turns: list[Turn]) -> list[dict[str, Any]]:
    """The records ``hansard show --format json`` prints for an exchange's turns."""
    from hansard.export import record
    from hansard.questions import questions_among

    questions = questions_among(turns)
    return [record(t, with_score=False, questions=questions) for t in turns]


@one_at_a_time
def render_export(data_dir: Path, hits: tuple[SearchHit, ...], fmt: str) -> str:
    """What ``hansard search --format FMT`` writes for these hits."""
    from hansard.export import render
    from search.exchanges import questions_of

    questions = questions_of(data_dir, (hit.turn for hit in hits))
    return render(hits, fmt, questions=questions, scored=True)


@one_at_a_time
def quote(
    data_dir: Path, turn_id: str, style: str, match: str | None, with_question: bool
) -> dict[str, Any]:
    """What ``hansard quote ID --format json`` prints (its own renderer, parsed back)."""
    import json

    from hansard.quoting import find_turn, make_quote, question_for, render_json

    found = find_turn(data_dir, turn_id, _backend_url())
    quoted = make_quote(found, style, match)
    question = None
    if with_question:
        asked = question_for(found, exchange(data_dir, found.id))
        question = make_quote(asked, style) if asked else None
    return json.loads(render_json(quoted, question))


@one_at_a_time
def questions_of(data_dir: Path, turns: list[Turn]) -> dict[str, Turn]:
    """Turn id -> the question that leads its exchange (one exchange lookup per exchange)."""
    backend = _backend(data_dir)
    by_exchange: dict[str, Turn | None] = {}
    found: dict[str, Turn] = {}
    for item in turns:
        key = item.exchange_id
        if not key:
            continue
        if key not in by_exchange:
            whole = backend.exchange(key)
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


@one_at_a_time
def group_by_exchange(data_dir: Path, hits: tuple[SearchHit, ...]) -> list[ExchangeGroup]:
    """Hits grouped by exchange, in the order each exchange first ranks; within an exchange the
    matching turns keep the sitting order, and the question leads whether it matched or not."""
    backend = _backend(data_dir)
    groups: dict[str, ExchangeGroup] = {}
    for hit in hits:
        key = hit.turn.exchange_id or hit.turn.id
        if key not in groups:
            groups[key] = ExchangeGroup(exchange_id=key, question=None, question_hit=None)
        groups[key].hits.append(hit)
    for key, group in groups.items():
        turns = backend.exchange(key) if group.hits[0].turn.exchange_id else []
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


COMMITMENT_STATUSES: tuple[str, ...] = register.STATUSES


@one_at_a_time
def commitments(data_dir: Path, **filters: str | None) -> list[dict[str, Any]]:
    """The records ``hansard commitments --format json`` prints for these filters."""
    return register.list_commitments(data_dir, **filters)


@one_at_a_time
def mark_commitment(
    data_dir: Path, commitment_id: str, status: str, note: str | None, evidence: str | None
) -> None:
    """``hansard commitments mark`` (the same function, under the same state lock)."""
    try:
        register.mark(data_dir, commitment_id, status, note, evidence)
    except HansardError as error:
        if type(error) is HansardError and str(error).startswith("no commitment with id"):
            raise NotFound(str(error)) from None
        raise


# -- watch lists -------------------------------------------------------------------------------


def watches(data_dir: Path) -> dict[str, dict[str, Any]]:
    from hansard import watchlist

    return watchlist.load_watches(data_dir)


def describe_watch(watch: dict[str, Any]) -> str:
    from hansard import watchlist

    return watchlist.describe(watch)


def watch_request(watch: dict[str, Any]) -> SearchRequest:
    from hansard import watchlist

    return watchlist.request_for(watch)


@one_at_a_time
def add_watch(data_dir: Path, name: str, query: str, filters: dict[str, str | None]) -> None:
    """``hansard watch add`` (what already matches is taken as seen, as there)."""
    from hansard import watchlist

    watchlist.add_watch(data_dir, name, query, filters)


@one_at_a_time
def remove_watch(data_dir: Path, name: str) -> None:
    from hansard import watchlist

    watchlist.remove_watch(data_dir, name)


# -- research instruments (the same functions as trends, find-quote, kwic, coverage, member) --


@one_at_a_time
def trends(
    data_dir: Path, request: SearchRequest, by: str, split: str | None, normalize: bool
) -> list[dict[str, Any]]:
    """The records ``hansard trends --format json`` prints."""
    from search.trends import trends as compute

    return [p.to_dict() for p in compute(data_dir, request, by, split, normalize)]


@one_at_a_time
def find_quote(
    data_dir: Path, quote: str, request: SearchRequest, limit: int
) -> list[dict[str, Any]]:
    """The records ``hansard find-quote --format json`` prints ([]: not found in the archive)."""
    from search.quotes import find_quote as find
    from search.quotes import match_record

    return [match_record(m) for m in find(data_dir, quote, request, limit=limit)]


@one_at_a_time
def kwic(
    data_dir: Path, term: str, request: SearchRequest, width: int, sort: str, limit: int | None
) -> list[dict[str, Any]]:
    """The records ``hansard kwic --format json`` prints."""
    from search.kwic import kwic as concordance

    found = concordance(data_dir, term, request, width, sort, limit)
    return [line.to_dict() for line in found.lines]


def coverage(
    data_dir: Path, date_from: str | None, date_to: str | None, house: str | None
) -> list[dict[str, Any]]:
    """The records ``hansard coverage --format json`` prints (read from the archive's day
    records, not the index: no engine lock needed)."""
    from dataclasses import asdict

    from hansard.research.coverage import coverage as days

    return [asdict(d) for d in days(data_dir, date_from, date_to, house)]


@one_at_a_time
def member(data_dir: Path, who: str, latest: int) -> dict[str, Any]:
    """What ``hansard member WHO --format json`` prints; NotFound for a name the index lacks."""
    from search.profile import member_profile

    try:
        return member_profile(data_dir, who, latest).to_dict()
    except HansardError as error:
        if type(error) is HansardError and str(error).startswith("no turns of a member"):
            raise NotFound(str(error)) from None
        raise


@one_at_a_time
def cross_references(data_dir: Path, turns: list[Turn]) -> dict[str, list[Any]]:
    """Turn id -> its resolved references (``ResolvedReference``: the cited turns, or none)."""
    from search.crossrefs import references_of

    cache: dict = {}
    return {t.id: refs for t in turns if (refs := references_of(data_dir, t, cache))}


@one_at_a_time
def cited_by(data_dir: Path, turn_id: str) -> list[tuple[Turn, Any]]:
    """The later turns citing this turn, with the reference as printed (as ``hansard cited-by``)."""
    from search.crossrefs import cited_by as find

    return find(data_dir, turn_id)
