"""Crawl days through the Hansard API: ``hansard crawl --source api`` and the ``auto`` fallback.

The API needs no browser-like crawler, so this path does not use Scrapy: a small fetcher that is
polite in the same ways as the spider (robots.txt, one request at a time, a delay between
requests, an honest User-Agent, bounded retries honouring Retry-After). Each day is written
through the crawler's own :func:`crawler.run.record_day`, so API days are archived (raw JSON,
turns, day record), resumed, reparsed and indexed exactly like web days.

``auto`` crawls the web first; a day the site blocked (HTTP 403, or a bot-check page where
Hansard should be) is then fetched from the API instead.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from crawler.api_source import API_URL, WEB_URL, api_page_turns, crawl_day_api, sectiontrees_url
from crawler.run import DayFetch
from hansard import PROJECT_URL, __version__
from hansard.archive import Archive
from hansard.datadir import archive_dir
from hansard.errors import HansardError
from hansard.records import FetchedPage

USER_AGENT = f"hansard-qa/{__version__} (+{PROJECT_URL})"
RETRY_CODES = (429, 500, 502, 503, 504)
KEPT_HEADERS = ("Content-Type", "Content-Length", "Last-Modified", "ETag", "Date")
BLOCKED_REASONS = ("HTTP 403", "not a Hansard", "could not parse: not a Hansard")
"""Failure reasons (from the web crawl's summary) that mean the site refused us, not that the
day is broken: 403, or a challenge page served where a Hansard page should be."""


class PoliteFetcher:
    """``fetch(url) -> FetchedPage`` for the API: robots.txt, pacing, identity, retries."""

    def __init__(
        self,
        delay: float = 3.0,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 10.0,
        max_backoff: float = 300.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.delay, self.timeout, self.retries = delay, timeout, retries
        self.backoff, self.max_backoff = backoff, max_backoff
        self.sleep = sleep
        self.requests = 0
        self._last = float("-inf")
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def __call__(self, url: str) -> FetchedPage:
        if not self._allowed(url):
            raise HansardError(f"{url} is forbidden by the API's robots.txt")
        for attempt in range(self.retries + 1):
            page, retry_after, error = self._get(url)
            if page is not None and page.status not in RETRY_CODES:
                return page
            if attempt == self.retries:
                break
            wait = max(retry_after or 0.0, self.backoff * 2**attempt)
            self.sleep(min(self.max_backoff, wait))
        if page is None:
            raise HansardError(f"could not fetch {url} ({error}; retried {self.retries}x)")
        return page

    def _get(self, url: str) -> tuple[FetchedPage | None, float | None, str | None]:
        """One request: (page, Retry-After seconds, None), or (None, None, why) on a fault."""
        self._pace()
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        fetched_at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, body, headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, body, headers = error.code, error.read(), error.headers
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            reason = getattr(error, "reason", None) or error
            return None, None, f"{type(error).__name__}: {reason}"
        kept = {name: headers[name] for name in KEPT_HEADERS if headers.get(name)}
        page = FetchedPage(url=url, status=status, fetched_at=fetched_at, body=body, headers=kept)
        return page, _retry_after(headers.get("Retry-After")), None

    def _pace(self) -> None:
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self._last = time.monotonic()
        self.requests += 1

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin)
        robots = self._robots[origin]
        return robots is None or robots.can_fetch(USER_AGENT, url)

    def _read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """None (allow all) when there is no robots.txt; the API answers HTML for unknown paths,
        which holds no rules and so allows all too."""
        page, _, _ = self._get(f"{origin}/robots.txt")
        if page is None or page.status != 200:
            return None
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(page.body.decode("utf-8", errors="replace").splitlines())
        return parser


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def run_api_crawl(
    data_dir: Path,
    days: Sequence[tuple[str, str]],
    fetch: Callable[[str], FetchedPage],
    api_url: str = API_URL,
    web_url: str = WEB_URL,
    summary=None,
    progress=None,
):
    """Crawl (house, date) pairs through the API into the archive; returns the CrawlSummary.

    Days are written one at a time by :func:`crawler.run.record_day`, after the archive's
    writer lock is taken; a day that fails (HTML answer, HTTP error, bad JSON) keeps its
    previous turns and is reported, and the run goes on to the next day.
    """
    from crawler.run import CrawlSummary, record_day

    summary = summary if summary is not None else CrawlSummary()
    report = progress or (lambda event, **data: None)
    archive = Archive(archive_dir(data_dir))

    def parse(body: bytes, url: str):
        return api_page_turns(body, url, web_url=web_url)

    with archive.lock():
        archive.remove_temp_files()
        for house, date in days:
            day = fetch_day(api_url, house, date, fetch, web_url)
            before = (summary.pages, summary.turns, len(summary.failed))
            record_day(archive, day, parse, summary)
            report(
                "day",
                fetch=day,
                pages=summary.pages - before[0],
                turns=summary.turns - before[1],
                failures=summary.failed[before[2] :],
            )
    return summary


def run_api_range(
    data_dir: Path,
    date_from: str,
    date_to: str,
    house: str,
    fetch: Callable[[str], FetchedPage],
    api_url: str = API_URL,
    web_url: str = WEB_URL,
    refresh: bool = False,
    progress=None,
):
    """``hansard crawl --source api``: plan like the web crawl (archived days are skipped unless
    ``refresh``), crawl each day through the API, then bring an existing index up to date."""
    from crawler.run import HOUSE_CHOICES, CrawlSummary, date_range, plan_days, update_index

    report = progress or (lambda event, **data: None)
    summary = CrawlSummary()
    archive = Archive(archive_dir(data_dir))
    with archive.lock():
        todo, summary.skipped = plan_days(
            archive, HOUSE_CHOICES[house], date_range(date_from, date_to), refresh
        )
    report("start", total=len(todo), skipped=summary.skipped)
    run_api_crawl(data_dir, todo, fetch, api_url, web_url, summary=summary, progress=report)
    summary.index_updated = update_index(data_dir, summary.changed_days)
    return summary


def fetch_day(
    api_url: str,
    house: str,
    date: str,
    fetch: Callable[[str], FetchedPage],
    web_url: str = WEB_URL,
) -> DayFetch:
    """One day through the API: "pages", "no-oral-questions", "non-sitting" or "failed"."""
    try:
        pages, turns = crawl_day_api(api_url, house, date, fetch, web_url=web_url)
    except HansardError as error:
        url = sectiontrees_url(api_url, house, date)
        return DayFetch(house, date, "failed", failures=[(url, str(error))], rule="api")
    trees, debates = pages[0], pages[1:]
    if not debates and trees.body.strip() in (b"[]", b"null", b""):
        return DayFetch(house, date, "non-sitting", trees, rule="api")
    if not turns:
        return DayFetch(house, date, "no-oral-questions", trees, rule="api")
    return DayFetch(house, date, "pages", trees, debates, rule="api")


def blocked_days(summary) -> list[tuple[str, str]]:
    """Days of a web crawl that failed because the site blocked us, in crawl order."""
    days: dict[tuple[str, str], None] = {}
    for failure in summary.failed:
        if any(reason in failure.reason for reason in BLOCKED_REASONS):
            days[(failure.house, failure.date)] = None
    return list(days)


def fall_back_to_api(
    data_dir: Path,
    summary,
    fetch: Callable[[str], FetchedPage],
    api_url: str = API_URL,
    web_url: str = WEB_URL,
    progress=None,
):
    """``--source auto``: crawl the web crawl's blocked days again through the API.

    The blocked days' web failures are dropped from the summary (their day is retried, not
    lost); whatever the API run brings, success or its own failure, is added in their place.
    """
    from crawler.run import update_index

    days = blocked_days(summary)
    if not days or summary.interrupted:
        return summary
    blocked = set(days)
    summary.failed = [f for f in summary.failed if (f.house, f.date) not in blocked]
    summary.dates -= len(days)
    already = len(summary.changed_days)
    run_api_crawl(data_dir, days, fetch, api_url, web_url, summary=summary, progress=progress)
    if update_index(data_dir, summary.changed_days[already:]):
        summary.index_updated = True
    return summary


def crawl_by_source(
    source: str,
    api_url: str,
    data_dir: Path,
    date_from: str,
    date_to: str,
    house: str,
    options,
    refresh: bool = False,
    progress=None,
):
    """``hansard crawl --source api|auto``: the one call the crawl command makes for them.

    ``options`` is the web crawl's ``CrawlOptions``: the API is paced, timed out and retried
    with the same numbers. Turns link to hansard.parliament.uk whatever ``--base-url`` says,
    as web turns do (a mirror only stands in for the site; permalinks must work for readers).
    """
    from hansard.errors import UsageError

    if not api_url.startswith(("http://", "https://")):
        raise UsageError(f"--api-url {api_url!r} must start with http:// or https://")
    api_url = api_url.rstrip("/")
    fetch = PoliteFetcher(options.delay, options.timeout, options.retries, options.backoff)
    if source == "api":
        return run_api_range(
            data_dir, date_from, date_to, house, fetch, api_url, WEB_URL, refresh, progress
        )
    if source != "auto":
        raise UsageError(f"--source {source!r} is not one of web, api, auto")
    from crawler.run import run_crawl

    summary = run_crawl(
        data_dir, date_from, date_to, house, options, refresh=refresh, progress=progress
    )
    return fall_back_to_api(data_dir, summary, fetch, api_url, WEB_URL, progress)
