"""`hansard kwic`: concordance lines aligned on the match, by stem or phrase, sorted, exported."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from research_archive import crawled_archive, run


@pytest.fixture(scope="module")
def data_dir():
    return crawled_archive()


def lines_of(data_dir, *args: str) -> list[dict]:
    code, out, err = run("kwic", *args, "--format", "json", data_dir=data_dir)
    assert code == 0, err
    return json.loads(out)


def test_a_word_matches_by_stem_in_every_turn_search_finds(data_dir):
    lines = lines_of(data_dir, "stalk", "--limit", "0")
    assert {line["match"].lower() for line in lines} == {"stalking"}
    _code, out, _ = run("search", "stalk", "--limit", "0", "--format", "json", data_dir=data_dir)
    turns = json.loads(out)
    assert {line["turn_id"] for line in lines} == {t["id"] for t in turns}
    every = sum(t["text"].lower().count("stalking") for t in turns)
    assert len(lines) == every


def test_left_match_right_rebuild_the_text(data_dir):
    for line in lines_of(data_dir, "restraining orders", "--width", "30"):
        assert line["match"] == "restraining orders"
        left, right = line["left"].lstrip("…"), line["right"].rstrip("…").rstrip()
        assert len(line["left"]) <= 31
        _code, out, _ = run("search", f"id:{line['turn_id']}", "--format", "json",
                           data_dir=data_dir)  # fmt: skip
        text = " ".join(json.loads(out)[0]["text"].split())
        assert left + line["match"] + right in text
        assert line["citation"].startswith("HC Deb 26 November 2015")


def test_sort_by_the_word_to_the_right_and_left(data_dir):
    lines = lines_of(data_dir, "Northern Ireland", "--sort", "right", "--limit", "0")
    right = [re.findall(r"\w+", ln["right"].lower())[:1] for ln in lines]
    assert right == sorted(right) and len({tuple(w) for w in right}) > 5
    lines = lines_of(data_dir, "Northern Ireland", "--sort", "left", "--limit", "0")
    left = [re.findall(r"\w+", ln["left"].lower())[-1:] for ln in lines]
    assert left == sorted(left) and len({tuple(w) for w in left}) > 5


def test_filters_restrict_and_text_aligns_on_the_match(data_dir):
    lines = lines_of(data_dir, "stalking", "--member", "Nusrat Ghani")
    assert lines and {line["speaker"] for line in lines} == {"Nusrat Ghani (Wealden) (Con)"}
    code, out, _ = run("kwic", "stalking", "--width", "30", data_dir=data_dir)
    assert code == 0
    rows = [r for r in out.splitlines() if " stalking " in r.lower()]
    assert len({r.lower().index(" stalking ") for r in rows}) == 1  # one column for the match


def test_csv_has_separate_fields(data_dir):
    code, out, err = run("kwic", "stalking", "--format", "csv", data_dir=data_dir)
    assert code == 0 and "Open Parliament Licence" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:3] == ["left", "match", "right"]


def test_output_file_is_written_whole(data_dir, tmp_path):
    target = tmp_path / "kwic.csv"
    code, out, _ = run("kwic", "stalking", "--format", "csv", "--output", str(target),
                       data_dir=data_dir)  # fmt: skip
    assert code == 0 and out == ""
    data = target.read_bytes()
    assert data.startswith(b'"left","match","right"') and data.count(b"\r\n") == 8


def test_sorting_reads_at_most_the_newest_turns_and_says_so(data_dir, monkeypatch):
    import search.kwic

    monkeypatch.setattr(search.kwic, "MAX_SORTED_TURNS", 3)
    code, out, err = run("kwic", "minister", "--sort", "left", "--format", "json",
                         data_dir=data_dir)  # fmt: skip
    assert code == 0
    assert "sorted the lines of the newest 3 of" in err
    assert len({line["turn_id"] for line in json.loads(out)}) == 3
    assert {line["date"] for line in json.loads(out)} == {"2022-06-22"}
