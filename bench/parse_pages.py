"""Parse speed: pages per second on the ~650 KB real 22 June 2022 page, lxml vs html.parser.

Prints numbers only (no thresholds): `make bench` or `python bench/parse_pages.py [--repeat N]`.
The parser is BeautifulSoup with the "lxml" tree builder; the html.parser figure is the same code
with Python's built-in parser, for comparison. Both wall-clock and CPU time are shown, best of
N runs: on a busy machine the CPU figure is the steadier one.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler import page as page_module  # noqa: E402

PAGE = ROOT / "tests/fixtures/site/real/Commons_2022-06-22_OralAnswersToQuestions_1825FDB2.html"


def best_times(html: bytes, builder: str, repeat: int) -> tuple[float, float, int]:
    """(best wall seconds, best CPU seconds, turns) for one parse with the given tree builder."""
    real = page_module.BeautifulSoup

    def with_builder(markup, _features, **kwargs):
        return real(markup, builder, **kwargs)

    walls, cpus = [], []
    with mock.patch.object(page_module, "BeautifulSoup", with_builder):
        turns = len(page_module.parse_page(html))  # warm-up, and the count to print
        for _ in range(repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            page_module.parse_page(html)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), turns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs per parser (best is kept)")
    args = parser.parse_args()
    html = PAGE.read_bytes()
    print(f"page: {PAGE.name} ({len(html) / 1000:.0f} KB)")
    for builder in ("lxml", "html.parser"):
        wall, cpu, turns = best_times(html, builder, args.repeat)
        print(
            f"{builder:12} {1 / wall:6.1f} pages/s wall ({wall * 1000:5.1f} ms)"
            f"  {1 / cpu:6.1f} pages/s CPU ({cpu * 1000:5.1f} ms)  {turns} turns"
        )


if __name__ == "__main__":
    main()
