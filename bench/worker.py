"""One benchmark step for one engine, in a process of its own, answering with one JSON line.

A fresh process per step makes the peak memory of a build that engine's alone (the orchestrator
samples this process tree), keeps one engine's caches from warming another's, and means the
orchestrator never imports Whoosh, SQLite FTS or tantivy itself.

    python bench/worker.py ENGINE build WORKDIR
    python bench/worker.py ENGINE update WORKDIR HOUSE DATE
    python bench/worker.py ENGINE queries WORKDIR WORKLOAD_JSON REPEATS
    python bench/worker.py ENGINE cold WORKDIR WORD
"""

from __future__ import annotations

import importlib
import json
import resource
import sys
import time
from pathlib import Path

ENGINES = {
    "whoosh": "engine_whoosh",
    "fts5": "engine_fts5",
    "tantivy": "engine_tantivy",
    "postgresql": "engine_postgresql",
}


def peak_rss_mb() -> float:
    """This process's peak plus its largest child's (Linux reports ru_maxrss in KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def timed_queries(searcher, workload: dict[str, list[dict]], repeats: int) -> dict:
    """Each spec once to warm up, then ``repeats`` rounds; milliseconds per call, by kind."""
    samples: dict[str, list[float]] = {}
    totals: dict[str, list[int]] = {}
    for kind, specs in workload.items():
        totals[kind] = [searcher.run(spec)[0] for spec in specs]
        times = []
        for _ in range(repeats):
            for spec in specs:
                start = time.perf_counter()
                searcher.run(spec)
                times.append((time.perf_counter() - start) * 1000)
        samples[kind] = times
    return {"samples_ms": samples, "totals": totals}


def main(argv: list[str]) -> dict:
    engine_name, action, workdir = argv[0], argv[1], Path(argv[2])
    engine = importlib.import_module(ENGINES[engine_name])
    data_dir = workdir / "data"
    if action == "build":
        start = time.perf_counter()
        turns = engine.build(data_dir, workdir)
        return {"turns": turns, "seconds": time.perf_counter() - start, "rss_mb": peak_rss_mb()}
    if action == "update":
        start = time.perf_counter()
        turns = engine.update(data_dir, workdir, argv[3], argv[4])
        return {"turns": turns, "seconds": time.perf_counter() - start}
    if action == "queries":
        workload = json.loads(Path(argv[3]).read_text(encoding="utf-8"))
        start = time.perf_counter()
        searcher = engine.Searcher(workdir)
        searcher.run(workload["common_word"][0])  # opening is lazy in some engines
        opened = time.perf_counter() - start
        return {"open_s": opened, **timed_queries(searcher, workload, int(argv[4]))}
    if action == "cold":
        total = engine.Searcher(workdir).run({"words": argv[3], "limit": 20})[0]
        return {"total": total}
    raise SystemExit(f"worker: unknown action {action!r}")


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
