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

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hansard.commitments import DETECTOR_VERSION, Commitment, find_in_turns
from hansard.errors import HansardError, UsageError
from hansard.state import load_state, locked_state

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
    as invalid and is simply rebuilt. A cache that cannot be written (a read-only data dir, a
    full disk) is skipped: listing commitments is a read, and must work on a read-only archive."""
    payload = {"stamp": stamp, "commitments": [c.to_dict() for c in found]}
    temporary = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(payload, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(temporary, cache)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def scan_day(data_dir: Path, house: str, date: str) -> list[Commitment]:
    """Scan one sitting's turns and cache what was found (runs in worker processes too)."""
    from hansard.archive import Archive
    from hansard.datadir import archive_dir

    archive = Archive(archive_dir(data_dir))
    source = archive.turns_path(house, date)
    stamp = _stamp(source)
    turns = archive.read_turns_or_skip(house, date)
    if turns is None:  # damaged: warned about, not cached, so it is read again once repaired
        return []
    found = list(find_in_turns(turns))
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


# -- marks and their history ------------------------------------------------------------------

STATUSES = ("open", "partly met", "met", "dropped")
UNFULFILLED = ("open", "partly met")
"""Statuses that can fall overdue: a partly met commitment is still owed."""
_STATUS_ALIASES = {"done": "met", "partly-met": "partly met", "partly_met": "partly met"}
DUE_AFTER_MONTHS = 3
"""India's assurance committees give ministries three months to fulfil an assurance."""


def normalise_status(text: str) -> str:
    """``met``, ``partly met`` (or ``partly-met``), ``open``, ``dropped``; ``done`` means met."""
    status = " ".join(text.strip().lower().split())
    status = _STATUS_ALIASES.get(status, status)
    if status not in STATUSES:
        raise UsageError(
            f"status {text!r} is not one of open, partly-met, met, dropped (done means met)"
        )
    return status


def default_due(date: str) -> str:
    """Three calendar months after the date given (the last day of a shorter month)."""
    given = dt.date.fromisoformat(date)
    month = given.month - 1 + DUE_AFTER_MONTHS
    year, month = given.year + month // 12, month % 12 + 1
    for day in (given.day, 30, 29, 28):
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def load_marks(data_dir: Path) -> dict[str, dict[str, Any]]:
    """Every mark, in the current shape (older state files are read as they are)."""
    return {
        key: migrated(value) for key, value in load_state(data_dir, STATE_FILE, STATE_KEY).items()
    }


def migrated(mark_entry: Any) -> dict[str, Any]:
    """A mark in the current shape ``{"due": ..., "history": [changes]}``.

    The first shape kept one status (``open``/``done``/``dropped``), note, evidence and time; it
    becomes a history of one change, ``done`` read as ``met``."""
    if not isinstance(mark_entry, dict):
        return {"history": []}
    if "history" in mark_entry:
        return mark_entry
    change = {
        "at": mark_entry.get("marked_at"),
        "status": _STATUS_ALIASES.get(mark_entry.get("status", "open"), mark_entry.get("status")),
        "note": mark_entry.get("note"),
        "evidence": mark_entry.get("evidence"),
    }
    return {"history": [change]}


def status_of(mark_entry: dict[str, Any] | None, commitment: Commitment) -> dict[str, Any]:
    """A commitment's current status, due date, latest note and evidence, and its history."""
    history = list((mark_entry or {}).get("history", []))

    def latest(key: str) -> Any:
        return next((c[key] for c in reversed(history) if c.get(key) is not None), None)

    return {
        "status": latest("status") or "open",
        "due": (mark_entry or {}).get("due") or default_due(commitment.date),
        "note": latest("note"),
        "evidence": latest("evidence"),
        "evidence_turn_id": latest("evidence_turn_id"),
        "marked_at": history[-1].get("at") if history else None,
        "history": history,
    }


def mark(
    data_dir: Path,
    commitment_id: str,
    status: str | None = None,
    note: str | None = None,
    evidence: str | None = None,
    due: str | None = None,
    now: str | None = None,
) -> Commitment:
    """Record a change to a commitment (a new status, a note, evidence, a due date), appended to
    its history under the state lock; returns the commitment.

    ``evidence`` is a web address or the id of a later turn (a follow-up), whose permalink is
    then kept with the id. Nothing earlier is overwritten: the current status, note and evidence
    are the latest given."""
    if status is None and note is None and evidence is None and due is None:
        raise UsageError("say what changed: a STATUS, --note, --evidence or --due")
    status = normalise_status(status) if status is not None else None
    if due is not None:
        due = _valid_date(due, "--due")
    commitment = find_commitment(data_dir, commitment_id)
    change: dict[str, Any] = {
        "at": now or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "status": status,
        "note": note,
    }
    if evidence is not None:
        change.update(evidence_of(data_dir, evidence, commitment))
    if due is not None:
        change["due"] = due
    with locked_state(data_dir, STATE_FILE, STATE_KEY) as marks:
        entry = migrated(marks.get(commitment.id))
        entry["history"] = [*entry.get("history", []), {k: v for k, v in change.items() if v}]
        if due is not None:
            entry["due"] = due
        marks[commitment.id] = entry
    return commitment


def _valid_date(value: str, what: str) -> str:
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UsageError(f"{what} {value!r} is not a date; write it as YYYY-MM-DD") from None


def evidence_of(data_dir: Path, evidence: str, commitment: Commitment) -> dict[str, str]:
    """``{"evidence": URL}``, plus ``evidence_turn_id`` when the evidence is a turn's id."""
    evidence = evidence.strip()
    if evidence.startswith(("http://", "https://")):
        return {"evidence": evidence}
    from index.manifest import index_exists

    turn = None
    if index_exists(data_dir):
        from search.engine import get_turn

        turn = get_turn(data_dir, evidence.split("#contribution-")[-1])
    if turn is None:
        raise UsageError(
            f"--evidence {evidence!r} is neither a web address nor the id of an indexed turn; "
            "give an http(s):// URL or a turn id from `hansard commitments follow-ups`"
            + ("" if index_exists(data_dir) else " (run `hansard index` first)")
        )
    return {"evidence": turn.url, "evidence_turn_id": turn.id}


# -- the register ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterFilter:
    """Which commitments a listing or register shows; ``today`` fixes "now" for overdue."""

    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    overdue: bool = False
    due_before: str | None = None
    minister: str | None = None
    department: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    today: str | None = None

    def today_date(self) -> str:
        return self.today or dt.date.today().isoformat()


def matches(commitment: Commitment, minister: str | None, department: str | None) -> bool:
    """``minister`` is part of the office or the name as printed ("Home Secretary" matches
    whoever held the office); ``department`` matches the same remit across renames and splits
    (:mod:`hansard.departments`)."""
    if minister and minister.lower() not in commitment.minister_as_printed.lower():
        return False
    if not department:
        return True
    from hansard.departments import matcher

    return matcher(department)(commitment.department)


def as_record(commitment: Commitment, status: dict[str, Any], today: str) -> dict[str, Any]:
    """Every field of a register entry: the commitment's own, then what became of it."""
    from hansard.departments import remit

    data = commitment.to_dict()
    data["remit"] = remit(commitment.department)
    data.update(status)
    data["overdue"] = status["status"] in UNFULFILLED and status["due"] < today
    return data


def _wanted(record: dict[str, Any], chosen: RegisterFilter) -> bool:
    if chosen.statuses and record["status"] not in chosen.statuses:
        return False
    if chosen.kinds and record["kind"] not in chosen.kinds:
        return False
    if chosen.overdue and not record["overdue"]:
        return False
    return not (chosen.due_before and record["due"] >= chosen.due_before)


def list_commitments(
    data_dir: Path,
    chosen: RegisterFilter | None = None,
    with_follow_ups: bool = False,
    *,
    status: str | None = None,
    **filters: Any,
) -> list[dict[str, Any]]:
    """The register: each commitment's fields with its status and history, in sitting order.

    Filters come as a :class:`RegisterFilter`, or as its fields by keyword (``status`` for one
    status, ``minister=``, ``date_from=``...), as a web front end passes them."""
    if chosen is None:
        statuses = (normalise_status(status),) if status else ()
        try:
            chosen = RegisterFilter(statuses=statuses, **filters)
        except TypeError as error:
            raise UsageError(f"unknown commitments filter ({error})") from None
    if chosen.date_from and chosen.date_to and chosen.date_from > chosen.date_to:
        raise UsageError(f"--from {chosen.date_from} is after --to {chosen.date_to}; swap them")
    marks = load_marks(data_dir)
    today = chosen.today_date()
    records = []
    for commitment in all_commitments(data_dir, chosen.date_from, chosen.date_to):
        if not matches(commitment, chosen.minister, chosen.department):
            continue
        record = as_record(commitment, status_of(marks.get(commitment.id), commitment), today)
        if not _wanted(record, chosen):
            continue
        if with_follow_ups:
            record["follow_ups"] = follow_ups(data_dir, commitment)
        records.append(record)
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

FULFILMENT_PHRASES = (
    "I wrote to", "I have written to", "I have now written", "I have since written",
    "as I promised", "as I undertook", "as promised", "I promised", "I undertook to",
    "I said I would", "following my undertaking", "further to my answer",
    "I have placed in the Library", "have placed a copy in the Library",
    "placed copies in the Library", "have been placed in the Library",
    "we have now published", "we have published", "has now been published",
    "have now been published", "has now been announced", "we published", "I have now met",
    "I met",
    "I have looked into", "I have now looked into", "I have considered",
    "we have now introduced", "we have introduced", "has been introduced", "has now announced",
    "I can now tell", "I can now announce", "I am now able to",
)  # fmt: skip
"""How a minister reports a promise kept ("I wrote to", "as I promised", "I have placed in the
Library", "we have now published"): one of the follow-up ranking's signals."""

_KIND_WORDS = {
    "write": ("wrote", "written", "letter"),
    "library": ("library",),
    "publish": ("published", "publication", "publishing", "announced"),
    "meet": ("met", "meeting"),
    "look_into": ("looked into", "looked at", "considered", "review"),
    "bring_forward": ("introduced", "legislation", "bill"),
    "make_sure": ("met", "meeting", "ensured", "arranged"),
}
_STOPWORDS = frozenset(
    """about above after again against also although among another answer anything because been
    before being below between both cannot certainly could does doing down during each either
    every few from further gentleman given going great have having here hers herself himself
    hon house into itself just lady last learned like made make many matter member members
    minister more most much must myself need never next none only other ours ourselves over
    own perhaps point question right said same shall should since some such sure take than
    thank that their theirs them themselves then there these they this those through time
    under until upon very want were what when where whether which while will wish with within
    without would year years your yours friend friends government department secretary state
    people country today house whole able happy indeed therefore know think ensure course""".split()  # noqa: SIM905 (a list literal of 150 words would bury the module)
)


def _stems(text: str | None) -> set[str]:
    """Content words, crudely stemmed (first six letters), for subject overlap."""
    import re

    words = re.findall(r"[A-Za-z][A-Za-z'-]+", text or "")
    return {w.lower()[:6] for w in words if len(w) > 3 and w.lower() not in _STOPWORDS}


def follow_ups(
    data_dir: Path, commitment: Commitment, limit: int = FOLLOW_UPS_PER_COMMITMENT
) -> list[dict[str, Any]]:
    """Later turns that may fulfil the commitment or report on it, best first.

    Candidates (from the index): later turns sharing the commitment's subject words, later
    turns by the same minister or office, and later turns in the same remit that use a
    fulfilment phrase. Each is scored on what a campaigner would look for: a fulfilment phrase
    (:data:`FULFILMENT_PHRASES`) and words of the promised act ("wrote", "Library"); the same
    minister, office or department remit; the share of the commitment's subject words it
    repeats (the sentence, the question and the heading); the asker named or speaking; and
    nearness in time. The reasons come back with the score, so a ranking can be checked."""
    from hansard.citation import speaker_as_printed
    from hansard.departments import matcher
    from hansard.records import SearchRequest
    from index.manifest import index_exists
    from search.engine import search

    if not index_exists(data_dir):
        raise HansardError("follow-ups need the index; build it with `hansard index`")
    later = (dt.date.fromisoformat(commitment.date) + dt.timedelta(days=1)).isoformat()
    subject = _stems(commitment.sentence) | _stems(commitment.question)
    subject |= _stems(commitment.debate_title)
    requests = []
    if subject:
        requests.append(" OR ".join(sorted(subject)[:40]))
    phrases = " OR ".join(f'"{p}"' for p in FULFILMENT_PHRASES)
    if commitment.department:
        department = commitment.department.replace(chr(34), "")
        requests.append(f'({phrases}) AND department:"{department}"')
    people = [
        str(commitment.minister_member_id) if commitment.minister_member_id else None,
        commitment.office,
    ]
    found: dict[str, Any] = {}
    for query in requests:
        request = SearchRequest(query=query, date_from=later, sort="relevance", limit=200)
        for hit in search(data_dir, request).hits:
            found.setdefault(hit.turn.id, hit.turn)
    for person in filter(None, people):
        is_office = person == commitment.office
        request = SearchRequest(
            minister=person if is_office else None,
            member=None if is_office else person,
            date_from=later,
            sort="date",
            limit=200,
        )
        for hit in search(data_dir, request).hits:
            found.setdefault(hit.turn.id, hit.turn)
    same_remit = matcher(commitment.department) if commitment.department else None
    scored = []
    for turn in found.values():
        score, reasons = _score(commitment, turn, subject, same_remit)
        if score > 0:
            scored.append((score, turn, reasons))
    scored.sort(key=lambda item: (-item[0], item[1].date, item[1].id))
    return [
        {
            "id": t.id,
            "date": t.date,
            "speaker": speaker_as_printed(t),
            "role": t.role,
            "title": t.debate_title,
            "url": t.url,
            "score": round(score, 2),
            "reasons": reasons,
        }
        for score, t, reasons in scored[:limit]
    ]


def _score(commitment: Commitment, turn: Any, subject: set[str], same_remit) -> tuple[float, list]:
    text = turn.text.lower()
    score, reasons = 0.0, []
    phrase = next((p for p in FULFILMENT_PHRASES if p.lower() in text), None)
    if phrase:
        score += 3
        reasons.append(f"says “{phrase}”")
    kind_word = next((w for w in _KIND_WORDS.get(commitment.kind, ()) if w in text), None)
    if kind_word:
        score += 1
        reasons.append(f"mentions “{kind_word}”")
    same_id = commitment.minister_member_id and turn.member_id == commitment.minister_member_id
    if same_id or (commitment.minister and turn.speaker_name == commitment.minister):
        score += 2
        reasons.append("same minister")
    elif commitment.office and turn.speaker_office == commitment.office:
        score += 1.5
        reasons.append("same office")
    if same_remit is not None and same_remit(turn.department):
        score += 1
        reasons.append("same department")
    if subject:
        shared = subject & (_stems(turn.text) | _stems(turn.debate_title))
        overlap = len(shared) / min(len(subject), 12)
        if shared:
            score += 4 * min(overlap, 1.0)
            reasons.append(f"shares {len(shared)} subject words")
    asker_surname = (commitment.asker or "").replace(".", " ").split()[-1:] or [""]
    if asker_surname[0] and len(asker_surname[0]) > 2 and asker_surname[0].lower() in text:
        score += 1
        reasons.append("names the asker")
    elif commitment.asker_member_id and turn.member_id == commitment.asker_member_id:
        score += 0.5
        reasons.append("the asker speaks")
    if turn.role == "answer":
        score += 0.5
    days = (dt.date.fromisoformat(turn.date) - dt.date.fromisoformat(commitment.date)).days
    score += 0.5 * max(0.0, 1 - days / 365)
    return score, reasons
