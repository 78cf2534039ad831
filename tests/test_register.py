"""The commitments register (issue 13): statuses, due dates, history, filters, the published
register, department renames; on a real archive and index built from the fixture pages."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
from pathlib import Path

import pytest
from test_commitments_cli import (
    LIBRARY_1975,
    PAGES,
    PM_MEETING,
    build,
    built_once,
    hansard,
    page_turns,
    private_copy,
)

from hansard import departments
from hansard.datadir import archive_dir, cache_dir, state_dir
from hansard.errors import UsageError
from hansard.records import OPL_ATTRIBUTION
from hansard.register import default_due
from hansard.register_render import FIELDS

TODAY = ("--today", "2023-01-01")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return built_once(tmp_path_factory, "register-data")


@pytest.fixture
def data_dir(built: Path, tmp_path: Path) -> Path:
    return private_copy(built, tmp_path)


def listed(data_dir: Path, *args: str) -> list[dict]:
    result = hansard(data_dir, "commitments", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def ok(data_dir: Path, *args: str) -> None:
    result = hansard(data_dir, "commitments", *args)
    assert result.exit_code == 0, result.output


def test_due_is_three_calendar_months_later() -> None:
    assert default_due("2022-06-22") == "2022-09-22"
    assert default_due("2022-11-30") == "2023-02-28"
    assert default_due("2023-11-30") == "2024-02-29"
    assert default_due("1975-01-14") == "1975-04-14"


def test_overdue_lists_every_open_commitment_past_due_and_none_met_or_dropped(data_dir) -> None:
    everything = listed(data_dir, *TODAY)
    assert len(everything) == 12
    ids = [r["id"] for r in everything]
    ok(data_dir, "mark", ids[0], "met", "--note", "letter sent")
    ok(data_dir, "mark", ids[1], "dropped")
    ok(data_dir, "mark", ids[2], "partly-met")
    ok(data_dir, "mark", ids[3], "--due", "2023-06-30")  # a new deadline, not yet passed
    ok(data_dir, "mark", ids[4], "met")
    ok(data_dir, "mark", ids[4], "open", "--note", "the letter never came")  # reopened

    rows = listed(data_dir, *TODAY)
    expected = {
        r["id"] for r in rows if r["status"] in ("open", "partly met") and r["due"] < "2023-01-01"
    }
    overdue = listed(data_dir, "--overdue", *TODAY)
    assert {r["id"] for r in overdue} == expected
    assert expected == set(ids) - {ids[0], ids[1], ids[3]}
    assert not {r["status"] for r in overdue} & {"met", "dropped"}
    assert all(r["overdue"] for r in overdue)
    # fixed in time: in 1975 nothing was yet overdue
    assert listed(data_dir, "--overdue", "--today", "1975-01-15") == []


def test_history_keeps_every_change_in_order(data_dir) -> None:
    ok(data_dir, "mark", PM_MEETING, "partly-met", "--note", "meeting offered")
    ok(data_dir, "mark", PM_MEETING, "--due", "2022-12-31")
    ok(data_dir, "mark", PM_MEETING, "met", "--evidence", "https://example.org/minutes")
    row = next(r for r in listed(data_dir) if r["id"] == PM_MEETING)
    history = row["history"]
    assert [c.get("status") for c in history] == ["partly met", None, "met"]
    assert history[0]["note"] == "meeting offered"
    assert history[1]["due"] == "2022-12-31"
    assert history[2]["evidence"] == "https://example.org/minutes"
    assert all(c["at"] for c in history)
    assert row["status"] == "met" and row["due"] == "2022-12-31"
    assert row["note"] == "meeting offered"  # the latest note given
    text = hansard(data_dir, "commitments", "--status", "met").stdout
    assert "history: " in text and "“meeting offered”" in text and "due 2022-12-31" in text


def test_marks_of_the_first_shape_are_read_and_kept(data_dir) -> None:
    state = state_dir(data_dir)
    state.mkdir(parents=True, exist_ok=True)
    old = {
        "version": 1,
        "marks": {
            PM_MEETING: {
                "status": "done",
                "note": "Meeting held",
                "evidence": "https://example.org/letter",
                "marked_at": "2022-07-01T10:00:00+00:00",
            }
        },
    }
    (state / "commitments.json").write_text(json.dumps(old), encoding="utf-8")
    row = next(r for r in listed(data_dir) if r["id"] == PM_MEETING)
    assert (row["status"], row["note"], row["evidence"]) == (
        "met",
        "Meeting held",
        "https://example.org/letter",
    )
    assert row["marked_at"] == "2022-07-01T10:00:00+00:00"
    ok(data_dir, "mark", PM_MEETING, "dropped")
    row = next(r for r in listed(data_dir) if r["id"] == PM_MEETING)
    assert [c["status"] for c in row["history"]] == ["met", "dropped"]


def test_filters_by_kind_due_minister_and_status(data_dir) -> None:
    kinds = {r["kind"] for r in listed(data_dir)}
    assert {"library", "make_sure"} <= kinds
    assert {r["kind"] for r in listed(data_dir, "--kind", "library")} == {"library"}
    assert {r["date"] for r in listed(data_dir, "--due-before", "2000-01-01")} == {"1975-01-14"}
    ok(data_dir, "mark", LIBRARY_1975, "met")
    assert [r["id"] for r in listed(data_dir, "--status", "met")] == [LIBRARY_1975]
    both = listed(data_dir, "--status", "met", "--status", "open")
    assert len(both) == 12
    pm = listed(data_dir, "--minister", "Prime Minister")
    assert pm and {r["office"] for r in pm} == {"The Prime Minister"}


def test_every_format_carries_every_field(built) -> None:
    rows = listed(built)
    assert set(FIELDS) <= set(rows[0])
    jsonl = hansard(built, "commitments", "--format", "jsonl").stdout.splitlines()
    assert set(FIELDS) <= set(json.loads(jsonl[0]))
    csv_text = hansard(built, "commitments", "register", "--format", "csv").stdout
    table = list(csv.DictReader(io.StringIO(csv_text)))
    assert tuple(table[0]) == FIELDS and len(table) == 12
    pm = next(r for r in table if r["id"] == PM_MEETING)
    assert pm["due"] == "2022-09-22" and pm["asker"] == "Munira Wilson"
    assert json.loads(pm["history"]) == []
    md = hansard(built, "commitments", "register", "--today", "2023-01-01").stdout
    assert md.startswith("# Register of ministerial commitments\n\n12 commitments (12 open")
    assert "12 overdue" in md and "(overdue)**" in md
    entry = md[md.index(f"### {PM_MEETING}") :].split("\n### ")[0]
    for field in ("status", "due", "minister", "office", "department", "sentence", "citation",
                  "url", "asker", "question", "kind", "date"):  # fmt: skip
        assert f"- **{field}**: " in entry, field
    assert md.rstrip().endswith(OPL_ATTRIBUTION)


def test_register_writes_a_file(built, tmp_path: Path) -> None:
    out = tmp_path / "register.md"
    result = hansard(built, "commitments", "register", "--output", str(out), "--kind", "library")
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "library" in text and "make_sure" not in text.split("## Entries")[0]


def test_register_history_and_marks_survive_re_crawl_and_re_index(data_dir) -> None:
    ok(data_dir, "mark", PM_MEETING, "partly-met", "--note", "offered", "--due", "2022-10-01")
    ok(data_dir, "mark", PM_MEETING, "met")
    before = next(r for r in listed(data_dir) if r["id"] == PM_MEETING)
    shutil.rmtree(archive_dir(data_dir))
    shutil.rmtree(cache_dir(data_dir))
    build(data_dir)  # the days crawled afresh, the index rebuilt from nothing
    after = next(r for r in listed(data_dir) if r["id"] == PM_MEETING)
    assert after == before
    assert len(after["history"]) == 2 and after["due"] == "2022-10-01"


def test_department_matches_the_same_remit_across_renames(tmp_path: Path) -> None:
    turns = page_turns(PAGES["2015-11-26"])
    answer = next(t for t in turns if t.role == "answer")
    question = next(t for t in turns if t.role == "question")
    decc = [
        dataclasses.replace(question, department="Energy and Climate Change"),
        dataclasses.replace(
            answer,
            department="Energy and Climate Change",
            text="I will write to my hon. Friend about the feed-in tariff.",
        ),
    ]
    build(tmp_path, extra=decc)
    for remit_now in ("Energy Security and Net Zero", "Business, Energy and Industrial Strategy"):
        rows = listed(tmp_path, "--department", remit_now)
        assert [r["department"] for r in rows] == ["Energy and Climate Change"], remit_now
    assert listed(tmp_path, "--department", "Culture, Media and Sport") == []
    row = listed(tmp_path, "--department", "energy and climate")[0]
    assert row["remit"] == (
        "Business and Trade / Energy Security and Net Zero / Science, Innovation and Technology"
    )


def test_department_lineage_follows_renames_but_not_sibling_splits() -> None:
    assert "business, energy and industrial strategy" in departments.lineage("Business and Trade")
    assert "energy security and net zero" not in departments.lineage("Business and Trade")
    assert departments.lineage("Health") == {
        "health",
        "health and social care",
        "health and social security",
    }
    assert departments.remit("Defence") == "Defence"
    assert departments.remit("Communities and Local Government") == (
        "Housing, Communities and Local Government"
    )
    match = departments.matcher("Foreign, Commonwealth and Development Office")
    assert match("International Development") and match("Foreign and Commonwealth Office")
    assert not match("Home Office")


def test_the_register_api_takes_filters_by_keyword(data_dir) -> None:
    """What a web front end calls: plain keywords, one status, no click."""
    from hansard import register

    register.mark(data_dir, PM_MEETING, "met", "", None)  # an empty note is no note
    met = register.list_commitments(data_dir, status="met", minister="Prime Minister")
    assert [r["id"] for r in met] == [PM_MEETING] and met[0]["note"] is None
    assert register.list_commitments(data_dir, status="done") == met  # the old name of met
    assert len(register.list_commitments(data_dir, date_to="1999-12-31")) == 8
    with pytest.raises(UsageError):
        register.list_commitments(data_dir, colour="red")
