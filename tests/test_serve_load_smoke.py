"""bench/serve_load.py runs end to end at a tiny size, stops by itself and reports every figure
for every cell (no timing thresholds: only that the figures exist and nothing failed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_serve_load_reports_every_cell(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "serve_load.py"), "--turns", "300",
         "--requests", "12", "--concurrency", "1,3", "--workers", "1", "--json",
         "--workdir", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    rows = json.loads(result.stdout)
    cells = {(r["workers"], r["endpoint"], r["concurrency"]) for r in rows}
    assert cells == {(1, e, c) for e in ("/api/search", "/search") for c in (1, 3)}
    for row in rows:
        assert row["requests"] >= 12 and row["errors"] == 0
        assert row["rps"] > 0 and 0 < row["p50_ms"] <= row["p95_ms"]
