"""The index's manifest (schema version, which archived sittings it holds) and the checks that
read it.

Kept apart from ``index.build`` so that ``hansard search`` can ask "is there an index, and is it
current?" without importing the writer and its patches to Whoosh.
"""

from __future__ import annotations

import contextlib
import json
import pickle
import struct
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

from hansard import atomic
from hansard.archive import Archive
from hansard.datadir import archive_dir, index_dir
from hansard.errors import HansardError

MANIFEST = "hansard-manifest.json"


def read_manifest(path: Path) -> dict:
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {"schema_version": None, "archive_changed": 0.0, "days": {}, "indexed_at": 0.0}
    data.setdefault("days", {})
    return data


def write_manifest(path: Path, manifest: dict) -> None:
    manifest["indexed_at"] = time.time()
    atomic.write_text(path / MANIFEST, json.dumps(manifest, indent=0, sort_keys=True) + "\n")


def index_exists(data_dir: Path) -> bool:
    """Whether an index has been made here: its table of contents is on disk.

    Looked at, not opened (Whoosh's ``exists_in`` opens it), so a damaged index still "exists"
    and ``--rebuild`` never has to read it.
    """
    path = index_dir(data_dir)
    return path.is_dir() and any(path.glob("_MAIN_*.toc"))


DAMAGE = (
    EOFError, ImportError, IndexError, KeyError, ValueError, struct.error, zlib.error,
    pickle.UnpicklingError,
)  # fmt: skip
"""What Whoosh raises opening a damaged index: a truncated segment runs out of input, a
garbled table of contents unpickles into nonsense (even "no module named ...")."""


@contextlib.contextmanager
def opening(path: Path) -> Iterator[None]:
    """Around opening an index (never around searching it, where these would be bugs): damage
    becomes one line that names the fix, since the index is derived and can always be rebuilt."""
    try:
        yield
    except DAMAGE as error:
        reason = type(error).__name__
        raise HansardError(
            f"the index at {path} cannot be read ({reason}: it is damaged or incomplete); "
            "run `hansard index --rebuild` to build it afresh from the archive"
        ) from None


def staleness_warning(data_dir: Path) -> str | None:
    """A warning when the archive changed after the index last caught up with it."""
    manifest = read_manifest(index_dir(data_dir))
    archive = Archive(archive_dir(data_dir))
    if archive.last_changed() > manifest.get("archive_changed", 0.0) + 1e-6:
        return "the archive is newer than the index; run `hansard index` to bring it up to date"
    return None
