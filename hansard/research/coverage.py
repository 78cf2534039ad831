"""Which days the archive holds, which were not sitting, which failed, which were never crawled.

Read from the crawl's day records (``archive/days/``): every crawled calendar day has one, so a
day without one was never crawled. This is what makes "no results" unambiguous: a search over
a range with never-crawled or failed days says so on standard error.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path

from hansard.archive import Archive
from hansard.datadir import archive_dir
from hansard.records import HOUSES, CoverageDay

_FROM_DAY_STATUS = {"sitting": "archived"}
GAPS = ("failed", "unparsed", "never-crawled")

CALENDAR_MARKS = {
    "archived": "█",
    "no-oral-questions": "o",
    "non-sitting": "·",
    "unparsed": "u",
    "failed": "x",
    "never-crawled": "?",
}


def coverage(
    data_dir: Path,
    date_from: str | None = None,
    date_to: str | None = None,
    house: str | None = None,
) -> list[CoverageDay]:
    """Every calendar day of the range for each House, by date then House.

    Without ``house``, the Houses the archive has crawled at all (Commons when none); an open
    end of the range is the first or last day any crawl recorded.
    """
    archive = Archive(archive_dir(data_dir))
    crawled = {h: _crawled_dates(archive, h) for h in HOUSES}
    houses = [house] if house else [h for h in HOUSES if crawled[h]]
    houses = houses or ["Commons"]
    known = sorted(d for h in houses for d in crawled.get(h, ()))
    first = date_from or (known[0] if known else None)
    last = date_to or (known[-1] if known else None)
    if first is None or last is None or first > last:
        return []
    records = {
        (h, d): archive.read_day_record(h, d)
        for h in houses
        for d in crawled.get(h, ())
        if first <= d <= last
    }  # only the range's records are read: a search's warning must stay cheap
    days = []
    day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    while day <= end:
        date = day.isoformat()
        for h in houses:
            record = records.get((h, date))
            if record is None:
                days.append(CoverageDay(h, date, "never-crawled"))
            else:
                status = _FROM_DAY_STATUS.get(record.status, record.status)
                days.append(CoverageDay(h, date, status, record.turns, record.error))
        day += dt.timedelta(days=1)
    return days


def _crawled_dates(archive: Archive, house: str) -> list[str]:
    """The dates of a House's day records, from the directory listing alone."""
    base = archive.root / "days" / house
    if not base.is_dir():
        return []
    return [name[:-5] for name in os.listdir(base) if name.endswith(".json")]


def summary(days: list[CoverageDay]) -> dict[str, int]:
    counts = Counter(d.status for d in days)
    return {status: counts[status] for status in CALENDAR_MARKS if counts[status]}


def gaps_warning(
    data_dir: Path, date_from: str | None, date_to: str | None, house: str | None
) -> str | None:
    """One line naming the never-crawled and failed days of a searched range (None if none)."""
    days = coverage(data_dir, date_from, date_to, house)
    gaps = Counter(d.status for d in days if d.status in GAPS)
    if not gaps:
        return None
    first, last = days[0].date, days[-1].date
    phrases = {"failed": "failed", "unparsed": "did not parse", "never-crawled": "never crawled"}
    parts = []
    for status in GAPS:
        n = gaps[status]
        if n:
            verb = "" if status != "never-crawled" else (" was" if n == 1 else " were")
            parts.append(f"{n} day{'s' * (n != 1)}{verb} {phrases[status]}")
    return (
        f"in {first}..{last}, {', '.join(parts)}, so matches there may be missing; "
        f"see `hansard coverage --from {first} --to {last}`"
    )


def calendar(days: list[CoverageDay]) -> list[str]:
    """One line per House and month: "Commons 2015-11 ·····██████··" with a mark per day."""
    lines: dict[tuple[str, str], list[str]] = {}
    for day in days:
        key = (day.house, day.date[:7])
        marks = lines.setdefault(key, [" "] * 31)
        marks[int(day.date[8:10]) - 1] = CALENDAR_MARKS.get(day.status, "?")
    return [f"{house:<7} {month} {''.join(m).rstrip()}" for (house, month), m in lines.items()]
