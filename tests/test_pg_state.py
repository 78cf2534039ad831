"""Commitment marks and watch lists in PostgreSQL: two nodes (two data directories, each with
its own copy of the archive) naming one backend share them, and concurrent writers lose nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_commitments_cli import build

from hansard.cli import cli
from hansard.datadir import state_dir
from hansard.state import backend_url


def run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def nodes(tmp_path, pg_url):
    """Two data dirs with the same archive, and the shared backend indexed from the first."""
    first, second = tmp_path / "node1", tmp_path / "node2"
    for node in (first, second):
        node.mkdir()
        build(node)
    assert run(first, "index", "--backend", pg_url)[0] == 0
    return first, second, pg_url


def _listed(data_dir: Path, url: str) -> list[dict]:
    code, out, err = run(data_dir, "commitments", "--format", "json", "--backend", url)
    assert code == 0, err
    return json.loads(out)


def test_a_mark_made_on_one_node_is_seen_on_the_other(nodes):
    first, second, url = nodes
    ids = [row["id"] for row in _listed(first, url)]
    assert len(ids) >= 9
    code, _out, err = run(first, "commitments", "mark", ids[0], "met", "--note", "letter sent",
                          "--backend", url)  # fmt: skip
    assert code == 0, err
    seen = {row["id"]: row for row in _listed(second, url)}
    assert (seen[ids[0]]["status"], seen[ids[0]]["note"]) == ("met", "letter sent")
    assert not (state_dir(first) / "commitments.json").exists()  # not in the data dir
    assert {row["status"] for row in _listed(second, "")} == {"open"}  # the files are apart
    assert backend_url() is None  # the choice ends with the command


def test_concurrent_marks_from_two_nodes_all_land(nodes):
    first, second, url = nodes
    ids = [row["id"] for row in _listed(first, url)]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hansard",
                "commitments",
                "mark",
                commitment_id,
                "dropped",
                "--note",
                f"n{n}",
                "--backend",
                url,
            ],
            env={**os.environ, "HANSARD_DATA_DIR": str((first, second)[n % 2])},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, commitment_id in enumerate(ids)
    ]
    for process in processes:
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    notes = {row["id"]: row["note"] for row in _listed(second, url)}
    assert notes == {i: f"n{n}" for n, i in enumerate(ids)}


def test_a_watch_added_on_one_node_runs_on_the_other(nodes):
    first, second, url = nodes
    code, out, err = run(first, "watch", "add", "pm", "--minister", "Prime Minister",
                         "--backend", url)  # fmt: skip
    assert code == 0, err
    code, out, _err = run(second, "watch", "list", "--backend", url)
    assert out.startswith("pm\t--minister 'Prime Minister'")
    code, out, err = run(second, "watch", "run", "--backend", url)
    assert code == 0, err  # nothing new since it was added
    code, out, _err = run(second, "watch", "remove", "pm", "--backend", url)
    assert code == 0
    assert "no watches yet" in run(first, "watch", "list", "--backend", url)[1]
