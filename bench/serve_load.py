"""Load the web face: requests/s, p50, p95 and errors of `hansard serve` on a synthetic archive.

\b
Example:
    .venv/bin/python bench/serve_load.py --turns 100000
    .venv/bin/python bench/serve_load.py --turns 2000 --requests 100 --json

It generates the archive (bench/synthetic.py) and indexes it with `hansard index`, then for 1 and
2 uvicorn workers starts the real `hansard serve --quiet` on 127.0.0.1 and drives `/api/search`
and `/search` with the bench workload's query kinds (bench/workload.py), at concurrency 1, 10 and
50. The client is raw asyncio streams with keep-alive connections (a general-purpose client such
as httpx tops out near 400 requests/s here and would measure itself). Each cell is bounded by a
request count and a deadline, so the run stops by itself; it talks to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import pickle
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import synthetic
import workload
from index_search import percentile
from report import markdown_table

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOST = "127.0.0.1"
SEARCHING = ("/api/search", "/search", "/search.atom")


def query_params(spec: dict) -> dict[str, str]:
    """A workload spec as the URL a user's browser would send (as engine_whoosh.request does)."""
    params: dict[str, str] = {}
    if spec.get("words"):
        params["q"] = spec["words"]
    if spec.get("phrase"):
        params["q"] = f'"{spec["phrase"]}"'
    if spec.get("member"):
        params["member"] = spec["member"]["name"]
    if spec.get("office"):
        params["minister"] = spec["office"].removeprefix("The ")
    for key, name in (("date_from", "from"), ("date_to", "to"), ("sort", "sort")):
        if spec.get(key):
            params[name] = spec[key]
    if spec.get("facet"):
        params["facet"] = spec["facet"]
    return params


def paths(plan: synthetic.Plan, endpoint: str) -> list[str]:
    """Every variant of every kind, interleaved, so consecutive requests differ (a path that
    takes no search, such as /api/openapi.json for calibration, is requested as it is)."""
    if endpoint not in SEARCHING:
        return [endpoint]
    specs = workload.build(plan)
    mixed = [s for group in itertools.zip_longest(*specs.values()) for s in group if s]
    return [f"{endpoint}?{urlencode(query_params(spec))}" for spec in mixed]


# -- the client --------------------------------------------------------------------------------


async def _one(reader, writer, path: str, port: int) -> int:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n\r\n".encode())
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def _connection(port, queue, latencies, errors, deadline) -> None:
    reader = writer = None
    while time.monotonic() < deadline:
        try:
            path = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, port)
            started = time.perf_counter()
            status = await _one(reader, writer, path, port)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(status)
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as error:
            errors.append(type(error).__name__)
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def load(port: int, all_paths: list[str], concurrency: int, requests: int, limit_s: float):
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in itertools.islice(itertools.cycle(all_paths), requests):
        queue.put_nowait(path)
    latencies: list[float] = []
    errors: list = []
    started = time.perf_counter()
    deadline = time.monotonic() + limit_s
    await asyncio.gather(
        *(_connection(port, queue, latencies, errors, deadline) for _ in range(concurrency))
    )
    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1) if latencies else None,
        "errors": len(errors),
        "error_kinds": sorted({str(e) for e in errors}),
    }


# -- the server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path, workers: int, *extra: str) -> tuple[subprocess.Popen, int]:
    """`hansard serve` on a free port (``extra``: more options, such as ``--backend URL``)."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("HANSARD_TOKEN", None)
    command = [sys.executable, "-m", "hansard", "serve", "--data-dir", str(data_dir), "--quiet"]
    process = subprocess.Popen(
        [*command, "--host", HOST, "--port", str(port), "--workers", str(workers), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("hansard serve did not start")


def stop_server(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def prepare(workdir: Path, turns: int, seed: int, reuse: bool = False) -> synthetic.Plan:
    """Generate and index the archive, or (``reuse``) take the one a previous run left in
    ``workdir`` for the same size and seed."""
    data = workdir / "data"
    saved = workdir / "plan.pickle"
    if reuse and saved.exists() and (data / "index").exists():
        with saved.open("rb") as handle:
            plan = pickle.load(handle)
        if (plan.turns, plan.seed) == (turns, seed):
            return plan
    shutil.rmtree(data, ignore_errors=True)
    plan = synthetic.generate(data, turns, seed)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "hansard", "index", "--data-dir", str(data)],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    print(f"indexed {plan.turns} turns in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    with saved.open("wb") as handle:
        pickle.dump(plan, handle)
    return plan


def run(args: argparse.Namespace) -> list[dict]:
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="serve-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    plan = prepare(workdir, args.turns, args.seed, reuse=args.reuse)
    rows = []
    for workers in args.workers:
        process, port = start_server(workdir / "data", workers)
        try:
            for endpoint in args.endpoints:
                endpoint_paths = paths(plan, endpoint)
                warm = max(len(endpoint_paths), 8)
                asyncio.run(load(port, endpoint_paths, 4, warm, 120))
                for concurrency in args.concurrency:
                    requests = max(args.requests, 4 * concurrency)
                    cell = asyncio.run(
                        load(port, endpoint_paths, concurrency, requests, args.cell_seconds)
                    )
                    row = {"workers": workers, "endpoint": endpoint, "concurrency": concurrency}
                    rows.append({**row, **cell})
                    print(json.dumps(rows[-1]), file=sys.stderr)
        finally:
            stop_server(process)
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return rows


def table(rows: list[dict], turns: int) -> str:
    return markdown_table(
        f"hansard serve on {turns:,} synthetic turns (requests/s, p50 / p95 ms, errors)",
        [("workers:", "{workers}"), ("endpoint", "`{endpoint}`"),
         ("concurrency:", "{concurrency}"), ("requests/s:", "{rps:,}"), ("p50 ms:", "{p50_ms}"),
         ("p95 ms:", "{p95_ms}"), ("errors:", "{errors}")],
        rows,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=synthetic.SEED)
    parser.add_argument("--workers", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2])
    parser.add_argument(
        "--concurrency", type=lambda s: [int(x) for x in s.split(",")], default=[1, 10, 50]
    )
    parser.add_argument(
        "--endpoints",
        type=lambda s: s.split(","),
        default=["/api/search", "/search"],
        help="paths to load; /api/openapi.json (no search) measures the server alone",
    )
    parser.add_argument("--requests", type=int, default=300, help="requests per cell (at least)")
    parser.add_argument("--cell-seconds", type=float, default=60, help="a cell's time limit")
    parser.add_argument("--workdir", help="keep the archive and index here (default: a temp dir)")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the archive and index a run left in --workdir"
    )
    parser.add_argument("--json", action="store_true", help="print the rows as one JSON list")
    args = parser.parse_args(argv)
    rows = run(args)
    print(json.dumps(rows, indent=1) if args.json else table(rows, args.turns))
    return 1 if any(r["errors"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
