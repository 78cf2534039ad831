"""``hansard trends --plot FILE.svg|FILE.png``: a chart drawn with matplotlib's Agg backend.

Agg renders to memory with no display and no network; the file is then written atomically.
matplotlib is the ``plot`` extra (``make install`` installs it with ``dev``).
"""

from __future__ import annotations

import io
from pathlib import Path

from hansard import atomic
from hansard.errors import UsageError
from hansard.records import TrendPoint

FORMATS = {".svg": "svg", ".png": "png"}


def plot_trends(points: list[TrendPoint], path: Path, title: str) -> None:
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise UsageError(f"--plot {path}: name a .svg or .png file")
    try:
        import matplotlib
    except ImportError:
        raise UsageError(
            "--plot needs matplotlib: pip install 'hansard-qa[plot]' (or matplotlib)"
        ) from None
    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    figure = Figure(figsize=(max(6.0, 0.35 * len(points) + 2), 4.0), layout="constrained")
    axes = figure.add_subplot()
    labels = [p.period for p in points]
    normalized = bool(points) and points[0].per_10k is not None
    if points and points[0].split is not None:
        bottoms = [0.0] * len(points)
        values = list(dict.fromkeys(v for p in points for v in (p.split or {})))
        for value in values:
            heights = [float((p.split or {}).get(value, 0)) for p in points]
            if normalized:  # scale each stack to the period's rate
                heights = [h * (p.per_10k or 0) / p.turns if p.turns else 0.0
                           for h, p in zip(heights, points, strict=True)]  # fmt: skip
            axes.bar(labels, heights, bottom=bottoms, label=value)
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        axes.legend(fontsize="small", ncols=2)
    else:
        axes.bar(labels, [p.per_10k if normalized else p.turns for p in points])
    axes.set_ylabel("matching turns per 10,000 turns" if normalized else "matching turns")
    axes.set_title(title)
    axes.tick_params(axis="x", labelrotation=90 if len(points) > 12 else 0)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=kind, metadata=_metadata(kind))
    atomic.write_bytes(path, buffer.getvalue())


def _metadata(kind: str) -> dict:
    """No creation date in the file, so the same data draws the same bytes."""
    return {"Date": None} if kind == "svg" else {}
