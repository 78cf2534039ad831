"""Research commands: grouped results, trends, find-quote, kwic, coverage, member, cited-by.

The work is done in plain modules that return records (``search.trends``, ``search.quotes``,
``search.kwic``, ``search.profile``, ``search.crossrefs``, ``hansard.research.coverage``), so a
web face can call the same functions; this module only parses options and prints.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from hansard.cli.common import DATE, data_dir_option, output_options
from hansard.cli.filters import filter_options, request_from
from hansard.records import HOUSES, OPL_ATTRIBUTION, ExchangeGroup


def emit(text: str, output: Path | None) -> None:
    """Print, or write the file atomically."""
    if output is None:
        click.echo(text, nl=False)
    else:
        from hansard import atomic

        atomic.write_bytes(output, text.encode("utf-8"))  # bytes: CSV keeps its CRLF anywhere


def note_licence(fmt: str) -> None:
    if fmt in ("json", "jsonl", "csv"):
        click.echo(f"hansard: note: {OPL_ATTRIBUTION}", err=True)


def table_text(rows: Sequence[dict[str, Any]], fmt: str, excel: bool = False) -> str:
    """Rows of plain values as json, jsonl, csv or md (text is each command's own)."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    columns = list(dict.fromkeys(k for r in rows for k in r))
    if fmt == "csv":
        from hansard.export import neutralise_cell

        buffer = io.StringIO(newline="")
        if excel:
            buffer.write("\ufeff")
        writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([neutralise_cell(_flat(r.get(c))) for c in columns])
        return buffer.getvalue()
    from hansard.export import _md_cell

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in rows:
        lines.append("| " + " | ".join(_md_cell(str(_flat(r.get(c)))) for c in columns) + " |")
    return "\n".join(lines) + f"\n\n{OPL_ATTRIBUTION}\n"


def _flat(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


# -- search --group exchange -------------------------------------------------------------------


def group_record(group: ExchangeGroup) -> dict[str, Any]:
    from hansard.export import heading_line, record

    first = group.question or group.hits[0].turn
    return {
        "exchange_id": group.exchange_id,
        "house": first.house,
        "date": first.date,
        "heading": heading_line(first),
        "question": group.question.to_dict() if group.question else None,
        "matching_turns": len(group.hits),
        "turns": [record(hit, True) for hit in group.hits],
    }


def print_groups(
    groups: list[ExchangeGroup],
    total_groups: int,
    total_turns: int,
    fmt: str,
    output: Path | None,
    excel: bool,
) -> None:
    """``hansard search --group exchange``: each exchange once, its question first."""
    if fmt in ("json", "jsonl"):
        records = [group_record(g) for g in groups]
        if fmt == "json":
            text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
        else:
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        emit(text, output)
        return
    if fmt in ("csv", "md"):
        from hansard import export

        hits = [hit for g in groups for hit in g.hits]
        questions = {g.exchange_id: g.question for g in groups if g.exchange_id and g.question}
        export.write(hits, fmt, output=output, excel=excel, scored=True, questions=questions)
        return
    emit(_groups_text(groups, total_groups, total_turns), output)


def _groups_text(groups: list[ExchangeGroup], total_groups: int, total_turns: int) -> str:
    from hansard.citation import speaker_as_printed
    from hansard.export import heading_line

    lines = []
    for group in groups:
        first = group.question or group.hits[0].turn
        n = len(group.hits)
        lines.append(
            f"{first.date} {first.house} · {heading_line(first)} · "
            f"{n} matching turn{'s' * (n != 1)}"
        )
        if group.question is not None:
            q = group.question
            lines.append(f"  [question] {speaker_as_printed(q)}  ({q.id})")
            lines.append(f"    {_shorten(q.text, 400)}")
        for hit in group.hits:
            turn = hit.turn
            if group.question is not None and turn.id == group.question.id:
                lines.append("    ▲ the question matches")
                continue
            lines.append(f"  ▶ [{turn.role}] {speaker_as_printed(turn)}  ({turn.id})")
            lines.append(f"    {hit.snippet or _shorten(turn.text, 300)}")
            lines.append(f"    {turn.url}")
        lines.append("")
    lines.append(
        f"{len(groups)} of {total_groups} exchanges, {total_turns} matching turns. "
        f"{OPL_ATTRIBUTION}"
    )
    return "\n".join(lines) + "\n"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + "…"


# -- coverage ----------------------------------------------------------------------------------


@click.command()
@click.option("--from", "date_from", type=DATE, help="First day (default: the first crawled).")
@click.option("--to", "date_to", type=DATE, help="Last day (default: the last crawled).")
@click.option("--house", type=click.Choice(HOUSES, case_sensitive=False))
@output_options()
@data_dir_option
def coverage(
    date_from: str | None,
    date_to: str | None,
    house: str | None,
    fmt: str,
    output: Path | None,
    excel: bool,
    data_dir: Path,
) -> None:
    """Which days are archived, not sitting, failed or never crawled, so "no results" is clear.

    Text output is a count per status, a calendar (█ archived, o no oral questions, · not
    sitting, u unparsed, x failed, ? never crawled) and the days that need a crawl.

    \b
    Example:
        hansard coverage --from 2015-11-01 --to 2015-11-30
        hansard coverage --house Commons --format csv --output coverage.csv
    """
    from hansard.errors import UsageError
    from hansard.research import coverage as cov

    if date_from and date_to and date_from > date_to:
        raise UsageError(f"--from {date_from} is after --to {date_to}; swap them")
    days = cov.coverage(data_dir, date_from, date_to, house.capitalize() if house else None)
    if fmt != "text":
        from dataclasses import asdict

        emit(table_text([asdict(d) for d in days], fmt, excel), output)
        return
    if not days:
        emit("no day has been crawled yet: run `hansard crawl --from DATE --to DATE`\n", output)
        return
    counts = cov.summary(days)
    lines = [f"{days[0].date} to {days[-1].date}:"]
    lines += [f"  {n:>6}  {status}" for status, n in counts.items()]
    lines += ["", "calendar (█ archived, o no oral questions, · not sitting, u unparsed, "
              "x failed, ? never crawled):"]  # fmt: skip
    lines += ["  " + line for line in cov.calendar(days)]
    gaps = [d for d in days if d.status in cov.GAPS]
    if gaps:
        lines += ["", "to crawl:"]
        lines += [f"  {d.house} {d.date} {d.status}" + (f": {d.error}" if d.error else "")
                  for d in gaps[:50]]  # fmt: skip
        if len(gaps) > 50:
            lines.append(f"  … and {len(gaps) - 50} more (use --format csv for all)")
    emit("\n".join(lines) + "\n", output)


# -- trends ------------------------------------------------------------------------------------


@click.command()
@click.argument("query", nargs=-1)
@filter_options
@click.option("--by", type=click.Choice(("year", "month")), default="year", show_default=True)
@click.option(
    "--split",
    type=click.Choice(("party", "department", "member", "minister", "house")),
    help="One series per value (the ten most frequent, the rest as 'other').",
)
@click.option("--normalize", is_flag=True, help="Add matches per 10,000 turns of each period.")
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also draw a chart to FILE.svg or FILE.png.",
)
@output_options()
@data_dir_option
def trends(
    query: tuple[str, ...],
    filters: dict[str, Any],
    by: str,
    split: str | None,
    normalize: bool,
    plot: Path | None,
    fmt: str,
    output: Path | None,
    excel: bool,
    data_dir: Path,
) -> None:
    """How often a query matched, per year or month: turns and exchanges, with a bar chart.

    Each period's turn count is exactly `hansard search QUERY --from START --to END --count`.

    \b
    Example:
        hansard trends stalking
        hansard trends '"Northern Ireland protocol"' --by month --split party --normalize
        hansard trends stalking --format json --plot stalking.svg
    """
    from search.trends import trends as compute

    text = " ".join(query)
    points = compute(data_dir, request_from(filters, text, limit=None), by, split, normalize)
    if plot is not None:
        from hansard.research.plot import plot_trends

        plot_trends(points, plot, f"{text or 'all turns'}: matching turns per {by}")
    if fmt == "text":
        emit(_trends_text(points, text), output)
        return
    rows = [p.to_dict() for p in points]
    if fmt in ("csv", "md"):
        rows = [_flat_split(row) for row in rows]
    emit(table_text(rows, fmt, excel), output)
    note_licence(fmt)


def _flat_split(row: dict[str, Any]) -> dict[str, Any]:
    split = row.pop("split", None) or {}
    row.update({f"split:{value}": n for value, n in split.items()})
    return row


BAR = 40


def _bar(value: float, top: float) -> str:
    if top <= 0 or value <= 0:
        return ""
    eighths = round(value / top * BAR * 8)
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8] or "▏"


def _empty_run(periods: list[str], width: int) -> str:
    """Consecutive periods without a match, on one line."""
    if len(periods) == 1:
        return f"{periods[0]:<{width}}  {0:>6}  {0:>6}"
    return f"{periods[0]}..{periods[-1]}: no matches"


def _trends_text(points: list, query: str) -> str:
    if not points:
        return f"no turns match {query!r}\n"
    normalized = points[0].per_10k is not None
    measure = [p.per_10k if normalized else p.turns for p in points]
    top = max(measure)
    width = max(len(p.period) for p in points)
    header = f"{'period':<{width}}  {'turns':>6}  {'exch.':>6}" + (
        "  per 10k" if normalized else ""
    )
    lines = [header]
    empty: list[str] = []
    for p, value in zip(points, measure, strict=True):
        if p.turns == 0:
            empty.append(p.period)
            continue
        if empty:
            lines.append(_empty_run(empty, width))
            empty = []
        rate = f"  {p.per_10k:>7.2f}" if normalized else ""
        lines.append(
            f"{p.period:<{width}}  {p.turns:>6}  {p.exchanges:>6}{rate}  {_bar(value, top)}"
        )
        for name, n in (p.split or {}).items():
            if n:
                lines.append(f"{'':<{width}}    {n:>6}  {name}")
    if empty:
        lines.append(_empty_run(empty, width))
    total = sum(p.turns for p in points)
    exchanges = sum(p.exchanges for p in points)
    lines.append(f"{total} matching turns in {exchanges} exchange{'s' * (exchanges != 1)} "
                 f"({points[0].period} to {points[-1].period}). {OPL_ATTRIBUTION}")  # fmt: skip
    return "\n".join(lines) + "\n"


# -- find-quote --------------------------------------------------------------------------------


@click.command("find-quote")
@click.argument("quote")
@click.option("--limit", type=click.IntRange(min=1), default=3, show_default=True)
@filter_options
@output_options()
@data_dir_option
def find_quote(
    quote: str,
    limit: int,
    filters: dict[str, Any],
    fmt: str,
    output: Path | None,
    excel: bool,
    data_dir: Path,
) -> None:
    """Find where a quote seen in the press was said, and print Hansard's exact words.

    Copes with dropped or changed words, lost punctuation, "…" cuts, [bracketed insertions],
    reported speech ("he would" for "I will") and a sentence from the middle of a long turn.
    Differences are marked wdiff style: [-the quote's word-] {+Hansard's word+}. Exits 1 with
    "not found in the archive" when no turn is close enough: it never guesses a speaker.

    \b
    Example:
        hansard find-quote "urges prosecutors to apply for restraining orders … on acquittal"
        hansard find-quote "he would write to the hon. Member" --minister "Solicitor General"
    """
    from hansard.errors import HansardError, UsageError
    from search.quotes import find_quote as find
    from search.quotes import match_record

    if len(quote.split()) < 3:
        raise UsageError("give at least three words of the quote, e.g. a whole sentence")
    matches = find(data_dir, quote, request_from(filters), limit=limit)
    if not matches:
        raise HansardError(
            "not found in the archive: no archived turn is close enough to this quote "
            "(check `hansard coverage` for the dates, or loosen the filters)"
        )
    if fmt != "text":
        emit(table_text([match_record(m) for m in matches], fmt, excel), output)
        note_licence(fmt)
        return
    lines = []
    for n, match in enumerate(matches, 1):
        record = match_record(match)
        lines.append(f"{n}. score {match.score:.2f} · {record['speaker']} · {record['date']}")
        lines.append(f"   {match.citation}")
        lines.append(f"   {record['url']}")
        lines.append(f"   Hansard: “{match.passage}”")
        lines.append(f"   Differences: {match.marked}")
        lines.append("")
    lines.append("[-word-] is in the quote, not in Hansard; {+word+} is in Hansard, not in the "
                 f"quote. {OPL_ATTRIBUTION}")  # fmt: skip
    emit("\n".join(lines) + "\n", output)


# -- kwic --------------------------------------------------------------------------------------


@click.command()
@click.argument("term")
@filter_options
@click.option("--width", type=click.IntRange(min=10, max=200), default=40, show_default=True,
              help="Characters of context either side.")  # fmt: skip
@click.option(
    "--sort",
    type=click.Choice(("date", "left", "right")),
    default="date",
    show_default=True,
    help="By date, or by the words left or right of the match.",
)
@click.option("--limit", type=click.IntRange(min=0), default=200, show_default=True,
              help="0 for every line.")  # fmt: skip
@output_options()
@data_dir_option
def kwic(
    term: str,
    filters: dict[str, Any],
    width: int,
    sort: str,
    limit: int,
    fmt: str,
    output: Path | None,
    excel: bool,
    data_dir: Path,
) -> None:
    """Keyword in context: each occurrence of a word or phrase, aligned, with who said it.

    A word matches by stem as search does ("stalk" finds "stalking"); several words are a
    phrase, matched verbatim. CSV and JSON give left, match and right as separate fields.

    \b
    Example:
        hansard kwic stalking --width 50
        hansard kwic "restraining orders" --sort left --format csv --output kwic.csv
    """
    from search.kwic import kwic as concordance

    found = concordance(data_dir, term, request_from(filters), width, sort,
                        None if limit == 0 else limit)  # fmt: skip
    lines = found.lines
    if found.turns_read < found.turns_matching and sort != "date":
        click.echo(
            f"hansard: note: sorted the lines of the newest {found.turns_read} of "
            f"{found.turns_matching} matching turns; narrow with --from/--to or filters",
            err=True,
        )
    if fmt != "text":
        emit(table_text([line.to_dict() for line in lines], fmt, excel), output)
        note_licence(fmt)
        return
    if not lines:
        emit(f"no occurrence of {term!r}\n", output)
        return
    match_width = max(len(line.match) for line in lines)
    rows = []
    for line in lines:
        left, right = line.left.rstrip(), line.right.strip()
        gap = " " if line.right[:1].isspace() else ""  # "Ireland." stays together
        match = f"{line.match}{gap}{right}"
        rows.append(f"{left:>{width}} {match:<{match_width + width + 1}}  "
                    f"{line.date} {line.speaker} · {line.citation}")  # fmt: skip
    rows.append(f"{len(lines)} lines. {OPL_ATTRIBUTION}")
    emit("\n".join(rows) + "\n", output)


# -- member ------------------------------------------------------------------------------------


@click.command()
@click.argument("who", metavar="NAME|ID")
@click.option("--latest", type=click.IntRange(min=0), default=5, show_default=True,
              help="How many of their latest turns to show.")  # fmt: skip
@output_options(("text", "json", "jsonl", "md"))
@data_dir_option
def member(
    who: str, latest: int, fmt: str, output: Path | None, excel: bool, data_dir: Path
) -> None:
    """A member's profile: questions, supplementaries and answers per year, offices held with
    first and last dates, the departments they asked most, and their latest turns.

    \b
    Example:
        hansard member "Robert Buckland"
        hansard member 4106 --format json
    """
    from search.profile import member_profile

    profile = member_profile(data_dir, who, latest)
    if fmt in ("json", "jsonl"):
        indent = 1 if fmt == "json" else None
        emit(json.dumps(profile.to_dict(), ensure_ascii=False, indent=indent) + "\n", output)
        note_licence(fmt)
        return
    emit(_profile_text(profile, markdown=fmt == "md"), output)


def _profile_text(profile, markdown: bool) -> str:
    from hansard.citation import cite, speaker_as_printed

    h = "## " if markdown else ""
    ids = ", ".join(str(i) for i in profile.member_ids) or "none known"
    lines = [f"{'# ' if markdown else ''}{profile.name} (member id {ids}): {profile.turns} turns"]
    if len(profile.names_printed) > 1:
        lines.append(f"printed as: {'; '.join(profile.names_printed)}")
    lines += ["", f"{h}turns per year", ""]
    if markdown:
        lines += [
            "| year | questions | supplementaries | answers | other |",
            "|---|--:|--:|--:|--:|",
        ]
        for year, roles in sorted(profile.by_year.items()):
            counts = " | ".join(str(roles[r]) for r in ("question", "supplementary", "answer"))
            lines.append(f"| {year} | {counts} | {roles['other']} |")
    else:
        lines.append("year  questions  supplementaries  answers  other")
        for year, roles in sorted(profile.by_year.items()):
            lines.append(f"{year}  {roles['question']:>9}  {roles['supplementary']:>15}  "
                         f"{roles['answer']:>7}  {roles['other']:>5}")  # fmt: skip
    if profile.offices:
        lines += ["", f"{h}offices held (as seen in the archive)", ""]
        lines += [f"- {o.office}: {o.first} to {o.last} ({o.turns} answers)"
                  for o in profile.offices]  # fmt: skip
    if profile.departments_asked:
        lines += ["", f"{h}departments asked most", ""]
        lines += [f"- {dept}: {n}" for dept, n in profile.departments_asked[:10]]
    if profile.latest:
        lines += ["", f"{h}latest turns", ""]
        for turn in profile.latest:
            lines.append(f"- {turn.date} [{turn.role}] {speaker_as_printed(turn)}: "
                         f"{_shorten(turn.text, 200)} ({cite(turn)}; {turn.url})")  # fmt: skip
    lines += ["", OPL_ATTRIBUTION]
    return "\n".join(lines) + "\n"


# -- cross-references --------------------------------------------------------------------------


def reference_lines(resolved) -> list[str]:
    """A reference as links: each cited turn's citation and permalink (or "not archived")."""
    from hansard.citation import cite, speaker_as_printed

    head = f"  ↳ cites {resolved.reference.text}"
    if not resolved.turns:
        return [f"{head}: not in the archive ({resolved.reference.date})"]
    lines = [f"{head}:"]
    for turn in resolved.turns:
        lines.append(f"      {cite(turn)} · {speaker_as_printed(turn)} · {turn.url}  [{turn.id}]")
    return lines


@click.command("cited-by")
@click.argument("turn_id", metavar="ID")
@output_options()
@data_dir_option
def cited_by(turn_id: str, fmt: str, output: Path | None, excel: bool, data_dir: Path) -> None:
    """The later turns that cite this turn ("[Official Report, 15 January 2020; Vol. 669,
    c. 1012]", "the answer I gave on 15 January"), oldest first.

    \b
    Example:
        hansard cited-by 5B3E2C11-0A6D-4F0E-9C1B-2015112600A4
        hansard cited-by 5B3E2C11-0A6D-4F0E-9C1B-2015112600A4 --format json
    """
    from hansard.citation import cite, speaker_as_printed
    from hansard.errors import HansardError
    from search import engine
    from search.crossrefs import cited_by as find

    if engine.get_turn(data_dir, turn_id) is None:
        raise HansardError(
            f"no turn with id {turn_id!r} in the index; find ids with `hansard search`"
        )
    rows = [
        {
            "id": turn.id,
            "date": turn.date,
            "house": turn.house,
            "speaker": speaker_as_printed(turn),
            "reference": reference.text,
            "citation": cite(turn),
            "url": turn.url,
        }
        for turn, reference in find(data_dir, turn_id)
    ]
    if fmt != "text":
        emit(table_text(rows, fmt, excel), output)
        note_licence(fmt)
        return
    if not rows:
        emit(f"no later turn in the archive cites {turn_id}\n", output)
        return
    lines = []
    for row in rows:
        lines.append(f"{row['date']} {row['house']} · {row['speaker']}  ({row['id']})")
        lines.append(f"  cites it as {row['reference']}")
        lines += [f"  {row['citation']} · {row['url']}", ""]
    lines.append(OPL_ATTRIBUTION)
    emit("\n".join(lines) + "\n", output)
