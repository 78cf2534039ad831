"""Where the archive, the index and user state live.

One place decides it so every command agrees: ``--data-dir``, else ``$HANSARD_DATA_DIR``, else the
platform's user data directory (``~/.local/share/hansard`` on Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "HANSARD_DATA_DIR"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("hansard", appauthor=False))


def archive_dir(data_dir: Path) -> Path:
    return data_dir / "archive"


def index_dir(data_dir: Path) -> Path:
    return data_dir / "index"


def state_dir(data_dir: Path) -> Path:
    """User state that must survive re-crawls and re-indexing: commitment marks, watch lists."""
    return data_dir / "state"


def cache_dir(data_dir: Path) -> Path:
    """Caches that can be deleted at any time (Members API answers)."""
    return data_dir / "cache"
