"""Two `hansard serve --backend URL` nodes (processes on two ports, each over its own copy of the
archive; the second with two worker processes) over one PostgreSQL primary and one streaming
replica (``pg_basebackup -R``): they answer a search with the same ids as each other and as the
CLI, share commitment marks, keep answering searches with the replica stopped, and with the
primary stopped answer searches while a write fails with a 503 and one clear line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import psycopg
import pytest
from conftest import run_hansard
from test_web_writes import DAY, first_mark_form
from webserver import ANSWER, SECOND_ANSWER, Served

STALKING = {"q": "stalking", "minister": "Solicitor General"}


@pytest.fixture
def two_nodes(web_data_copy, tmp_path):
    """A primary indexed from the fixture archive, its replica, and two serve nodes on the
    primary+replica URL; yields (node1, node2, url, data dir, primary, replica)."""
    from pgcluster import Clusters

    clusters = Clusters()
    nodes: list[Served] = []
    try:
        primary = clusters.primary("primary")
        with psycopg.connect(primary.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE hansard")
        indexed = run_hansard("index", "--backend", primary.url("hansard"), data_dir=web_data_copy)
        assert indexed.returncode == 0, indexed.stderr
        replica = clusters.replica(primary, "replica")
        url = (
            f"postgresql://postgres@127.0.0.1:{primary.port},127.0.0.1:{replica.port}/hansard"
            "?target_session_attrs=any"
        )
        second_dir = tmp_path / "node2"
        shutil.copytree(web_data_copy, second_dir)  # another machine's copy of the archive
        nodes = [
            Served(web_data_copy, "--backend", url),
            Served(second_dir, "--backend", url, "--workers", "2"),
        ]
        yield nodes[0], nodes[1], url, web_data_copy, primary, replica
    finally:
        for node in nodes:
            node.stop()
        clusters.close()


def _ids(node: Served, **params: str) -> list[str]:
    answer = node.get("/api/search", **params)
    assert answer.status == 200, answer.text
    return [record["id"] for record in answer.json()["results"]]


def _server(node: Served) -> str:
    """The PostgreSQL server a node reads from ("host:port (standby)" or "... (primary)")."""
    index = node.get("/api/stats").json()["index"]
    assert index["backend"] == "postgresql"
    return index["server"]


def _cli_search(data_dir: Path, url: str) -> list[dict]:
    done = run_hansard(
        "search", STALKING["q"], "--minister", STALKING["minister"], "--format", "json",
        "--backend", url, data_dir=data_dir,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _cli_marks(data_dir: Path, url: str) -> dict[str, dict]:
    done = run_hansard(
        "commitments", "--from", DAY["from"], "--to", DAY["to"], "--format", "json",
        "--backend", url, data_dir=data_dir,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return {record["id"]: record for record in json.loads(done.stdout)}


def test_two_nodes_answer_alike_and_share_marks(two_nodes) -> None:
    node1, node2, url, data_dir, _primary, _replica = two_nodes
    first = node1.get("/api/search", **STALKING).json()
    assert sorted(r["id"] for r in first["results"]) == [ANSWER, SECOND_ANSWER]
    assert node2.get("/api/search", **STALKING).json() == first
    assert first["results"] == _cli_search(data_dir, url)
    assert _ids(node1, q="minister") == _ids(node2, q="minister") != []

    fields = first_mark_form(node1, **DAY)
    posted = node1.request("/commitments/mark", {**fields, "status": "met", "note": "via node1"})
    assert posted.status == 303, posted.text
    seen = node2.get("/api/commitments", **DAY).json()
    mine = next(record for record in seen if record["id"] == fields["id"])
    assert (mine["status"], mine["note"]) == ("met", "via node1")
    assert _cli_marks(data_dir, url)[fields["id"]]["status"] == "met"
    assert _cli_marks(data_dir, "")[fields["id"]]["status"] == "open"  # not in the data dir
    assert "via node1" in node2.get("/commitments", **DAY).text


def test_with_the_replica_stopped_both_nodes_still_search(two_nodes) -> None:
    node1, node2, url, data_dir, primary, replica = two_nodes
    before = _ids(node1, **STALKING)
    assert _ids(node2, **STALKING) == before
    assert _server(node1) == _server(node2) == f"127.0.0.1:{replica.port} (standby)"
    replica.stop()
    for node in (node1, node2):  # each node's kept connection was to the replica
        assert _ids(node, **STALKING) == before
        assert _server(node) == f"127.0.0.1:{primary.port} (primary)"
        assert node.get("/exchange/" + ANSWER).status == 200
    assert [r["id"] for r in _cli_search(data_dir, url)] == before


def test_with_the_primary_stopped_searches_work_and_a_mark_gets_a_503(two_nodes) -> None:
    node1, node2, _url, _data_dir, primary, replica = two_nodes
    before = _ids(node1, **STALKING)
    fields = first_mark_form(node2, **DAY)
    primary.stop()
    for node in (node1, node2):
        assert _ids(node, **STALKING) == before
        assert _server(node) == f"127.0.0.1:{replica.port} (standby)"
    refused = node2.request("/commitments/mark", {**fields, "status": "met"})
    assert refused.status == 503
    assert "cannot write to PostgreSQL" in refused.text
    assert "no primary accepts writes" in refused.text
    assert "Traceback" not in refused.text and "Traceback" not in node2.output()
    listed = node1.get("/api/commitments", **DAY)  # marks are read from the replica's copy
    assert listed.status == 200 and {r["status"] for r in listed.json()} == {"open"}
