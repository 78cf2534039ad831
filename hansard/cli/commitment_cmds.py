"""`hansard commitments`: what ministers undertook to do, and whether it was done.

Where the commitments come from: the archive (the source of truth), scanned day by day with
:func:`hansard.commitments.find_in_turns`. Each day's findings are cached in
``cache/commitments/<House>/<date>.json`` keyed by the day file's size and modification time and
by the detector's version, so only new or re-crawled days (or all days after the phrase table
changes) are scanned again; on a large archive the first run pays once and later runs read small
cache files. The cache can be deleted at any time.

Marks (open, done, dropped, with a note and an evidence URL) live in
``state/commitments.json``, keyed by the commitment id (turn id, kind, sentence index). Turn ids
are Hansard's own contribution ids, so the marks survive re-crawls and re-indexing.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from hansard.cli.common import DATE, data_dir_option, output_options
from hansard.commitments import DETECTOR_VERSION, Commitment, find_in_turns
from hansard.errors import HansardError, UsageError
from hansard.records import OPL_ATTRIBUTION
from hansard.state import load_state, save_state

STATUSES = ("open", "done", "dropped")
STATE_FILE = "commitments.json"
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


# -- marks -------------------------------------------------------------------------------------


def load_marks(data_dir: Path) -> dict[str, dict[str, Any]]:
    return load_state(data_dir, STATE_FILE, "marks")


def save_marks(data_dir: Path, marks: dict[str, dict[str, Any]]) -> None:
    save_state(data_dir, STATE_FILE, "marks", marks)


def status_of(marks: dict[str, dict[str, Any]], commitment_id: str) -> dict[str, Any]:
    mark = marks.get(commitment_id, {})
    return {
        "status": mark.get("status", "open"),
        "note": mark.get("note"),
        "evidence": mark.get("evidence"),
        "marked_at": mark.get("marked_at"),
    }


# -- follow-ups --------------------------------------------------------------------------------


def follow_ups(data_dir: Path, commitment: Commitment) -> list[dict[str, Any]]:
    """Later turns by the same minister or the same asker, under the same title or department:
    where a promise is most likely to be reported on or chased."""
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
    from hansard.citation import speaker_as_printed

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


# -- output ------------------------------------------------------------------------------------

CSV_FIELDS = (
    "id", "status", "date", "house", "minister", "office", "kind", "sentence", "asker",
    "question", "department", "debate_title", "citation", "url", "note", "evidence",
    "marked_at", "turn_id", "sentence_index", "question_turn_id",
)  # fmt: skip


def as_record(commitment: Commitment, mark: dict[str, Any], extra: dict | None) -> dict:
    data = commitment.to_dict()
    data.update(mark)
    if extra is not None:
        data["follow_ups"] = extra
    return data


def _shorten(text: str | None, limit: int = 200) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render(records: list[dict], fmt: str, excel: bool) -> str:
    out = io.StringIO(newline="")
    if fmt == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        from hansard.export import neutralise_cell

        if excel:
            out.write("\ufeff")
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(CSV_FIELDS)
        for record in records:
            writer.writerow([neutralise_cell(record.get(field)) for field in CSV_FIELDS])
    elif fmt == "md":
        _render_markdown(records, out)
    else:
        _render_text(records, out)
    return out.getvalue()


def _who(record: dict) -> str:
    office, name = record.get("office"), record.get("minister")
    if office and name and office != name:
        return f"{office} ({name})"
    return name or office or "Unattributed"


def _render_text(records: list[dict], out: io.StringIO) -> None:
    for r in records:
        out.write(f"[{r['status']}] {r['date']} {r['house']} · {_who(r)} · {r['kind']}\n")
        out.write(f"  “{r['sentence']}”\n")
        if r.get("asker") or r.get("question"):
            out.write(f"  asked by {r.get('asker') or '?'}: “{_shorten(r.get('question'))}”\n")
        out.write(f"  {r['citation']}\n  {r['url']}\n  id: {r['id']}\n")
        if r.get("note") or r.get("evidence"):
            out.write(f"  note: {r.get('note') or ''} {r.get('evidence') or ''}".rstrip() + "\n")
        for f in r.get("follow_ups") or []:
            out.write(f"  follow-up: {f['date']} {f['speaker']} ({f['role']}) {f['url']}\n")
        out.write("\n")
    counts = {s: sum(1 for r in records if r["status"] == s) for s in STATUSES}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items())
    out.write(f"{len(records)} commitments ({summary})\n{OPL_ATTRIBUTION}\n")


def _md(text: Any) -> str:
    return str(text or "").replace("|", "\\|").replace("\n", " ")


def _render_markdown(records: list[dict], out: io.StringIO) -> None:
    out.write("| Status | Date | Minister | Kind | Undertaking | Asked by | Citation | Id |\n")
    out.write("|---|---|---|---|---|---|---|---|\n")
    for r in records:
        cells = (r["status"], r["date"], _who(r), r["kind"], r["sentence"], r.get("asker"))
        link = f"[{_md(r['citation'])}]({r['url']})"
        out.write("| " + " | ".join(_md(c) for c in cells) + f" | {link} | {_md(r['id'])} |\n")
    out.write(f"\n{OPL_ATTRIBUTION}\n")


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from hansard import atomic

    atomic.write_bytes(output, text.encode("utf-8"))


# -- commands ----------------------------------------------------------------------------------


def _matches(commitment: Commitment, minister: str | None, department: str | None) -> bool:
    if minister and minister.lower() not in commitment.minister_as_printed.lower():
        return False
    return not department or department.lower() in (commitment.department or "").lower()


@click.group(invoke_without_command=True)
@click.option("--minister", default=None, help='Office or name, any part ("Solicitor General").')
@click.option("--department", default=None, help='Answering department, any part ("Home").')
@click.option("--from", "date_from", type=DATE, default=None, help="From this sitting day.")
@click.option("--to", "date_to", type=DATE, default=None, help="Up to this sitting day.")
@click.option("--status", type=click.Choice(STATUSES), default=None, help="Only these.")
@click.option(
    "--follow-ups",
    is_flag=True,
    help="Suggest later turns by the same minister or asker on the same subject (uses the index).",
)
@output_options()
@data_dir_option
@click.pass_context
def commitments(
    ctx: click.Context,
    minister: str | None,
    department: str | None,
    date_from: str | None,
    date_to: str | None,
    status: str | None,
    follow_ups: bool,
    fmt: str,
    output: Path | None,
    excel: bool,
    data_dir: Path,
) -> None:
    """List the undertakings ministers gave in their answers, with their status.

    An undertaking is a promise of a checkable act: to write, to place a copy in the Library, to
    publish, to look into, to meet, to bring forward legislation, to consult, to set out plans in
    due course... Mark each one done or dropped as you follow it up.

    \b
    Example:
        hansard commitments --minister "Prime Minister" --from 2022-01-01
        hansard commitments --status open --format csv --output open.csv
        hansard commitments mark 844A384F-CAF2-4E10-93E5-924AF6189A03:make_sure:2 done \\
            --note "Meeting held" --evidence https://example.org/letter
    """
    if ctx.invoked_subcommand is not None:
        return
    if date_from and date_to and date_from > date_to:
        raise UsageError(f"--from {date_from} is after --to {date_to}; swap them")
    marks = load_marks(data_dir)
    if not _archive_has_days(data_dir):
        click.echo("hansard: note: the archive is empty; fill it with `hansard crawl`", err=True)
    records = []
    for commitment in all_commitments(data_dir, date_from, date_to):
        if not _matches(commitment, minister, department):
            continue
        mark = status_of(marks, commitment.id)
        if status and mark["status"] != status:
            continue
        extra = follow_ups_for(data_dir, commitment) if follow_ups else None
        records.append(as_record(commitment, mark, extra))
    _emit(render(records, fmt, excel), output)
    if fmt in ("json", "jsonl", "csv"):
        click.echo(f"hansard: note: {OPL_ATTRIBUTION}", err=True)


def _archive_has_days(data_dir: Path) -> bool:
    from hansard.archive import Archive
    from hansard.datadir import archive_dir

    return bool(Archive(archive_dir(data_dir)).days())


def follow_ups_for(data_dir: Path, commitment: Commitment) -> list[dict[str, Any]]:
    return follow_ups(data_dir, commitment)


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


@commitments.command()
@click.argument("commitment_id", metavar="ID")
@click.argument("status", type=click.Choice(STATUSES))
@click.option("--note", default=None, help="What happened, in a few words.")
@click.option("--evidence", metavar="URL", default=None, help="Where it is shown to be done.")
@data_dir_option
def mark(
    commitment_id: str, status: str, note: str | None, evidence: str | None, data_dir: Path
) -> None:
    """Mark a commitment done, dropped or open again, with a note and evidence.

    Marks are kept in the data directory and survive re-crawls and re-indexing.

    \b
    Example:
        hansard commitments mark 844A384F-CAF2-4E10-93E5-924AF6189A03:make_sure:2 done \\
            --note "Meeting held on 1 July" --evidence https://example.org/letter.pdf
    """
    if evidence is not None and not evidence.startswith(("http://", "https://")):
        raise UsageError(f"--evidence {evidence!r} is not a web address; give an http(s):// URL")
    commitment = find_commitment(data_dir, commitment_id)
    marks = load_marks(data_dir)
    previous = marks.get(commitment.id, {})
    marks[commitment.id] = {
        "status": status,
        "note": note if note is not None else previous.get("note"),
        "evidence": evidence if evidence is not None else previous.get("evidence"),
        "marked_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    save_marks(data_dir, marks)
    click.echo(f"{commitment.id}: {status} ({commitment.minister_as_printed}, {commitment.date})")
