"""`hansard commitments`: what ministers undertook to do, and whether it was done.

Only the click commands live here; finding, marking and follow-ups are in
:mod:`hansard.register`, the formats in :mod:`hansard.register_render`, which other front ends
share.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from hansard import register
from hansard.cli.common import DATE, data_dir_option, output_options
from hansard.records import OPL_ATTRIBUTION
from hansard.register_render import render

STATUS_CHOICES = ("open", "partly-met", "met", "dropped", "done")
"""What the options accept: "partly-met" is stored as "partly met", "done" as "met"."""


def _statuses(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(register.normalise_status(v) for v in values)


def register_filters(func: Callable[..., Any]) -> Callable[..., Any]:
    """The filters shared by the listing and `register`; the command receives ``chosen``."""
    options = [
        click.option("--status", "statuses", multiple=True, type=click.Choice(STATUS_CHOICES),
                     help="Only these statuses (repeatable)."),
        click.option("--kind", "kinds", multiple=True,
                     help="Only these kinds: write, library, publish, meet... (repeatable)."),
        click.option("--overdue", is_flag=True,
                     help="Only open or partly met commitments whose due date has passed."),
        click.option("--due-before", type=DATE, default=None, help="Due before this day."),
        click.option("--minister", default=None,
                     help='Office or name, any part ("Home Secretary" matches whoever held it).'),
        click.option("--department", default=None,
                     help="Answering department, any part; matches the same remit across renames."),
        click.option("--from", "date_from", type=DATE, default=None, help="Given from this day."),
        click.option("--to", "date_to", type=DATE, default=None, help="Given up to this day."),
        click.option("--today", type=DATE, default=None,
                     help="Take this day as today for --overdue [default: today]."),
    ]  # fmt: skip

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["chosen"] = register.RegisterFilter(
            statuses=_statuses(kwargs.pop("statuses")),
            kinds=tuple(k.strip().lower() for k in kwargs.pop("kinds")),
            **{key: kwargs.pop(key) for key in _FILTER_KEYS},
        )
        return func(*args, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


_FILTER_KEYS = (
    "overdue", "due_before", "minister", "department", "date_from", "date_to", "today",
)  # fmt: skip


def _emit(text: str, output: Path | None, fmt: str) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        from hansard import atomic

        atomic.write_bytes(output, text.encode("utf-8"))  # bytes: CSV keeps its CRLF
    if fmt in ("json", "jsonl", "csv"):
        click.echo(f"hansard: note: {OPL_ATTRIBUTION}", err=True)


def _note_if_empty(data_dir: Path) -> None:
    if not register.archive_has_days(data_dir):
        click.echo("hansard: note: the archive is empty; fill it with `hansard crawl`", err=True)


# -- commands ----------------------------------------------------------------------------------


@click.group(invoke_without_command=True)
@register_filters
@click.option(
    "--follow-ups",
    is_flag=True,
    help="Suggest later turns that may fulfil each one (uses the index).",
)
@output_options()
@data_dir_option
@click.pass_context
def commitments(
    ctx: click.Context,
    chosen: register.RegisterFilter,
    follow_ups: bool,
    fmt: str,
    output: Path | None,
    excel: bool,
    data_dir: Path,
) -> None:
    """List the undertakings ministers gave in their answers, with status, due date and history.

    An undertaking is a promise of a checkable act: to write, to place a copy in the Library, to
    publish, to look into, to meet, to bring forward legislation, to consult, to set out plans in
    due course... Each is due three months after it was given (India's assurance committees'
    rule) unless marked otherwise; mark each one met, partly met or dropped as you follow it up.

    \b
    Example:
        hansard commitments --overdue --today 2023-01-01
        hansard commitments --minister "Prime Minister" --from 2022-01-01 --kind meet
        hansard commitments --status open --format csv --output open.csv
        hansard commitments mark 844A384F-CAF2-4E10-93E5-924AF6189A03:make_sure:2 met \\
            --note "Meeting held" --evidence https://example.org/letter
    """
    if ctx.invoked_subcommand is not None:
        return
    records = register.list_commitments(data_dir, chosen, with_follow_ups=follow_ups)
    _note_if_empty(data_dir)
    _emit(render(records, fmt, excel), output, fmt)


@commitments.command(name="register")
@register_filters
@output_options(formats=("md", "csv", "json", "jsonl"), default="md")
@click.option("--title", default="Register of ministerial commitments", show_default=True,
              help="Heading of the Markdown register.")  # fmt: skip
@data_dir_option
def register_(
    chosen: register.RegisterFilter,
    fmt: str,
    output: Path | None,
    excel: bool,
    title: str,
    data_dir: Path,
) -> None:
    """Write the register a campaign publishes: every commitment with every field and its history.

    Markdown starts with a summary (how many open, met, overdue) and a table, then one entry per
    commitment; CSV has one row each, the history as JSON in its own column.

    \b
    Example:
        hansard commitments register --format md --output register.md
        hansard commitments register --format csv --department "Energy Security" -o energy.csv
    """
    records = register.list_commitments(data_dir, chosen)
    _note_if_empty(data_dir)
    _emit(render(records, fmt, excel, title=title), output, fmt)


@commitments.command()
@click.argument("commitment_id", metavar="ID")
@click.argument("status", type=click.Choice(STATUS_CHOICES), required=False)
@click.option("--note", default=None, help="What happened, in a few words.")
@click.option(
    "--evidence",
    metavar="URL|TURN_ID",
    default=None,
    help="Where it is shown to be done: a web address, or a turn id from `follow-ups`.",
)
@click.option("--due", type=DATE, default=None, help="A new due date (YYYY-MM-DD).")
@data_dir_option
def mark(
    commitment_id: str,
    status: str | None,
    note: str | None,
    evidence: str | None,
    due: str | None,
    data_dir: Path,
) -> None:
    """Record what became of a commitment: met, partly-met, dropped or open again; a note,
    evidence, or a new due date. Every change is kept in its history.

    Marks are kept in the data directory and survive re-crawls and re-indexing.

    \b
    Example:
        hansard commitments mark 844A384F-CAF2-4E10-93E5-924AF6189A03:make_sure:2 met \\
            --note "Meeting held on 1 July" --evidence https://example.org/letter.pdf
        hansard commitments mark 844A384F-CAF2-4E10-93E5-924AF6189A03:make_sure:2 --due 2022-12-31
    """
    commitment = register.mark(
        data_dir, commitment_id, status, note=note, evidence=evidence, due=due
    )
    what = register.normalise_status(status) if status else "noted"
    click.echo(f"{commitment.id}: {what} ({commitment.minister_as_printed}, {commitment.date})")


@commitments.command(name="follow-ups")
@click.argument("commitment_id", metavar="ID")
@click.option("--limit", type=click.IntRange(1), default=10, show_default=True,
              help="How many candidates to list.")  # fmt: skip
@output_options()
@data_dir_option
def follow_ups(
    commitment_id: str, limit: int, fmt: str, output: Path | None, excel: bool, data_dir: Path
) -> None:
    """Rank later turns that may fulfil the commitment ID or report on it, best first.

    Signals: fulfilment phrases ("I wrote to", "as I promised", "I have placed in the Library",
    "we have now published"), the same minister, office or department remit, the commitment's
    subject words, the asker named. Each candidate shows its score and reasons; link the right
    one as evidence with `commitments mark ID met --evidence TURN_ID`. Uses the index.

    \b
    Example:
        hansard commitments follow-ups 844A384F-CAF2-4E10-93E5-924AF6189A03:make_sure:2
        hansard commitments mark 844A384F-CAF2-4E10-93E5-924AF6189A03:make_sure:2 met \\
            --evidence LATER-TURN-ID
    """
    from hansard.export import neutralise_cell

    commitment = register.find_commitment(data_dir, commitment_id)
    found = register.follow_ups(data_dir, commitment, limit=limit)
    if fmt == "text":
        lines = [f"follow-ups for {commitment.id} ({commitment.minister_as_printed}, "
                 f"{commitment.date}): “{commitment.sentence}”", ""]  # fmt: skip
        for rank, f in enumerate(found, 1):
            lines.append(f"{rank}. {f['score']:.2f} {f['date']} {f['speaker']} ({f['role']})")
            lines.append(f"   {f['title'] or ''} · {'; '.join(f['reasons'])}")
            lines.append(f"   {f['url']}\n   id: {f['id']}")
        lines.append(f"{len(found)} candidates\n{OPL_ATTRIBUTION}\n")
        _emit("\n".join(lines), output, fmt)
        return
    if fmt == "csv":
        import csv
        import io

        out = io.StringIO(newline="")
        if excel:
            out.write("\ufeff")
        columns = ("rank", "score", "id", "date", "speaker", "role", "title", "url", "reasons")
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(columns)
        for rank, f in enumerate(found, 1):
            row = {**f, "rank": rank, "reasons": "; ".join(f["reasons"])}
            writer.writerow([neutralise_cell(row[c]) for c in columns])
        _emit(out.getvalue(), output, fmt)
        return
    if fmt == "md":
        rows = [f"| {n} | {f['score']} | {f['date']} | {f['speaker']} | [{f['id']}]({f['url']}) "
                f"| {'; '.join(f['reasons'])} |" for n, f in enumerate(found, 1)]  # fmt: skip
        head = "| Rank | Score | Date | Speaker | Turn | Reasons |\n|---|---|---|---|---|---|\n"
        _emit(head + "\n".join(rows) + f"\n\n{OPL_ATTRIBUTION}\n", output, fmt)
        return
    import json

    if fmt == "json":
        _emit(json.dumps(found, ensure_ascii=False, indent=1) + "\n", output, fmt)
    else:
        _emit("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in found), output, fmt)
