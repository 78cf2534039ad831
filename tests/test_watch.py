"""`hansard watch`: saved searches reporting only what entered the archive since their last run,
on a real archive and a real index built from the fixture pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.page import parse_page
from hansard.archive import Archive
from hansard.cli import cli
from hansard.datadir import archive_dir, state_dir
from hansard.records import Turn
from index.build import rebuild, update_days

SITE = Path(__file__).parent / "fixtures" / "site"
STALKING = "/Commons/2015-11-26/debates/15112625000015/StalkingAndHarassmentCases"
NI_2022 = "/Commons/2022-06-22/debates/1825FDB2-5C11-4579-B1DA-94B80654D983/OralAnswersToQuestions"
FINANCE_1980 = (
    "/Commons/1980-04-24/debates/7d7b15d8-398a-489e-94b0-01a685a4f205/OralAnswersToQuestions"
)


def page_turns(site_path: str) -> list[Turn]:
    manifest = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))
    html = (SITE / manifest[site_path]).read_text(encoding="utf-8")
    return parse_page(html, "https://hansard.parliament.uk" + site_path)


def crawl_into(data_dir: Path, site_path: str) -> list[Turn]:
    """What a crawl of one more day does: archive the day's turns, then update the index."""
    turns = page_turns(site_path)
    Archive(archive_dir(data_dir)).write_turns(turns[0].house, turns[0].date, turns)
    update_days(data_dir, [(turns[0].house, turns[0].date)])
    return turns


def hansard(data_dir: Path, *args: str):
    return CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)])


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    turns = page_turns(STALKING)
    Archive(archive_dir(tmp_path)).write_turns("Commons", "2015-11-26", turns)
    rebuild(tmp_path)
    return tmp_path


def printed_ids(output: str) -> list[str]:
    return [line.rsplit("[", 1)[1].rstrip("]") for line in output.splitlines() if "  [" in line]


def test_after_a_new_crawl_run_lists_only_new_matches_then_nothing(data_dir: Path) -> None:
    added = hansard(data_dir, "watch", "add", "answers", "--role", "answer")
    assert added.exit_code == 0, added.output
    assert "2 matches already seen" in added.stdout

    new_day = crawl_into(data_dir, NI_2022)
    expected = [t.id for t in new_day if t.role == "answer"]

    first = hansard(data_dir, "watch", "run")
    assert first.exit_code == 3, first.output
    assert printed_ids(first.stdout) == expected
    assert "5B3E2C11" not in first.stdout  # the 2015 answers were there before
    assert "watch 'answers': 58 new" in first.stderr

    again = hansard(data_dir, "watch", "run")
    assert again.exit_code == 0, again.output
    assert printed_ids(again.stdout) == []


def test_a_query_watch_reports_only_matching_new_turns(data_dir: Path) -> None:
    hansard(data_dir, "watch", "add", "protocol", "protocol")
    new_day = crawl_into(data_dir, NI_2022)
    result = hansard(data_dir, "watch", "run", "protocol", "--format", "jsonl")
    assert result.exit_code == 3
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all("protocol" in r["text"].lower() for r in rows)
    assert {r["date"] for r in rows} == {"2022-06-22"}
    assert len(rows) < len(new_day)


def test_a_back_filled_old_sitting_is_new_too(data_dir: Path) -> None:
    hansard(data_dir, "watch", "add", "answers", "--role", "answer")
    crawl_into(data_dir, FINANCE_1980)
    result = hansard(data_dir, "watch", "run", "--format", "json")
    assert result.exit_code == 3
    assert {row["date"] for row in json.loads(result.stdout)} == {"1980-04-24"}


def test_re_crawling_a_seen_day_reports_nothing(data_dir: Path) -> None:
    hansard(data_dir, "watch", "add", "answers", "--role", "answer")
    crawl_into(data_dir, STALKING)  # the same day again
    result = hansard(data_dir, "watch", "run")
    assert result.exit_code == 0
    assert printed_ids(result.stdout) == []


def test_seen_set_survives_a_full_reindex(data_dir: Path) -> None:
    hansard(data_dir, "watch", "add", "answers", "--role", "answer")
    from search.engine import close_all

    close_all()
    rebuild(data_dir)
    assert hansard(data_dir, "watch", "run").exit_code == 0


def test_run_names_one_watch_and_leaves_the_others(data_dir: Path) -> None:
    hansard(data_dir, "watch", "add", "one", "--role", "answer")
    hansard(data_dir, "watch", "add", "two", "--role", "answer")
    crawl_into(data_dir, NI_2022)
    assert hansard(data_dir, "watch", "run", "one").exit_code == 3
    assert hansard(data_dir, "watch", "run", "one").exit_code == 0
    assert hansard(data_dir, "watch", "run", "two").exit_code == 3


def test_list_and_remove(data_dir: Path) -> None:
    hansard(data_dir, "watch", "add", "stalk", "stalking", "--minister", "Solicitor General")
    listing = hansard(data_dir, "watch", "list").stdout
    assert "stalk" in listing and "'stalking'" in listing and "Solicitor General" in listing
    assert "last run: never" in listing
    assert hansard(data_dir, "watch", "remove", "stalk").exit_code == 0
    assert "no watches yet" in hansard(data_dir, "watch", "list").stdout


def test_state_is_a_json_file_in_the_data_dir(data_dir: Path) -> None:
    hansard(data_dir, "watch", "add", "stalk", "stalking")
    state = json.loads((state_dir(data_dir) / "watches.json").read_text(encoding="utf-8"))
    watch = state["watches"]["stalk"]
    assert watch["query"] == "stalking"
    assert "5B3E2C11-0A6D-4F0E-9C1B-2015112600A2" in watch["seen"]["Commons:2015-11-26"]
    assert set(watch["days"]) == {"Commons:2015-11-26"}


def test_a_new_sitting_outside_the_watch_dates_is_not_news(data_dir: Path) -> None:
    hansard(data_dir, "watch", "add", "old", "--role", "answer", "--to", "2016-12-31")
    crawl_into(data_dir, NI_2022)
    assert hansard(data_dir, "watch", "run", "old").exit_code == 0
    crawl_into(data_dir, FINANCE_1980)
    result = hansard(data_dir, "watch", "run", "old", "--format", "json")
    assert result.exit_code == 3
    assert {row["date"] for row in json.loads(result.stdout)} == {"1980-04-24"}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("watch", "add", "bad name", "x"), 2, "watch name"),
        (("watch", "add", "empty"), 2, "QUERY or at least one filter"),
        (("watch", "add", "q", '"unbalanced'), 2, "quote"),
        (("watch", "remove", "nope"), 1, "no watch named 'nope'"),
        (("watch", "run", "nope"), 1, "no watch named 'nope'"),
    ],
)
def test_bad_input_is_one_clear_line(data_dir: Path, args, code: int, message: str) -> None:
    result = hansard(data_dir, *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_adding_a_name_twice_is_refused(data_dir: Path) -> None:
    hansard(data_dir, "watch", "add", "stalk", "stalking")
    again = hansard(data_dir, "watch", "add", "stalk", "other")
    assert again.exit_code == 2 and "exists" in again.stderr


def test_help_has_examples() -> None:
    for command in (["watch"], ["watch", "add"], ["watch", "run"]):
        result = CliRunner().invoke(cli, [*command, "--help"])
        assert "Example:" in result.output


def test_end_to_end_with_real_crawls_of_the_test_site(crawl_cli, hansard_cli, tmp_path) -> None:
    """The issue's done-when, with the real crawler fetching the saved site over HTTP."""
    data = tmp_path / "data"
    patient = ("--timeout", "20")  # later options win: no spurious timeouts on a busy machine
    crawled, _summary = crawl_cli(data, "2015-11-26", "2015-11-26", *patient)
    assert crawled.returncode == 0, crawled.stderr
    assert hansard_cli("index", data_dir=data).returncode == 0

    quoted = hansard_cli("quote", "5B3E2C11-0A6D-4F0E-9C1B-2015112600A2", data_dir=data)
    assert quoted.returncode == 0, quoted.stderr
    assert "HC Deb 26 November 2015, vol 602" in quoted.stdout
    assert "The Solicitor General (Robert Buckland)" in quoted.stdout
    permalink = next(line for line in quoted.stdout.splitlines() if "#contribution-" in line)
    assert "/Commons/2015-11-26/debates/" in permalink
    assert permalink.endswith("#contribution-5B3E2C11-0A6D-4F0E-9C1B-2015112600A2")

    added = hansard_cli("watch", "add", "answers", "--role", "answer", data_dir=data)
    assert added.returncode == 0, added.stderr
    crawled, _summary = crawl_cli(data, "2022-06-22", "2022-06-22", *patient)
    assert crawled.returncode == 0, crawled.stderr
    assert hansard_cli("index", data_dir=data).returncode == 0

    first = hansard_cli("watch", "run", "--format", "jsonl", data_dir=data)
    assert first.returncode == 3, first.stderr
    rows = [json.loads(line) for line in first.stdout.splitlines()]
    assert rows and {r["date"] for r in rows} == {"2022-06-22"}
    assert {r["role"] for r in rows} == {"answer"}
    again = hansard_cli("watch", "run", data_dir=data)
    assert again.returncode == 0 and again.stdout.strip() == ""
