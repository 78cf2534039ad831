"""Writers for turns and search hits: json, jsonl, csv, md and plain text.

Every format carries every field of the ``Turn`` record (plus ``score`` for search hits), so other
tools read exports without losing anything. Where the licence line goes:

- ``md`` and ``text`` end with the Open Parliament Licence attribution as a footer line.
- ``json``, ``jsonl`` and ``csv`` hold records only (a footer would break the very parsers these
  formats are for); the ``hansard`` command prints the attribution on standard error when it
  writes them, and whoever republishes their content must carry it.

CSV is written for spreadsheets: UTF-8 (``excel=True`` adds a byte-order mark so Excel detects
it), every cell quoted, and no cell can run as a formula: a value starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return (also after leading spaces, and their full-width forms)
is prefixed with an apostrophe, as OWASP recommends for CSV injection.

Output to a file is atomic: a reader sees the old file or the complete new one.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from hansard import atomic
from hansard.citation import speaker_as_printed
from hansard.controls import escape
from hansard.questions import Questions, question_fields, question_of
from hansard.records import OPL_ATTRIBUTION, QUESTION_FIELDS, TURN_FIELDS, SearchHit, Turn

FORMATS = ("text", "json", "jsonl", "csv", "md")
RECORD_FORMATS = ("json", "jsonl", "csv")
"""Formats with no room for the licence line: the CLI prints it on stderr for these."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

Item = Turn | SearchHit


def record(item: Item, with_score: bool, questions: Questions | None = None) -> dict[str, Any]:
    """A turn's public JSON fields, then ``question_text`` and ``question_speaker`` when the
    exchanges' questions are given, then ``score`` when the item is a search hit."""
    turn = item.turn if isinstance(item, SearchHit) else item
    data = turn.to_dict()
    if questions is not None:
        data.update(question_fields(turn, questions))
    if with_score:
        data["score"] = item.score if isinstance(item, SearchHit) else None
    return data


def neutralise_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text and never evaluates."""
    if value is None:
        return ""
    text = escape(str(value))  # a NUL or ESC would break the reader, or reach its terminal
    if text.lstrip(" ").startswith(_FORMULA_STARTS) or text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def write(
    items: Iterable[Item],
    fmt: str,
    output: Path | None = None,
    excel: bool = False,
    stream: IO[str] | None = None,
    scored: bool | None = None,
    questions: Questions | None = None,
) -> None:
    """Write items in ``fmt`` to ``output`` (atomically) or to ``stream`` (default stdout).

    ``scored``: whether records carry ``score`` (search results do, even when there are none,
    so an empty CSV has the same header as a full one); None decides from the items.
    ``questions`` (exchange id -> question turn) adds each turn's question to every row.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if output is not None:
        with atomic.atomic_open(output, "wb") as raw, _text(raw) as handle:
            _write(items, fmt, handle, excel, scored, questions)
        return
    _write(items, fmt, stream or sys.stdout, excel, scored, questions)


def render(
    items: Iterable[Item],
    fmt: str,
    excel: bool = False,
    questions: Questions | None = None,
    scored: bool | None = None,
) -> str:
    buffer = io.StringIO(newline="")
    _write(items, fmt, buffer, excel, scored, questions)
    return buffer.getvalue()


@contextlib.contextmanager
def _text(raw: IO[bytes]) -> Iterator[IO[str]]:
    handle = io.TextIOWrapper(raw, encoding="utf-8", newline="")
    try:
        yield handle
    finally:
        handle.flush()
        handle.detach()


def _write(
    items: Iterable[Item],
    fmt: str,
    handle: IO[str],
    excel: bool,
    scored: bool | None = None,
    questions: Questions | None = None,
) -> None:
    items = list(items) if not isinstance(items, list) else items
    with_score = any(isinstance(i, SearchHit) for i in items) if scored is None else scored
    if fmt == "json":
        _write_json(items, handle, with_score, questions)
    elif fmt == "jsonl":
        for item in items:
            data = record(item, with_score, questions)
            handle.write(json.dumps(data, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        _write_csv(items, handle, with_score, excel, questions)
    elif fmt == "md":
        _write_markdown(items, handle, questions)
    else:
        _write_text(items, handle, questions)


def _write_json(
    items: list[Item], handle: IO[str], with_score: bool, questions: Questions | None
) -> None:
    handle.write("[")
    for n, item in enumerate(items):
        handle.write(",\n " if n else "\n ")
        handle.write(json.dumps(record(item, with_score, questions), ensure_ascii=False))
    handle.write("\n]\n" if items else "]\n")


def _write_csv(
    items: list[Item], handle: IO[str], with_score: bool, excel: bool, questions: Questions | None
) -> None:
    if excel:
        handle.write("\ufeff")
    columns = list(TURN_FIELDS)
    if questions is not None:
        columns += QUESTION_FIELDS
    if with_score:
        columns.append("score")
    writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(columns)
    for item in items:
        data = record(item, with_score, questions)
        writer.writerow([neutralise_cell(data.get(c)) for c in columns])


# -- human-readable ----------------------------------------------------------------------------


def heading_line(turn: Turn) -> str:
    return " › ".join(v for v in (turn.department, turn.debate_title) if v)


def _md_cell(text: str | None) -> str:
    if not text:
        return ""
    return (
        escape(text)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\r", " ")
        .replace("\n", "<br>")
    )


def _write_markdown(items: list[Item], handle: IO[str], questions: Questions | None) -> None:
    asked = questions is not None
    handle.write("| Date | House | Speaker | Role | Subject | Text |" + (" Question |" * asked))
    handle.write(" Link |\n|---|---|---|---|---|---|" + ("---|" * asked) + "---|\n")
    for item in items:
        turn = item.turn if isinstance(item, SearchHit) else item
        cells = [
            turn.date,
            turn.house,
            speaker_as_printed(turn),
            turn.role,
            heading_line(turn),
            turn.text,
        ]
        if questions is not None:
            cells.append(_question_line(turn, questions))
        link = f"[{turn.id}]({turn.url})" if turn.url else turn.id
        handle.write("| " + " | ".join(_md_cell(c) for c in cells) + f" | {_md_cell(link)} |\n")
    handle.write(f"\n{OPL_ATTRIBUTION}\n")


def _question_line(turn: Turn, questions: Questions, width: int | None = None) -> str:
    """ "Asked by NAME: TEXT" for a turn that is not itself its exchange's question."""
    question = question_of(turn, questions)
    if question is None or question.id == turn.id:
        return ""
    text = question.text
    if width is not None and len(text) > width:
        text = text[:width].rsplit(" ", 1)[0] + "…"
    return f"Asked by {question.speaker_name or 'an unnamed member'}: {text}"


def _write_text(items: list[Item], handle: IO[str], questions: Questions | None) -> None:
    for item in items:
        turn = item.turn if isinstance(item, SearchHit) else item
        snippet = item.snippet if isinstance(item, SearchHit) else None
        speaker = escape(speaker_as_printed(turn))
        handle.write(f"{turn.date} {turn.house} · {turn.role} · {speaker}\n")
        if heading := heading_line(turn):
            handle.write(f"  {escape(heading)}\n")
        if questions is not None and (asked := _question_line(turn, questions, 160)):
            handle.write(f"  {escape(asked)}\n")
        handle.write(f"  {escape(snippet or turn.text)}\n")
        handle.write(f"  {turn.url}  [{turn.id}]\n\n")
    handle.write(f"{OPL_ATTRIBUTION}\n")
