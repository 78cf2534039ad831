"""The user's own state (commitment marks, watch lists): small JSON files under ``state/``.

Kept apart from the archive and the index so re-crawling and re-indexing never touch it; written
atomically so an interrupted command never leaves it half-written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hansard import atomic
from hansard.datadir import state_dir
from hansard.errors import HansardError

STATE_VERSION = 1


def load_state(data_dir: Path, name: str, key: str) -> dict[str, Any]:
    """The ``key`` table of ``state/<name>`` ({} when the file does not exist yet)."""
    path = state_dir(data_dir) / name
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise HansardError(
            f"{path} is not valid JSON ({error}); fix or move it aside to start afresh"
        ) from None
    return data.get(key, {})


def save_state(data_dir: Path, name: str, key: str, table: dict[str, Any]) -> None:
    payload = {"version": STATE_VERSION, key: table}
    text = json.dumps(payload, indent=1, ensure_ascii=False)
    atomic.write_text(state_dir(data_dir) / name, text)
