"""How often a query matched, period by period: ``hansard trends``.

Every number comes from the same query the search runs (``engine.build_query``) and from the
index's columns (sitting order, exchange key, facet values), so a period's count is exactly what
``hansard search QUERY --from START --to END --count`` says, and no stored turn is loaded.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from whoosh import query as wq

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
_SEQ = 1_000_000
_SITTING = _SEQ
"""``order // _SITTING`` is yyyymmdd * 10 + house: one number per sitting."""


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
    exchanges: defaultdict[str, set] = defaultdict(set)
    by_value: defaultdict[str, Counter[str]] = defaultdict(Counter)
    column = SPLITS[split] if split else None
    period_of: dict[int, str] = {}

    def period(sitting: int) -> str:
        found = period_of.get(sitting)
        if found is None:
            found = period_of[sitting] = _period(sitting * _SEQ, by)
        return found

    for segment, offset in engine._segments(searcher):
        reader = segment.reader()
        docs = _matching(whole, segment, reader)
        if not docs:
            continue
        order = numbers(reader, "order")
        keys = numbers(reader, "exchange_key")
        # one pass of comprehensions per column, then small dicts per sitting: no Python
        # function call per matching turn (1M turns in about a second)
        sittings = [order[d] // _SITTING for d in docs]
        for sitting, n in Counter(sittings).items():
            turns[period(sitting)] += n
        distinct = set(zip(sittings, [keys[d] or -1 - d - offset for d in docs], strict=True))
        for sitting, key in distinct:
            exchanges[period(sitting)].add(key)
        if split is None:
            continue
        if column is None:  # house: in the sitting number
            pairs = Counter((sitting, _house(sitting * _SEQ)) for sitting in sittings)
        else:
            refs, uniques = engine._refs(segment, column)
            coded = Counter(zip(sittings, [refs[d] for d in docs], strict=True))
            pairs = Counter()
            for (sitting, ref), n in coded.items():
                pairs[(sitting, uniques[ref].decode("utf-8") or NONE)] += n
        for (sitting, value), n in pairs.items():
            by_value[period(sitting)][value] += n

    periods = _all_periods(turns, request, by)
    base = _period_totals(searcher, by) if normalize else {}
    top = _top_values(by_value) if split else []
    more_than_top = len(_all_values(by_value)) > TOP
    points = []
    for name in periods:
        n = turns[name]
        per_10k = None
        if normalize:
            total = base.get(name, 0)
            per_10k = round(n * 10_000 / total, 2) if total else 0.0
        split_counts = None
        if split:
            counts = by_value.get(name, Counter())
            split_counts = {value: counts[value] for value in top}
            rest = sum(counts.values()) - sum(split_counts.values())
            if rest or more_than_top:
                split_counts[OTHER] = rest
        points.append(TrendPoint(name, n, len(exchanges.get(name, ())), per_10k, split_counts))
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
        days = Counter([order[d] // _DAY for d in _matching(wq.Every(), segment, reader)])
        for day, n in days.items():
            totals[_period(day * _DAY, by)] += n
    return totals


def _matching(whole, segment, reader) -> list[int]:
    """A segment's matching doc numbers; every live one for an empty query, read directly."""
    if isinstance(whole, wq.Every):
        if not reader.has_deletions():
            return list(range(reader.doc_count_all()))
        return [d for d in range(reader.doc_count_all()) if not reader.is_deleted(d)]
    return list(whole.docs(segment))


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
