"""`hansard quote` on a real archive and index built from the fixture pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.page import parse_page
from hansard.archive import Archive
from hansard.cli import cli
from hansard.datadir import archive_dir
from hansard.quoting import matching_sentences, question_for, turn_id_from
from hansard.records import OPL_ATTRIBUTION
from index.build import rebuild

SITE = Path(__file__).parent / "fixtures" / "site"
STALKING = "/Commons/2015-11-26/debates/15112625000015/StalkingAndHarassmentCases"
NI_2022 = "/Commons/2022-06-22/debates/1825FDB2-5C11-4579-B1DA-94B80654D983/OralAnswersToQuestions"
BUCKLAND_FIRST = "5B3E2C11-0A6D-4F0E-9C1B-2015112600A2"
BUCKLAND_SECOND = "5B3E2C11-0A6D-4F0E-9C1B-2015112600A4"


def archive_pages(data_dir: Path, *site_paths: str) -> None:
    """Parse saved pages as the crawler would and archive each sitting's turns."""
    manifest = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))
    archive = Archive(archive_dir(data_dir))
    for path in site_paths:
        html = (SITE / manifest[path]).read_text(encoding="utf-8")
        turns = parse_page(html, "https://hansard.parliament.uk" + path)
        archive.write_turns(turns[0].house, turns[0].date, turns)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("quote-data")
    archive_pages(directory, STALKING, NI_2022)
    rebuild(directory)
    return directory


def quote(data_dir: Path, *args: str):
    return CliRunner().invoke(cli, ["quote", *args, "--data-dir", str(data_dir)])


def test_quote_prints_speaker_citation_permalink_and_licence(data_dir: Path) -> None:
    result = quote(data_dir, BUCKLAND_FIRST)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "HC Deb 26 November 2015, vol 602" in out
    assert "The Solicitor General (Robert Buckland)" in out
    assert f"{STALKING}#contribution-{BUCKLAND_FIRST}" in out
    assert "The CPS launched a joint stalking protocol" in out
    assert OPL_ATTRIBUTION in out
    assert "None" not in out


def test_compact_style(data_dir: Path) -> None:
    out = quote(data_dir, BUCKLAND_FIRST, "--style", "compact").stdout
    assert "HC Deb 26 Nov 2015 vol 602" in out
    assert "26 November 2015, vol" not in out


def test_columns_from_a_real_page_are_cited(data_dir: Path) -> None:
    # the Secretary of State's first answer on the 2022 page, in column 825
    result = quote(data_dir, "54F59024-972C-4FB9-B15B-142DCFDF8871")
    assert result.exit_code == 0, result.output
    assert "HC Deb 22 June 2022, vol 716, col 825" in result.stdout
    assert "The Secretary of State for Northern Ireland (Brandon Lewis)" in result.stdout


def test_turn_over_a_column_break_cites_both_columns(data_dir: Path) -> None:
    # Brandon Lewis's answer that runs from column 827 into 828
    out = quote(data_dir, "DADB5C4E-F5F9-4DCE-B884-0A8EB0DA6194").stdout
    assert "HC Deb 22 June 2022, vol 716, cols 827–28" in out
    compact = quote(data_dir, "DADB5C4E-F5F9-4DCE-B884-0A8EB0DA6194", "--style", "compact")
    assert "HC Deb 22 Jun 2022 vol 716 cc827-8" in compact.stdout


def test_match_keeps_only_sentences_with_all_the_words(data_dir: Path) -> None:
    out = quote(data_dir, BUCKLAND_FIRST, "--match", "police voluntary").stdout
    assert "The CPS continues to work closely with the police and voluntary sector" in out
    assert "joint stalking protocol" not in out


def test_match_with_no_sentence_is_a_clear_error(data_dir: Path) -> None:
    result = quote(data_dir, BUCKLAND_FIRST, "--match", "zebra")
    assert result.exit_code == 1
    assert "hansard: error:" in result.stderr and "zebra" in result.stderr
    assert "Traceback" not in result.output


def test_with_question_adds_the_question_and_its_own_citation(data_dir: Path) -> None:
    result = quote(data_dir, BUCKLAND_FIRST, "--with-question")
    out = result.stdout
    assert "What steps the Crown Prosecution Service has taken" in out
    assert "Nusrat Ghani (Wealden) (Con)" in out
    assert out.index("Nusrat Ghani") < out.index("The Solicitor General (Robert Buckland)")
    assert out.count("HC Deb 26 November 2015, vol 602") == 2


def test_answer_to_a_supplementary_replies_to_the_supplementary(data_dir: Path) -> None:
    out = quote(data_dir, BUCKLAND_SECOND, "--with-question").stdout
    assert "The national stalking helpline responded to 2,800 calls" in out


def test_json_format_carries_every_part(data_dir: Path) -> None:
    result = quote(data_dir, BUCKLAND_FIRST, "--format", "json", "--with-question")
    data = json.loads(result.stdout)
    assert data["speaker"] == "The Solicitor General (Robert Buckland)"
    assert data["citation"] == "HC Deb 26 November 2015, vol 602"
    assert data["url"].endswith(BUCKLAND_FIRST)
    assert data["licence"] == OPL_ATTRIBUTION
    assert data["question"]["speaker"] == "Nusrat Ghani (Wealden) (Con)"


def test_markdown_format_is_a_blockquote_with_a_linked_citation(data_dir: Path) -> None:
    out = quote(data_dir, BUCKLAND_FIRST, "--format", "md").stdout
    assert out.startswith("> The CPS launched")
    assert f"[HC Deb 26 November 2015, vol 602](https://hansard.parliament.uk{STALKING}" in out
    assert OPL_ATTRIBUTION in out


def test_permalink_and_lower_case_ids_are_accepted(data_dir: Path) -> None:
    link = f"https://hansard.parliament.uk{STALKING}#contribution-{BUCKLAND_FIRST}"
    assert quote(data_dir, link).exit_code == 0
    assert quote(data_dir, BUCKLAND_FIRST.lower()).exit_code == 0


def test_unknown_id_fails_with_a_hint(data_dir: Path) -> None:
    result = quote(data_dir, "NO-SUCH-TURN")
    assert result.exit_code == 1
    assert "NO-SUCH-TURN" in result.stderr and "hansard search" in result.stderr
    assert "Traceback" not in result.output


def test_output_file_is_written(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "quote.md"
    result = quote(data_dir, BUCKLAND_FIRST, "--format", "md", "--output", str(target))
    assert result.exit_code == 0
    assert "The Solicitor General (Robert Buckland)" in target.read_text(encoding="utf-8")


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["quote", "--help"])
    assert "Example:" in result.output and "hansard quote" in result.output


def test_matching_sentences_marks_gaps() -> None:
    text = "Stalking is serious. Nothing here. Stalking is rising. Stalking kills."
    assert matching_sentences(text, "stalking") == (
        "Stalking is serious. […] Stalking is rising. Stalking kills."
    )
    assert matching_sentences(text, "") is None


def test_turn_id_from_permalink() -> None:
    assert turn_id_from("https://x/y#contribution-ABC-1") == "ABC-1"
    assert turn_id_from(" ABC-1 ") == "ABC-1"


def test_question_for_prefers_the_latest_question_before_the_answer() -> None:
    archive_turns = parse_page(
        (SITE / "reconstructed/Commons_2015-11-26_StalkingAndHarassmentCases.html").read_text(
            encoding="utf-8"
        ),
        "https://hansard.parliament.uk" + STALKING,
    )
    first_answer, second_answer = (t for t in archive_turns if t.role == "answer")
    assert question_for(first_answer, archive_turns).role == "question"
    assert question_for(second_answer, archive_turns).role == "supplementary"
