"""`hansard quote`: a quotation ready to print, with the speaker as Hansard prints them, a
citation, the permalink and the licence line.

The rendering functions below are pure (turns in, text out), so tests can check them without
the index; only the command itself touches the index (through ``search.engine``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import click

from hansard.citation import STYLES, cite, speaker_as_printed
from hansard.cli.common import backend_option, data_dir_option, output_options
from hansard.commitments import split_sentences
from hansard.errors import HansardError
from hansard.records import OPL_ATTRIBUTION, Turn

GAP = " […] "
"""Marks sentences left out between two quoted ones, as editors do."""

_PERMALINK_ID = re.compile(r"#contribution-(?P<id>[^/?#\s]+)\s*$")


def turn_id_from(text: str) -> str:
    """Accept a turn id or a permalink ("...#contribution-ID"), so users can paste either."""
    match = _PERMALINK_ID.search(text.strip())
    return match.group("id") if match else text.strip()


@dataclass(frozen=True, slots=True)
class Quote:
    turn: Turn
    text: str
    speaker: str
    citation: str
    excerpt: bool
    """True when --match kept only some sentences."""


def matching_sentences(text: str, words: str) -> str | None:
    """The sentences holding every one of ``words`` (any case), gaps marked; None if none do."""
    wanted = [w.lower() for w in re.findall(r"\w[\w'’-]*", words)]
    if not wanted:
        return None
    kept: list[tuple[int, str]] = []
    for index, sentence in enumerate(split_sentences(text)):
        found = {w.lower() for w in re.findall(r"\w[\w'’-]*", sentence)}
        if all(w in found for w in wanted):
            kept.append((index, sentence))
    if not kept:
        return None
    parts = [kept[0][1]]
    for (before, _), (index, sentence) in itertools.pairwise(kept):
        parts.append((" " if index == before + 1 else GAP) + sentence)
    return "".join(parts)


def make_quote(turn: Turn, style: str = "oscola", match: str | None = None) -> Quote:
    text = turn.text
    if match:
        found = matching_sentences(turn.text, match)
        if found is None:
            raise HansardError(
                f"no sentence of turn {turn.id} holds all of the words {match!r}; "
                "try fewer words, or leave out --match to quote the whole turn"
            )
        text = found
    return Quote(
        turn=turn,
        text=text,
        speaker=speaker_as_printed(turn),
        citation=cite(turn, style),
        excerpt=bool(match),
    )


def _long_date(date: str) -> str:
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        return date
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B')} {day.year}"


def render_text(quote: Quote, question: Quote | None = None) -> str:
    lines: list[str] = []
    if question is not None:
        lines += [
            "In reply to:",
            f"  “{question.text}”",
            f"  — {question.speaker}",
            f"  {question.citation}",
            f"  {question.turn.url}",
            "",
        ]
    turn = quote.turn
    lines += [
        f"“{quote.text}”",
        f"— {quote.speaker}, House of {turn.house}, {_long_date(turn.date)}",
        quote.citation,
        turn.url,
        "",
        OPL_ATTRIBUTION,
    ]
    return "\n".join(lines) + "\n"


def _md_quote(quote: Quote) -> list[str]:
    body = [f"> {line}" if line else ">" for line in quote.text.splitlines()]
    turn = quote.turn
    return [
        *body,
        ">",
        f"> — {quote.speaker}, House of {turn.house}, {_long_date(turn.date)}, "
        f"[{quote.citation}]({turn.url})",
    ]


def render_markdown(quote: Quote, question: Quote | None = None) -> str:
    lines: list[str] = []
    if question is not None:
        lines += ["In reply to:", "", *_md_quote(question), ""]
    lines += [*_md_quote(quote), "", f"_{OPL_ATTRIBUTION}_"]
    return "\n".join(lines) + "\n"


def quote_record(quote: Quote) -> dict:
    turn = quote.turn
    return {
        "id": turn.id,
        "text": quote.text,
        "excerpt": quote.excerpt,
        "speaker": quote.speaker,
        "speaker_name": turn.speaker_name,
        "speaker_office": turn.speaker_office,
        "house": turn.house,
        "date": turn.date,
        "citation": quote.citation,
        "url": turn.url,
    }


def render_json(quote: Quote, question: Quote | None = None) -> str:
    data = quote_record(quote)
    data["question"] = quote_record(question) if question is not None else None
    data["licence"] = OPL_ATTRIBUTION
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


RENDERERS = {"text": render_text, "md": render_markdown, "json": render_json}


def question_for(answer: Turn, exchange: list[Turn]) -> Turn | None:
    """The question an answer replies to: the nearest question or supplementary before it in its
    exchange (a supplementary's answer replies to the supplementary), else the exchange's
    question."""
    before: list[Turn] = []
    for turn in exchange:
        if turn.id == answer.id:
            break
        before.append(turn)
    for turn in reversed(before):
        if turn.role in ("question", "supplementary"):
            return turn
    return next((t for t in exchange if t.role == "question" and t.id != answer.id), None)


# -- the command -------------------------------------------------------------------------------


def find_turn(data_dir: Path, turn_id: str, backend: str | None = None) -> Turn:
    """The turn, trying the id as typed and then in either case (ids are GUIDs users retype)."""
    from search.backend import open_backend

    engine = open_backend(data_dir, backend)
    for candidate in dict.fromkeys((turn_id, turn_id.upper(), turn_id.lower())):
        turn = engine.get_turn(candidate)
        if turn is not None:
            return turn
    raise HansardError(
        f"no turn with id {turn_id!r} in the index; find ids with `hansard search WORDS` "
        "(the id is shown in [brackets] after each result)"
    )


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
