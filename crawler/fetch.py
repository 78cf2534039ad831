"""What a fetch is asked to do and what it brings back: shared by the runner and its sources.

:mod:`crawler.run` drives a crawl and :mod:`crawler.spider` (or the API source) fetches; both
speak these records, so neither needs the other's module (the spider is imported only when a
crawl runs, and imports nothing of the runner).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hansard.records import FetchedPage

SITE_URL = "https://hansard.parliament.uk"


@dataclass(frozen=True)
class CrawlOptions:
    """How hard to push: defaults are for the live site, tests shrink every number."""

    base_url: str = SITE_URL
    delay: float = 3.0
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 10.0
    """First retry waits this long (doubling each time), or longer if Retry-After says so."""
    max_backoff: float = 300.0


@dataclass
class DayFetch:
    """Everything one day's fetch brought back, from any source: the unit the archive is
    written in (see :func:`crawler.run.record_day`)."""

    house: str
    date: str
    outcome: str
    """"pages" (targets fetched), "no-oral-questions", "non-sitting" or "failed"."""
    day_page: FetchedPage | None = None
    pages: list[FetchedPage] = field(default_factory=list)
    """The target pages, in the order the day page lists them (only those fetched)."""
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(url, reason) for every page that could not be fetched after its retries."""
    rule: str = ""
