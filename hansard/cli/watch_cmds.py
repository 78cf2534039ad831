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
@click.option(
    "--mail",
    "mail_to",
    metavar="TO",
    default=None,
    help="Also mail one digest of what is new to this address (none when nothing is).",
)
@click.option(
    "--mail-from",
    default=None,
    metavar="ADDRESS",
    help="Sender of the digest [default: hansard-qa@<this host>].",
)
@click.option("--smtp-host", default="localhost", show_default=True, help="SMTP server.")
@click.option(
    "--smtp-port",
    type=click.IntRange(1, 65535),
    default=25,
    show_default=True,
    help="SMTP port (587 for most submission servers, with --starttls).",
)
@click.option(
    "--starttls", is_flag=True, help="Upgrade the SMTP connection with STARTTLS before logging in."
)
@click.option(
    "--mail-cap",
    type=click.IntRange(1),
    default=20,
    show_default=True,
    help='Items per watch in the digest; the rest are counted ("and N more").',
)
@click.option(
    "--unsubscribe",
    default=None,
    metavar="URL",
    help="The List-Unsubscribe address [default: mailto: the sender].",
)
@click.option(
    "--atom",
    "atom_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write an Atom 1.0 feed to FILE (keeps earlier entries).",
)
@data_dir_option
@click.pass_context
def run(
    ctx: click.Context,
    name: str | None,
    fmt: str,
    output: Path | None,
    excel: bool,
    mail_to: str | None,
    mail_from: str | None,
    smtp_host: str,
    smtp_port: int,
    starttls: bool,
    mail_cap: int,
    unsubscribe: str | None,
    atom_file: Path | None,
    data_dir: Path,
) -> None:
    """Print what matches NAME (or every watch) and is new since the last run.

    Exit status 3 when something is new, 0 when nothing is: cron can act on real news. With
    --mail, one digest goes out per run (grouped by watch, each question with its answer, the
    speaker, citation and permalink); a login, if the server wants one, is read from
    $HANSARD_SMTP_USER and $HANSARD_SMTP_PASSWORD, never from a file. If sending fails, nothing
    is marked seen, so the next run sends the same items. With --atom, a feed file for static
    hosting.

    \b
    Example:
        hansard watch run stalking
        hansard watch run --format csv --output new.csv || echo "new turns"
        hansard watch run --mail me@example.org --smtp-host smtp.example.org \\
            --smtp-port 587 --starttls --atom /var/www/hansard.atom
    """
    from hansard import export

    run = watchlist.run_watches(data_dir, name)
    if not run.new:
        click.echo("no watches yet; add one with `hansard watch add NAME QUERY`", err=True)
        return
    _warn_if_stale(data_dir)
    from search.exchanges import questions_of

    questions = questions_of(data_dir, (t for turns in run.new.values() for t in turns))
    rendered = _render(run.new, fmt, excel, export, questions)
    if output is not None:
        from hansard import atomic

        atomic.write_bytes(output, rendered.encode("utf-8"))  # bytes: CSV keeps its CRLF
    else:
        click.echo(rendered, nl=False)
    if mail_to or atom_file:
        from hansard.digest import MailSettings, SmtpSettings

        mail = None
        if mail_to:
            smtp = SmtpSettings(smtp_host, smtp_port, starttls)
            mail = MailSettings(mail_to, mail_from, mail_cap, unsubscribe, smtp)
        _deliver(data_dir, run, mail, atom_file)
    watchlist.record_run(data_dir, run)
    for watch_name, turns in run.new.items():
        click.echo(f"hansard: watch {watch_name!r}: {len(turns)} new", err=True)
    if fmt in export.RECORD_FORMATS:
        click.echo(f"hansard: note: {OPL_ATTRIBUTION}", err=True)
    if run.anything_new:
        ctx.exit(EXIT_NEW)


def _deliver(data_dir: Path, run: watchlist.WatchRun, mail, atom_file: Path | None) -> None:
    """Mail the digest and write the feed; raises (and so saves nothing) if either fails."""
    from hansard import digest

    items = {watch_name: digest.items_for(data_dir, turns) for watch_name, turns in run.new.items()}
    if mail is not None and run.anything_new:
        message = digest.digest_message(
            items, mail.to, mail.sender or digest.default_sender(), mail.cap, mail.unsubscribe
        )
        digest.send(message, mail.smtp)
        click.echo(f"hansard: digest sent to {mail.to}", err=True)
    if atom_file is not None:
        from hansard import atomic

        atomic.write_bytes(atom_file, digest.atom_document(atom_file, items))


def _render(
    new_by_watch: dict[str, list[Turn]], fmt: str, excel: bool, export, questions: dict
) -> str:
    """Records formats get one list of distinct turns; text and md get a section per watch."""
    if fmt in export.RECORD_FORMATS:  # nothing new is still a record list: [] or a header
        distinct = {t.id: t for turns in new_by_watch.values() for t in turns}
        return export.render(list(distinct.values()), fmt, excel, questions)
    sections = []
    for watch_name, turns in new_by_watch.items():
        if not turns:
            continue
        heading = f"## watch {watch_name}: {len(turns)} new\n\n"
        if fmt != "md":
            heading = f"== watch {watch_name}: {len(turns)} new ==\n"
        sections.append(heading + export.render(turns, fmt, questions=questions))
    if not sections and fmt == "md":
        return export.render([], fmt)  # an empty table, with the licence line
    return "\n".join(sections)
