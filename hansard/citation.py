"""Citations and speaker labels for a turn, in the forms journalists and lawyers print.

Two styles:

* ``oscola`` (the Oxford standard for legal citation, 4th ed., rule 2.5.1):
  "HC Deb 26 November 2015, vol 602, col 407"; over a column break "cols 407–08". OSCOLA
  shortens the end of a span to the digits that change, but never to fewer than two
  (407–08, 1001–03, 999–1001).
* ``compact`` (Hansard's own index and TheyWorkForYou's form):
  "HC Deb 26 Nov 2015 vol 602 c407"; over a break "cc407-8", keeping only the digits that change.

Westminster Hall columns keep their suffix ("col 374WH", "cc374-5WH"). Lords turns cite "HL Deb".
Whatever the source lacks (volume, column) is left out with its separator, never printed as None,
because a citation with a hole is still useful and one with "None" in it is wrong.
"""

from __future__ import annotations

import datetime as dt
import re

from hansard.records import Column, Turn

STYLES: tuple[str, ...] = ("oscola", "compact")

_HOUSE_ABBREVIATION = {"Commons": "HC Deb", "Lords": "HL Deb"}
_COLUMN = re.compile(r"^\s*(\d+)\s*([A-Za-z]*)\s*$")


def house_abbreviation(house: str) -> str:
    return _HOUSE_ABBREVIATION.get(house, f"{house} Deb")


def split_column(column: Column) -> tuple[str, str] | None:
    """(digits, suffix) of a column: 407 -> ("407", ""), "374WH" -> ("374", "WH"); None if none."""
    if column is None or column == "":
        return None
    match = _COLUMN.match(str(column))
    if not match:
        return None
    return str(int(match.group(1))), match.group(2).upper()


def shorten_span_end(start: str, end: str, keep_at_least: int) -> str:
    """The end of a number span with the leading digits it shares with the start dropped.

    ``keep_at_least`` is 2 for OSCOLA (407–08) and 1 for Hansard's compact form (407-8).
    Spans whose ends differ in length are written in full (999–1001).
    """
    if len(start) != len(end):
        return end
    first_difference = next(
        (i for i, (a, b) in enumerate(zip(start, end, strict=True)) if a != b), len(end)
    )
    return end[min(first_difference, len(end) - keep_at_least) :]


def column_span(turn: Turn) -> tuple[str, str, str | None] | None:
    """(start, suffix, end or None) for the turn's columns; end only when it differs from start."""
    start = split_column(turn.column)
    if start is None:
        return None
    end = split_column(turn.end_column)
    if end is None or end == start or end[1] != start[1] or int(end[0]) < int(start[0]):
        return start[0], start[1], None
    return start[0], start[1], end[0]


def _format_date(date: str, month_format: str) -> str:
    try:
        day = dt.date.fromisoformat(date)
    except (TypeError, ValueError):
        return date or ""
    return f"{day.day} {day.strftime(month_format)} {day.year}"


def oscola(turn: Turn) -> str:
    """ "HC Deb 26 November 2015, vol 602, col 407" (or "cols 407–08", "col 374WH")."""
    parts = [f"{house_abbreviation(turn.house)} {_format_date(turn.date, '%B')}"]
    if turn.volume is not None:
        parts.append(f"vol {turn.volume}")
    span = column_span(turn)
    if span:
        start, suffix, end = span
        if end is None:
            parts.append(f"col {start}{suffix}")
        else:
            parts.append(f"cols {start}–{shorten_span_end(start, end, 2)}{suffix}")
    return ", ".join(parts)


def compact(turn: Turn) -> str:
    """ "HC Deb 26 Nov 2015 vol 602 c407" (or "cc407-8", "c374WH")."""
    parts = [f"{house_abbreviation(turn.house)} {_format_date(turn.date, '%b')}"]
    if turn.volume is not None:
        parts.append(f"vol {turn.volume}")
    span = column_span(turn)
    if span:
        start, suffix, end = span
        if end is None:
            parts.append(f"c{start}{suffix}")
        else:
            parts.append(f"cc{start}-{shorten_span_end(start, end, 1)}{suffix}")
    return " ".join(parts)


def cite(turn: Turn, style: str = "oscola") -> str:
    if style == "oscola":
        return oscola(turn)
    if style == "compact":
        return compact(turn)
    raise ValueError(f"unknown citation style {style!r}; use one of {', '.join(STYLES)}")


def speaker_as_printed(turn: Turn) -> str:
    """The speaker line as Hansard prints it on a first appearance.

    An office-holder is printed by office then name ("The Solicitor General (Robert Buckland)");
    a backbencher by name, constituency and party where known ("Nusrat Ghani (Wealden) (Con)");
    historic pages often give only a name ("Mr. Mason").
    """
    name = (turn.speaker_name or "").strip()
    office = (turn.speaker_office or "").strip()
    if office and name and name != office:
        return f"{office} ({name})"
    if name:
        extras = [f"({value.strip()})" for value in (turn.constituency, turn.party) if value]
        return " ".join([name, *extras])
    return office or "Unattributed"
