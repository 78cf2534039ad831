"""``hansard parse``: print the turns of saved Hansard pages, to check the parser on any page."""

from __future__ import annotations

import json
from pathlib import Path

import click

from hansard.cli.common import HTTP_URL, output_options
from hansard.errors import ParseError


@click.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--url", type=HTTP_URL, default=None, help="The page's address [default: the page's og:url]."
)
@output_options(("jsonl", "json"), "jsonl")
def parse(
    files: tuple[Path, ...], url: str | None, fmt: str, output: Path | None, excel: bool
) -> None:
    """Print the oral-question turns of saved Hansard pages (FILE...).

    One turn per line as JSON (jsonl), or one JSON array (json). The fields are those of
    `hansard search --format json`.

    \b
    Example:
        hansard parse page.html
        hansard parse page.html --format json
        hansard parse saved.html --url https://hansard.parliament.uk/Commons/2015-11-26/debates/15112625000015/StalkingAndHarassmentCases
    """
    from crawler.page import parse_page  # lazily: keeps `hansard --help` fast

    if url and len(files) > 1:
        raise click.UsageError("--url names one page; give one FILE with it")
    turns = []
    for file in files:
        try:
            html = file.read_bytes()
        except OSError as error:
            raise ParseError(f"{file}: cannot read it ({error.strerror})") from None
        try:
            turns.extend(parse_page(html, url))
        except ParseError as error:
            raise ParseError(f"{file}: {error}") from None
    if fmt == "json":
        body = json.dumps([t.to_dict() for t in turns], ensure_ascii=False, indent=2) + "\n"
    else:
        body = "".join(t.to_json() + "\n" for t in turns)
    if output is None:
        click.echo(body, nl=False)
    else:
        from hansard.atomic import write_text

        write_text(output, body)
