"""The commitments register: every undertaking in the archive, with what became of it.

Where the commitments come from: the archive (the source of truth), scanned day by day with
:func:`hansard.commitments.find_in_turns`. Each day's findings are cached in
``cache/commitments/<House>/<date>.json`` keyed by the day file's size and modification time and
by the detector's version, so only new or re-crawled days (or all days after the phrase table
changes) are scanned again; on a large archive the first run pays once and later runs read small
cache files. The cache can be deleted at any time.

Marks (status, note, evidence URL) live in ``state/commitments.json``, keyed by the commitment id
(turn id, kind, sentence index). Turn ids are Hansard's own contribution ids, so the marks survive
re-crawls and re-indexing. Every change of a mark goes through :func:`hansard.state.locked_state`,
so concurrent ``mark`` calls all land.

No click here: the CLI (``hansard.cli.commitment_cmds``) and any other front end (a web server)
call these functions and render the plain dicts they return.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hansard.commitments import DETECTOR_VERSION, Commitment, find_in_turns
from hansard.errors import HansardError, UsageError
from hansard.state import load_state, locked_state

STATUSES = ("open", "done", "dropped")
STATE_FILE = "commitments.json"
STATE_KEY = "marks"
FOLLOW_UPS_PER_COMMITMENT = 3
PARALLEL_FROM_DAYS = 64
"""Scan in worker processes when at least this many sittings are new or changed."""


# -- finding, with a per-day cache -------------------------------------------------------------


def _cache_path(data_dir: Path, house: str, date: str) -> Path:
    from hansard.datadir import cache_dir

    return cache_dir(data_dir) / "commitments" / house / f"{date}.json"


def _stamp(source: Path) -> str:
    stat = source.stat()
    return f"{DETECTOR_VERSION}:{stat.st_size}:{stat.st_mtime_ns}"


def _read_cache(cache: Path, stamp: str) -> list[Commitment] | None:
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached.get("stamp") == stamp:
            return [Commitment(**item) for item in cached["commitments"]]
    except (OSError, ValueError, TypeError, KeyError):
        pass
    return None


def _write_cache(cache: Path, stamp: str, found: list[Commitment]) -> None:
    """Temp file and rename, without fsync: a cache needs no durability, and a torn file reads
    as invalid and is simply rebuilt."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    payload = {"stamp": stamp, "commitments": [c.to_dict() for c in found]}
    temporary = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(payload, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, cache)


def scan_day(data_dir: Path, house: str, date: str) -> list[Commitment]:
    """Scan one sitting's turns and cache what was found (runs in worker processes too)."""
    from hansard.archive import Archive
    from hansard.datadir import archive_dir

    archive = Archive(archive_dir(data_dir))
    source = archive.turns_path(house, date)
    stamp = _stamp(source)
    found = list(find_in_turns(archive.read_turns(house, date)))
    _write_cache(_cache_path(data_dir, house, date), stamp, found)
    return found


def all_commitments(
    data_dir: Path, date_from: str | None = None, date_to: str | None = None
) -> Iterator[Commitment]:
    """Every commitment in the archive, in sitting order. Days whose cache is stale are scanned
    first, in parallel processes when there are many (the first run on a large archive)."""
    from hansard.archive import Archive
    from hansard.datadir import archive_dir

    archive = Archive(archive_dir(data_dir))
    days = archive.days(date_from=date_from, date_to=date_to)
    by_day: dict[tuple[str, str], list[Commitment]] = {}
    stale = []
    for house, date in days:
        cached = _read_cache(
            _cache_path(data_dir, house, date), _stamp(archive.turns_path(house, date))
        )
        if cached is None:
            stale.append((house, date))
        else:
            by_day[(house, date)] = cached
    workers = min(os.cpu_count() or 1, 8)
    if len(stale) >= PARALLEL_FROM_DAYS and workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(
                scan_day, *zip(*[(data_dir, h, d) for h, d in stale], strict=True), chunksize=16
            )
            by_day.update(zip(stale, results, strict=True))
    else:
        by_day.update(((h, d), scan_day(data_dir, h, d)) for h, d in stale)
    for day in days:
        yield from by_day[day]


def archive_has_days(data_dir: Path) -> bool:
    from hansard.archive import Archive
    from hansard.datadir import archive_dir

    return bool(Archive(archive_dir(data_dir)).days())


# -- marks -------------------------------------------------------------------------------------


def load_marks(data_dir: Path) -> dict[str, dict[str, Any]]:
    return load_state(data_dir, STATE_FILE, STATE_KEY)


def status_of(marks: dict[str, dict[str, Any]], commitment_id: str) -> dict[str, Any]:
    mark = marks.get(commitment_id, {})
    return {
        "status": mark.get("status", "open"),
        "note": mark.get("note"),
        "evidence": mark.get("evidence"),
        "marked_at": mark.get("marked_at"),
    }


def mark(
    data_dir: Path,
    commitment_id: str,
    status: str,
    note: str | None = None,
    evidence: str | None = None,
) -> Commitment:
    """Record a new status for a commitment (under the state lock) and return the commitment.

    A note or evidence left out keeps the one given before."""
    if status not in STATUSES:
        raise UsageError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    if evidence is not None and not evidence.startswith(("http://", "https://")):
        raise UsageError(f"--evidence {evidence!r} is not a web address; give an http(s):// URL")
    commitment = find_commitment(data_dir, commitment_id)
    with locked_state(data_dir, STATE_FILE, STATE_KEY) as marks:
        previous = marks.get(commitment.id, {})
        marks[commitment.id] = {
            "status": status,
            "note": note if note is not None else previous.get("note"),
            "evidence": evidence if evidence is not None else previous.get("evidence"),
            "marked_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        }
    return commitment


# -- the register ------------------------------------------------------------------------------


def matches(commitment: Commitment, minister: str | None, department: str | None) -> bool:
    if minister and minister.lower() not in commitment.minister_as_printed.lower():
        return False
    return not department or department.lower() in (commitment.department or "").lower()


def as_record(commitment: Commitment, mark: dict[str, Any], extra: list | None = None) -> dict:
    data = commitment.to_dict()
    data.update(mark)
    if extra is not None:
        data["follow_ups"] = extra
    return data


def list_commitments(
    data_dir: Path,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    minister: str | None = None,
    department: str | None = None,
    status: str | None = None,
    with_follow_ups: bool = False,
) -> list[dict[str, Any]]:
    """The register: each commitment's fields with its mark, in sitting order, filtered."""
    if date_from and date_to and date_from > date_to:
        raise UsageError(f"--from {date_from} is after --to {date_to}; swap them")
    marks = load_marks(data_dir)
    records = []
    for commitment in all_commitments(data_dir, date_from, date_to):
        if not matches(commitment, minister, department):
            continue
        mark_now = status_of(marks, commitment.id)
        if status and mark_now["status"] != status:
            continue
        extra = follow_ups(data_dir, commitment) if with_follow_ups else None
        records.append(as_record(commitment, mark_now, extra))
    return records


def find_commitment(data_dir: Path, commitment_id: str) -> Commitment:
    """The commitment with this id: its exchange is looked up in the index when there is one
    (fast); otherwise, or if the index has not caught up with the archive, every sitting is
    searched (from the cache)."""
    turn_id = commitment_id.rsplit(":", 2)[0] if commitment_id.count(":") >= 2 else None
    if turn_id is None:
        raise UsageError(
            f"{commitment_id!r} is not a commitment id; ids look like TURN:kind:N, "
            "as `hansard commitments` prints them"
        )
    from index.manifest import index_exists

    if index_exists(data_dir):
        from search.engine import exchange

        for commitment in find_in_turns(exchange(data_dir, turn_id)):
            if commitment.id == commitment_id:
                return commitment
    for commitment in all_commitments(data_dir):
        if commitment.id == commitment_id:
            return commitment
    raise HansardError(
        f"no commitment with id {commitment_id!r}; list them with `hansard commitments`"
    )


# -- follow-ups --------------------------------------------------------------------------------


def follow_ups(data_dir: Path, commitment: Commitment) -> list[dict[str, Any]]:
    """Later turns by the same minister or the same asker, under the same title or department:
    where a promise is most likely to be reported on or chased."""
    from hansard.citation import speaker_as_printed
    from hansard.records import SearchRequest
    from search.engine import search

    later = (dt.date.fromisoformat(commitment.date) + dt.timedelta(days=1)).isoformat()
    scope = " OR ".join(
        f'{field}:"{value.replace(chr(34), "")}"'
        for field, value in (
            ("title", commitment.debate_title),
            ("department", commitment.department),
        )
        if value
    )
    people = [
        str(member_id) if member_id else name
        for member_id, name in (
            (commitment.minister_member_id, commitment.minister),
            (commitment.asker_member_id, commitment.asker),
        )
        if member_id or name
    ]
    found: dict[str, Any] = {}
    for person in dict.fromkeys(people):
        request = SearchRequest(
            query=f"({scope})" if scope else "",
            member=person,
            date_from=later,
            sort="date",
            limit=FOLLOW_UPS_PER_COMMITMENT,
        )
        for hit in search(data_dir, request).hits:
            found.setdefault(hit.turn.id, hit.turn)
    turns = sorted(found.values(), key=lambda t: t.date)[:FOLLOW_UPS_PER_COMMITMENT]
    return [
        {
            "id": t.id,
            "date": t.date,
            "speaker": speaker_as_printed(t),
            "role": t.role,
            "title": t.debate_title,
            "url": t.url,
        }
        for t in turns
    ]
