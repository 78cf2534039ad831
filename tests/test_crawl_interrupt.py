"""Killing the crawl mid-run leaves a usable archive, and running again ends exactly where a clean
run does. The kill lands while a chosen request is in flight (the server holds it a moment), so
each case interrupts a known point of the run rather than a lucky one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import FAST_CRAWL, FIXTURE_SITE, archive_state, crawl, run_hansard

from hansard.devserver import Fault, SiteServer

RANGE = ("2015-11-20", "2015-11-30")  # eleven days, one of which sat
SECTION = "/Commons/2015-11-26/debates/15112625000001/OralAnswersToQuestions"


@pytest.fixture(scope="module")
def site():
    with SiteServer(FIXTURE_SITE) as running:
        yield running


@pytest.fixture(scope="module")
def clean(site, tmp_path_factory) -> dict:
    data_dir = tmp_path_factory.mktemp("clean")
    result, summary = crawl(site, data_dir, *RANGE)
    assert result.returncode == 0 and summary["turns"] == 4 and summary["non_sitting"] == 10
    return archive_state(data_dir)


def start_crawl(site, data_dir) -> subprocess.Popen:
    env = {**os.environ, "HANSARD_DATA_DIR": str(data_dir)}
    return subprocess.Popen(
        [sys.executable, "-m", "hansard", "crawl", "--base-url", site.base_url,
         "--from", RANGE[0], "--to", RANGE[1], *FAST_CRAWL, "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def wait_for_request(site, path: str, process: subprocess.Popen, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while not site.hits_for(path):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the crawl never asked for " + path
        time.sleep(0.01)


@pytest.mark.parametrize(
    ("sig", "held"),
    [
        (signal.SIGKILL, SECTION),  # the day's page is in, its section is in flight
        (signal.SIGKILL, "/Commons/2015-11-28"),  # the sitting day is written, more to come
        (signal.SIGINT, SECTION),  # Ctrl-C: a graceful stop
    ],
    ids=["kill-mid-day", "kill-after-day", "ctrl-c-mid-day"],
)
def test_killed_crawl_resumes_to_the_clean_archive(site, clean, tmp_path, sig, held) -> None:
    site.hits.clear()
    site.add_fault(held, Fault("slow", times=1, seconds=0.6))
    process = start_crawl(site, tmp_path)
    try:
        wait_for_request(site, held, process)
        process.send_signal(sig)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        site.clear_faults()
    if sig == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
    else:
        assert process.returncode == 130, err
        assert "interrupted" in err and json.loads(out)["interrupted"] is True

    # Usable as it stands: every archived day is whole (four turns or none).
    dump = run_hansard("dump", data_dir=tmp_path)
    assert dump.returncode == 0, dump.stderr
    assert len(dump.stdout.splitlines()) in (0, 4)
    if held == "/Commons/2015-11-28":
        assert len(dump.stdout.splitlines()) == 4

    # What a kill during a write leaves: a temp file beside the file being replaced.
    turns_dir = tmp_path / "archive" / "turns" / "Commons" / "2015"
    turns_dir.mkdir(parents=True, exist_ok=True)
    (turns_dir / ".2015-11-26.jsonl.x1y2z3.tmp").write_text('{"id": "half a li', encoding="utf-8")

    result, summary = crawl(site, tmp_path, *RANGE)
    assert result.returncode == 0, result.stderr
    assert summary["skipped"] > 0  # finished days are not fetched again
    assert archive_state(tmp_path) == clean  # and no temp file survived the kill
