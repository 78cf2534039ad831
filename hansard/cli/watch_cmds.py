"""`hansard watch`: saved searches that report what is new since they last ran (for cron).

How "entered the archive since the last run" is known: the index's manifest holds a stamp per
sitting (the size and time of the archived day file it indexed). A watch keeps the stamps it saw
at its last run (or when it was added), and, per sitting, the ids of the turns that matched it.
A run looks only at sittings whose stamp is new or changed, searches each of them, and reports the
matches whose ids it has not seen. So a cron run after a one-day crawl costs one small search
whatever the size of the archive; a back-filled old sitting is news though its date is old; a
re-crawled sitting reports only turns it did not hold before (turn ids are Hansard's own, stable
across crawls); a full re-index changes no stamp and reports nothing. The state is saved only
after the run's output is written, so a failed run reports the same turns next time.

Exit status: 0 when nothing is new, 3 when something is, so cron can act on it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import click

from hansard.cli.common import DATE, data_dir_option, output_options
from hansard.errors import HansardError, UsageError
from hansard.records import HOUSES, OPL_ATTRIBUTION, ROLES, SearchRequest, Turn
from hansard.state import load_state, save_state

STATE_FILE = "watches.json"
EXIT_NEW = 3
FILTERS = ("member", "minister", "topic", "department", "party", "role", "house")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


# -- state -------------------------------------------------------------------------------------


def load_watches(data_dir: Path) -> dict[str, dict[str, Any]]:
    return load_state(data_dir, STATE_FILE, "watches")


def save_watches(data_dir: Path, watches: dict[str, dict[str, Any]]) -> None:
    save_state(data_dir, STATE_FILE, "watches", watches)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def request_for(watch: dict[str, Any], house: str | None = None, date: str | None = None):
    """The watch's search, narrowed to one sitting when ``date`` is given (None if the sitting
    lies outside the watch's own house or dates)."""
    filters = watch.get("filters", {})
    date_from, date_to = filters.get("date_from"), filters.get("date_to")
    if date is not None:
        if (date_from and date < date_from) or (date_to and date > date_to):
            return None
        if filters.get("house") and house and filters["house"].lower() != house.lower():
            return None
        date_from = date_to = date
    return SearchRequest(
        query=watch.get("query") or "",
        **{name: filters.get(name) for name in FILTERS if name != "house"},
        house=house if date is not None else filters.get("house"),
        date_from=date_from,
        date_to=date_to,
        sort="date",
        limit=None,
    )


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
    known: dict[str, str] = watch.setdefault("days", {})
    found: list[Turn] = []
    for key in sorted(days, key=lambda k: (k.split(":", 1)[-1], k)):
        if known.get(key) == days[key]:
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
@click.option(
    "--house", type=click.Choice(HOUSES, case_sensitive=False), default=None, help="One House only."
)
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
    entry["days"] = indexed_days(data_dir)
    matches = matching_turns(data_dir, entry)  # also checks the query is well formed
    seen: dict[str, list[str]] = {}
    for turn in matches:
        seen.setdefault(f"{turn.house}:{turn.date}", []).append(turn.id)
    entry["seen"] = {key: sorted(ids) for key, ids in seen.items()}
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
        seen = sum(len(ids) for ids in entry.get("seen", {}).values())
        click.echo(f"{name}\t{_describe(entry)}\tlast run: {last}\tseen: {seen}")


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
    days = indexed_days(data_dir)
    new_by_watch = {
        watch_name: new_matches(data_dir, watches[watch_name], days) for watch_name in names
    }
    from search.exchanges import questions_of

    questions = questions_of(data_dir, (t for turns in new_by_watch.values() for t in turns))
    rendered = _render(new_by_watch, fmt, excel, export, questions)
    if output is not None:
        from hansard import atomic

        atomic.write_bytes(output, rendered.encode("utf-8"))  # bytes: CSV keeps its CRLF
    else:
        click.echo(rendered, nl=False)
    for watch_name, turns in new_by_watch.items():
        watches[watch_name]["last_run_at"] = _now()
        click.echo(f"hansard: watch {watch_name!r}: {len(turns)} new", err=True)
    save_watches(data_dir, watches)
    if fmt in export.RECORD_FORMATS:
        click.echo(f"hansard: note: {OPL_ATTRIBUTION}", err=True)
    if any(new_by_watch.values()):
        ctx.exit(EXIT_NEW)


def _render(
    new_by_watch: dict[str, list[Turn]], fmt: str, excel: bool, export, questions: dict
) -> str:
    """Records formats get one list of distinct turns; text and md get a section per watch."""
    if fmt in export.RECORD_FORMATS:
        distinct = {t.id: t for turns in new_by_watch.values() for t in turns}
        turns = list(distinct.values())
        return export.render(turns, fmt, excel, questions) if distinct else ""
    sections = []
    for watch_name, turns in new_by_watch.items():
        if not turns:
            continue
        heading = f"## watch {watch_name}: {len(turns)} new\n\n"
        if fmt != "md":
            heading = f"== watch {watch_name}: {len(turns)} new ==\n"
        sections.append(heading + export.render(turns, fmt, questions=questions))
    return "\n".join(sections)
