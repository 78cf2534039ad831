"""How often a query matched, period by period: ``hansard trends``.

Every number comes from the same query the search runs (``engine.build_query``) and from the
index's columns (sitting order, exchange key, facet values), so a period's count is exactly what
``hansard search QUERY --from START --to END --count`` says, and no stored turn is loaded.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hansard.errors import UsageError
from hansard.records import SearchRequest, TrendPoint
from search import engine
from search.datespan import numbers

BY = ("year", "month")
SPLITS = {
    "party": "party_facet",
    "department": "department_facet",
    "member": "member_facet",
    "minister": "minister_facet",
    "house": None,
}
TOP = 10
OTHER = "other"
NONE = "(none)"

_DAY = 10_000_000
"""``order`` is ((yyyymmdd * 10 + house) * 1,000,000 + seq): this divides out house and seq."""


def _period(order: int, by: str) -> str:
    day = order // _DAY
    year, month = day // 10_000, day // 100 % 100
    return f"{year:04d}" if by == "year" else f"{year:04d}-{month:02d}"


def _house(order: int) -> str:
    return "Lords" if (order // 1_000_000) % 10 else "Commons"


def trends(
    data_dir: Path,
    request: SearchRequest,
    by: str = "year",
    split: str | None = None,
    normalize: bool = False,
) -> list[TrendPoint]:
    """One point per period from the first to the last (empty periods included)."""
    if by not in BY:
        raise UsageError(f"unknown period {by!r}; use one of: {', '.join(BY)}")
    if split is not None and split not in SPLITS:
        raise UsageError(f"unknown split {split!r}; use one of: {', '.join(SPLITS)}")
    searcher = engine._searcher(data_dir)
    words, filters = engine.build_query(searcher, request)
    whole = engine._combine(words, filters).normalize()

    turns: Counter[str] = Counter()
    exchanges: dict[str, set] = {}
    by_value: dict[str, Counter[str]] = {}
    for segment, offset in engine._segments(searcher):
        docs = list(whole.docs(segment))
        if not docs:
            continue
        reader = segment.reader()
        order = numbers(reader, "order")
        keys = numbers(reader, "exchange_key")
        refs, uniques = engine._refs(segment, SPLITS[split]) if split and SPLITS[split] else (
            None, None)  # fmt: skip
        for doc in docs:
            period = _period(order[doc], by)
            turns[period] += 1
            key = keys[doc] or ("turn", doc + offset)
            exchanges.setdefault(period, set()).add(key)
            if split is None:
                continue
            if refs is None:
                value = _house(order[doc])
            else:
                value = uniques[refs[doc]].decode("utf-8") or NONE
            by_value.setdefault(period, Counter())[value] += 1

    periods = _all_periods(turns, request, by)
    base = _period_totals(searcher, by) if normalize else {}
    top = _top_values(by_value) if split else []
    points = []
    for period in periods:
        n = turns[period]
        per_10k = None
        if normalize:
            total = base.get(period, 0)
            per_10k = round(n * 10_000 / total, 2) if total else 0.0
        split_counts = None
        if split:
            counts = by_value.get(period, Counter())
            split_counts = {value: counts[value] for value in top}
            rest = sum(counts.values()) - sum(split_counts.values())
            if rest or len(_all_values(by_value)) > TOP:
                split_counts[OTHER] = rest
        points.append(TrendPoint(period, n, len(exchanges.get(period, ())), per_10k, split_counts))
    return points


def _all_values(by_value: dict[str, Counter[str]]) -> set[str]:
    return {v for counts in by_value.values() for v in counts}


def _top_values(by_value: dict[str, Counter[str]]) -> list[str]:
    overall: Counter[str] = Counter()
    for counts in by_value.values():
        overall.update(counts)
    return [v for v, _n in sorted(overall.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]]


def _period_totals(searcher, by: str) -> Counter[str]:
    """Turns archived per period, all of them: the base of ``per_10k``."""
    totals: Counter[str] = Counter()
    for segment, _offset in engine._segments(searcher):
        reader = segment.reader()
        order = numbers(reader, "order")
        days = Counter(o // _DAY for o, live in zip(order, _live(reader), strict=False) if live)
        for day, n in days.items():
            totals[_period(day * _DAY, by)] += n
    return totals


def _live(reader):
    if not reader.has_deletions():
        return iter(lambda: True, None)
    return (not reader.is_deleted(doc) for doc in range(reader.doc_count_all()))


def _all_periods(turns: Counter[str], request: SearchRequest, by: str) -> list[str]:
    """Every period between the first and the last (the request's dates when given)."""
    first = (request.date_from or min(turns, default=""))[: 4 if by == "year" else 7]
    last = (request.date_to or max(turns, default=""))[: 4 if by == "year" else 7]
    if not first or not last or first > last:
        return sorted(turns)
    periods = []
    year, month = int(first[:4]), int(first[5:7]) if by == "month" else 1
    while True:
        period = f"{year:04d}" if by == "year" else f"{year:04d}-{month:02d}"
        if period > last:
            break
        periods.append(period)
        if by == "year":
            year += 1
        else:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def period_bounds(period: str) -> tuple[str, str]:
    """The first and last day of a period ("2015" or "2015-11"), for ``search --from --to``."""
    import calendar

    if len(period) == 4:
        return f"{period}-01-01", f"{period}-12-31"
    year, month = int(period[:4]), int(period[5:7])
    return f"{period}-01", f"{period}-{calendar.monthrange(year, month)[1]:02d}"


__all__ = ["BY", "SPLITS", "period_bounds", "trends"]
