"""``hansard crawl``, ``hansard dump`` and ``hansard reparse``: fill the archive and read it back.

Only ``crawl`` touches Scrapy, and only once it runs (``crawler.run`` imports it lazily), so
``dump`` and ``reparse`` start fast.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from hansard.cli.common import DATE, HTTP_URL, FiniteFloat, check_order, data_dir_option
from hansard.dates import FIRST_DAY

MIN_POLITE_DELAY = 3.0
LIVE_HOSTS = ("hansard.parliament.uk", "hansard-api.parliament.uk")
HOUSE_OPTION = click.Choice(["commons", "lords", "both"], case_sensitive=False)


@click.command()
@click.option("--from", "date_from", type=DATE, required=True, help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", type=DATE, default=None, help="Last day [default: --from].")
@click.option("--house", type=HOUSE_OPTION, default="commons", show_default=True)
@click.option(
    "--base-url",
    type=HTTP_URL,
    default="https://hansard.parliament.uk",
    show_default=True,
    help="The site to crawl (a mirror, or a local test server).",
)
@click.option(
    "--source",
    type=click.Choice(["web", "api", "auto"], case_sensitive=False),
    default="web",
    show_default=True,
    help="Where turns come from: the web pages, the Hansard API, or the web with the API for "
    "days the site blocks.",
)
@click.option(
    "--api-url",
    type=HTTP_URL,
    default="https://hansard-api.parliament.uk",
    show_default=True,
    help="The Hansard API (for --source api|auto).",
)
@click.option("--refresh", is_flag=True, help="Crawl days again even if already archived.")
@click.option(
    "--delay",
    type=FiniteFloat(0, 3600),
    default=3.0,
    show_default=True,
    help="Seconds between requests (AutoThrottle may wait longer). Be kind to the site.",
)
@click.option(
    "--timeout",
    type=FiniteFloat(0.1, 600),
    default=30.0,
    show_default=True,
    help="Seconds to wait for one response.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Retries of a page on 429, 5xx and network faults.",
)
@click.option(
    "--backoff",
    type=FiniteFloat(0, 3600),
    default=10.0,
    show_default=True,
    help="Seconds before the first retry, doubling each time (or Retry-After).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress; print only the summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@data_dir_option
def crawl(
    date_from: str,
    date_to: str | None,
    house: str,
    base_url: str,
    source: str,
    api_url: str,
    refresh: bool,
    delay: float,
    timeout: float,
    retries: int,
    backoff: float,
    quiet: bool,
    as_json: bool,
    data_dir: Path,
) -> None:
    """Crawl the oral questions of a range of days into the archive.

    Fetches each sitting-day page, then its "Oral Answers to Questions" section, keeps every
    page raw and writes the day's turns. Days already archived are skipped unless --refresh;
    a 404 or "did not sit" day is recorded as non-sitting. Exits 1 if any day failed.

    \b
    Example:
        hansard crawl --from 2015-11-23 --to 2015-11-27
        hansard crawl --from 2022-06-22 --house both --json
        hansard crawl --from 2024-01-08 --to 2024-01-12 --source auto
    """
    from crawler.run import CrawlOptions, run_crawl
    from hansard.errors import UsageError

    check_order(date_from, date_to)
    last = date_to or date_from
    if date_from < FIRST_DAY.isoformat():
        raise UsageError(f"--from {date_from}: Hansard begins in 1803; crawl from 1803-01-01 on")
    if last > dt.date.today().isoformat():
        raise UsageError(f"--to {last} is in the future; Hansard reports days that have sat")
    used = {"web": (base_url,), "api": (api_url,), "auto": (base_url, api_url)}[source.lower()]
    live = [url for url in used if urlsplit(url).hostname in LIVE_HOSTS]
    if delay < MIN_POLITE_DELAY and live:
        click.echo(
            f"hansard: warning: --delay {delay:g} is below {MIN_POLITE_DELAY:g} s; {live[0]} is "
            "shared and rate-limited, please keep the default.",
            err=True,
        )
    options = CrawlOptions(base_url.rstrip("/"), delay, timeout, retries, backoff)
    reporter = _Reporter(enabled=not quiet)
    try:
        if source.lower() == "web":
            summary = run_crawl(
                data_dir, date_from, date_to or date_from, house.lower(), options,
                refresh=refresh, progress=reporter,
            )  # fmt: skip
        else:
            from crawler.api_crawl import crawl_by_source

            summary = crawl_by_source(
                source.lower(), api_url, data_dir, date_from, date_to or date_from,
                house.lower(), options, refresh=refresh, progress=reporter,
            )  # fmt: skip
    finally:
        reporter.close()
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        _print_summary(summary)
    if summary.stopped:
        click.echo(f"hansard: stopped early: {summary.stopped}.", err=True)
        sys.exit(1)
    if summary.interrupted:
        click.echo(
            "hansard: interrupted; finished days are archived, run again to resume.", err=True
        )
        sys.exit(130)
    if summary.failed:
        sys.exit(1)


@click.command()
@click.option("--house", type=HOUSE_OPTION, default="both", show_default=True)
@click.option("--from", "date_from", type=DATE, default=None, help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", type=DATE, default=None, help="Last day (YYYY-MM-DD).")
@data_dir_option
def dump(house: str, date_from: str | None, date_to: str | None, data_dir: Path) -> None:
    """Print archived turns as JSON Lines, in date order and sitting order.

    Reads the archive directly (no index needed), one turn per line.

    \b
    Example:
        hansard dump --from 2015-11-26 --to 2015-11-26
        hansard dump --house commons | jq -r .speaker_name | sort | uniq -c
    """
    from hansard.archive import Archive
    from hansard.datadir import archive_dir

    check_order(date_from, date_to)
    archive = Archive(archive_dir(data_dir))
    only = None if house.lower() == "both" else house.capitalize()
    out = sys.stdout  # (on a terminal, the escaping stream installed by `hansard.cli.main`)
    try:
        for turn in archive.iter_turns(only, date_from, date_to):
            out.write(turn.to_json() + "\n")
        out.flush()
    except BrokenPipeError:  # `hansard dump | head`: the reader has all it wanted
        sys.stderr.close()


@click.command()
@click.option("--house", type=HOUSE_OPTION, default="both", show_default=True)
@click.option("--from", "date_from", type=DATE, default=None, help="First day (YYYY-MM-DD).")
@click.option("--to", "date_to", type=DATE, default=None, help="Last day (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@data_dir_option
def reparse(
    house: str, date_from: str | None, date_to: str | None, as_json: bool, data_dir: Path
) -> None:
    """Rebuild turns from the raw pages in the archive, without the network.

    Run it after upgrading hansard-qa: the parser may read the same pages better. A day whose
    pages do not parse keeps its turns and is reported; exits 1 if any did not.

    \b
    Example:
        hansard reparse --from 2015-01-01 --to 2015-12-31
    """
    from crawler.run import reparse as rebuild

    check_order(date_from, date_to)
    summary = rebuild(data_dir, date_from, date_to, house.lower())
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        click.echo(f"Reparsed {summary.days} days: {summary.turns} turns.")
        for failure in summary.failed:
            click.echo(f"  failed {failure.date} {failure.url}: {failure.reason}")
    if summary.failed:
        sys.exit(1)


def _print_summary(summary: Any) -> None:
    skipped = f" ({_plural(summary.skipped, 'day')} already archived, skipped)"
    click.echo(
        f"Crawled {_plural(summary.dates, 'day')}{skipped if summary.skipped else ''}: "
        f"{_plural(summary.turns, 'turn')} from {_plural(summary.pages, 'page')}; "
        f"{summary.sitting} with oral questions, {summary.non_sitting} not sitting, "
        f"{summary.no_oral_questions} without oral questions, "
        f"{_plural(len(summary.failed), 'failure')}."
    )
    for failure in summary.failed:
        click.echo(f"  failed {failure.house} {failure.date} {failure.url}: {failure.reason}")
    if summary.index_updated:
        click.echo("Index updated.")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class _Reporter:
    """Progress: a rich bar on a terminal, one plain line per day otherwise (logs, pipes)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.task: Any = None
        self.pages = self.turns = 0

    def __call__(self, event: str, **data: Any) -> None:
        if not self.enabled:
            return
        if event == "start":
            self._start(data["total"], data["skipped"])
        elif event == "day":
            self._day(data["fetch"], data["pages"], data["turns"], data["failures"])

    def _start(self, total: int, skipped: int) -> None:
        if skipped:
            click.echo(
                f"{_plural(skipped, 'day')} already archived, skipped (--refresh crawls again).",
                err=True,
            )
        if sys.stderr.isatty() and total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("days · {task.fields[pages]} pages · {task.fields[turns]} turns"),
                console=Console(stderr=True),
            )
            self.task = self.bar.add_task("crawling", total=total, pages=0, turns=0)
            self.bar.start()

    def _day(self, fetch: Any, pages: int, turns: int, failures: list) -> None:
        self.pages += pages
        self.turns += turns
        if self.bar is not None:
            self.bar.update(
                self.task,
                advance=1,
                pages=self.pages,
                turns=self.turns,
                description=f"{fetch.house} {fetch.date}",
            )
            for failure in failures:
                self.bar.console.print(f"failed {failure.date} {failure.url}: {failure.reason}")
            return
        if failures:
            state = "FAILED"
        elif turns:
            state = f"{turns} turns"
        else:
            state = {"non-sitting": "did not sit"}.get(fetch.outcome, "no oral questions")
        click.echo(f"{fetch.house} {fetch.date}: {state}", err=True)
        for failure in failures:
            click.echo(f"  {failure.url}: {failure.reason}", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
