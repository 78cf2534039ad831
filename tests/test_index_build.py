"""Building and updating the index: never duplicates, survives a kill, waits for a lock."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from search_sample import all_turns, day_2015_11_26, turn, write_sample

from hansard.archive import Archive
from hansard.datadir import archive_dir, index_dir
from hansard.errors import HansardError
from hansard.records import SearchRequest
from index import build
from index import manifest as index_manifest
from search import engine

ROOT = Path(__file__).resolve().parents[1]


def doc_ids(data_dir: Path) -> list[str]:
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(index_dir(data_dir)))
    with ix.searcher() as searcher:
        return sorted(fields["id"] for fields in searcher.all_stored_fields())


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    write_sample(tmp_path)
    return tmp_path


def test_sync_indexes_every_archived_turn_once(data_dir):
    stats = build.sync(data_dir)
    assert stats["turns_indexed"] == len(all_turns())
    assert doc_ids(data_dir) == sorted(t.id for t in all_turns())
    again = build.sync(data_dir)
    assert again["turns_indexed"] == 0  # nothing changed: nothing re-indexed
    assert doc_ids(data_dir) == sorted(t.id for t in all_turns())


def test_recrawl_of_a_day_never_duplicates(data_dir):
    build.sync(data_dir)
    archive = Archive(archive_dir(data_dir))
    for _ in range(3):
        archive.write_turns("Commons", "2015-11-26", day_2015_11_26())
        assert build.update_days(data_dir, [("Commons", "2015-11-26")]) == 8
    assert doc_ids(data_dir) == sorted(t.id for t in all_turns())
    build.sync(data_dir)
    assert doc_ids(data_dir) == sorted(t.id for t in all_turns())


def test_update_replaces_changed_and_dropped_turns(data_dir):
    build.sync(data_dir)
    archive = Archive(archive_dir(data_dir))
    corrected = [t for t in day_2015_11_26() if t.id != "AG-C1"]
    corrected[0] = turn("SG-Q5", "2015-11-26", "question", "What steps on cyberstalking?",
                        name="Nusrat Ghani", member_id=4460, exchange="SG-Q5")  # fmt: skip
    archive.write_turns("Commons", "2015-11-26", corrected)
    build.update_days(data_dir, [("Commons", "2015-11-26")])
    assert "AG-C1" not in doc_ids(data_dir)
    assert engine.get_turn(data_dir, "SG-Q5").text == "What steps on cyberstalking?"
    assert engine.count(data_dir, SearchRequest("cyberstalking")) == 1


def test_a_day_removed_from_the_archive_leaves_the_index(data_dir):
    build.sync(data_dir)
    Archive(archive_dir(data_dir)).turns_path("Commons", "1975-01-14").unlink()
    stats = build.sync(data_dir)
    assert stats["days_removed"] == 1
    assert "H-Q1" not in doc_ids(data_dir)


def test_archive_newer_than_index_warns(data_dir):
    build.sync(data_dir)
    assert index_manifest.staleness_warning(data_dir) is None
    time.sleep(0.01)
    Archive(archive_dir(data_dir)).write_turns("Commons", "2015-11-26", day_2015_11_26())
    assert "newer than the index" in index_manifest.staleness_warning(data_dir)
    build.sync(data_dir)
    assert index_manifest.staleness_warning(data_dir) is None


def test_schema_version_is_recorded_and_checked(data_dir):
    build.sync(data_dir)
    manifest_path = index_dir(data_dir) / index_manifest.MANIFEST
    manifest = json.loads(manifest_path.read_text())
    assert manifest["schema_version"] == build.SCHEMA_VERSION
    manifest["schema_version"] = build.SCHEMA_VERSION + 99
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(HansardError, match="--rebuild"):
        build.sync(data_dir)
    build.rebuild(data_dir)
    assert json.loads(manifest_path.read_text())["schema_version"] == build.SCHEMA_VERSION
    assert doc_ids(data_dir) == sorted(t.id for t in all_turns())


def test_rebuild_swaps_in_a_fresh_index(data_dir):
    build.sync(data_dir)
    stats = build.rebuild(data_dir)
    assert stats["turns_indexed"] == len(all_turns())
    assert doc_ids(data_dir) == sorted(t.id for t in all_turns())
    assert not (data_dir / "index.building").exists()
    assert not (data_dir / "index.old").exists()


def test_build_from_turns(tmp_path):
    count = build.build_from_turns(all_turns(), tmp_path / "ix")
    assert count == len(all_turns())
    from whoosh import index as whoosh_index

    with whoosh_index.open_dir(str(tmp_path / "ix")).searcher() as searcher:
        assert searcher.doc_count() == count


LOCK_HOLDER = textwrap.dedent(
    """
    import sys, time
    from whoosh import index
    ix = index.open_dir(sys.argv[1])
    writer = ix.writer()
    print("locked", flush=True)
    time.sleep(30)
    """
)


def test_index_locked_by_another_writer(data_dir, monkeypatch):
    build.sync(data_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(index_dir(data_dir))],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        monkeypatch.setattr(build, "LOCK_WAIT_S", 0.5)
        with pytest.raises(HansardError, match="locked by another writer"):
            build.update_days(data_dir, [("Commons", "2015-11-26")])
    finally:
        holder.kill()
        holder.wait()
    # the lock dies with its holder: the next writer gets in
    assert build.update_days(data_dir, [("Commons", "2015-11-26")]) == 8


BIG_BUILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from index import build
    build.BATCH_TURNS = 600  # many small commits, so a kill lands mid-build
    build.sync(Path(sys.argv[1]))
    """
)


def write_many_days(data_dir: Path, days: int, per_day: int) -> int:
    archive = Archive(archive_dir(data_dir))
    for n in range(days):
        date = f"2010-{1 + n // 28:02d}-{1 + n % 28:02d}"
        turns = [
            turn(f"d{n}-t{i}", date, "question" if i % 2 == 0 else "answer",
                 f"Question {i} about rural broadband and the cost of living, day {n}.",
                 name=f"Member {i % 40}", member_id=1000 + i % 40, exchange=f"d{n}-t{i - i % 2}")
            for i in range(per_day)
        ]  # fmt: skip
        archive.write_turns("Commons", date, turns)
    return days * per_day


def processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line holds ``text`` (Linux /proc; empty elsewhere)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
            state = (entry / "stat").read_text().split(")")[-1].split()[0]
        except OSError:
            continue
        if text in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def test_kill_during_indexing_leaves_an_index_that_opens_and_a_rerun_completes(tmp_path):
    total = write_many_days(tmp_path, days=60, per_day=100)  # > BULK_DAYS: the multi-process path
    manifest = index_dir(tmp_path) / index_manifest.MANIFEST
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", BIG_BUILD, str(tmp_path)], env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # wait until some batches are committed
            if manifest.exists() and len(json.loads(manifest.read_text())["days"]) >= 6:
                break
            time.sleep(0.02)
        else:
            pytest.fail("the build recorded no progress")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL

    time.sleep(0.2)
    assert processes_mentioning(str(tmp_path)) == []  # no orphaned worker left holding the lock
    partial = doc_ids(tmp_path)  # opens after the kill
    assert 0 < len(partial) < total
    assert len(partial) == len(set(partial))

    stats = build.sync(tmp_path)
    assert 0 < stats["turns_indexed"] < total  # resumed, not started over
    final = doc_ids(tmp_path)
    assert len(final) == total == len(set(final))
    assert engine.count(tmp_path, SearchRequest("broadband")) == total


def test_a_long_lived_searcher_follows_a_rebuild(data_dir):
    build.sync(data_dir)
    assert engine.count(data_dir, SearchRequest("cyberstalking")) == 0
    archive = Archive(archive_dir(data_dir))
    changed = [*day_2015_11_26(), turn("NEW-1", "2015-11-26", "other", "On cyberstalking.",
                                       name="Mr Bone", member_id=4099)]  # fmt: skip
    archive.write_turns("Commons", "2015-11-26", changed)
    build.rebuild(data_dir)  # a fresh directory swapped in, whatever its generation
    assert engine.count(data_dir, SearchRequest("cyberstalking")) == 1


def test_a_swap_cut_short_is_recovered(data_dir):
    build.sync(data_dir)
    live = index_dir(data_dir)
    live.rename(live.with_name("index.old"))  # as if killed between the swap's two renames
    stats = build.sync(data_dir)
    assert stats["turns_indexed"] == 0  # the old index is back, and current
    assert doc_ids(data_dir) == sorted(t.id for t in all_turns())
