"""`hansard index`, `search`, `show` and `stats`.

Kept import-light: the index and search modules (and Whoosh) are imported inside the commands,
and rich only when printing to a terminal, so `hansard search` starts fast and never pulls in
Scrapy or Twisted.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from hansard.cli.common import (
    DATE,
    backend_option,
    data_dir_option,
    output_options,
    stdout_is_terminal,
)
from hansard.records import HOUSES, OPL_ATTRIBUTION, ROLES, SearchRequest

FACET_NAMES = ("member", "minister", "department", "party", "year")


def _note_licence(fmt: str) -> None:
    """Record formats have no room for the licence line, so it goes to stderr with them."""
    from hansard.export import RECORD_FORMATS

    if fmt in RECORD_FORMATS:
        click.echo(f"hansard: note: {OPL_ATTRIBUTION}", err=True)


def _warn_if_gaps(data_dir: Path, request: SearchRequest) -> None:
    """Days of the searched range that were never crawled or failed make "no results" ambiguous."""
    if not (request.date_from or request.date_to):
        return
    from hansard.research.coverage import gaps_warning

    message = gaps_warning(data_dir, request.date_from, request.date_to, request.house)
    if message:
        click.echo(f"hansard: warning: {message}", err=True)


def _warn_if_stale(backend) -> None:
    message = backend.warning()
    if message:
        click.echo(f"hansard: warning: {message}", err=True)


@click.command()
@click.option("--rebuild", is_flag=True, help="Build a fresh index from the whole archive.")
@backend_option
@data_dir_option
def index(rebuild: bool, backend: str | None, data_dir: Path) -> None:
    """Build or update the search index from the archive.

    Without --rebuild only the sittings that are new or changed since the last run are indexed,
    so this is also how an interrupted build is completed.

    \b
    Example:
        hansard index
        hansard index --rebuild --data-dir ./data
        hansard index --backend postgresql://search@db1,db2/hansard
    """
    from search.backend import open_backend

    target = open_backend(data_dir, backend)

    def progress(done: int, total: int) -> None:
        if stdout_is_terminal():
            click.echo(f"\rindexed {done}/{total} sittings", nl=False, err=True)

    stats = (target.rebuild if rebuild else target.sync)(progress=progress)
    if stdout_is_terminal():
        click.echo("", err=True)
    rate = f" ({stats['turns_per_s']:.0f} turns/s)" if stats.get("turns_per_s") else ""
    click.echo(
        f"indexed {stats['turns_indexed']} turns from {stats['days_indexed']} sittings"
        f"{rate}; removed {stats['days_removed']} sittings no longer archived"
    )


@click.command()
@click.argument("query", nargs=-1)
@click.option("--member", help='A member, however printed: "Nusrat Ghani", "Mr Bone", or an id.')
@click.option("--minister", help='Answers given as an office ("Solicitor General") or by a name.')
@click.option("--topic", help="What the exchange is about (its heading and question), stemmed.")
@click.option("--department", help='The answering department, e.g. "Attorney General".')
@click.option("--party", help="Party as printed: Con, Lab, LD, SNP, CB ...")
@click.option("--role", type=click.Choice(ROLES, case_sensitive=False))
@click.option("--house", type=click.Choice(HOUSES, case_sensitive=False))
@click.option("--from", "date_from", type=DATE, help="On or after this date (YYYY-MM-DD).")
@click.option("--to", "date_to", type=DATE, help="On or before this date (YYYY-MM-DD).")
@click.option(
    "--sort",
    type=click.Choice(("relevance", "date", "-date")),
    default="relevance",
    show_default=True,
    help="With no words, relevance means newest first.",
)
@click.option(
    "--limit", type=click.IntRange(min=0), default=20, show_default=True, help="0 for every match."
)
@click.option("--count", "count_only", is_flag=True, help="Print the number of matches only.")
@click.option(
    "--facet",
    "facets",
    multiple=True,
    type=click.Choice(FACET_NAMES),
    help="Count all matches by this (repeatable); prints the counts instead of the turns.",
)
@click.option(
    "--group",
    type=click.Choice(("exchange",)),
    default=None,
    help="Show each matching exchange once: its question, then its matching turns (--limit "
    "counts exchanges).",
)
@output_options(("text", "json", "jsonl", "csv", "md"))
@backend_option
@data_dir_option
def search(
    query: tuple[str, ...],
    member: str | None,
    minister: str | None,
    topic: str | None,
    department: str | None,
    party: str | None,
    role: str | None,
    house: str | None,
    date_from: str | None,
    date_to: str | None,
    sort: str,
    limit: int,
    count_only: bool,
    facets: tuple[str, ...],
    group: str | None,
    fmt: str,
    output: Path | None,
    excel: bool,
    backend: str | None,
    data_dir: Path,
) -> None:
    """Search the turns: free words (stemmed), "phrases", AND/OR/NOT, -word, field:value.

    Fields: member: minister: office: topic: title: department: party: role: house: id:
    date:2015, date:2015-11, date:2015-01-01..2015-12-31, from:DATE, to:DATE.

    \b
    Example:
        hansard search stalking --minister "Solicitor General"
        hansard search --member "Nusrat Ghani" --format json
        hansard search '"restraining orders" OR injunction -Scotland' --from 2015-01-01
        hansard search --department Health --facet party --facet year
        hansard search stalking --group exchange
        hansard search stalking --backend postgresql://search@db1,db2/hansard
    """
    from search.backend import open_backend

    engine = open_backend(data_dir, backend)

    request = SearchRequest(
        query=" ".join(query),
        member=member,
        minister=minister,
        topic=topic,
        department=department,
        party=party,
        role=role.lower() if role else None,
        house=house.capitalize() if house else None,
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        limit=None if limit == 0 else limit,
        facets=tuple(dict.fromkeys(facets)),
    )
    _warn_if_gaps(data_dir, request)
    if count_only:
        total = engine.count(request)
        _warn_if_stale(engine)
        click.echo(total)
        return
    if group and not facets:
        from hansard.cli.research_cmds import print_groups
        from search.exchanges import grouped_search

        if engine.name == "whoosh":
            shown, total_groups, total_turns = grouped_search(data_dir, request, request.limit)
        else:  # every match from the backend, grouped here (the Whoosh path reads its columns)
            from dataclasses import replace

            from search.exchanges import group_hits

            every = engine.search(replace(request, limit=None, snippets=True))
            shown, total_groups = group_hits(data_dir, every.hits, request.limit)
            total_turns = every.total
        _warn_if_stale(engine)
        print_groups(shown, total_groups, total_turns, fmt, output, excel)
        _note_licence(fmt)
        return
    result = engine.search(request)
    _warn_if_stale(engine)
    if facets:
        _print_facets(result, fmt, output)
        return
    from search.exchanges import questions_of

    questions = questions_of(data_dir, (hit.turn for hit in result.hits))
    if fmt == "text" and output is None and stdout_is_terminal():
        _print_hits_rich(result, questions)
        return
    from hansard import export

    export.write(result.hits, fmt, output=output, excel=excel, scored=True, questions=questions)
    if fmt == "text" and output is None:
        click.echo(f"{len(result.hits)} of {result.total} matches", err=True)
    _note_licence(fmt)


def _print_facets(result, fmt: str, output: Path | None) -> None:
    from hansard import atomic

    data = {name: [[value, n] for value, n in pairs] for name, pairs in result.facets.items()}
    if fmt in ("json", "jsonl"):
        text = json.dumps({"total": result.total, "facets": data}, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        from hansard.export import neutralise_cell

        rows = ["facet,value,count"]
        for name, pairs in data.items():
            rows += [
                f'{name},"{neutralise_cell(v).replace(chr(34), 2 * chr(34))}",{n}' for v, n in pairs
            ]
        text = "\r\n".join(rows) + "\r\n"
    else:
        lines = [f"{result.total} matches"]
        for name, pairs in data.items():
            lines.append(f"\n{name}:")
            width = max((len(str(n)) for _v, n in pairs), default=1)
            lines += [f"  {n:>{width}}  {value}" for value, n in pairs]
        text = "\n".join(lines) + "\n"
    if output:
        atomic.write_text(output, text)
    else:
        click.echo(text, nl=False)


@click.command()
@click.argument("turn_id", metavar="ID")
@output_options(("text", "json", "jsonl", "csv", "md"))
@backend_option
@data_dir_option
def show(
    turn_id: str, fmt: str, output: Path | None, excel: bool, backend: str | None, data_dir: Path
) -> None:
    """Show the whole exchange a turn belongs to, in sitting order, with roles.

    \b
    Example:
        hansard show 15112625000027
        hansard show 15112625000027 --format json
        hansard show 'https://hansard.parliament.uk/Commons/2015-11-26/debates/15112625000015/X#contribution-A1'
    """
    from hansard.quoting import find_turn, turn_id_from
    from search.backend import open_backend

    engine = open_backend(data_dir, backend)
    turn_id = find_turn(data_dir, turn_id_from(turn_id), backend).id  # any case, or a permalink
    turns = engine.exchange(turn_id)
    if fmt == "text" and output is None:
        from search.crossrefs import references_of

        cache: dict = {}
        references = {turn.id: references_of(data_dir, turn, cache) for turn in turns}
        _print_exchange(turns, turn_id, rich_output=stdout_is_terminal(), references=references)
        return
    from hansard import export
    from hansard.questions import questions_among

    export.write(turns, fmt, output=output, excel=excel, questions=questions_among(turns))
    _note_licence(fmt)


@click.command()
@output_options(("text", "json"))
@backend_option
@data_dir_option
def stats(fmt: str, output: Path | None, excel: bool, backend: str | None, data_dir: Path) -> None:
    """What the archive and the index hold, and whether the index is behind.

    \b
    Example:
        hansard stats
        hansard stats --format json
    """
    from search.backend import open_backend

    data = open_backend(data_dir, backend).stats()
    text = json.dumps(data, indent=1) + "\n" if fmt == "json" else _stats_text(data)
    if output is None:
        click.echo(text, nl=False)
    else:
        from hansard import atomic

        atomic.write_text(output, text)
    if data["warning"]:
        click.echo(f"hansard: warning: {data['warning']}", err=True)


def _stats_text(data: dict) -> str:
    archive, idx = data["archive"], data["index"]
    lines = [
        f"archive: {archive['turns']} turns in {archive['sittings']} sittings"
        + (f", {archive['first_date']} to {archive['last_date']}" if archive["sittings"] else "")
        + f" ({archive['path']})"
    ]
    if idx is None:
        where = " --backend URL" if data.get("backend") == "postgresql" else ""
        lines.append(f"index: none yet; run `hansard index{where}` to build it")
    elif idx.get("backend") == "postgresql":
        lines.append(
            f"index: {idx['turns']} turns from {idx['sittings']} sittings in PostgreSQL, "
            f"{idx['size_mb']} MB, schema v{idx['schema_version']} ({idx['path']}, read from "
            f"{idx['server']})"
        )
    else:
        lines.append(
            f"index: {idx['turns']} turns from {idx['sittings']} sittings, {idx['segments']} "
            f"segment(s), {idx['size_mb']} MB, schema v{idx['schema_version']} ({idx['path']})"
        )
    return "\n".join(lines) + "\n"


# -- terminal rendering ------------------------------------------------------------------------


def _marked(text: str):
    """Snippet text with its [[matches]] highlighted (rich Text)."""
    import re

    from rich.text import Text

    out = Text()
    for n, part in enumerate(re.split(r"\[\[|\]\]", text)):
        out.append(part, style="bold yellow" if n % 2 else None)
    return out


def _print_hits_rich(result, questions) -> None:
    from rich.console import Console
    from rich.text import Text

    from hansard.citation import speaker_as_printed
    from hansard.export import heading_line

    console = Console(highlight=False)
    for hit in result.hits:
        turn = hit.turn
        head = Text()
        head.append(turn.date, style="cyan")
        head.append(f"  {turn.house} · {turn.role} · ")
        head.append(speaker_as_printed(turn), style="bold")
        console.print(head)
        if heading := heading_line(turn):
            console.print(Text(f"  {heading}", style="dim"))
        question = questions.get(turn.exchange_id or "")
        if question is not None and question.id != turn.id:
            asked = f"  Asked by {question.speaker_name}: {_shorten(question.text, 160)}"
            console.print(Text(asked, style="italic"))
        body = Text("  ")
        body.append(_marked(hit.snippet) if hit.snippet else Text(_shorten(turn.text)))
        console.print(body)
        console.print(Text(f"  {turn.url}  [{turn.id}]", style="blue"), soft_wrap=True)
        console.print()
    console.print(
        Text(f"{len(result.hits)} of {result.total} matches. {OPL_ATTRIBUTION}", style="dim")
    )


def _shorten(text: str, width: int = 300) -> str:
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + "…"


def _print_exchange(turns, chosen: str, rich_output: bool, references=None) -> None:
    from hansard.citation import speaker_as_printed
    from hansard.export import heading_line

    first = turns[0]
    lines = [f"{first.house} {first.date} · {heading_line(first)}", ""]
    for turn in turns:
        column = f", col {turn.column}" if turn.column is not None else ""
        pointer = "▶ " if turn.id == chosen else ""
        lines.append(f"{pointer}[{turn.role}] {speaker_as_printed(turn)}{column}  ({turn.id})")
        lines.append(turn.text)
        lines.append(turn.url)
        for resolved in (references or {}).get(turn.id, ()):
            from hansard.cli.research_cmds import reference_lines

            lines.extend(reference_lines(resolved))
        lines.append("")
    lines.append(OPL_ATTRIBUTION)
    if rich_output:
        from rich.console import Console

        # soft wrap: the terminal folds long lines, so a permalink stays one line to copy
        Console(highlight=False).print("\n".join(lines), markup=False, soft_wrap=True)
    else:
        click.echo("\n".join(lines))
