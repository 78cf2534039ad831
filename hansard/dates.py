"""Calendar dates as the commands and the query language accept them: YYYY-MM-DD only.

Python 3.11's ``date.fromisoformat`` also reads "20151126", "2015-W48-4" and "2015-330"; 3.10
does not, and the help promises one form, so the form is checked before the calendar is.
Hansard's record starts in 1803, which bounds what a crawl may ask for.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
FIRST_DAY = dt.date(1803, 1, 1)
"""The first day Hansard reports (the Parliamentary Debates begin in 1803)."""


def parse_day(value: str) -> dt.date | None:
    """The date written as YYYY-MM-DD (surrounding spaces allowed), else None."""
    text = value.strip()
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
