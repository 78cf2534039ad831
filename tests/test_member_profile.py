"""`hansard member`: per-year counts by role, offices with dates, departments asked, latest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from research_archive import invoke as run
from search_sample import write_sample


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("data")
    write_sample(path)
    assert run("index", "--data-dir", str(path))[0] == 0
    return path


def test_backbencher_then_minister(data_dir):
    code, out, err = run("member", "Robert Buckland", "--format", "json", "--data-dir",
                         str(data_dir))  # fmt: skip
    assert code == 0, err
    profile = json.loads(out)
    assert profile["name"] == "Robert Buckland" and profile["member_ids"] == [4106]
    assert profile["by_year"] == {
        "2012": {"question": 1, "supplementary": 0, "answer": 0, "other": 0},
        "2015": {"question": 0, "supplementary": 0, "answer": 2, "other": 0},
    }
    assert profile["offices"] == [{"office": "The Solicitor General", "first": "2015-11-26",
                                   "last": "2015-11-26", "turns": 2}]  # fmt: skip
    assert profile["departments_asked"] == [["Justice", 1]]
    assert [t["id"] for t in profile["latest"]] == ["SG-A2", "SG-A1", "B-Q1"]


def test_by_id_and_by_printed_name_agree(data_dir):
    by_id = run("member", "4099", "--format", "json", "--data-dir", str(data_dir))
    by_name = run("member", "Mr Bone", "--format", "json", "--data-dir", str(data_dir))
    assert by_id[0] == by_name[0] == 0
    profile = json.loads(by_id[1])
    assert profile == json.loads(by_name[1])
    assert profile["name"] == "Peter Bone"
    assert set(profile["names_printed"]) == {"Mr Peter Bone", "Mr Bone"}
    assert profile["by_year"]["2015"]["question"] == 1
    assert profile["by_year"]["2015"]["supplementary"] == 1
    assert profile["departments_asked"] == [["Attorney General", 2]]


def test_text_profile_and_unknown_member(data_dir):
    code, out, _ = run("member", "Nusrat Ghani", "--data-dir", str(data_dir))
    assert code == 0
    assert "Nusrat Ghani (member id 4460): 2 turns" in out
    assert "2015          1                1        0      0" in out
    assert "- Attorney General: 2" in out
    code, _out, err = run("member", "Nobody Atall", "--data-dir", str(data_dir))
    assert code == 1 and "hansard members" in err


def test_markdown_profile_has_a_table(data_dir):
    code, out, _ = run("member", "Robert Buckland", "--format", "md", "--data-dir", str(data_dir))
    assert code == 0
    assert "| 2012 | 1 | 0 | 0 | 0 |" in out and "| 2015 | 0 | 0 | 2 | 0 |" in out
    assert out.startswith("# Robert Buckland") and "Open Parliament Licence" in out
