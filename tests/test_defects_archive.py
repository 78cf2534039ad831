"""One damaged archive file (issue 14, Medium 6): the file and line are named, the day is
skipped where the rest is still a useful answer, and the way to repair it is given."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from cli_run import run
from search_sample import write_sample

from hansard.archive import Archive
from hansard.datadir import archive_dir


@pytest.fixture
def one_bad_line(tmp_path) -> tuple[Path, Path]:
    """The sample archive with line 2 of the 2015-11-26 sitting cut short."""
    write_sample(tmp_path)
    path = Archive(archive_dir(tmp_path)).turns_path("Commons", "2015-11-26")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1][: len(lines[1]) // 2] + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return tmp_path, path


def assert_names_the_damage(err: str, path: Path) -> None:
    assert "Traceback" not in err
    assert f"{path} line 2" in err and "hansard reparse" in err, err


@pytest.mark.parametrize(
    "command",
    [("dump",), ("index",), ("index", "--rebuild"), ("commitments",), ("members",)],
    ids=" ".join,
)
def test_a_bad_turns_line_skips_that_day_and_says_where(one_bad_line, command):
    data_dir, path = one_bad_line
    code, out, err = run(*command, "--data-dir", str(data_dir))
    assert code == 0, err
    assert_names_the_damage(err, path)
    assert out.strip()


def test_dump_keeps_the_other_days(one_bad_line):
    data_dir, _path = one_bad_line
    code, out, _err = run("dump", "--data-dir", str(data_dir))
    dates = {json.loads(line)["date"] for line in out.splitlines()}
    assert code == 0 and dates and "2015-11-26" not in dates


def test_search_serves_the_other_days_after_indexing(one_bad_line):
    data_dir, _path = one_bad_line
    assert run("index", "--data-dir", str(data_dir))[0] == 0
    code, out, err = run("search", "--count", "--house", "lords", "--data-dir", str(data_dir))
    assert code == 0 and int(out) > 0, err


def test_a_bad_day_record_is_crawled_again(crawl_cli, tmp_path):
    result, _summary = crawl_cli(tmp_path, "2015-11-26")
    assert result.returncode == 0, result.stderr
    record = Archive(archive_dir(tmp_path)).day_record_path("Commons", "2015-11-26")
    record.write_text('{"house": "Commons", "date": ', encoding="utf-8")
    result, _summary = crawl_cli(tmp_path, "2015-11-26")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and str(record) in result.stderr
    assert json.loads(record.read_text(encoding="utf-8"))["status"] == "sitting"


def test_a_bad_stored_page_is_a_reported_failure_in_reparse(crawl_cli, tmp_path):
    result, _summary = crawl_cli(tmp_path, "2015-11-26")
    assert result.returncode == 0, result.stderr
    pages = sorted((archive_dir(tmp_path) / "pages" / "Commons" / "2015-11-26").glob("*.gz"))
    damaged = pages[-1]
    damaged.write_bytes(gzip.compress(b"<html>" * 1000)[:40])
    code, out, err = run("reparse", "--data-dir", str(tmp_path))
    assert code == 1, (out, err)
    assert "Aborted" not in out + err and "Traceback" not in out + err
    assert damaged.name in out + err and "--refresh" in out + err
