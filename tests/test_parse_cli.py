"""`hansard parse` run through click's CliRunner on saved pages."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from hansard.cli import cli

SITE = Path(__file__).parent / "fixtures" / "site"
LEAF = SITE / "reconstructed" / "Commons_2015-11-26_StalkingAndHarassmentCases.html"
REAL = SITE / "real" / "Commons_2022-06-22_OralAnswersToQuestions_1825FDB2.html"


def run(*args: str):
    return CliRunner().invoke(cli, ["parse", *args])


def test_good_file_prints_one_json_turn_per_line() -> None:
    result = run(str(LEAF))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    first = json.loads(lines[0])
    assert (first["speaker_name"], first["question_number"], first["uin"]) == (
        "Nusrat Ghani",
        "5",
        "902346",
    )
    assert first["url"].startswith(
        "https://hansard.parliament.uk/Commons/2015-11-26/debates/15112625000015/"
    )


def test_json_format_is_one_array() -> None:
    result = run(str(REAL), "--format", "json")
    assert result.exit_code == 0
    turns = json.loads(result.stdout)
    assert len(turns) == 133
    assert turns[0]["url"].startswith("https://hansard.parliament.uk/Commons/2022-06-22/")


def test_url_option_replaces_the_og_url() -> None:
    result = run(str(LEAF), "--url", "https://example.org/Commons/2015-11-26/debates/x/Y")
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["url"].startswith(
        "https://example.org/Commons/2015-11-26/debates/x/Y#contribution-"
    )


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "turns.jsonl"
    result = run(str(LEAF), "--output", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 4


def assert_one_line_error(result, file: Path) -> None:
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("hansard: error: ") and str(file) in lines[0]
    assert "Traceback" not in result.output


def test_non_hansard_file(tmp_path: Path) -> None:
    page = tmp_path / "other.html"
    page.write_text("<html><body><h1>My blog</h1><p>Hello</p></body></html>", encoding="utf-8")
    result = run(str(page))
    assert_one_line_error(result, page)
    assert "not a Hansard debate page" in result.stderr


def test_empty_file(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_bytes(b"")
    result = run(str(page))
    assert_one_line_error(result, page)
    assert "empty" in result.stderr


def test_broken_html(tmp_path: Path) -> None:
    page = tmp_path / "cut.html"
    page.write_bytes(REAL.read_bytes()[:200_000])
    result = run(str(page))
    assert_one_line_error(result, page)
    assert "cut short" in result.stderr


def test_binary_garbage(tmp_path: Path) -> None:
    page = tmp_path / "garbage.html"
    page.write_bytes(bytes(range(256)) * 20)
    assert_one_line_error(run(str(page)), page)


def test_second_bad_file_is_named(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_bytes(b"   \n")
    result = run(str(LEAF), str(page))
    assert_one_line_error(result, page)


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["parse", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "hansard parse page.html" in result.output
