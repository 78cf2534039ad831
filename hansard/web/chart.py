"""Matches per year as a small SVG bar chart, drawn on the server (works with scripts off).

Returns plain numbers for the template to draw, so every piece of text in the SVG goes through
the template's escaping like the rest of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 600
HEIGHT = 120
LABEL_SPACE = 0


@dataclass(frozen=True)
class Bar:
    year: str
    count: int
    x: float
    y: float
    width: float
    height: float


def year_bars(year_counts: tuple[tuple[str, int], ...]) -> list[Bar]:
    """One bar per year from the first to the last year with a match (empty years included, so
    a gap shows as a gap), scaled to the busiest year."""
    counts = {int(year): n for year, n in year_counts if year.isdigit()}
    if not counts:
        return []
    years = range(min(counts), max(counts) + 1)
    top = max(counts.values())
    slot = WIDTH / len(years)
    usable = HEIGHT - LABEL_SPACE
    bars = []
    for n, year in enumerate(years):
        count = counts.get(year, 0)
        height = usable * count / top if top else 0
        bars.append(
            Bar(
                year=str(year),
                count=count,
                x=round(n * slot + slot * 0.1, 1),
                y=round(usable - height, 1),
                width=round(max(slot * 0.8, 1), 1),
                height=round(height, 1),
            )
        )
    return bars


def period_bars(values: list[tuple[str, float]]) -> list[Bar]:
    """One bar per period as given (``hansard trends`` already fills the empty periods), scaled
    to the largest value; ``Bar.year`` holds the period's label ("2015" or "2015-11")."""
    if not values:
        return []
    top = max(v for _p, v in values) or 1
    slot = WIDTH / len(values)
    bars = []
    for n, (period, value) in enumerate(values):
        height = HEIGHT * value / top
        bars.append(
            Bar(
                year=period,
                count=value,
                x=round(n * slot + slot * 0.1, 1),
                y=round(HEIGHT - height, 1),
                width=round(max(slot * 0.8, 1), 1),
                height=round(height, 1),
            )
        )
    return bars
