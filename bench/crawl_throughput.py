"""Crawl throughput against the local dev server with no delay: pages/s and turns/s.

The claim to check: a crawl is bounded by parsing, not by the crawler's own overhead. So the
same run also times (a) the parser inside the crawl, (b) the parser alone on the same bodies,
and (c) requests that need no parsing (non-sitting days, 404), which is the crawler's own cost.

    .venv/bin/python bench/crawl_throughput.py [--repeat 5] [--empty-days 30]

Prints numbers only; nothing is asserted (timings belong here, not in tests).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from crawler.page import parse_page
from crawler.run import CrawlOptions, CrawlSummary, _run_spider, record_day
from hansard.archive import Archive
from hansard.devserver import SiteServer

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "tests" / "fixtures" / "site"
SITTING = ["1975-01-14", "2015-11-26", "2022-06-22", "2020-01-09"]
CHAMBER_DAY = (
    b"<html><head><title>Commons: 9 January 2020 - Hansard</title></head><body>"
    b'<a href="/Commons/2020-01-09/debates/f558af45-2e9e-4f22-9692-ae71794a6469/CommonsChamber">'
    b"Commons Chamber</a></body></html>"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="crawl each sitting day N times")
    parser.add_argument("--empty-days", type=int, default=30, help="404 days among them")
    args = parser.parse_args()

    with SiteServer(SITE) as server, tempfile.TemporaryDirectory() as tmp:
        server.add_page("/Commons/2020-01-09", CHAMBER_DAY)  # exercise the whole-day page too
        archive = Archive(Path(tmp) / "archive")
        summary = CrawlSummary()
        timings = {"parse": 0.0, "record": 0.0}
        bodies: list[tuple[bytes, str]] = []
        empty_days = [
            (dt.date(1900, 1, 1) + dt.timedelta(days=n)).isoformat() for n in range(args.empty_days)
        ]
        days = [("Commons", day) for day in SITTING] * args.repeat
        days += [("Commons", day) for day in empty_days]
        marks: dict[str, float] = {}

        def timed_parse(body: bytes, url: str):
            start = time.perf_counter()
            try:
                return parse_page(body, url)
            finally:
                timings["parse"] += time.perf_counter() - start
                if len(bodies) < len(SITTING):
                    bodies.append((body, url))

        def on_day(fetch) -> None:
            marks.setdefault("first", time.perf_counter())
            start = time.perf_counter()
            record_day(archive, fetch, timed_parse, summary)
            timings["record"] += time.perf_counter() - start
            marks["last"] = time.perf_counter()

        options = CrawlOptions(server.base_url, delay=0, timeout=30, retries=0, backoff=0)
        start = time.perf_counter()
        _run_spider(days, on_day, options, summary)
        wall = time.perf_counter() - start

    busy = marks["last"] - marks["first"]
    requests = 1 + len(days) + summary.sitting + summary.no_oral_questions  # robots, days, sections
    crawler_own = busy - timings["record"]
    print(f"crawl: {len(days)} days, {requests} requests, {summary.turns} turns")
    print(f"  wall time, incl. Scrapy start-up   {wall:7.2f} s")
    print(f"  first day to last day              {busy:7.2f} s")
    print(f"    parsing                          {timings['parse']:7.2f} s")
    print(f"    archive writes (fsync'd)         {timings['record'] - timings['parse']:7.2f} s")
    print(
        f"    the crawler itself (the rest)    {crawler_own:7.2f} s"
        f"  = {1000 * crawler_own / requests:.1f} ms per request"
    )
    print(f"  pages/s (every request)            {requests / busy:7.1f}")
    print(f"  turns/s                            {summary.turns / busy:7.1f}")
    print(f"  share of time parsing              {timings['parse'] / busy:7.0%}")
    per_page = 1000 * timings["parse"] / max(summary.sitting, 1)
    print(
        f"  per sitting day: parse {per_page:.0f} ms vs crawler "
        f"{2 * 1000 * crawler_own / requests:.0f} ms (two requests)"
    )

    alone = 0.0
    for body, url in bodies:
        begin = time.perf_counter()
        parse_page(body, url)
        alone += time.perf_counter() - begin
    print(f"parse_page alone, one of each page   {alone:7.2f} s for {len(bodies)} pages")
    per_round = timings["parse"] / args.repeat
    print(
        f"  the same pages inside the crawl    {per_round:7.2f} s per round (mean of {args.repeat})"
    )


if __name__ == "__main__":
    main()
