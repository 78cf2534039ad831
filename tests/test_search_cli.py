"""`hansard index`, `search`, `show` and `stats`, run as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_run import indexed_sample, run
from search_sample import day_2015_11_26, write_sample

from hansard.archive import Archive
from hansard.datadir import archive_dir
from hansard.records import OPL_ATTRIBUTION

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return indexed_sample(tmp_path_factory.mktemp("data"))


def search(data_dir: Path, *args: str) -> tuple[int, str, str]:
    return run("search", "--data-dir", str(data_dir), *args)


def test_index_reports_what_it_did(tmp_path):
    write_sample(tmp_path)
    code, out, _ = run("index", "--data-dir", str(tmp_path))
    assert code == 0 and "indexed 19 turns from 5 sittings" in out
    code, out, _ = run("index", "--data-dir", str(tmp_path))
    assert "indexed 0 turns" in out
    code, out, _ = run("index", "--rebuild", "--data-dir", str(tmp_path))
    assert code == 0 and "indexed 19 turns" in out


def test_done_when_minister_json(data_dir):
    code, out, err = search(data_dir, "stalking", "--minister", "Solicitor General", "--format",
                            "json")  # fmt: skip
    assert code == 0, err
    records = json.loads(out)
    assert [r["id"] for r in records] == ["SG-A1", "SG-A2"] or [r["id"] for r in records] == [
        "SG-A2", "SG-A1"]  # fmt: skip
    assert {r["speaker_office"] for r in records} == {"The Solicitor General"}
    assert {r["speaker_name"] for r in records} == {"Robert Buckland"}
    assert all(r["score"] > 0 for r in records)
    assert OPL_ATTRIBUTION in err


def test_done_when_member(data_dir):
    code, out, _ = search(data_dir, "--member", "Nusrat Ghani", "--format", "jsonl", "--sort",
                          "date")  # fmt: skip
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["SG-Q5", "SG-S1"]


def test_done_when_show_prints_the_four_turns_in_order(data_dir):
    code, out, _ = run("show", "SG-Q5", "--data-dir", str(data_dir))
    assert code == 0
    order = [out.index(f"({turn_id})") for turn_id in ("SG-Q5", "SG-A1", "SG-S1", "SG-A2")]
    assert order == sorted(order)
    assert "[question] Nusrat Ghani (Wealden) (Con)" in out
    assert "[answer] The Solicitor General (Robert Buckland)" in out
    assert "[supplementary]" in out
    assert "AG-Q6" not in out
    assert out.rstrip().endswith(OPL_ATTRIBUTION)
    code, out, _ = run("show", "SG-A2", "--data-dir", str(data_dir), "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["SG-Q5", "SG-A1", "SG-S1", "SG-A2"]


def test_show_unknown_id_fails_with_one_line(data_dir):
    code, _out, err = run("show", "NOPE", "--data-dir", str(data_dir))
    assert code == 1
    assert err.startswith("hansard: error: no turn with id 'NOPE'")
    assert err.count("\n") == 1


def test_plain_text_when_piped(data_dir):
    code, out, err = search(data_dir, "helpline")
    assert code == 0
    assert "2015-11-26 Commons · supplementary · Nusrat Ghani" in out
    assert "[[helpline]]" in out
    assert "Attorney General › Stalking and Harassment Cases" in out
    assert "#contribution-SG-S1" in out
    assert out.rstrip().endswith(OPL_ATTRIBUTION)
    assert "1 of 1 matches" in err


def test_count_prints_the_number_only(data_dir):
    assert search(data_dir, "stalking", "--count")[1] == "7\n"
    assert search(data_dir, "--party", "Con", "--house", "lords", "--count")[1] == "2\n"
    assert search(data_dir, "--role", "answer", "--from", "2016-01-01", "--count")[1] == "3\n"


def test_facets_count_every_match(data_dir):
    code, out, _ = search(data_dir, "stalking", "--limit", "1", "--facet", "year", "--facet",
                          "party", "--format", "json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["total"] == 7
    assert data["facets"]["year"] == [["2015", 4], ["2020", 2], ["2016", 1]]
    code, out, _ = search(data_dir, "stalking", "--facet", "minister")
    assert "7 matches" in out and "2  The Solicitor General" in out


def test_limit_and_sort(data_dir):
    _code, out, _ = search(data_dir, "--sort", "date", "--limit", "2", "--format", "jsonl")
    assert [json.loads(line)["date"] for line in out.splitlines()] == ["1975-01-14"] * 2
    _code, out, _ = search(data_dir, "--limit", "0", "--format", "jsonl")
    assert len(out.splitlines()) == 19


def test_csv_to_a_file(data_dir, tmp_path):
    target = tmp_path / "hits.csv"
    code, out, _ = search(data_dir, "stalking", "--format", "csv", "--output", str(target),
                          "--excel")  # fmt: skip
    assert code == 0 and out == ""
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 7 and "score" in rows[0]


def test_markdown(data_dir):
    _code, out, _ = search(data_dir, "joke", "--format", "md")
    assert out.startswith("| Date |") and "SG-A2" in out and out.rstrip().endswith(OPL_ATTRIBUTION)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (['"unbalanced'], "unbalanced quote"),
        (["(stalking"], "unbalanced bracket"),
        (["colour:red"], "unknown field 'colour'"),
        (["date:2015-02-30"], "not a date"),
        (["--from", "2015-13-01"], "not a date"),
        (["--role", "heckler"], "heckler"),
        (["--house", "senate"], "senate"),
        (["--sort", "popular"], "popular"),
    ],
)
def test_malformed_input_exits_2_with_one_line(data_dir, args, says):
    code, out, err = search(data_dir, *args)
    assert code == 2
    assert says in err
    assert "Traceback" not in err and out == ""


def test_query_errors_are_one_line(data_dir):
    _code, _out, err = search(data_dir, '"unbalanced')
    assert err.startswith("hansard: error: unbalanced quote")
    assert err.count("\n") == 1


def test_no_index_yet(tmp_path):
    code, _out, err = run("search", "stalking", "--data-dir", str(tmp_path))
    assert code == 1
    assert "no index yet" in err and "hansard index" in err and err.count("\n") == 1


def test_stale_index_warns_on_stderr(tmp_path):
    write_sample(tmp_path)
    run("index", "--data-dir", str(tmp_path))
    time.sleep(0.01)
    Archive(archive_dir(tmp_path)).write_turns("Commons", "2015-11-26", day_2015_11_26())
    code, out, err = run("search", "stalking", "--count", "--data-dir", str(tmp_path))
    assert code == 0 and out == "7\n"
    assert "hansard: warning: the archive is newer than the index" in err


def test_stats(data_dir):
    code, out, _ = run("stats", "--data-dir", str(data_dir))
    assert code == 0
    assert "archive: 19 turns in 5 sittings, 1975-01-14 to 2020-01-09" in out
    assert "index: 19 turns from 5 sittings" in out
    data = json.loads(run("stats", "--data-dir", str(data_dir), "--format", "json")[1])
    assert data["index"]["turns"] == 19 and data["warning"] is None


def test_stats_to_a_file(data_dir, tmp_path):
    target = tmp_path / "stats.json"
    code, out, _ = run("stats", "--data-dir", str(data_dir), "--format", "json", "-o", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["archive"]["turns"] == 19


def test_help_has_examples():
    for command in ("index", "search", "show", "stats"):
        code, out, _ = run(command, "--help")
        assert code == 0 and "Example:" in out


def _search_in_fresh_process(data_dir, args: list[str], report: str) -> list[str]:
    """Run ``hansard search ARGS`` through the CLI in a new interpreter, then ``report`` (a line
    of Python printing what it found in ``sys.modules``); the lines printed."""
    probe = (
        "import sys\n"
        "from hansard.cli import cli\n"
        "try:\n"
        f"    cli(['search', *{args!r}, '--data-dir', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"{report}\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", probe, str(data_dir)], capture_output=True,
                          text=True, env=env, check=True)  # fmt: skip
    return done.stdout.splitlines()


def test_search_never_imports_scrapy_or_twisted(data_dir):
    report = (
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted'))\n"
        "print('HEAVY', heavy, 'rich' in sys.modules)"
    )
    lines = _search_in_fresh_process(data_dir, ["stalking", "--count"], report)
    assert lines[0] == "7"
    assert lines[-1] == "HEAVY [] False"


def test_search_never_imports_what_whoosh_would_and_never_uses(data_dir):
    """A search that prints its hits (questions, snippets, export and all) leaves out what
    Whoosh would import and never use: asyncio (through the cached_property package),
    urllib.request (through whoosh.compat) and the English variations table (through
    whoosh.query.terms), ~55 ms of a cold process (search.lean_whoosh)."""
    report = (
        "left_out = ('asyncio', 'urllib.request', 'cached_property', 'http.client', 'ssl',\n"
        "            'whoosh.lang.morph_en')\n"
        "print('IMPORTED', sorted(m for m in left_out if m in sys.modules))"
    )
    lines = _search_in_fresh_process(data_dir, ["stalking", "--format", "jsonl"], report)
    assert len(lines) == 8 and json.loads(lines[0])["id"]
    assert lines[-1] == "IMPORTED []"
