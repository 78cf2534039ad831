"""The crawl benchmark runs end to end at a tiny size and reports the figures the issue asks for.

No timing thresholds: only that each figure is there and positive, and that the crawl archived
exactly the turns the parser finds on the pages it served (a fast crawl of wrong turns is no use).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_crawl_throughput_reports_pages_and_turns_per_second(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "crawl_throughput.py"), "--repeat", "1",
         "--empty-days", "3"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    figures = {
        name: float(re.search(rf"{re.escape(name)}\s+([\d.]+)", out).group(1))
        for name in ("pages/s (every request)", "turns/s", "parsing")
    }
    assert all(value > 0 for value in figures.values()), out
    # One crawl of each sitting day: the count must be the parser's own for those four pages.
    import json

    from crawler.page import parse_page

    site = ROOT / "tests" / "fixtures" / "site"
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    served = [
        name
        for path, name in manifest.items()
        if path.endswith(("OralAnswersToQuestions", "CommonsChamber"))
        and path.split("/")[2] in ("1975-01-14", "2015-11-26", "2022-06-22", "2020-01-09")
    ]
    expected = sum(len(parse_page((site / name).read_bytes())) for name in served)
    crawled = int(re.search(r"crawl: 7 days, \d+ requests, (\d+) turns", out).group(1))
    assert len(served) == 4 and crawled == expected
