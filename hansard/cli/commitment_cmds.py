"""`hansard commitments`: what ministers undertook to do, and whether it was done.

Only the click commands and the rendering live here; finding, marking and follow-ups are in
:mod:`hansard.register`, which other front ends share.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click

from hansard import register
from hansard.cli.common import DATE, data_dir_option, output_options
from hansard.records import OPL_ATTRIBUTION
from hansard.register import STATUSES

# -- output ------------------------------------------------------------------------------------

CSV_FIELDS = (
    "id", "status", "date", "house", "minister", "office", "kind", "sentence", "asker",
    "question", "department", "debate_title", "citation", "url", "note", "evidence",
    "marked_at", "turn_id", "sentence_index", "question_turn_id",
)  # fmt: skip


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
    records = register.list_commitments(
        data_dir,
        date_from=date_from,
        date_to=date_to,
        minister=minister,
        department=department,
        status=status,
        with_follow_ups=follow_ups,
    )
    if not register.archive_has_days(data_dir):
        click.echo("hansard: note: the archive is empty; fill it with `hansard crawl`", err=True)
    _emit(render(records, fmt, excel), output)
    if fmt in ("json", "jsonl", "csv"):
        click.echo(f"hansard: note: {OPL_ATTRIBUTION}", err=True)


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
    commitment = register.mark(data_dir, commitment_id, status, note=note, evidence=evidence)
    click.echo(f"{commitment.id}: {status} ({commitment.minister_as_printed}, {commitment.date})")
