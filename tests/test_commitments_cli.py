"""`hansard commitments` and `hansard commitments mark` on a real archive and index built from
the fixture pages."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.page import parse_page
from hansard.archive import Archive
from hansard.cli import cli
from hansard.datadir import archive_dir, cache_dir, state_dir
from hansard.records import OPL_ATTRIBUTION, Turn
from index.build import rebuild

SITE = Path(__file__).parent / "fixtures" / "site"
PAGES = {
    "2022-06-22": "/Commons/2022-06-22/debates/1825FDB2-5C11-4579-B1DA-94B80654D983/"
    "OralAnswersToQuestions",
    "1975-01-14": "/Commons/1975-01-14/debates/e0279e7f-6655-463f-ae5a-e39aa443a117/"
    "OralAnswersToQuestions",
    "2015-11-26": "/Commons/2015-11-26/debates/15112625000015/StalkingAndHarassmentCases",
}
PM_MEETING = "844A384F-CAF2-4E10-93E5-924AF6189A03:make_sure:2"
LIBRARY_1975 = "62563145-09cc-45ef-8d2b-c18e5da4bc08:library:2"


def page_turns(site_path: str) -> list[Turn]:
    manifest = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))
    html = (SITE / manifest[site_path]).read_text(encoding="utf-8")
    return parse_page(html, "https://hansard.parliament.uk" + site_path)


def build(data_dir: Path, extra: list[Turn] = ()) -> None:
    archive = Archive(archive_dir(data_dir))
    for date, path in PAGES.items():
        archive.write_turns("Commons", date, page_turns(path))
    days: dict[tuple[str, str], list[Turn]] = {}
    for turn in extra:
        days.setdefault((turn.house, turn.date), []).append(turn)
    for (house, date), day_turns in days.items():
        archive.write_turns(house, date, day_turns)
    from search.engine import close_all

    close_all()
    rebuild(data_dir)


def built_once(tmp_path_factory, name: str) -> Path:
    """The fixture pages archived and indexed in a new directory (for a module's tests)."""
    directory = tmp_path_factory.mktemp(name)
    build(directory)
    return directory


def private_copy(built: Path, tmp_path: Path) -> Path:
    """A private copy of a built archive and index, for a test that changes state."""
    copy = tmp_path / "data"
    shutil.copytree(built, copy)
    return copy


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return built_once(tmp_path_factory, "commitments-data")


@pytest.fixture
def data_dir(built: Path, tmp_path: Path) -> Path:
    return private_copy(built, tmp_path)


def hansard(data_dir: Path, *args: str):
    return CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)])


def listed(data_dir: Path, *args: str) -> list[dict]:
    result = hansard(data_dir, "commitments", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_lists_the_undertakings_with_minister_asker_question_and_citation(built) -> None:
    rows = listed(built)
    by_id = {r["id"]: r for r in rows}
    assert len(rows) == 12  # 4 on the 2022 page, 8 on the 1975 page, none in 2015
    pm = by_id[PM_MEETING]
    assert pm["minister"] == "Boris Johnson" and pm["office"] == "The Prime Minister"
    assert pm["kind"] == "make_sure"
    assert pm["sentence"].startswith("I will make sure that she has a meeting")
    assert pm["asker"] == "Munira Wilson"
    assert "Supreme Court judge in Afghanistan" in pm["question"]
    assert pm["citation"].startswith("HC Deb 22 June 2022, vol 716, col")
    assert pm["url"].endswith("#contribution-844A384F-CAF2-4E10-93E5-924AF6189A03")
    assert pm["status"] == "open"
    assert by_id[LIBRARY_1975]["sentence"] == (
        "I shall see that copies are placed in the Library of the House."
    )


def test_text_listing_shows_status_speaker_and_licence(built) -> None:
    out = hansard(built, "commitments").stdout
    assert "[open] 2022-06-22 Commons · The Prime Minister (Boris Johnson) · make_sure" in out
    assert "asked by Munira Wilson" in out
    assert f"id: {PM_MEETING}" in out
    assert "12 commitments (12 open, 0 partly met, 0 met, 0 dropped; 12 overdue)" in out
    assert OPL_ATTRIBUTION in out


def test_filters(built) -> None:
    assert {r["minister"] for r in listed(built, "--minister", "prime minister")} == {
        "Boris Johnson"
    }
    assert {r["department"] for r in listed(built, "--department", "northern")} == {
        "Northern Ireland"
    }
    assert {r["date"] for r in listed(built, "--from", "2000-01-01")} == {"2022-06-22"}
    assert {r["date"] for r in listed(built, "--to", "1999-12-31")} == {"1975-01-14"}
    assert listed(built, "--status", "met") == []


def test_mark_met_with_note_and_evidence_then_filter(data_dir) -> None:
    result = hansard(
        data_dir, "commitments", "mark", PM_MEETING, "met",
        "--note", "Meeting held", "--evidence", "https://example.org/letter",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    done = listed(data_dir, "--status", "met")
    assert [r["id"] for r in done] == [PM_MEETING]
    assert done[0]["note"] == "Meeting held"
    assert done[0]["evidence"] == "https://example.org/letter"
    assert PM_MEETING not in {r["id"] for r in listed(data_dir, "--status", "open")}
    hansard(data_dir, "commitments", "mark", PM_MEETING, "open")
    reopened = next(r for r in listed(data_dir) if r["id"] == PM_MEETING)
    assert reopened["status"] == "open" and reopened["note"] == "Meeting held"


def test_marks_survive_a_re_crawl_and_re_index(data_dir) -> None:
    hansard(data_dir, "commitments", "mark", LIBRARY_1975, "dropped", "--note", "never placed")
    shutil.rmtree(archive_dir(data_dir))
    shutil.rmtree(cache_dir(data_dir))
    build(data_dir)  # the same days crawled afresh and the index rebuilt from nothing
    row = next(r for r in listed(data_dir) if r["id"] == LIBRARY_1975)
    assert row["status"] == "dropped" and row["note"] == "never placed"
    state = json.loads((state_dir(data_dir) / "commitments.json").read_text(encoding="utf-8"))
    assert state["marks"][LIBRARY_1975]["history"][-1]["status"] == "dropped"


def test_a_changed_day_is_scanned_again(data_dir) -> None:
    assert len(listed(data_dir, "--from", "2015-11-26", "--to", "2015-11-26")) == 0
    turns = page_turns(PAGES["2015-11-26"])
    answer = next(t for t in turns if t.role == "answer")
    promised = dataclasses.replace(answer, text=answer.text + " I will write to my hon. Friend.")
    turns = [promised if t.id == answer.id else t for t in turns]
    Archive(archive_dir(data_dir)).write_turns("Commons", "2015-11-26", turns)
    rows = listed(data_dir, "--from", "2015-11-26", "--to", "2015-11-26")
    assert [r["kind"] for r in rows] == ["write"]
    assert rows[0]["asker"] == "Nusrat Ghani"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("mark", "NO-SUCH:write:0", "met"), 1, "no commitment with id"),
        (("mark", "not-an-id", "met"), 2, "not a commitment id"),
        (("mark", PM_MEETING, "finished"), 2, "finished"),
        (("mark", PM_MEETING, "met", "--evidence", "letter.pdf"), 2, "http"),
        (("mark", PM_MEETING), 2, "say what changed"),
        (("mark", PM_MEETING, "--due", "soon"), 2, "YYYY-MM-DD"),
        (("--today", "tomorrow"), 2, "YYYY-MM-DD"),
        (("--from", "2022-01-01", "--to", "2021-01-01"), 2, "swap"),
        (("--from", "22/06/2022"), 2, "YYYY-MM-DD"),
    ],
)
def test_bad_input_is_one_clear_line(built, args, code: int, message: str) -> None:
    result = hansard(built, "commitments", *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_csv_is_inert_in_a_spreadsheet(tmp_path: Path) -> None:
    turns = page_turns(PAGES["2015-11-26"])
    answer = next(t for t in turns if t.role == "answer")
    hostile = dataclasses.replace(
        answer, text='=HYPERLINK("http://evil.example","x") I will write to my hon. Friend.'
    )
    question = next(t for t in turns if t.role == "question")
    question = dataclasses.replace(question, text="@SUM(A1:A9) -2+3 what?")
    Archive(archive_dir(tmp_path)).write_turns("Commons", "2015-11-26", [question, hostile])
    result = hansard(tmp_path, "commitments", "--format", "csv", "--excel")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0]["sentence"].startswith("'=HYPERLINK")
    assert rows[0]["question"].startswith("'@SUM")
    assert OPL_ATTRIBUTION in result.stderr


def test_jsonl_and_markdown(built) -> None:
    lines = hansard(built, "commitments", "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 12 and all(json.loads(line)["citation"] for line in lines)
    md = hansard(built, "commitments", "--format", "md").stdout
    assert md.startswith("| Status | Due | Date | Minister |")
    assert "[HC Deb 22 June 2022, vol 716" in md and OPL_ATTRIBUTION in md


def test_follow_ups_rank_later_turns_on_the_subject_in_the_remit_first(
    tmp_path: Path,
) -> None:
    turns = page_turns(PAGES["2022-06-22"])
    asked = next(t for t in turns if t.id.startswith("8D9074E9"))  # Munira Wilson asks the PM
    later = dataclasses.replace(
        asked,
        id="LATER-1",
        date="2022-07-06",
        volume=717,
        url=asked.url.replace("2022-06-22", "2022-07-06").replace(asked.id, "LATER-1"),
        text="Has the Prime Minister arranged the meeting he promised?",
    )
    unrelated = dataclasses.replace(later, id="LATER-2", department="Treasury", debate_title="Tax")
    build(tmp_path, extra=[later, unrelated])
    rows = listed(tmp_path, "--minister", "Prime Minister", "--follow-ups")
    meeting = next(r for r in rows if r["id"] == PM_MEETING)
    assert [f["id"] for f in meeting["follow_ups"]][:1] == ["LATER-1"]  # in its remit first
    assert meeting["follow_ups"][0]["date"] == "2022-07-06"
    text = hansard(tmp_path, "commitments", "--minister", "Prime Minister", "--follow-ups")
    assert "follow-up: 2022-07-06 Munira Wilson" in text.stdout


def test_help_has_examples() -> None:
    for command in (["commitments"], ["commitments", "mark"], ["commitments", "register"]):
        result = CliRunner().invoke(cli, [*command, "--help"])
        assert "Example:" in result.output


def test_mark_works_without_an_index(data_dir) -> None:
    from hansard.datadir import index_dir
    from search.engine import close_all

    close_all()
    shutil.rmtree(index_dir(data_dir))
    result = hansard(data_dir, "commitments", "mark", LIBRARY_1975, "done")  # done means met
    assert result.exit_code == 0, result.output
    assert next(r for r in listed(data_dir) if r["id"] == LIBRARY_1975)["status"] == "met"


def test_an_empty_archive_says_how_to_fill_it(tmp_path: Path) -> None:
    result = hansard(tmp_path, "commitments")
    assert result.exit_code == 0
    assert "0 commitments" in result.stdout and "hansard crawl" in result.stderr
