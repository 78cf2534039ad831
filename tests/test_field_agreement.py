"""scripts/field_agreement.py, which gave the historic figures in README, counts what differs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
PAGE = ROOT / "tests/fixtures/site/real/Commons_1997-05-21_Engagements.html"
CHECKED = PAGE.with_name(PAGE.name + ".expected.jsonl")


def run(*args: Path) -> str:
    script = ROOT / "scripts" / "field_agreement.py"
    done = subprocess.run(
        [sys.executable, str(script), *map(str, args)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_parser_agrees_with_its_checked_page_on_every_field() -> None:
    lines = run(CHECKED, PAGE).splitlines()
    assert lines[0] == "41 checked turns, 41 scored, 41 in all"
    assert all(line.endswith("= 1.000") for line in lines[1:])


def test_a_changed_field_and_a_missing_turn_are_counted(tmp_path: Path) -> None:
    turns = [json.loads(line) for line in CHECKED.read_text(encoding="utf-8").splitlines()]
    turns[0]["role"] = "other"
    other = tmp_path / "other.jsonl"
    other.write_text("".join(json.dumps(t) + "\n" for t in turns[:-1]), encoding="utf-8")
    out = run(CHECKED, other)
    assert "role                  39/41 = 0.951" in out
    assert "text                  40/41 = 0.976" in out
