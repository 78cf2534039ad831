"""End to end on the saved site: crawl the fixture pages over HTTP, index, search, show.

This is the issue's done-when, on turns the real parser made from the fixture pages (served at
their real paths by the test server), not on hand-built records.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from hansard.cli import cli
from hansard.devserver import SiteServer

SITE = Path(__file__).parent / "fixtures" / "site"


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    """Crawled once, in a process of its own (as a user runs it: Twisted cannot restart)."""
    data_dir = tmp_path_factory.mktemp("crawled")
    with SiteServer(SITE) as server:
        done = subprocess.run(
            [sys.executable, "-m", "hansard", "crawl", "--from", "2015-11-26", "--base-url",
             server.base_url, "--delay", "0", "--retries", "0", "--quiet", "--data-dir",
             str(data_dir)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    code, out, err = run("index", "--data-dir", str(data_dir))
    assert code == 0, out + err
    return data_dir


def records(data_dir: Path, *args: str) -> list[dict]:
    code, out, err = run("search", "--data-dir", str(data_dir), "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def test_minister_by_office_returns_robert_bucklands_two_answers(crawled):
    found = records(crawled, "stalking", "--minister", "Solicitor General")
    assert len(found) == 2
    assert {r["speaker_office"] for r in found} == {"The Solicitor General"}
    assert {r["speaker_name"] for r in found} == {"Robert Buckland"}
    assert {r["role"] for r in found} == {"answer"}
    assert records(crawled, "--minister", "Robert Buckland") == records(
        crawled, "--minister", "Solicitor General")  # fmt: skip


def test_member_returns_her_question_and_supplementary(crawled):
    found = records(crawled, "--member", "Nusrat Ghani", "--sort", "date")
    assert [r["role"] for r in found] == ["question", "supplementary"]
    assert found[0]["uin"] == "902346"


def test_show_prints_the_four_turns_in_order(crawled):
    question = records(crawled, "--member", "Nusrat Ghani", "--role", "question")[0]
    code, out, _ = run("show", question["id"], "--data-dir", str(crawled))
    assert code == 0
    roles = [line.split("]")[0] + "]" for line in out.splitlines() if line.startswith(("[", "▶"))]
    assert roles == ["▶ [question]", "[answer]", "[supplementary]", "[answer]"]
    assert "The Solicitor General (Robert Buckland)" in out


def test_topic_and_department_on_parsed_turns(crawled):
    topic = records(crawled, "--topic", "prosecute", "--limit", "0")
    assert len(topic) >= 4  # the answers and supplementary come with the question
    assert {r["role"] for r in topic} >= {"question", "answer", "supplementary"}
    department = records(crawled, "--department", "Attorney General", "--limit", "0")
    assert {r["department"] for r in department} == {"Attorney General"}
