"""A damaged index (issue 14, Medium 5): every command says one line naming the rebuild, and
`hansard index --rebuild` builds a new one without opening the old."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_run import run
from search_sample import write_sample

from search.engine import close_all


def zero_toc(index: Path) -> None:
    (toc,) = index.glob("_MAIN_*.toc")
    data = bytearray(toc.read_bytes())
    data[20:60] = bytes(40)
    toc.write_bytes(bytes(data))


def truncate_segment(index: Path) -> None:
    """Half of each segment's terms and postings files (``.seg`` for a compound segment)."""
    files = [p for p in index.iterdir() if p.suffix in (".seg", ".trm", ".pst")]
    assert files
    for segment in files:
        os.truncate(segment, segment.stat().st_size // 2)


@pytest.fixture(params=[zero_toc, truncate_segment], ids=["toc", "segment"])
def damaged(request, tmp_path) -> Path:
    write_sample(tmp_path)
    assert run("index", "--data-dir", str(tmp_path))[0] == 0
    close_all()
    request.param(tmp_path / "index")
    yield tmp_path
    close_all()


@pytest.mark.parametrize(
    "command",
    [("search", "stalking"), ("search", "--count"), ("show", "SG-A1"), ("stats",), ("index",),
     ("quote", "SG-A1"), ("watch", "add", "w", "stalking")],
    ids=" ".join,
)  # fmt: skip
def test_a_damaged_index_is_one_line_naming_the_rebuild(damaged, command):
    code, out, err = run(*command, "--data-dir", str(damaged))
    lines = err.strip().splitlines()
    assert code == 1, (out, err)
    assert len(lines) == 1 and "hansard index --rebuild" in lines[0], err
    assert "indexed 0 turns" not in out


def test_rebuild_never_needs_the_old_index(damaged):
    code, out, err = run("index", "--rebuild", "--data-dir", str(damaged))
    assert code == 0, err
    assert "indexed 19 turns" in out
    close_all()
    code, out, err = run("search", "stalking", "--count", "--data-dir", str(damaged))
    assert code == 0 and int(out) > 0, err


def test_a_crawl_during_a_rebuild_is_not_lost(tmp_path):
    """Issue 14, Low: a crawl's index update made while `--rebuild` ran was dropped at the swap.

    The crawl is played at the worst moment: after the rebuild has read the archive, before it
    swaps; it writes the day (as a crawl does) and updates the live index (as a crawl does)."""
    import dataclasses

    from hansard.archive import Archive
    from hansard.datadir import archive_dir
    from index import build

    write_sample(tmp_path)
    assert run("index", "--data-dir", str(tmp_path))[0] == 0
    archive = Archive(archive_dir(tmp_path))
    house, date = "Commons", "2015-11-26"
    crawled = []

    def crawl_meanwhile(done: int, total: int) -> None:
        if crawled:
            return
        turns = archive.read_turns(house, date)
        late = dataclasses.replace(turns[-1], id="LATE-1", text="A zebracrossing answer.")
        archive.write_turns(house, date, [*turns, late])
        crawled.append(build.update_days(tmp_path, [(house, date)]))

    build.rebuild(tmp_path, progress=crawl_meanwhile)
    close_all()
    assert crawled == [len(archive.read_turns(house, date))]
    code, out, err = run("search", "zebracrossing", "--count", "--data-dir", str(tmp_path))
    assert (code, out.strip()) == (0, "1"), err
