"""A historic minister printed "Mr. Mason" is found as "Roy Mason": ``speaker_name`` stays as
printed and the index also holds ``speaker_full_name`` (from the real 1975 page)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from crawler.page import parse_page
from hansard.archive import Archive
from hansard.cli import cli
from hansard.datadir import archive_dir

SITE = Path(__file__).parent / "fixtures" / "site"
PAGE = SITE / "real" / "Commons_1975-01-14_OralAnswersToQuestions_e0279e7f_historic.html"
MODERN = SITE / "reconstructed" / "Commons_2015-11-26_StalkingAndHarassmentCases.html"


def _search(data_dir: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(
        cli, ["search", "--data-dir", str(data_dir), "--format", "json", "--limit", "0", *args]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_member_and_minister_search_find_short_forms_by_the_full_name(tmp_path: Path) -> None:
    turns = parse_page(PAGE.read_bytes())
    archive = Archive(archive_dir(tmp_path))
    archive.write_turns("Commons", "1975-01-14", turns)
    archive.write_turns("Commons", "2015-11-26", parse_page(MODERN.read_bytes()))
    result = CliRunner().invoke(cli, ["index", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    masons = {t.id for t in turns if "Mr. Roy Mason" in (t.speaker_full_name, t.speaker_name)}
    printed_short = {t.id for t in turns if t.speaker_name == "Mr. Mason"}
    assert printed_short and printed_short < masons  # some turns print only "Mr. Mason"

    found = _search(tmp_path, "--member", "Roy Mason")
    assert {r["id"] for r in found} == masons
    assert {r["speaker_name"] for r in found} == {"Mr. Roy Mason", "Mr. Mason"}
    answers = _search(tmp_path, "--minister", "Roy Mason")
    assert {r["id"] for r in answers} == {t.id for t in turns if t.id in masons}


def test_members_lists_a_historic_minister_once_with_both_name_forms(tmp_path: Path) -> None:
    Archive(archive_dir(tmp_path)).write_turns(
        "Commons", "1975-01-14", parse_page(PAGE.read_bytes())
    )
    result = CliRunner().invoke(
        cli, ["members", "Mason", "--format", "json", "--data-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 1
    assert rows[0]["name"] == "Mr. Roy Mason"
    assert set(rows[0]["names"]) == {"Mr. Roy Mason", "Mr. Mason"}
    assert rows[0]["turns"] == 20


def test_a_historic_ministers_undertakings_carry_the_full_name() -> None:
    """ "Mr. Riffen" (a misprint) and "Mr. Biffen" are both Mr. John Biffen's undertakings."""
    from hansard.commitments import find_in_turn
    from hansard.register import matches

    page = SITE / "real" / "Commons_1980-04-24_OralAnswersToQuestions.html"
    by_biffen = [
        c
        for t in parse_page(page.read_bytes())
        if t.speaker_name in ("Mr. Biffen", "Mr. Riffen")
        for c in find_in_turn(t)
    ]
    assert len(by_biffen) >= 2
    assert {c.minister for c in by_biffen} == {"Mr. John Biffen"}
    assert all(matches(c, "John Biffen", None) for c in by_biffen)
