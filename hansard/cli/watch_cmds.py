"""`hansard watch`: saved searches that report what is new since they last ran (for cron).

Only the click commands and the rendering live here; the watches, their searches and the run's
bookkeeping are in :mod:`hansard.watchlist` (which says how "new" is known).

Exit status: 0 when nothing is new, 3 when something is, so cron can act on it.
"""

from __future__ import annotations

from pathlib import Path

import click

from hansard import watchlist
from hansard.cli.common import DATE, data_dir_option, output_options
from hansard.records import HOUSES, OPL_ATTRIBUTION, ROLES, Turn

EXIT_NEW = 3


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
    entry, seen = watchlist.add_watch(data_dir, name, query, filters)
    click.echo(f"watch {name!r} added: {watchlist.describe(entry)} ({seen} matches already seen)")


@watch.command(name="list")
@data_dir_option
def list_(data_dir: Path) -> None:
    """List the watches, what each looks for and when it last ran.

    \b
    Example:
        hansard watch list
    """
    watches = watchlist.load_watches(data_dir)
    if not watches:
        click.echo("no watches yet; add one with `hansard watch add NAME QUERY`")
        return
    for name in sorted(watches):
        entry = watches[name]
        last = entry.get("last_run_at") or "never"
        seen = sum(len(ids) for ids in entry.get("seen", {}).values())
        click.echo(f"{name}\t{watchlist.describe(entry)}\tlast run: {last}\tseen: {seen}")


@watch.command()
@click.argument("name")
@data_dir_option
def remove(name: str, data_dir: Path) -> None:
    """Remove the watch NAME.

    \b
    Example:
        hansard watch remove stalking
    """
    watchlist.remove_watch(data_dir, name)
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

    run = watchlist.run_watches(data_dir, name)
    if not run.new:
        click.echo("no watches yet; add one with `hansard watch add NAME QUERY`", err=True)
        return
    _warn_if_stale(data_dir)
    rendered = _render(run.new, fmt, excel, export)
    if output is not None:
        from hansard import atomic

        atomic.write_bytes(output, rendered.encode("utf-8"))  # bytes: CSV keeps its CRLF
    else:
        click.echo(rendered, nl=False)
    watchlist.record_run(data_dir, run)
    for watch_name, turns in run.new.items():
        click.echo(f"hansard: watch {watch_name!r}: {len(turns)} new", err=True)
    if fmt in export.RECORD_FORMATS:
        click.echo(f"hansard: note: {OPL_ATTRIBUTION}", err=True)
    if run.anything_new:
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
