"""Issue 13's done-when on the demo data: the demo's days crawled by the real crawler from the
local stand-in server (as `make demo` does), then `commitments --overdue --today 2023-01-01`;
and register, history and marks surviving a re-crawl (--refresh) and a full re-index."""

from __future__ import annotations

import json
from pathlib import Path

DEMO_DAYS = [
    ("2015-11-23", "2015-11-27"),
    ("2022-06-22", "2022-06-22"),
    ("1975-01-14", "1975-01-14"),
]
TODAY = ("--today", "2023-01-01")


def listed(hansard_cli, data_dir: Path, *args: str) -> list[dict]:
    result = hansard_cli("commitments", *args, "--format", "json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def ok(hansard_cli, data_dir: Path, *args: str) -> None:
    result = hansard_cli(*args, data_dir=data_dir)
    assert result.returncode == 0, result.stderr


def test_overdue_on_the_demo_data_and_marks_survive_a_re_crawl_and_re_index(
    crawl_cli, hansard_cli, tmp_path: Path
) -> None:
    for date_from, date_to in DEMO_DAYS:
        result, _summary = crawl_cli(tmp_path, date_from, date_to)
        assert result.returncode == 0, result.stderr
    ok(hansard_cli, tmp_path, "index")
    everything = listed(hansard_cli, tmp_path, *TODAY)
    assert len(everything) >= 9
    ids = [r["id"] for r in everything]
    ok(hansard_cli, tmp_path, "commitments", "mark", ids[0], "met", "--note", "letter sent")
    ok(hansard_cli, tmp_path, "commitments", "mark", ids[1], "dropped")
    ok(hansard_cli, tmp_path, "commitments", "mark", ids[2], "partly-met")
    ok(hansard_cli, tmp_path, "commitments", "mark", ids[3], "--due", "2023-03-31")

    rows = listed(hansard_cli, tmp_path, *TODAY)
    past_due_and_owed = {
        r["id"] for r in rows if r["status"] in ("open", "partly met") and r["due"] < "2023-01-01"
    }
    overdue = listed(hansard_cli, tmp_path, "--overdue", *TODAY)
    assert {r["id"] for r in overdue} == past_due_and_owed
    assert set(ids) - past_due_and_owed == {ids[0], ids[1], ids[3]}
    assert not {r["status"] for r in overdue} & {"met", "dropped"}
    register_before = hansard_cli(
        "commitments", "register", "--format", "csv", *TODAY, data_dir=tmp_path
    ).stdout

    for date_from, date_to in DEMO_DAYS:  # crawled afresh...
        result, _summary = crawl_cli(tmp_path, date_from, date_to, "--refresh")
        assert result.returncode == 0, result.stderr
    ok(hansard_cli, tmp_path, "index", "--rebuild")  # ...and the index rebuilt from nothing
    assert listed(hansard_cli, tmp_path, *TODAY) == rows
    register_after = hansard_cli(
        "commitments", "register", "--format", "csv", *TODAY, data_dir=tmp_path
    ).stdout
    assert register_after == register_before
    assert "letter sent" in register_after
