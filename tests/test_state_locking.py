"""Concurrent commands that change the user's state (issue 14, defect 3): every change lands.

Real processes against a real archive and index: nine ``commitments mark`` at once all keep
their mark, and a ``watch add`` made while a ``watch run`` is under way survives the run's save.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_commitments_cli import build, listed

from hansard import watchlist
from hansard.datadir import state_dir
from hansard.state import load_state, locked_state


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("locking-data")
    build(directory)
    return directory


def start(data_dir: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "HANSARD_DATA_DIR": str(data_dir)}
    return subprocess.Popen(
        [sys.executable, "-m", "hansard", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return out


def test_nine_concurrent_marks_all_survive(built: Path) -> None:
    ids = [row["id"] for row in listed(built)][:9]
    assert len(ids) == 9
    processes = [
        start(built, "commitments", "mark", commitment_id, "dropped", "--note", f"n{n}")
        for n, commitment_id in enumerate(ids)
    ]
    for process in processes:
        finish(process)
    marks = load_state(built, "commitments.json", "marks")
    assert {i: marks[i]["history"][-1]["note"] for i in ids if i in marks} == {
        i: f"n{n}" for n, i in enumerate(ids)
    }
    assert {row["status"] for row in listed(built) if row["id"] in ids} == {"dropped"}


def test_a_watch_added_during_a_run_survives_the_runs_save(built: Path) -> None:
    watchlist.add_watch(built, "first", "", {"role": "answer"})
    run = watchlist.run_watches(built)  # the run has read the state and is searching...
    finish(start(built, "watch", "add", "second", "protocol"))  # ...when another user adds one
    watchlist.record_run(built, run)  # the run saves what it saw
    watches = watchlist.load_watches(built)
    assert set(watches) == {"first", "second"}
    assert watches["first"]["last_run_at"] is not None
    assert watches["second"]["query"] == "protocol" and watches["second"]["last_run_at"] is None


def test_concurrent_watch_adds_all_survive(built: Path, tmp_path: Path) -> None:
    names = [f"w{n}" for n in range(6)]
    processes = [start(built, "watch", "add", name, f"word{name}") for name in names]
    for process in processes:
        finish(process)
    assert set(names) <= set(watchlist.load_watches(built))


def test_a_writer_waits_for_the_lock_and_rereads_inside_it(tmp_path: Path) -> None:
    """While this process holds the lock, a child's change cannot land; once the lock is
    released the child's change is made on top of ours, not over it."""
    with locked_state(tmp_path, "watches.json", "watches") as table:
        table["ours"] = {"query": "x", "filters": {}, "created_at": "t", "last_run_at": None}
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(tmp_path)], stdout=subprocess.PIPE, text=True
        )
        child.stdout.readline()  # the child is about to ask for the lock
        assert child.poll() is None  # it cannot have written: we hold the lock
    assert child.wait(timeout=120) == 0
    saved = json.loads((state_dir(tmp_path) / "watches.json").read_text(encoding="utf-8"))
    assert set(saved["watches"]) == {"ours", "theirs"}


_CHILD = """
import sys
from pathlib import Path
from hansard.state import locked_state
print("ready", flush=True)
with locked_state(Path(sys.argv[1]), "watches.json", "watches") as table:
    table["theirs"] = {"query": "y", "filters": {}, "created_at": "t", "last_run_at": None}
"""


def test_a_failed_block_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), locked_state(tmp_path, "x.json", "marks") as table:
        table["a"] = {"status": "met"}
        raise RuntimeError("interrupted")
    assert not (state_dir(tmp_path) / "x.json").exists()
