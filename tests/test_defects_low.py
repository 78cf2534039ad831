"""The Low items of issue 14's defects: options and arguments checked where they are read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import run
from search_sample import write_sample

from hansard.archive import Archive
from hansard.datadir import archive_dir


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hansard: error:"), err
    return lines[0]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("data")
    write_sample(path)
    assert run("index", "--data-dir", str(path))[0] == 0
    return path


@pytest.mark.parametrize("value", ["20151126", "2015-W48-4", "2015-11-26T00:00", "2015-330"])
@pytest.mark.parametrize("where", ["option", "query"])
def test_dates_are_read_strictly(data_dir, value, where):
    """Python 3.11's fromisoformat reads these; 3.10 did not, and neither does the help text."""
    args = ("--from", value) if where == "option" else (f"date:{value}",)
    code, _out, err = run("search", *args, "--data-dir", str(data_dir))
    assert code == 2 and "YYYY-MM-DD" in one_line(err)


@pytest.mark.parametrize("command", [("dump",), ("reparse",), ("commitments",), ("search",)])
def test_from_after_to_is_refused(data_dir, command):
    code, _out, err = run(*command, "--from", "2016-01-01", "--to", "2015-01-01",
                          "--data-dir", str(data_dir))  # fmt: skip
    assert code == 2, err
    one_line(err)


def test_stray_jsonl_files_are_not_sittings(tmp_path):
    """A .bak copy beside a day's turns was indexed as a sitting and duplicated results."""
    write_sample(tmp_path)
    archive = Archive(archive_dir(tmp_path))
    day = archive.turns_path("Commons", "2015-11-26")
    (day.parent / "2015-11-26.bak.jsonl").write_bytes(day.read_bytes())
    (day.parent / "copy of 2015-11-26.jsonl").write_bytes(day.read_bytes())
    assert archive.days() == sorted(set(archive.days()))
    assert [d for h, d in archive.days() if h == "Commons"].count("2015-11-26") == 1
    assert all(len(d) == 10 for _h, d in archive.days())


def test_show_accepts_a_permalink_and_any_case(data_dir):
    code, out, err = run("search", "stalking", "--format", "json", "--limit", "1",
                         "--data-dir", str(data_dir))  # fmt: skip
    turn = json.loads(out)[0]
    code, by_id, err = run("show", turn["id"], "--format", "json", "--data-dir", str(data_dir))
    assert code == 0, err
    for spelling in (turn["url"], turn["id"].lower(), turn["id"].upper()):
        code, out, err = run("show", spelling, "--format", "json", "--data-dir", str(data_dir))
        assert code == 0, err
        assert out == by_id


def test_show_does_not_hard_wrap_permalinks(data_dir):
    """On a narrow terminal the permalink must stay one line, so it can be copied."""
    _code, out, _ = run("search", "stalking", "--format", "json", "--limit", "1",
                        "--data-dir", str(data_dir))  # fmt: skip
    url = json.loads(out)[0]["url"]
    script = (
        "import sys, rich.console\n"
        "from hansard.cli import search_cmds\n"
        "from search import engine\n"
        f"turns = engine.exchange(__import__('pathlib').Path({str(data_dir)!r}), "
        f"{json.loads(out)[0]['id']!r})\n"
        "search_cmds._print_exchange(turns, turns[0].id, rich_output=True)\n"
    )
    env = {"COLUMNS": "40", "TERM": "xterm", "PATH": ""}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert url in done.stdout.splitlines()


@pytest.mark.parametrize(
    "args",
    [
        ("members", "--fetch", "--members-api", "not a url"),
        ("members", "--fetch", "--members-api", "ftp://example.org"),
        ("parse", "PAGE", "--url", "not a url"),
        ("crawl", "--from", "2015-11-26", "--api-url", "nope", "--source", "api"),
    ],
    ids=" ".join,
)
def test_urls_are_checked(data_dir, args, tmp_path):
    page = Path(__file__).parent / "fixtures" / "site" / "real"
    page = next(page.glob("*.html"))
    args = tuple(str(page) if a == "PAGE" else a for a in args)
    code, _out, err = run(*args, "--data-dir", str(data_dir)) if args[0] != "parse" else run(*args)
    assert code == 2, err
    assert "http" in one_line(err)


@pytest.mark.parametrize(
    "option", [("--delay", "inf"), ("--delay", "nan"), ("--timeout", "nan"),
               ("--timeout", "inf"), ("--backoff", "nan"), ("--delay", "1e9")],
    ids=" ".join,
)  # fmt: skip
def test_crawl_numbers_must_be_finite_and_sane(tmp_path, option):
    code, _out, err = run("crawl", "--from", "2015-11-26", *option, "--base-url",
                          "http://127.0.0.1:9", "--data-dir", str(tmp_path))  # fmt: skip
    assert code == 2, err
    assert option[0] in one_line(err)


@pytest.mark.parametrize("dates", [("1000-01-01", "9999-12-31"), ("1700-01-01", "1700-01-02"),
                                   ("2015-11-26", "9999-12-31")])  # fmt: skip
def test_crawl_range_is_bounded_to_hansard(tmp_path, dates):
    code, _out, err = run("crawl", "--from", dates[0], "--to", dates[1], "--base-url",
                          "http://127.0.0.1:9", "--data-dir", str(tmp_path))  # fmt: skip
    assert code == 2, err
    assert "1803" in one_line(err) or "future" in one_line(err)


def test_api_source_does_not_warn_about_the_site(tmp_path, hansard_cli):
    done = hansard_cli("crawl", "--from", "2015-11-26", "--source", "api", "--delay", "0",
                       "--api-url", "http://127.0.0.1:9", "--retries", "0", "--timeout", "1",
                       data_dir=tmp_path)  # fmt: skip
    assert "Traceback" not in done.stderr
    assert "rate-limited" not in done.stderr


def test_nul_never_reaches_csv_or_markdown_files(tmp_path):
    write_sample(tmp_path)
    day = Archive(archive_dir(tmp_path)).turns_path("Commons", "2015-11-26")
    lines = day.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record["text"] = "stalking\x00protocol \x1b[2J"
    lines[0] = json.dumps(record)
    day.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run("index", "--data-dir", str(tmp_path))[0] == 0
    for fmt in ("csv", "md", "text"):
        target = tmp_path / f"out.{fmt}"
        code, _out, err = run("search", "protocol", "--format", fmt, "--output", str(target),
                              "--data-dir", str(tmp_path))  # fmt: skip
        assert code == 0, err
        written = target.read_text(encoding="utf-8")
        assert "\x00" not in written and "\x1b" not in written and "protocol" in written


def test_spider_does_not_import_the_runner():
    """crawler.run and crawler.spider imported each other; the spider now stands alone."""
    script = "import sys, crawler.spider; print('crawler.run' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(
    "name,content",
    [
        ("watches.json", {"version": 1, "watches": {"w": "not a table"}}),
        ("watches.json", {"version": 1, "watches": {"w": {"query": 5, "seen": []}}}),
        ("commitments.json", {"version": 1, "marks": {"x": "done"}}),
    ],
)
def test_state_of_the_wrong_shape_is_one_line(tmp_path, name, content):
    write_sample(tmp_path)
    assert run("index", "--data-dir", str(tmp_path))[0] == 0
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / name).write_text(json.dumps(content), encoding="utf-8")
    commands = [("watch", "list"), ("watch", "run")] if name == "watches.json" else [
        ("commitments",), ("commitments", "--format", "json")]  # fmt: skip
    for command in commands:
        code, _out, err = run(*command, "--data-dir", str(tmp_path))
        assert code == 1, (command, err)
        assert "move it aside" in one_line(err)


def test_watch_name_ending_in_a_newline_is_refused(data_dir):
    code, _out, err = run("watch", "add", "news\n", "stalking", "--data-dir", str(data_dir))
    assert code == 2, err
