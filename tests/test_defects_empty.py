"""Empty archives, empty indexes and empty results (issue 14, Medium 7 and 8).

An empty answer is still an answer in its format: JSON prints ``[]``, CSV its header row, JSON
Lines nothing, so a script reading the output never has to special-case "nothing found".
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_run import run
from search_sample import write_sample

from hansard.records import QUESTION_FIELDS, TURN_FIELDS


@pytest.fixture(scope="module")
def empty_index(tmp_path_factory) -> Path:
    """`hansard index` run on an archive with nothing in it."""
    path = tmp_path_factory.mktemp("empty")
    code, out, err = run("index", "--data-dir", str(path))
    assert code == 0 and "indexed 0 turns" in out, err
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("search",),
        ("search", "--from", "2015-01-01"),
        ("search", "stalking", "--facet", "party"),
        ("search", "--sort", "date"),
        ("search", "--sort", "-date", "--member", "Ghani"),
        ("search", "stalking", "--topic", "stalking"),
        ("search", "--count", "--from", "2015-01-01"),
        ("watch", "add", "w", "stalking"),
        ("watch", "run"),
    ],
    ids=" ".join,
)
def test_an_empty_index_answers_nothing_found(empty_index, args):
    """Issue 14, Medium 7: these raised AttributeError on an empty index."""
    code, _out, err = run(*args, "--data-dir", str(empty_index))
    assert code == 0, err
    assert "Traceback" not in err and "Error" not in err


def test_an_empty_index_counts_zero(empty_index):
    code, out, _err = run("search", "--count", "--data-dir", str(empty_index))
    assert (code, out.strip()) == (0, "0")


def test_search_json_on_an_empty_index_is_an_empty_list(empty_index):
    code, out, err = run("search", "--from", "2015-01-01", "--format", "json",
                         "--data-dir", str(empty_index))  # fmt: skip
    assert code == 0, err
    assert json.loads(out) == []


@pytest.fixture(scope="module")
def nothing_new(tmp_path_factory) -> Path:
    """A sample archive with one watch that has already seen everything."""
    path = tmp_path_factory.mktemp("sample")
    write_sample(path)
    assert run("index", "--data-dir", str(path))[0] == 0
    assert run("watch", "add", "stalking", "stalking", "--data-dir", str(path))[0] == 0
    return path


def csv_header(out: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(out)))


TURN_COMMANDS = [
    ("search", "zzzunmatched"),
    ("watch", "run"),
]


@pytest.mark.parametrize("command", TURN_COMMANDS, ids=" ".join)
def test_empty_turn_results_in_every_format(nothing_new, command):
    """Issue 14, Medium 8: `watch run --format json` with nothing new printed nothing."""
    data = ("--data-dir", str(nothing_new))
    code, out, err = run(*command, "--format", "json", *data)
    assert code == 0, err
    assert json.loads(out) == []
    code, out, err = run(*command, "--format", "jsonl", *data)
    assert (code, out) == (0, "")
    code, out, err = run(*command, "--format", "csv", *data)
    assert code == 0, err
    # every export of turns carries its exchange's question (issue 12); a search adds its score
    score = ["score"] if command[0] == "search" else []
    assert csv_header(out) == [list(TURN_FIELDS) + list(QUESTION_FIELDS) + score]
    code, out, err = run(*command, "--format", "md", *data)
    assert code == 0 and out.startswith("| Date |"), out


def test_empty_commitments_in_every_format(nothing_new):
    data = ("--data-dir", str(nothing_new), "--from", "1900-01-01", "--to", "1900-12-31")
    code, out, err = run("commitments", "--format", "json", *data)
    assert code == 0, err
    assert json.loads(out) == []
    code, out, _ = run("commitments", "--format", "jsonl", *data)
    assert (code, out) == (0, "")
    code, out, _ = run("commitments", "--format", "csv", *data)
    assert code == 0 and len(csv_header(out)) == 1 and "id" in csv_header(out)[0]


def test_empty_members_and_facets_in_every_format(nothing_new):
    data = ("--data-dir", str(nothing_new))
    code, out, err = run("members", "zzzunknown", "--format", "json", *data)
    assert code == 0, err
    assert json.loads(out) == []
    code, out, err = run("search", "zzzunmatched", "--facet", "party", "--format", "json", *data)
    assert code == 0, err
    assert json.loads(out) == {"total": 0, "facets": {"party": []}}
    code, out, err = run("search", "zzzunmatched", "--facet", "party", "--format", "csv", *data)
    assert code == 0 and csv_header(out) == [["facet", "value", "count"]], out
