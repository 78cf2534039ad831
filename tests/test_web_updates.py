"""A running server picks up new crawls and index updates without a restart, in every worker,
and an `index --rebuild` swap never serves a half-built index."""

from __future__ import annotations

import subprocess
import sys

from atom_check import atom_problems
from conftest import FIXTURE_SITE, crawl, run_hansard
from lxml import etree
from webserver import Served

from hansard.devserver import SiteServer

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def _total(server: Served, **params: str) -> int:
    answer = server.get("/api/search", **params)
    assert answer.status == 200, answer.text
    return answer.json()["total"]


def test_a_crawl_while_serving_shows_in_every_worker_and_in_the_feed(tmp_path) -> None:
    data_dir = tmp_path / "data"
    with SiteServer(FIXTURE_SITE) as site:
        assert crawl(site, data_dir, "2015-11-26")[0].returncode == 0
        assert run_hansard("index", data_dir=data_dir).returncode == 0
        with Served(data_dir, "--workers", "2") as server:
            # every worker opens and keeps its searcher before the crawl
            assert {_total(server, q="Ireland") for _ in range(12)} == {0}
            feed = server.get("/search.atom", q="Ireland")
            assert feed.status == 200 and not atom_problems(feed.body)
            assert not etree.fromstring(feed.body).xpath("a:entry", namespaces=ATOM)

            result, summary = crawl(site, data_dir, "2022-06-22")
            assert result.returncode == 0 and summary["index_updated"], result.stderr

            expected = int(run_hansard("search", "Ireland", "--count", data_dir=data_dir).stdout)
            assert expected > 0
            # a fresh connection each, so the kernel spreads them over both workers
            assert {_total(server, q="Ireland") for _ in range(12)} == {expected}
            feed = server.get("/search.atom", q="Ireland")
            assert not atom_problems(feed.body)
            entries = etree.fromstring(feed.body).xpath("a:entry", namespaces=ATOM)
            assert len(entries) == min(expected, 50)
            assert all(
                e.findtext("a:updated", namespaces=ATOM).startswith("2022-06-22") for e in entries
            )
        log = server.stop()
        assert server.process.returncode == 0, log  # Ctrl-C stops both workers cleanly
        assert "Traceback" not in log


def test_a_rebuild_while_serving_never_serves_a_half_built_index(web_data_copy) -> None:
    with Served(web_data_copy) as server:
        before = _total(server)
        word = _total(server, q="minister")
        rebuild = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hansard",
                "index",
                "--rebuild",
                "--data-dir",
                str(web_data_copy),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        seen = []
        while rebuild.poll() is None:
            seen.append((_total(server), _total(server, q="minister")))
        assert rebuild.wait() == 0
        seen.append((_total(server), _total(server, q="minister")))
        assert len(seen) > 1
        assert set(seen) == {(before, word)}
