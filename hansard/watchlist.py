"""Watch lists: saved searches that report what is new since they last ran.

How "entered the archive since the last run" is known: the index's manifest holds a stamp per
sitting (the size and time of the archived day file it indexed). A watch keeps the stamps it saw
at its last run (or when it was added), and, per sitting, the ids of the turns that matched it.
A run looks only at sittings whose stamp is new or changed, searches each of them, and reports the
matches whose ids it has not seen. So a cron run after a one-day crawl costs one small search
whatever the size of the archive; a back-filled old sitting is news though its date is old; a
re-crawled sitting reports only turns it did not hold before (turn ids are Hansard's own, stable
across crawls); a full re-index changes no stamp and reports nothing.

A run is two steps: :func:`run_watches` finds what is new without changing any state, and
:func:`record_run` saves what the run saw, once its output has been delivered; so a failed run
(or a failed mail) reports the same turns next time. State changes go through
:func:`hansard.state.locked_state` and re-read the file inside the lock, so a ``watch add`` made
while a long run is going survives the run's save.

No click here: the CLI (``hansard.cli.watch_cmds``) and other front ends share these functions.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hansard.errors import HansardError, UsageError
from hansard.records import SearchRequest, Turn
from hansard.state import load_state, locked_state

STATE_FILE = "watches.json"
STATE_KEY = "watches"
FILTERS = ("member", "minister", "topic", "department", "party", "role", "house")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\Z")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# -- state -------------------------------------------------------------------------------------


def load_watches(data_dir: Path) -> dict[str, dict[str, Any]]:
    watches = load_state(data_dir, STATE_FILE, STATE_KEY)
    for name, entry in watches.items():
        _check_shape(data_dir, name, entry)
    return watches


_SHAPE = {"query": str, "filters": dict, "seen": dict, "days": dict, "last_run_at": str}


def _check_shape(data_dir: Path, name: str, entry: dict[str, Any]) -> None:
    """A hand-edited watch of the wrong shape is one line naming it, not a traceback later."""
    for key, kind in _SHAPE.items():
        value = entry.get(key)
        nested = value.values() if isinstance(value, dict) and key == "filters" else ()
        if (value is not None and not isinstance(value, kind)) or any(
            v is not None and not isinstance(v, str) for v in nested
        ):
            from hansard.datadir import state_dir

            raise HansardError(
                f"{state_dir(data_dir) / STATE_FILE}: watch {name!r} has a {key!r} of the wrong "
                "kind; fix or move it aside to start afresh"
            )


def known(watches: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    """The watch named ``name``, or an error listing the names there are."""
    if name not in watches:
        names = ", ".join(sorted(watches)) or "none yet"
        raise HansardError(
            f"no watch named {name!r} (watches: {names}); add one with `hansard watch add`"
        )
    return watches[name]


def add_watch(
    data_dir: Path, name: str, query: str, filters: dict[str, str | None]
) -> tuple[dict[str, Any], int]:
    """Save a new watch; what already matches is taken as seen. Returns (entry, matches seen)."""
    if not _NAME.match(name):
        raise UsageError(
            f"watch name {name!r} must be letters, digits, '-', '_' or '.' (up to 64), "
            "e.g. stalking-answers"
        )
    cleaned = {k: v for k, v in filters.items() if v}
    if not query.strip() and not cleaned:
        raise UsageError("a watch needs a QUERY or at least one filter, e.g. --minister NAME")
    if name in load_watches(data_dir):
        raise UsageError(f"a watch named {name!r} exists; remove it first or choose another name")
    entry: dict[str, Any] = {
        "query": query.strip(),
        "filters": cleaned,
        "created_at": _now(),
        "last_run_at": None,
    }
    entry["days"] = indexed_days(data_dir)
    matches = matching_turns(data_dir, entry)  # also checks the query is well formed
    seen: dict[str, list[str]] = {}
    for turn in matches:
        seen.setdefault(f"{turn.house}:{turn.date}", []).append(turn.id)
    entry["seen"] = {key: sorted(ids) for key, ids in seen.items()}
    with locked_state(data_dir, STATE_FILE, STATE_KEY) as watches:
        if name in watches:
            raise UsageError(
                f"a watch named {name!r} exists; remove it first or choose another name"
            )
        watches[name] = entry
    return entry, len(matches)


def remove_watch(data_dir: Path, name: str) -> None:
    with locked_state(data_dir, STATE_FILE, STATE_KEY) as watches:
        known(watches, name)
        del watches[name]


def describe(watch: dict[str, Any]) -> str:
    """The watch as the command line that made it would read: 'stalking' --role 'answer'."""
    parts = [repr(watch["query"])] if watch.get("query") else []
    parts += [f"--{k.replace('_', '-')} {v!r}" for k, v in watch.get("filters", {}).items() if v]
    return " ".join(parts)


# -- searching ---------------------------------------------------------------------------------


def request_for(
    watch: dict[str, Any], house: str | None = None, date: str | None = None
) -> SearchRequest | None:
    """The watch's search, narrowed to one sitting when ``date`` is given (None if the sitting
    lies outside the watch's own house or dates).

    A minister filter is the search's own: an office ("Home Secretary") matches whoever holds
    it, so the watch survives a reshuffle. A department filter matches the department's remit
    across renames and splits (:mod:`hansard.departments`): it becomes a ``department:`` clause
    for every name the remit has had."""
    filters = dict(watch.get("filters", {}))
    date_from, date_to = filters.get("date_from"), filters.get("date_to")
    if date is not None:
        if (date_from and date < date_from) or (date_to and date > date_to):
            return None
        if filters.get("house") and house and filters["house"].lower() != house.lower():
            return None
        date_from = date_to = date
    query = watch.get("query") or ""
    if filters.get("department"):
        query = _with_remit(query, filters.pop("department"))
    return SearchRequest(
        query=query,
        **{name: filters.get(name) for name in FILTERS if name != "house"},
        house=house if date is not None else filters.get("house"),
        date_from=date_from,
        date_to=date_to,
        sort="date",
        limit=None,
    )


def _with_remit(query: str, department: str) -> str:
    from hansard.departments import names_for

    names = dict.fromkeys([department, *names_for(department)])
    clause = " OR ".join(f'department:"{name.replace(chr(34), "")}"' for name in names)
    return f"({query}) AND ({clause})" if query.strip() else f"({clause})"


def indexed_days(data_dir: Path) -> dict[str, str]:
    """Sitting key ("Commons:2015-11-26") -> the stamp of the archived day file it indexed."""
    from hansard.datadir import index_dir
    from index.manifest import read_manifest

    return dict(read_manifest(index_dir(data_dir)).get("days", {}))


def matching_turns(data_dir: Path, watch: dict[str, Any]) -> list[Turn]:
    """Every turn the watch matches now (used once, when it is added)."""
    from search.engine import search

    return [hit.turn for hit in search(data_dir, request_for(watch)).hits]


def new_matches(data_dir: Path, watch: dict[str, Any], days: dict[str, str]) -> list[Turn]:
    """Matches in sittings indexed or re-indexed since the watch last looked, not seen before;
    updates the watch's seen ids and stamps in place."""
    from search.engine import search

    seen: dict[str, list[str]] = watch.setdefault("seen", {})
    stamps: dict[str, str] = watch.setdefault("days", {})
    found: list[Turn] = []
    for key in sorted(days, key=lambda k: (k.split(":", 1)[-1], k)):
        if stamps.get(key) == days[key]:
            continue
        house, _, date = key.partition(":")
        request = request_for(watch, house, date)
        turns = [hit.turn for hit in search(data_dir, request).hits] if request else []
        before = set(seen.get(key, ()))
        found.extend(t for t in turns if t.id not in before)
        if turns or before:
            seen[key] = sorted(before | {t.id for t in turns})
    watch["days"] = dict(days)
    return found


# -- a run -------------------------------------------------------------------------------------


@dataclass
class WatchRun:
    """What one run found (``new``: watch name -> new turns, in sitting order) and the watches'
    bookkeeping after it (``after``), saved only by :func:`record_run`."""

    new: dict[str, list[Turn]] = field(default_factory=dict)
    after: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def anything_new(self) -> bool:
        return any(self.new.values())


def run_watches(data_dir: Path, name: str | None = None) -> WatchRun:
    """Find what is new for the watch ``name`` (or every watch), changing no state."""
    watches = load_watches(data_dir)
    if name:
        known(watches, name)
    names = [name] if name else sorted(watches)
    days = indexed_days(data_dir) if names else {}
    run = WatchRun()
    for watch_name in names:
        entry = copy.deepcopy(watches[watch_name])
        run.new[watch_name] = new_matches(data_dir, entry, days)
        entry["last_run_at"] = _now()
        run.after[watch_name] = entry
    return run


def record_run(data_dir: Path, run: WatchRun) -> None:
    """Save what the run saw, under the lock: only the watches it ran are touched, and a watch
    removed (or removed and added afresh) meanwhile is left as it now is."""
    with locked_state(data_dir, STATE_FILE, STATE_KEY) as watches:
        for watch_name, entry in run.after.items():
            current = watches.get(watch_name)
            if current is None or current.get("created_at") != entry.get("created_at"):
                continue
            for key in ("seen", "days", "last_run_at"):
                current[key] = entry[key]
