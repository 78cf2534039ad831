"""Shared pytest setup."""

from __future__ import annotations


# --- parser: expected-output regeneration (owned by the parser; keep self-contained) ---------
def pytest_addoption(parser):
    parser.addoption(
        "--regenerate-expected",
        action="store_true",
        default=False,
        help="Rewrite the <page>.expected.jsonl files beside the fixture pages from the parser's "
        "current output (then review the diff by hand before committing).",
    )


# --- end parser -------------------------------------------------------------------------------

# --- crawler fixtures (crawler helper) ------------------------------------------------------------

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from hansard.devserver import SiteServer  # noqa: E402

FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"


@pytest.fixture
def site():
    """A real HTTP server on 127.0.0.1 (random port) serving the saved site at its real paths,
    with faults injectable per path (``site.add_fault(path, Fault(...))``)."""
    with SiteServer(FIXTURE_SITE) as server:
        yield server


import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

FAST_CRAWL = ("--delay", "0", "--timeout", "1", "--retries", "2", "--backoff", "0")
"""Test crawl options: no politeness delay, short timeout and no wait between retries."""


def run_hansard(*args: str, data_dir: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run the real ``hansard`` command in a child process (Scrapy's reactor starts once per
    process, and a child is what a user runs)."""
    env = {**os.environ, "HANSARD_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    return subprocess.run(
        [sys.executable, "-m", "hansard", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def crawl(site, data_dir: Path, date_from: str, date_to: str | None = None, *extra: str):
    """Crawl the test server with fast options; returns (process, parsed --json summary)."""
    result = run_hansard(
        "crawl",
        "--base-url",
        site.base_url,
        "--from",
        date_from,
        "--to",
        date_to or date_from,
        *FAST_CRAWL,
        "--json",
        *extra,
        data_dir=data_dir,
    )
    summary = json.loads(result.stdout) if result.stdout.strip().startswith("{") else None
    return result, summary


@pytest.fixture
def hansard_cli():
    """``hansard_cli(*args, data_dir=...)``: run the real command in a child process."""
    return run_hansard


@pytest.fixture
def crawl_cli(site):
    """``crawl_cli(data_dir, from, to, *extra)`` against the test server -> (process, summary)."""
    return lambda data_dir, *args: crawl(site, data_dir, *args)


def archive_state(data_dir: Path) -> dict[str, object]:
    """What an archive holds, minus the clocks (fetch and crawl times), for comparing two runs.

    Also asserts that nothing is half-written: no temp file is left anywhere.
    """
    import gzip

    root = data_dir / "archive"
    assert not list(root.rglob("*.tmp")), "a temp file was left behind"
    state: dict[str, object] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name in (".lock", "CHANGED"):
            continue
        name = str(path.relative_to(root))
        if path.suffix == ".gz":
            state[name] = gzip.decompress(path.read_bytes())
        elif path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            for clock in ("crawled_at", "fetched_at"):
                data.pop(clock, None)
            data.get("headers", {}).pop("Date", None)
            state[name] = data
        else:
            state[name] = path.read_bytes()
    return state


@pytest.fixture
def snapshot():
    return archive_state
