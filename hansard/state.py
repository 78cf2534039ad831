"""The user's own state (commitment marks, watch lists): small JSON files under ``state/``.

Kept apart from the archive and the index so re-crawling and re-indexing never touch it; written
atomically so an interrupted command never leaves it half-written.

Two commands may change the same file at once (a ``watch add`` while cron's ``watch run`` is
going; several ``commitments mark`` in a script). Every read-modify-write therefore goes through
:func:`locked_state`: an exclusive ``flock`` on ``state/.<name>.lock``, the file read afresh
inside the lock, the table changed, and written back atomically before the lock is released. A
plain read (:func:`load_state`) takes no lock: the atomic rename means it sees the old file or the
new one, whole.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
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
    table = data.get(key, {}) if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise HansardError(
            f"{path} does not hold a {key!r} table; fix or move it aside to start afresh"
        )
    wrong = next((k for k, v in table.items() if not isinstance(v, dict)), None)
    if wrong is not None:  # every table here maps a name or id to an object of fields
        raise HansardError(
            f"{path}: the {key!r} entry {wrong!r} is not an object; fix or move it aside to "
            "start afresh"
        )
    return table


def save_state(data_dir: Path, name: str, key: str, table: dict[str, Any]) -> None:
    """Write a whole table (callers that read it first must hold :func:`locked_state`)."""
    payload = {"version": STATE_VERSION, key: table}
    text = json.dumps(payload, indent=1, ensure_ascii=False)
    atomic.write_text(state_dir(data_dir) / name, text)


@contextlib.contextmanager
def locked_state(data_dir: Path, name: str, key: str) -> Iterator[dict[str, Any]]:
    """The ``key`` table of ``state/<name>``, read under an exclusive lock, to change in place.

    On a normal exit the table is written back (only if it changed) before the lock goes; if the
    block raises, nothing is written. Other writers wait for the lock; readers never do.
    """
    directory = state_dir(data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f".{name}.lock", "a+b") as lock_file, _exclusive(lock_file):
        table = load_state(data_dir, name, key)
        before = json.dumps(table, sort_keys=True)
        yield table
        if json.dumps(table, sort_keys=True) != before:
            save_state(data_dir, name, key, table)


@contextlib.contextmanager
def _exclusive(lock_file) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: no flock; one user rarely runs two writers there
        yield
        return
    fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(lock_file.fileno(), fcntl.LOCK_UN)
