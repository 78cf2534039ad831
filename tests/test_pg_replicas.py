"""A backend URL naming a primary and a streaming replica (``pg_basebackup -R``): reads go to
the replica, writes to the primary; a stopped replica leaves reads working on the primary, and a
stopped primary leaves reads working on the replica while writes fail in one clear line."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from search_sample import day_2015_11_26, turn, write_sample

from hansard.archive import Archive
from hansard.cli import cli
from hansard.datadir import archive_dir
from hansard.records import SearchRequest
from search.backend import open_backend


def run(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def replicated(tmp_path):
    """A primary with the sample indexed, a replica made from it, and the two-host URL."""
    from pgcluster import Clusters

    clusters = Clusters()
    try:
        primary = clusters.primary("primary")
        with psycopg.connect(primary.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE hansard")
        write_sample(tmp_path)
        code, _out, err = run(tmp_path, "index", "--backend", primary.url("hansard"))
        assert code == 0, err
        replica = clusters.replica(primary, "replica")
        url = (
            f"postgresql://postgres@127.0.0.1:{primary.port},127.0.0.1:{replica.port}/hansard"
            "?target_session_attrs=any"
        )
        yield tmp_path, url, primary, replica
    finally:
        clusters.close()


def _server(data_dir: Path, url: str) -> str:
    stats = open_backend(data_dir, url).stats()
    return stats["index"]["server"]


def _wait_for(predicate, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_reads_go_to_the_replica_and_writes_to_the_primary(replicated):
    data_dir, url, _primary, replica = replicated
    assert _server(data_dir, url) == f"127.0.0.1:{replica.port} (standby)"
    backend = open_backend(data_dir, url)
    assert backend.count(SearchRequest("stalking")) == 7
    day = day_2015_11_26()
    day[0] = turn("SG-Q5", "2015-11-26", "question", "What steps on cyberstalking?",
                  name="Nusrat Ghani", member_id=4460, exchange="SG-Q5")  # fmt: skip
    Archive(archive_dir(data_dir)).write_turns("Commons", "2015-11-26", day)
    code, out, err = run(data_dir, "index", "--backend", url)  # to the primary, named first
    assert code == 0 and out.startswith("indexed 8 turns from 1 sittings"), err
    assert _wait_for(lambda: backend.count(SearchRequest("cyberstalking")) == 1)
    assert _server(data_dir, url).endswith("(standby)")


def test_a_stopped_replica_leaves_reads_on_the_primary(replicated):
    data_dir, url, primary, replica = replicated
    backend = open_backend(data_dir, url)
    assert backend.count(SearchRequest("stalking")) == 7  # connected to the replica
    replica.stop()
    assert backend.count(SearchRequest("stalking")) == 7  # the same object, reconnected
    code, out, _err = run(data_dir, "search", "--count", "stalking", "--backend", url)
    assert (code, out) == (0, "7\n")
    assert _server(data_dir, url) == f"127.0.0.1:{primary.port} (primary)"


def test_a_stopped_primary_leaves_reads_working_and_writes_fail_clearly(replicated):
    data_dir, url, primary, _replica = replicated
    backend = open_backend(data_dir, url)
    assert backend.count(SearchRequest("stalking")) == 7
    primary.stop()
    assert backend.count(SearchRequest("stalking")) == 7
    code, out, err = run(data_dir, "search", "stalking", "--minister", "Solicitor General",
                         "--format", "json", "--backend", url)  # fmt: skip
    assert code == 0 and '"SG-A1"' in out and '"SG-A2"' in out, err
    code, out, err = run(data_dir, "index", "--backend", url)
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert "cannot write to PostgreSQL" in err and "no primary accepts writes" in err
    assert "searches still work on the replicas" in err
