"""`hansard watch`: saved searches that report what is new since they last ran (for cron).

How "entered the archive since the last run" is known: each watch keeps the ids of every turn
that matched it when it was added and at each run (``state/watches.json``). A run searches again
and reports the matches whose ids it has not seen, then adds them to the seen set. This needs no
clock and no crawl bookkeeping, and it is right in the awkward cases: a back-filled old sitting is
new to the archive though its date is old, and a re-crawled day whose turns were already seen
reports nothing (turn ids are Hansard's own, stable across crawls). The set is stored only after
the run's output is written, so a failed run reports the same turns next time.

Exit status: 0 when nothing is new, 3 when something is, so cron can act on it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import click

from hansard.cli.common import DATE, data_dir_option, output_options
from hansard.errors import HansardError, UsageError
from hansard.records import HOUSES, OPL_ATTRIBUTION, ROLES, SearchRequest, Turn

STATE_FILE = "watches.json"
EXIT_NEW = 3
FILTERS = ("member", "minister", "topic", "department", "party", "role", "house")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


# -- state -------------------------------------------------------------------------------------


def _state_path(data_dir: Path) -> Path:
    from hansard.datadir import state_dir

    return state_dir(data_dir) / STATE_FILE


def load_watches(data_dir: Path) -> dict[str, dict[str, Any]]:
    path = _state_path(data_dir)
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("watches", {})
    except ValueError as error:
        raise HansardError(
            f"{path} is not valid JSON ({error}); fix or move it aside to start afresh"
        ) from None


def save_watches(data_dir: Path, watches: dict[str, dict[str, Any]]) -> None:
    from hansard import atomic

    payload = {"version": 1, "watches": watches}
    atomic.write_text(_state_path(data_dir), json.dumps(payload, indent=1, ensure_ascii=False))


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def request_for(watch: dict[str, Any]) -> SearchRequest:
    filters = watch.get("filters", {})
    return SearchRequest(
        query=watch.get("query") or "",
        **{name: filters.get(name) for name in FILTERS},
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        sort="date",
        limit=None,
    )


def matching_turns(data_dir: Path, watch: dict[str, Any]) -> list[Turn]:
    from search.engine import search

    return [hit.turn for hit in search(data_dir, request_for(watch)).hits]


def _describe(watch: dict[str, Any]) -> str:
    parts = [repr(watch["query"])] if watch.get("query") else []
    parts += [f"--{k.replace('_', '-')} {v!r}" for k, v in watch.get("filters", {}).items() if v]
    return " ".join(parts)


def _known(watches: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    if name not in watches:
        names = ", ".join(sorted(watches)) or "none yet"
        raise HansardError(
            f"no watch named {name!r} (watches: {names}); add one with `hansard watch add`"
        )
    return watches[name]


def _warn_if_stale(data_dir: Path) -> None:
    from search.engine import warning

    message = warning(data_dir)
    if message:
        click.echo(f"hansard: warning: {message}", err=True)


# -- commands ----------------------------------------------------------------------------------


@click.group()
def watch() -> None:
    """Saved searches that report only what is new since they last ran.

    \b
    Example:
        hansard watch add stalking "stalking OR harassment" --role answer
        hansard watch run            # exit 3 when something is new, 0 when not
    """


@watch.command()
@click.argument("name")
@click.argument("query", required=False, default="")
@click.option("--member", default=None, help="Spoken by this member (name or member id).")
@click.option("--minister", default=None, help="Answers by this office or minister.")
@click.option("--topic", default=None, help="Under an exchange about these words.")
@click.option("--department", default=None, help="Answering department.")
@click.option("--party", default=None, help="Speaker's party as printed (Con, Lab, LD...).")
@click.option("--role", type=click.Choice(ROLES), default=None, help="Only turns of this role.")
@click.option("--house", type=click.Choice(HOUSES, case_sensitive=False), default=None)
@click.option("--from", "date_from", type=DATE, default=None, help="Sittings from this day.")
@click.option("--to", "date_to", type=DATE, default=None, help="Sittings up to this day.")
@data_dir_option
def add(name: str, query: str, data_dir: Path, **filters: str | None) -> None:
    """Add a watch NAME for QUERY (the `hansard search` query language) and filters.

    What already matches is taken as seen: the first run reports only what arrives after.

    \b
    Example:
        hansard watch add stalking "stalking OR harassment" --role answer
        hansard watch add buckland --minister "Solicitor General"
    """
    if not _NAME.match(name):
        raise UsageError(
            f"watch name {name!r} must be letters, digits, '-', '_' or '.' (up to 64), "
            "e.g. stalking-answers"
        )
    cleaned = {k: v for k, v in filters.items() if v}
    if not query.strip() and not cleaned:
        raise UsageError("a watch needs a QUERY or at least one filter, e.g. --minister NAME")
    watches = load_watches(data_dir)
    if name in watches:
        raise UsageError(f"a watch named {name!r} exists; remove it first or choose another name")
    entry: dict[str, Any] = {
        "query": query.strip(),
        "filters": cleaned,
        "created_at": _now(),
        "last_run_at": None,
    }
    matches = matching_turns(data_dir, entry)  # also checks the query is well formed
    entry["seen"] = sorted(t.id for t in matches)
    watches[name] = entry
    save_watches(data_dir, watches)
    click.echo(f"watch {name!r} added: {_describe(entry)} ({len(matches)} matches already seen)")


@watch.command(name="list")
@data_dir_option
def list_(data_dir: Path) -> None:
    """List the watches, what each looks for and when it last ran.

    \b
    Example:
        hansard watch list
    """
    watches = load_watches(data_dir)
    if not watches:
        click.echo("no watches yet; add one with `hansard watch add NAME QUERY`")
        return
    for name in sorted(watches):
        entry = watches[name]
        last = entry.get("last_run_at") or "never"
        click.echo(f"{name}\t{_describe(entry)}\tlast run: {last}\tseen: {len(entry['seen'])}")


@watch.command()
@click.argument("name")
@data_dir_option
def remove(name: str, data_dir: Path) -> None:
    """Remove the watch NAME.

    \b
    Example:
        hansard watch remove stalking
    """
    watches = load_watches(data_dir)
    _known(watches, name)
    del watches[name]
    save_watches(data_dir, watches)
    click.echo(f"watch {name!r} removed")


@watch.command()
@click.argument("name", required=False)
@output_options()
@data_dir_option
@click.pass_context
def run(
    ctx: click.Context,
    name: str | None,
    fmt: str,
    output: Path | None,
    excel: bool,
    data_dir: Path,
) -> None:
    """Print what matches NAME (or every watch) and is new since the last run.

    Exit status 3 when something is new, 0 when nothing is: cron can mail only real news.

    \b
    Example:
        hansard watch run stalking
        hansard watch run --format csv --output new.csv || echo "new turns"
    """
    from hansard import export

    watches = load_watches(data_dir)
    names = [name] if name else sorted(watches)
    if name:
        _known(watches, name)
    if not names:
        click.echo("no watches yet; add one with `hansard watch add NAME QUERY`", err=True)
        return
    _warn_if_stale(data_dir)
    new_by_watch: dict[str, list[Turn]] = {}
    for watch_name in names:
        entry = watches[watch_name]
        seen = set(entry["seen"])
        new_by_watch[watch_name] = [t for t in matching_turns(data_dir, entry) if t.id not in seen]
    rendered = _render(new_by_watch, fmt, excel, export)
    if output is not None:
        from hansard import atomic

        atomic.write_text(output, rendered)
    else:
        click.echo(rendered, nl=False)
    for watch_name, turns in new_by_watch.items():
        entry = watches[watch_name]
        entry["seen"] = sorted(set(entry["seen"]) | {t.id for t in turns})
        entry["last_run_at"] = _now()
        click.echo(f"hansard: watch {watch_name!r}: {len(turns)} new", err=True)
    save_watches(data_dir, watches)
    if fmt in export.RECORD_FORMATS:
        click.echo(f"hansard: note: {OPL_ATTRIBUTION}", err=True)
    if any(new_by_watch.values()):
        ctx.exit(EXIT_NEW)


def _render(new_by_watch: dict[str, list[Turn]], fmt: str, excel: bool, export) -> str:
    """Records formats get one list of distinct turns; text and md get a section per watch."""
    if fmt in export.RECORD_FORMATS:
        distinct = {t.id: t for turns in new_by_watch.values() for t in turns}
        return export.render(list(distinct.values()), fmt, excel) if distinct else ""
    sections = []
    for watch_name, turns in new_by_watch.items():
        if not turns:
            continue
        heading = f"## watch {watch_name}: {len(turns)} new\n\n"
        if fmt != "md":
            heading = f"== watch {watch_name}: {len(turns)} new ==\n"
        sections.append(heading + export.render(turns, fmt))
    return "\n".join(sections)
