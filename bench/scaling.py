"""How the index's costs grow with the archive: the index/search benchmark at several sizes, drawn.

\b
Example:
    .venv/bin/python bench/scaling.py --sizes 100000,300000,1000000
    .venv/bin/python bench/scaling.py --plot-only     # redraw from bench/scaling.json

Each size is one run of ``bench/index_search.py --json`` (a fresh synthetic archive, every
engine in the same run), saved to the JSON file as soon as it finishes, so a long run that is cut
keeps the sizes it finished. The PNG has four panels against archive size: build rate, build
peak memory of the process tree, cold ``hansard search`` process time, and Whoosh's warm p95 for
each query kind, with the issue's targets drawn in. No thresholds: it only measures and draws.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = {
    "build_turns_per_s": 1700,
    "build_peak_mb": 1000,
    "cold_search_s": 1.0,
    "p95": 100,
    "facet_p95": 300,
}


def run_size(
    turns: int, engines: str, repeats: int, workdir: Path | None = None, reuse: bool = False
) -> dict:
    command = [sys.executable, str(HERE / "index_search.py"), "--turns", str(turns), "--json",
               "--engines", engines, "--repeats", str(repeats)]  # fmt: skip
    if workdir is not None:
        command += ["--workdir", str(workdir / str(turns))]
    if reuse:
        command.append("--reuse-archive")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"scaling: the run at {turns:,} turns failed: {done.stderr.strip()}")
    return json.loads(done.stdout)


def engines_of(run: dict) -> dict[str, dict]:
    return {run["engine"]: run, **run.get("reference", {})}


def plot(runs: dict[str, dict], png: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(runs, key=int)
    xs = [int(s) for s in sizes]
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    panels = [
        (axes[0][0], "build_turns_per_s", "full build, turns/s (higher is better)"),
        (axes[0][1], "build_peak_mb", "build peak memory of the process tree, MB"),
        (axes[1][0], "cold_search_s", "cold `hansard search` process, s"),
    ]
    names = sorted({name for s in sizes for name in engines_of(runs[s])},
                   key=lambda n: (n != "whoosh", n))  # fmt: skip
    for ax, key, title in panels:
        for name in names:
            points = [(x, engines_of(runs[s])[name][key]) for x, s in zip(xs, sizes, strict=True)
                      if name in engines_of(runs[s])]  # fmt: skip
            ax.plot(*zip(*points, strict=True), marker="o", label=name)
        ax.axhline(TARGETS[key], color="grey", linestyle="--", linewidth=1, label="target at 1M")
        ax.set_title(title, fontsize=10)
    ax = axes[1][1]
    kinds = list(runs[sizes[0]]["query_ms"])
    for kind in kinds:
        ax.plot(xs, [runs[s]["query_ms"][kind]["p95"] for s in sizes], marker="o", label=kind)
    ax.axhline(TARGETS["p95"], color="grey", linestyle="--", linewidth=1, label="target")
    ax.axhline(TARGETS["facet_p95"], color="grey", linestyle=":", linewidth=1,
               label="target of facet_party")  # fmt: skip
    ax.set_title("Whoosh warm p95 by query kind, ms", fontsize=10)
    for ax in axes.flat:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("turns in the archive")
        ax.legend(fontsize=7)
        ax.grid(True, which="both", linewidth=0.3)
    loads = ", ".join(f"{int(s):,}: {runs[s].get('load_avg_1m')}" for s in sizes)
    fig.suptitle(f"hansard-qa index and search against archive size (1-min load {loads})",
                 fontsize=9)  # fmt: skip
    fig.tight_layout()
    fig.savefig(png, dpi=90)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\\b")[0],
        epilog="Example: bench/scaling.py --sizes 100000,300000,1000000",
    )
    parser.add_argument("--sizes", default="100000,300000,1000000", help="comma-separated turns")
    parser.add_argument("--engines", default="whoosh,fts5,tantivy", help="comma-separated")
    parser.add_argument("--repeats", type=int, default=5, help="timed rounds of each query")
    parser.add_argument("--out", type=Path, default=HERE / "scaling.json", help="results file")
    parser.add_argument("--png", type=Path, default=HERE / "scaling.png", help="the plot")
    parser.add_argument("--plot-only", action="store_true", help="redraw from --out, run nothing")
    parser.add_argument("--workdir", type=Path, help="keep each size's archive in WORKDIR/<turns>")
    parser.add_argument(
        "--reuse-archive",
        action="store_true",
        help="with --workdir: measure on the archives an earlier run left there",
    )
    args = parser.parse_args(argv)
    runs: dict[str, dict] = {}
    if args.out.exists():
        runs = json.loads(args.out.read_text(encoding="utf-8"))
    if not args.plot_only:
        try:
            sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        except ValueError:
            parser.error(f"--sizes must be whole numbers separated by commas, not {args.sizes!r}")
        if args.reuse_archive and args.workdir is None:
            parser.error("--reuse-archive needs --workdir")
        if not sizes or min(sizes) < 1:
            parser.error("--sizes needs at least one size of 1 or more")
        for turns in sizes:
            runs[str(turns)] = run_size(
                turns, args.engines, args.repeats, args.workdir, args.reuse_archive
            )
            args.out.write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")
            print(f"{turns:,} turns done", file=sys.stderr, flush=True)
    if not runs:
        parser.error(f"nothing to draw: {args.out} holds no runs; run without --plot-only")
    plot(runs, args.png)
    print(f"wrote {args.png} ({len(runs)} sizes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
