"""`commitments follow-ups` ranking and `mark --evidence TURN_ID` (issue 13), measured on the
labelled fulfilments in tests/fixtures/followups.json (real commitments from the fixture pages;
constructed later turns, one fulfilment each plus hard distractors; see its "about")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_commitments_cli import PM_MEETING, build, hansard

from hansard.records import Turn
from hansard.register import find_commitment, follow_ups

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "followups.json").read_text(encoding="utf-8")
)
LATER = [Turn.from_dict(row["turn"]) for row in FIXTURE["turns"]]
FULFILS = {row["fulfils"]: row["turn"]["id"] for row in FIXTURE["turns"] if row["fulfils"]}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("follow-ups")
    build(directory, extra=LATER)
    return directory


def test_fulfilments_rank_first_and_in_the_top_three(built: Path) -> None:
    first = top_three = 0
    misses = []
    for commitment_id, fulfilment in FULFILS.items():
        ranked = [f["id"] for f in follow_ups(built, find_commitment(built, commitment_id), 10)]
        first += ranked[:1] == [fulfilment]
        top_three += fulfilment in ranked[:3]
        if ranked[:1] != [fulfilment]:
            misses.append((commitment_id, ranked[:3], fulfilment))
    print(f"\nfollow-ups: first {first}/{len(FULFILS)}, top 3 {top_three}/{len(FULFILS)}")
    assert len(FULFILS) == 9
    assert first >= 8 and top_three == len(FULFILS), misses


def test_the_meeting_promise_ranks_its_fulfilment_first_with_reasons(built: Path) -> None:
    result = hansard(built, "commitments", "follow-ups", PM_MEETING, "--format", "json")
    assert result.exit_code == 0, result.output
    ranked = json.loads(result.stdout)
    assert ranked[0]["id"] == FULFILS[PM_MEETING]
    assert "same minister" in ranked[0]["reasons"]
    assert any(r.startswith("says “as I promised”") for r in ranked[0]["reasons"])
    assert all(f["date"] > "2022-06-22" for f in ranked)
    assert ranked == sorted(ranked, key=lambda f: -f["score"])
    text = hansard(built, "commitments", "follow-ups", PM_MEETING).stdout
    assert text.splitlines()[2].startswith("1. ") and FULFILS[PM_MEETING] in text


def test_mark_with_a_turn_as_evidence(built: Path, tmp_path: Path) -> None:
    import shutil

    data_dir = tmp_path / "data"
    shutil.copytree(built, data_dir)
    fulfilment = FULFILS[PM_MEETING]
    result = hansard(data_dir, "commitments", "mark", PM_MEETING, "met", "--evidence", fulfilment)
    assert result.exit_code == 0, result.output
    rows = json.loads(hansard(data_dir, "commitments", "--format", "json").stdout)
    row = next(r for r in rows if r["id"] == PM_MEETING)
    assert row["evidence_turn_id"] == fulfilment
    assert row["evidence"].endswith(f"#contribution-{fulfilment}")
    bad = hansard(data_dir, "commitments", "mark", PM_MEETING, "met", "--evidence", "NO-SUCH")
    assert bad.exit_code == 2 and "neither a web address nor the id" in bad.stderr
