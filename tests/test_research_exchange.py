"""Questions beside every exported turn, `search --group exchange`, and `hansard coverage`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from research_archive import invoke as run
from search_sample import STALKING_Q, day_2015_11_26, day_2016_01_13, write_sample

from hansard.archive import Archive, DayRecord
from hansard.datadir import archive_dir


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("data")
    archive = write_sample(path)
    for date, status in (("2015-11-25", "non-sitting"), ("2015-11-26", "sitting"),
                         ("2015-11-28", "failed")):  # fmt: skip
        archive.write_day_record(
            DayRecord(
                "Commons",
                date,
                status,
                "2026-01-01T00:00:00Z",
                error="HTTP 503" if status == "failed" else None,
            )
        )
    assert run("index", "--data-dir", str(path))[0] == 0
    return path


def test_csv_rows_carry_their_question(data_dir):
    code, out, _ = run("search", "restraining", "--format", "csv", "--data-dir", str(data_dir))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {"SG-S1", "SG-A2"}
    for row in rows:
        assert row["question_text"] == STALKING_Q
        assert row["question_speaker"] == "Nusrat Ghani"


def test_json_and_jsonl_and_md_carry_the_question(data_dir):
    for fmt in ("json", "jsonl"):
        _code, out, _ = run("search", "rural", "crime", "lead", "--format", fmt, "--data-dir",
                           str(data_dir))  # fmt: skip
        records = json.loads(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
        answer = next(r for r in records if r["id"] == "AG-A1")
        assert answer["question_speaker"] == "Mr Peter Bone"
        assert answer["question_text"].startswith("What recent assessment")
    _code, out, _ = run("search", "appointed", "--format", "md", "--data-dir", str(data_dir))
    assert "| Question |" in out and "Asked by Mr Peter Bone: What recent assessment" in out


def test_a_question_is_its_own_question_and_a_lone_turn_has_none(data_dir):
    _code, out, _ = run("search", "unemployment", "--format", "jsonl", "--data-dir", str(data_dir))
    records = {r["id"]: r for r in map(json.loads, out.splitlines())}
    # PMQ-S2 is an exchange of its own (its own first turn), PMQ-S1 belongs to PMQ-Q1
    assert records["PMQ-S2"]["question_text"].startswith("The Prime Minister says")
    assert records["PMQ-S1"]["question_text"].startswith("If he will list")


def test_show_exports_carry_the_question(data_dir):
    _code, out, _ = run("show", "SG-A2", "--format", "csv", "--data-dir", str(data_dir))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["question_speaker"] for r in rows] == ["Nusrat Ghani"] * 4


def test_group_exchange_text_shows_question_then_matches(data_dir):
    code, out, err = run("search", "stalking", "--group", "exchange", "--sort", "date",
                         "--data-dir", str(data_dir))  # fmt: skip
    assert code == 0, err
    block = out.split("\n\n")[0]
    assert block.startswith("2015-11-26 Commons · Attorney General › Stalking and Harassment")
    assert "matching turns" in block
    assert block.index("[question] Nusrat Ghani") < block.index("▶ [answer] The Solicitor General")
    assert block.index("(SG-A1)") < block.index("(SG-S1)") < block.index("(SG-A2)")


def test_group_exchange_json_counts_every_match_once(data_dir):
    _code, out, _ = run("search", "stalking", "--group", "exchange", "--format", "json",
                       "--data-dir", str(data_dir))  # fmt: skip
    groups = json.loads(out)
    _code, count, _ = run("search", "stalking", "--count", "--data-dir", str(data_dir))
    assert sum(g["matching_turns"] for g in groups) == int(count)
    assert len({g["exchange_id"] for g in groups}) == len(groups)
    stalking = next(g for g in groups if g["exchange_id"] == "SG-Q5")
    assert stalking["question"]["speaker_name"] == "Nusrat Ghani"
    assert [t["id"] for t in stalking["turns"]] == ["SG-Q5", "SG-A1", "SG-S1", "SG-A2"]


def test_group_limit_counts_exchanges(data_dir):
    _code, out, _ = run("search", "stalking", "--group", "exchange", "--limit", "1", "--format",
                       "jsonl", "--data-dir", str(data_dir))  # fmt: skip
    assert len(out.splitlines()) == 1


def test_coverage_table_and_calendar(data_dir):
    code, out, _ = run("coverage", "--from", "2015-11-24", "--to", "2015-11-29", "--house",
                       "Commons", "--data-dir", str(data_dir))  # fmt: skip
    assert code == 0
    assert "1  archived" in out and "1  non-sitting" in out and "1  failed" in out
    assert "3  never-crawled" in out
    assert "Commons 2015-11                        ?·█?x?" in out
    assert "Commons 2015-11-28 failed: HTTP 503" in out


def test_coverage_csv_lists_every_day(data_dir):
    _code, out, _ = run("coverage", "--from", "2015-11-24", "--to", "2015-11-29", "--format",
                       "csv", "--data-dir", str(data_dir))  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["date"], r["status"]) for r in rows] == [
        ("2015-11-24", "never-crawled"), ("2015-11-25", "non-sitting"),
        ("2015-11-26", "archived"), ("2015-11-27", "never-crawled"),
        ("2015-11-28", "failed"), ("2015-11-29", "never-crawled"),
    ]  # fmt: skip


def test_search_warns_of_gaps_in_its_range(data_dir):
    code, _out, err = run("search", "stalking", "--from", "2015-11-25", "--to", "2015-11-28",
                         "--data-dir", str(data_dir))  # fmt: skip
    assert code == 0
    assert "warning: in 2015-11-25..2015-11-28, 1 day failed, 1 day was never crawled" in err
    code, _out, err = run("search", "stalking", "--from", "2015-11-25", "--to", "2015-11-26",
                         "--data-dir", str(data_dir))  # fmt: skip
    assert "never crawled" not in err and "failed" not in err


def test_coverage_of_an_empty_archive(tmp_path):
    Archive(archive_dir(tmp_path))
    code, out, _ = run("coverage", "--data-dir", str(tmp_path))
    assert code == 0 and "no day has been crawled yet" in out
    code, _out, err = run("coverage", "--from", "2016-01-02", "--to", "2016-01-01",
                          "--data-dir", str(tmp_path))  # fmt: skip
    assert code == 2 and "swap them" in err


def test_watch_exports_carry_the_question(tmp_path):
    archive = Archive(archive_dir(tmp_path))
    archive.write_turns("Commons", "2016-01-13", day_2016_01_13())
    assert run("index", "--data-dir", str(tmp_path))[0] == 0
    code, _out, err = run("watch", "add", "orders", "restraining", "--data-dir", str(tmp_path))
    assert code == 0, err
    archive.write_turns("Commons", "2015-11-26", day_2015_11_26())  # a new sitting arrives
    assert run("index", "--data-dir", str(tmp_path))[0] == 0
    code, out, err = run("watch", "run", "--format", "csv", "--data-dir", str(tmp_path))
    assert code == 3, err  # something new
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["id"] for r in rows} == {"SG-S1", "SG-A2"}
    assert {r["question_speaker"] for r in rows} == {"Nusrat Ghani"}
    assert {r["question_text"] for r in rows} == {STALKING_Q}
