"""The index's manifest (schema version, which archived sittings it holds) and the checks that
read it.

Kept apart from ``index.build`` so that ``hansard search`` can ask "is there an index, and is it
current?" without importing the writer and its patches to Whoosh.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from hansard import atomic
from hansard.archive import Archive
from hansard.datadir import archive_dir, index_dir

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
    from whoosh import index as whoosh_index

    path = index_dir(data_dir)
    return path.is_dir() and whoosh_index.exists_in(str(path))


def staleness_warning(data_dir: Path) -> str | None:
    """A warning when the archive changed after the index last caught up with it."""
    manifest = read_manifest(index_dir(data_dir))
    archive = Archive(archive_dir(data_dir))
    if archive.last_changed() > manifest.get("archive_changed", 0.0) + 1e-6:
        return "the archive is newer than the index; run `hansard index` to bring it up to date"
    return None
