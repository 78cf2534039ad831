"""bench/serve_load.py and bench/serve_nodes.py run end to end at a tiny size, stop by
themselves and report every figure for every cell (no timing thresholds: only that the figures
exist and nothing failed)."""

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


def test_serve_nodes_reports_both_phases_and_moves_reads_to_the_primary(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "serve_nodes.py"), "--turns", "300",
         "--requests", "40", "--concurrency", "2", "--json"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    steady, stopped = json.loads(result.stdout)
    assert (steady["phase"], stopped["phase"]) == ("steady", "replica stopped")
    for row in (steady, stopped):
        assert row["requests"] == 40 and row["after_retry"] == 0
        assert row["rps"] > 0 and 0 < row["p50_ms"] <= row["p95_ms"]
    assert all(server.endswith("(standby)") for server in steady["reading"])
    assert all(server.endswith("(primary)") for server in stopped["reading"])
    assert stopped["stop_s"] > 0  # the replica was stopped during the phase
