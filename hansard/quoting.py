"""Quotations with their citation: the plain functions ``hansard quote`` and the web face share.

Pure functions (turns in, text or records out) plus :func:`find_turn`, which reads the index
through ``search.engine``; no click here, so any front end can call them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from hansard.citation import cite, speaker_as_printed
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


def find_turn(data_dir: Path, turn_id: str, backend: str | None = None) -> Turn:
    """The turn, trying the id as typed and then in either case (ids are GUIDs users retype).
    The process's own backend (``--backend``) is the kept one, its connection reused."""
    from hansard.state import backend_url
    from search.backend import chosen_backend, open_backend

    same = (backend or None) == backend_url()
    engine = chosen_backend(data_dir) if same else open_backend(data_dir, backend)
    for candidate in dict.fromkeys((turn_id, turn_id.upper(), turn_id.lower())):
        turn = engine.get_turn(candidate)
        if turn is not None:
            return turn
    raise HansardError(
        f"no turn with id {turn_id!r} in the index; find ids with `hansard search WORDS` "
        "(the id is shown in [brackets] after each result)"
    )
