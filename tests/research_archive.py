"""The fixture site crawled once per test process (as `make demo` crawls it), then indexed.

The research tests read it only; a crawl of the bundled pages is the real path from pages to
index, so trends, kwic and find-quote are tested on what users would have.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from conftest import FIXTURE_SITE, crawl

from hansard.cli import cli
from hansard.devserver import SiteServer

DAYS = [("2015-11-23", "2015-11-27"), ("2022-06-22", "2022-06-22"), ("1975-01-14", "1975-01-14")]
BUCKLAND_SECOND_ANSWER = "5B3E2C11-0A6D-4F0E-9C1B-2015112600A4"


@functools.cache
def crawled_archive() -> Path:
    path = Path(tempfile.mkdtemp(prefix="hansard-research-"))
    atexit.register(shutil.rmtree, path, True)
    with SiteServer(FIXTURE_SITE) as site:
        for date_from, date_to in DAYS:
            result, _summary = crawl(site, path, date_from, date_to)
            assert result.returncode == 0, result.stderr
    indexed = CliRunner().invoke(cli, ["index", "--data-dir", str(path)])
    assert indexed.exit_code == 0, indexed.output
    return path


def run(*args: str, data_dir: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)])
    return result.exit_code, result.stdout, result.stderr


def invoke(*args: str) -> tuple[int, str, str]:
    """The command run in process, as given (for the tests that name --data-dir themselves)."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr
