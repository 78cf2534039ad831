"""Build and update the index from the archive, so that a kill at any moment leaves it usable.

Whoosh commits are atomic (a new table of contents is written last), so the index is built in
batches, each committed, and a manifest beside it records which archived sittings (and which
version of each day file) the index holds. A rerun after a crash compares the manifest with the
archive and indexes only what is missing or changed. Updates delete a whole sitting by its
``day`` term and add the archive's turns: a re-crawl can never duplicate a turn, and it costs one
term deletion rather than a lookup per document.

``--rebuild`` over an existing index builds a fresh one aside (resumable the same way) and swaps
it in at the end, so searches keep working on the old index meanwhile.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from hansard.archive import Archive
from hansard.datadir import archive_dir, index_dir
from hansard.errors import HansardError
from hansard.records import Turn
from index import tuning
from index.manifest import (
    index_exists,
    opening,
    read_manifest,
    write_manifest,
)
from index.schema import SCHEMA_VERSION, build_schema, day_documents, day_term, group_by_day

tuning.apply()

BATCH_TURNS = 100_000
"""Turns per commit while building: bounds the work a kill can lose, and the segment count
(bulk commits skip merging, since merging rewrites every posting in pure Python)."""
BULK_DAYS = 50
"""More sittings than this to index: use the multi-process writer."""
LOCK_WAIT_S = 5.0
WRITER_PROCS = 2
WRITER_LIMIT_MB = 96
"""Whoosh's own posting pool would spill at this size; the compact pool (``index.postings``)
holds a segment's postings in flat arrays instead and ignores it."""

Progress = Callable[[int, int], None]
"""Called with (days done, days to do) after every commit."""


# -- manifest ----------------------------------------------------------------------------------


def _day_stamp(archive: Archive, house: str, date: str) -> str:
    stat = archive.turns_path(house, date).stat()
    return f"{stat.st_mtime_ns}:{stat.st_size}"


# -- opening -----------------------------------------------------------------------------------


def _open_or_create(path: Path):
    """The index at ``path`` (created when there is none); damage is one line naming
    ``--rebuild``, since updating an index that cannot be read would claim work not done."""
    from whoosh import index as whoosh_index

    if path.is_dir() and any(path.glob("_MAIN_*.toc")):
        with opening(path):
            ix = whoosh_index.open_dir(str(path))
            ix.reader().close()  # opens every segment: a truncated one fails here
        return ix
    path.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(path), build_schema())


def _writer(ix, procs: int = 1, limitmb: int = WRITER_LIMIT_MB):
    """A writer, waiting briefly if another process holds the lock, then saying so plainly.

    Segments are left as separate files (``compound=False``): Whoosh opens a file inside a
    compound segment by copying it whole into a ``BytesIO``, so every searcher (and every writer
    that deletes) read the whole index into memory: 2 GB and about a second at 1M turns.
    Separate files are read a block at a time.
    """
    from whoosh.index import LockError

    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            if procs > 1:
                return ix.writer(procs=procs, limitmb=limitmb, multisegment=True, compound=False)
            return ix.writer(limitmb=limitmb, compound=False)
        except LockError:
            if time.monotonic() >= deadline:
                raise HansardError(
                    f"the index at {ix.storage.folder} is locked by another writer "
                    "(a running `hansard index` or `hansard crawl`); wait for it to finish "
                    "and try again"
                ) from None
            time.sleep(0.2)


# -- building ----------------------------------------------------------------------------------


def build_from_turns(turns: Iterable[Turn], index_path: Path) -> int:
    """A fresh index from turns in sitting order (the benchmark's entry point); returns count."""
    from whoosh import index as whoosh_index

    index_path.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(index_path), build_schema())
    writer = _writer(ix, procs=WRITER_PROCS)
    count = 0
    try:
        for day in group_by_day(turns):
            for doc in day_documents(day):
                writer.add_document(**doc)
            count += len(day)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    write_manifest(
        index_path, {"schema_version": SCHEMA_VERSION, "archive_changed": 0.0, "days": {}}
    )
    return count


def sync(data_dir: Path, progress: Progress | None = None) -> dict:
    """Bring the index up to date with the archive; resumes a killed build. Returns stats."""
    path = index_dir(data_dir)
    _recover_swap(path)
    manifest = read_manifest(path)
    if index_exists(data_dir) and manifest.get("schema_version") not in (None, SCHEMA_VERSION):
        raise HansardError(
            f"the index at {path} was built by another version of hansard; "
            "run `hansard index --rebuild`"
        )
    return _sync_into(data_dir, path, progress)


def _recover_swap(live: Path) -> None:
    """A kill between the two renames of a swap leaves only ``index.old``: put it back."""
    old = live.with_name(live.name + ".old")
    if not live.exists() and old.exists():
        old.rename(live)


def rebuild(data_dir: Path, progress: Progress | None = None) -> dict:
    """A fresh index of the whole archive; an existing index keeps serving until the swap."""
    live = index_dir(data_dir)
    _recover_swap(live)
    if not index_exists(data_dir):
        if live.exists():
            shutil.rmtree(live)
        return _sync_into(data_dir, live, progress)
    aside = live.with_name(live.name + ".building")
    if aside.exists() and read_manifest(aside).get("schema_version") != SCHEMA_VERSION:
        shutil.rmtree(aside)
    stats = _sync_into(data_dir, aside, progress)
    old = live.with_name(live.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    live.rename(old)
    aside.rename(live)
    shutil.rmtree(old, ignore_errors=True)
    # A crawl that wrote while the new index was built updated the old one, now gone: catch
    # up with the archive (only days whose files changed since they were read are redone).
    caught_up = _sync_into(data_dir, live, None)
    for key in ("days_indexed", "days_removed", "turns_indexed"):
        stats[key] += caught_up[key]
    return stats


def _sync_into(data_dir: Path, path: Path, progress: Progress | None) -> dict:
    archive = Archive(archive_dir(data_dir))
    archive_changed = archive.last_changed()
    ix = _open_or_create(path)
    manifest = read_manifest(path)
    manifest["schema_version"] = SCHEMA_VERSION
    indexed: dict[str, str] = manifest["days"]
    wanted = {day_term(h, d): (h, d) for h, d in archive.days()}
    stamps = {key: _day_stamp(archive, h, d) for key, (h, d) in wanted.items()}
    todo = [hd for key, hd in wanted.items() if indexed.get(key) != stamps[key]]
    gone = [key for key in indexed if key not in wanted]
    started = time.monotonic()
    added = 0
    if gone:
        writer = _writer(ix)
        for key in gone:
            writer.delete_by_term("day", key)
            del indexed[key]
        writer.commit()
        write_manifest(path, manifest)
    held = _days_held(ix)
    bulk = len(todo) > BULK_DAYS
    writer = None
    pending: list[str] = []
    size = 0

    def commit() -> None:
        writer.commit(merge=not bulk)
        for key in pending:
            indexed[key] = stamps[key]
        write_manifest(path, manifest)
        if progress:
            progress(sum(1 for k in wanted if indexed.get(k) == stamps[k]), len(wanted))

    try:
        for house, date in todo:  # streamed: one sitting's turns in memory at a time
            if writer is None:
                writer = _writer(ix, procs=WRITER_PROCS if bulk else 1)
            turns = archive.read_turns_or_skip(house, date)
            if turns is None:  # damaged: skipped with a warning, and tried again next time
                continue
            if day_term(house, date) in held:
                writer.delete_by_term("day", day_term(house, date))
            for doc in day_documents(turns):
                writer.add_document(**doc)
            pending.append(day_term(house, date))
            size += len(turns)
            added += len(turns)
            if size >= BATCH_TURNS:
                commit()
                writer, pending, size = None, [], 0
        if writer is not None:
            commit()
            writer = None
    except BaseException:
        if writer is not None:
            writer.cancel()
        raise
    manifest["archive_changed"] = archive_changed
    write_manifest(path, manifest)
    return sync_summary(len(todo), len(gone), added, started)


def sync_summary(days: int, removed: int, turns: int, started: float) -> dict:
    """What a sync did, as ``hansard index`` prints it (the PostgreSQL build says the same)."""
    seconds = time.monotonic() - started
    return {
        "days_indexed": days,
        "days_removed": removed,
        "turns_indexed": turns,
        "seconds": round(seconds, 3),
        "turns_per_s": round(turns / seconds, 1) if seconds and turns else None,
    }


def _days_held(ix) -> set[str]:
    """The sittings the index may hold turns of (read from its ``day`` terms, so a build killed
    between a commit and its manifest write counts too).

    Only these need deleting before they are added: asking the writer to delete a sitting makes
    it open a searcher over every segment, which in a fresh build of a million turns cost the
    parent process more than a gigabyte and a lookup per sitting for nothing.
    """
    with ix.reader() as reader:
        if "day" not in reader.indexed_field_names():
            return set()
        return {term.decode("utf-8") for term in reader.lexicon("day")}


def update_days(data_dir: Path, days: Iterable[tuple[str, str]]) -> int:
    """Replace these sittings' turns with the archive's (a crawl calls this); returns turns added.

    One writer, one commit: each day is deleted by its term and re-added, so a re-crawl never
    duplicates and a day that vanished from the archive vanishes from the index.
    """
    path = index_dir(data_dir)
    archive = Archive(archive_dir(data_dir))
    ix = _open_or_create(path)
    manifest = read_manifest(path)
    if manifest.get("schema_version") is None:
        manifest["schema_version"] = SCHEMA_VERSION
    writer = _writer(ix)
    added = 0
    touched: list[tuple[str, str]] = []
    try:
        for house, date in dict.fromkeys(days):
            turns = archive.read_turns_or_skip(house, date)
            if turns is None:
                continue
            writer.delete_by_term("day", day_term(house, date))
            for doc in day_documents(turns):
                writer.add_document(**doc)
            added += len(turns)
            touched.append((house, date))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    for house, date in touched:
        key = day_term(house, date)
        if archive.turns_path(house, date).exists():
            manifest["days"][key] = _day_stamp(archive, house, date)
        else:
            manifest["days"].pop(key, None)
    if not _has_unindexed_days(archive, manifest):
        manifest["archive_changed"] = archive.last_changed()
    write_manifest(path, manifest)
    return added


def _has_unindexed_days(archive: Archive, manifest: dict) -> bool:
    days = manifest["days"]
    return any(day_term(h, d) not in days for h, d in archive.days())
