"""Finding citations of earlier Hansard in a turn's text.

Two forms are read:

- the printed citation, "[Official Report, 15 January 2020; Vol. 669, c. 1012]" (also with
  commas for the semicolon, "cc. 1012-14", "c. 374WH", "House of Lords", ordinal days);
- the speaker's own earlier answer, "the answer I gave on 5 January", "the reply which I gave
  my hon. Friend ... on 4th November" (the year, when not printed, is the latest before the
  citing turn's date).

Resolving them to archived turns needs the index (``search.crossrefs``); this module only reads.
"""

from __future__ import annotations

import datetime as dt
import re

from hansard.records import Reference, Turn

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]  # fmt: skip
_DAY = (
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>"
    + "|".join(m.capitalize() for m in MONTHS)
    + ")"
)

OFFICIAL_REPORT = re.compile(
    r"Official Report(?:,\s*(?P<house>House of Lords|House of Commons|Lords|Commons))?"
    r"(?:,\s*(?P<place>Westminster Hall|Grand Committee))?"
    rf",\s*{_DAY}\s+(?P<year>\d{{4}})[;,]\s*Vol\.?\s*(?P<volume>\d+)[;,]\s*"
    r"cc?\.\s*(?P<column>\d+)\s*(?P<suffix>WH|GC|WS|W)?"
)
EARLIER_ANSWER = re.compile(
    r"\b(?:answer|reply|statement)\s+(?:which\s+|that\s+)?I\s+gave\b[^;?\n]{0,160}?\bon\s+"
    rf"{_DAY}(?:,?\s+(?P<year>\d{{4}}))?"
)


def _date(day: str, month: str, year: int) -> str | None:
    try:
        return dt.date(year, MONTHS.index(month.lower()) + 1, int(day)).isoformat()
    except ValueError:
        return None


def _latest_before(day: str, month: str, before: str) -> str | None:
    """The latest date with this day and month strictly before ``before`` (YYYY-MM-DD)."""
    year = int(before[:4])
    for candidate_year in (year, year - 1):
        date = _date(day, month, candidate_year)
        if date and date < before:
            return date
    return None


def find_references(turn: Turn) -> list[Reference]:
    found: list[Reference] = []
    for match in OFFICIAL_REPORT.finditer(turn.text):
        date = _date(match.group("day"), match.group("month"), int(match.group("year")))
        if date is None:
            continue
        house = "Lords" if "Lords" in (match.group("house") or "") else turn.house
        if match.group("house") and "Commons" in match.group("house"):
            house = "Commons"
        found.append(
            Reference(
                text=_bracketed(turn.text, match),
                kind="official-report",
                date=date,
                house=house,
                volume=int(match.group("volume")),
                column=match.group("column") + (match.group("suffix") or ""),
            )
        )
    for match in EARLIER_ANSWER.finditer(turn.text):
        day, month, year = match.group("day"), match.group("month"), match.group("year")
        date = _date(day, month, int(year)) if year else _latest_before(day, month, turn.date)
        if date is None or date >= turn.date:
            continue
        found.append(
            Reference(
                text=match.group(0),
                kind="earlier-answer",
                date=date,
                house=turn.house,
                member_id=turn.member_id,
                speaker_name=turn.speaker_name,
            )
        )
    return found


def _bracketed(text: str, match: re.Match) -> str:
    """The citation with its brackets when printed in them: "[Official Report, …]"."""
    start, end = match.start(), match.end()
    if start > 0 and text[start - 1] == "[":
        close = text.find("]", end)
        if close != -1 and close - end < 5:
            return text[start - 1 : close + 1]
    return text[start:end]


def column_parts(column: object) -> tuple[int, str] | None:
    """407 -> (407, ""); "374WH" -> (374, "WH"); None or unreadable -> None."""
    if column is None:
        return None
    found = re.fullmatch(r"(\d+)\s*([A-Z]*)", str(column).strip())
    return (int(found.group(1)), found.group(2)) if found else None
