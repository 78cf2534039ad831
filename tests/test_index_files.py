"""Opening the index reads it a block at a time, never whole (issue 11: memory, cold start).

Whoosh copies a file inside a compound segment into memory when it opens it, so the build
writes segments as separate files; these tests fail if that stops being so, or if Whoosh starts
copying separate files too.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from search_sample import repeated_turns

from hansard.archive import Archive
from hansard.datadir import archive_dir, index_dir
from hansard.records import SearchRequest
from index import build
from index.schema import group_by_day
from search import engine

COPIES = 100


def _write_archive(data_dir: Path) -> None:
    archive = Archive(archive_dir(data_dir))
    for day in group_by_day(repeated_turns(0, COPIES)):
        archive.write_turns(day[0].house, day[0].date, day)


def test_segments_are_separate_files_and_opening_copies_none_of_them(tmp_path):
    _write_archive(tmp_path)
    build.sync(tmp_path)
    path = index_dir(tmp_path)
    assert not list(path.glob("*.seg")), "compound segments are copied whole when opened"
    postings = sum(p.stat().st_size for p in path.iterdir() if p.suffix in (".pst", ".trm"))
    assert postings > 500_000
    engine.search(tmp_path, SearchRequest("stalking", limit=5))  # imports done before measuring
    engine.close_all()
    tracemalloc.start()
    try:
        result = engine.search(tmp_path, SearchRequest("stalking", limit=5))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        engine.close_all()
    assert result.total > 0
    # copying the postings and terms in would allocate at least their size (plus ~0.2 MB)
    assert peak < postings / 2, f"opening and one search allocated {peak:,} bytes"
