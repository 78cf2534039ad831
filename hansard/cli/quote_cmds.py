"""`hansard quote`: a quotation ready to print, with the speaker as Hansard prints them, a
citation, the permalink and the licence line.

The rendering functions live in :mod:`hansard.quoting` (pure: turns in, text out), shared with the
web face; only the command itself is here.
"""

from __future__ import annotations

from pathlib import Path

import click

from hansard.citation import STYLES
from hansard.cli.common import backend_option, data_dir_option, output_options
from hansard.quoting import RENDERERS, find_turn, make_quote, question_for, turn_id_from

# -- the command -------------------------------------------------------------------------------


@click.command()
@click.argument("turn_id", metavar="ID")
@click.option(
    "--style",
    type=click.Choice(STYLES),
    default="oscola",
    show_default=True,
    help="Citation style: OSCOLA (HC Deb 26 November 2015, vol 602, col 407) or compact "
    "(HC Deb 26 Nov 2015 vol 602 c407).",
)
@click.option(
    "--match",
    "match",
    metavar="WORDS",
    default=None,
    help="Quote only the sentences that hold all of these words (error if none do).",
)
@click.option(
    "--with-question",
    is_flag=True,
    help="Also quote the question this answer replies to, with its own citation.",
)
@output_options(("text", "md", "json"), "text")
@backend_option
@data_dir_option
def quote(
    turn_id: str,
    style: str,
    match: str | None,
    with_question: bool,
    fmt: str,
    output: Path | None,
    excel: bool,
    backend: str | None,
    data_dir: Path,
) -> None:
    """Print a turn as a quotation with its citation, permalink and licence line.

    ID is a turn id as `hansard search` shows it, or the turn's permalink.

    \b
    Example:
        hansard quote 5B3E2C11-0A6D-4F0E-9C1B-2015112600A2
        hansard quote 5B3E2C11-0A6D-4F0E-9C1B-2015112600A2 --style compact --match "stalking"
        hansard quote 5B3E2C11-0A6D-4F0E-9C1B-2015112600A2 --with-question --format md
        hansard quote 5B3E2C11-0A6D-4F0E-9C1B-2015112600A2 --backend postgresql://db/hansard
    """
    del excel
    turn = find_turn(data_dir, turn_id_from(turn_id), backend)
    quoted = make_quote(turn, style, match)
    question = None
    if with_question:
        from search.backend import open_backend

        asked = question_for(turn, open_backend(data_dir, backend).exchange(turn.id))
        if asked is None:
            click.echo(
                f"hansard: note: turn {turn.id} ({turn.role}) follows no question in its exchange",
                err=True,
            )
        else:
            question = make_quote(asked, style)
    text = RENDERERS[fmt](quoted, question)
    if output is not None:
        from hansard import atomic

        atomic.write_bytes(output, text.encode("utf-8"))
    else:
        click.echo(text, nl=False)
