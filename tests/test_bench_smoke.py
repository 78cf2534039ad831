"""The benchmark runs end to end at a tiny size and reports every figure the issue asks for.

No timing thresholds: only that each figure exists, is a positive number, and that the engines
agree on how many turns each query matches (a benchmark of wrong answers would be worthless).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
KINDS = {
    "common_word",
    "rare_word",
    "phrase",
    "member_word",
    "minister_dates",
    "member_sorted",
    "facet_party",
}
KEYS = {"build_turns_per_s", "build_peak_mb", "update_s", "cold_search_s", "query_ms"}


def run_bench(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(BENCH / "index_search.py"), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )


def check_figures(figures: dict) -> None:
    assert figures.keys() >= KEYS
    for key in KEYS - {"query_ms"}:
        assert isinstance(figures[key], float | int) and figures[key] > 0, key
    assert set(figures["query_ms"]) == KINDS
    for kind, stats in figures["query_ms"].items():
        assert 0 < stats["p50"] <= stats["p95"], kind


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp_path = tmp_path_factory.mktemp("bench")
    done = run_bench(
        tmp_path, "--turns", "300", "--engines", "whoosh,fts5", "--repeats", "2", "--json",
        "--workdir", str(tmp_path / "work"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_whoosh_figures_at_top_level_and_fts5_as_reference(result: dict) -> None:
    assert result["engine"] == "whoosh"
    assert result["turns"] == 300
    check_figures(result)
    assert set(result["reference"]) == {"fts5"}
    check_figures(result["reference"]["fts5"])


def test_engines_agree_on_word_phrase_and_facet_matches(result: dict) -> None:
    """Same archive, same queries: the stemmed word, phrase and facet totals must be equal."""
    fts5 = result["reference"]["fts5"]["totals"]
    for kind in ("common_word", "rare_word", "phrase", "facet_party"):
        assert result["totals"][kind] == fts5[kind], kind
    assert sum(fts5["common_word"]) > 0


def test_engines_agree_on_member_and_minister_filters(result: dict) -> None:
    """`--member NAME` finds the member's turns by name alone, and `--minister OFFICE` with dates
    finds exactly the answers given in that office then: none when nobody answered as it (a filter
    that matches nothing must not vanish and let every turn of the date range through)."""
    fts5 = result["reference"]["fts5"]["totals"]
    for kind in ("member_word", "member_sorted", "minister_dates"):
        assert result["totals"][kind] == fts5[kind], kind


def test_unknown_engine_is_a_usage_error(tmp_path: Path) -> None:
    done = run_bench(tmp_path, "--turns", "10", "--engines", "lucene")
    assert done.returncode == 2
    assert "unknown engine" in done.stderr and "fts5" in done.stderr


def test_synthetic_archive_is_deterministic_and_realistic(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import synthetic
    finally:
        sys.path.remove(str(BENCH))
    first = synthetic.generate(tmp_path / "a", 1500)
    synthetic.generate(tmp_path / "b", 1500)
    day = first.sittings[0]
    path = Path("archive/turns") / day[0] / day[1][:4] / f"{day[1]}.jsonl"
    assert (tmp_path / "a" / path).read_bytes() == (tmp_path / "b" / path).read_bytes()
    assert first.turns == 1500 and len(first.sittings) == 10
    assert 300 <= statistics.median(first.text_bytes) <= 500
    assert len(first.members) == 650
    assert len({o for o in first.offices if "Secretary of State" in o}) >= 20


def test_the_postgresql_engine_reports_every_figure_and_agrees(tmp_path: Path, pg_url) -> None:
    """The postgresql engine on a server of the tests' own (``--pg-url``), beside Whoosh."""
    done = run_bench(
        tmp_path, "--turns", "300", "--engines", "whoosh,postgresql", "--repeats", "1",
        "--json", "--pg-url", pg_url, "--workdir", str(tmp_path / "work"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    postgresql = result["reference"]["postgresql"]
    check_figures(postgresql)
    assert postgresql["index_mb"] > 0
    assert postgresql["totals"] == result["totals"]
    assert sum(postgresql["totals"]["common_word"]) > 0


def test_scaling_script_runs_each_size_and_draws_the_plot(tmp_path: Path) -> None:
    out, png = tmp_path / "scaling.json", tmp_path / "scaling.png"
    command = [sys.executable, str(BENCH / "scaling.py"), "--sizes", "150,300",
               "--engines", "whoosh,fts5", "--repeats", "1",
               "--out", str(out), "--png", str(png)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    runs = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(runs, key=int) == ["150", "300"]
    for size, run in runs.items():
        assert run["turns"] == int(size)
        check_figures(run)
        check_figures(run["reference"]["fts5"])
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    png.unlink()
    redrawn = subprocess.run([*command[:2], "--plot-only", "--out", str(out), "--png", str(png)],
                             capture_output=True, text=True, timeout=300)  # fmt: skip
    assert redrawn.returncode == 0, redrawn.stderr
    assert png.exists() and "2 sizes" in redrawn.stdout


def test_a_run_can_measure_again_on_the_archive_an_earlier_run_left(tmp_path: Path) -> None:
    """``--reuse-archive`` skips generating (a million turns take ten minutes) and measures the
    same archive: the same matches, the earlier run's extra sitting taken out again."""
    work = tmp_path / "work"
    args = ["--turns", "300", "--engines", "whoosh", "--repeats", "1", "--json"]
    first = run_bench(tmp_path, *args, "--workdir", str(work))
    assert first.returncode == 0, first.stderr
    sittings = json.loads((work / "plan.json").read_text())["sittings"]
    house, date = sittings[0]
    kept = work / "data" / "archive" / "turns" / house / date[:4] / f"{date}.jsonl"
    written = kept.stat().st_mtime_ns
    again = run_bench(tmp_path, *args, "--workdir", str(work), "--reuse-archive")
    assert again.returncode == 0, again.stderr
    assert kept.stat().st_mtime_ns == written  # not generated again
    assert json.loads(again.stdout)["totals"] == json.loads(first.stdout)["totals"]
    days = list((work / "data" / "archive" / "turns").rglob("*.jsonl"))
    assert len(days) == len(sittings) + 1  # the plan's sittings and this run's new one


def test_reusing_an_archive_needs_a_workdir(tmp_path: Path) -> None:
    done = run_bench(tmp_path, "--turns", "10", "--reuse-archive")
    assert done.returncode == 2 and "--workdir" in done.stderr
