"""The Scrapy spider: fetch each day's page, then the pages holding its oral questions.

It only fetches. Each (house, date) ends in exactly one :class:`DayFetch` handed to ``on_day``,
whether it sat, did not sit or failed, so the caller can write the archive one whole day at a
time and a crash can never leave half a day behind. Politeness lives in :func:`crawl_settings`
and :class:`PoliteRetryMiddleware` (which honours Retry-After, unlike Scrapy's own).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import scrapy
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectError, DNSLookupError
from twisted.internet.error import TimeoutError as TwistedTimeoutError
from twisted.web.client import ResponseFailed

from crawler.dayindex import DayLink, day_path, read_day_page
from crawler.fetch import CrawlOptions, DayFetch
from hansard import PROJECT_URL, __version__
from hansard.records import FetchedPage

USER_AGENT = f"hansard-qa/{__version__} (+{PROJECT_URL})"
KEPT_HEADERS = ("Content-Type", "Content-Length", "Last-Modified", "ETag", "Date", "Age")
RETRY_CODES = (429, 500, 502, 503, 504, 522, 524)
CLOSING_HTML = re.compile(rb"</html\s*>", re.IGNORECASE)


@dataclass
class _DayState:
    """A day whose target pages are in flight: they may answer in any order, or fail."""

    fetch: DayFetch
    order: list[str]
    pages: dict[str, FetchedPage] = field(default_factory=dict)
    resolved: set[str] = field(default_factory=set)


def crawl_settings(options: CrawlOptions) -> dict[str, Any]:
    """Scrapy settings that keep the crawl polite: one request at a time, paced, identified."""
    throttled = options.delay > 0
    return {
        "BOT_NAME": "hansard-qa",
        "USER_AGENT": USER_AGENT,
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": 1,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_DELAY": options.delay,
        "AUTOTHROTTLE_ENABLED": throttled,
        "AUTOTHROTTLE_START_DELAY": options.delay,
        "AUTOTHROTTLE_MAX_DELAY": max(60.0, options.delay * 4),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_TIMEOUT": options.timeout,
        "DOWNLOAD_FAIL_ON_DATALOSS": True,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": options.retries,
        "RETRY_HTTP_CODES": list(RETRY_CODES),
        "RETRY_BACKOFF": options.backoff,
        "RETRY_MAX_BACKOFF": options.max_backoff,
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawler.spider.PoliteRetryMiddleware": 550,
        },
        # Only http(s) is ever fetched: not loading the s3/ftp/file handlers saves start-up.
        "DOWNLOAD_HANDLERS": {"data": None, "file": None, "s3": None, "ftp": None},
        "DOWNLOAD_MAXSIZE": 64 * 1024 * 1024,
        "COOKIES_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_ENABLED": False,
        "LOG_INSTALL_ROOT_HANDLER": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        # No listening ports and no periodic chatter from a command-line crawl.
        "REMOTE_CONTROL_ENABLED": False,
        "MEMUSAGE_ENABLED": False,
        "EXTENSIONS": {"scrapy.extensions.logstats.LogStats": None},
        **_no_jitter(),
    }


def _no_jitter() -> dict[str, Any]:
    """A randomised delay (Scrapy's default, ±50%) would dip below the promised minimum, so the
    delay is exact (AutoThrottle only ever lengthens it). The setting was renamed in 2.19."""
    from scrapy.settings import default_settings

    if hasattr(default_settings, "DOWNLOAD_DELAY_JITTER"):
        return {"DOWNLOAD_DELAY_JITTER": 0.0}
    return {"RANDOMIZE_DOWNLOAD_DELAY": False}


def retry_after_seconds(value: bytes | str | None, now: dt.datetime | None = None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date (RFC 9110 allows both)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - (now or dt.datetime.now(dt.timezone.utc))).total_seconds())


def backoff_seconds(attempt: int, asked: float | None, base: float, ceiling: float) -> float:
    """How long to wait before retry number ``attempt + 1``: doubling from ``base``, or what the
    server asked (Retry-After) if longer, never more than ``ceiling``."""
    return min(ceiling, max(asked or 0.0, base * 2**attempt))


class PoliteRetryMiddleware(RetryMiddleware):
    """Retry 429/5xx and network faults, waiting before each retry: exponential backoff, or the
    server's Retry-After when it asks for longer. With CONCURRENT_REQUESTS=1 the wait holds the
    only download slot, so nothing else is sent to the site while it asked us to back off."""

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.backoff = settings.getfloat("RETRY_BACKOFF", 10.0)
        self.max_backoff = settings.getfloat("RETRY_MAX_BACKOFF", 300.0)

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        asked = retry_after_seconds(response.headers.get("Retry-After"))
        if asked is not None and asked > self.max_backoff:
            # Asked to stay away longer than a crawl should wait: send nothing more (the spider
            # records the day and closes), rather than go on to the next day regardless.
            self.crawler.engine.pause()
            return response
        retry = self._retry(request, f"HTTP {response.status}")
        if retry is None:
            return response
        await self._wait(request, asked)
        return retry

    async def process_exception(self, request, exception, spider=None):
        if request.meta.get("dont_retry") or not isinstance(exception, self.exceptions_to_retry):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            await self._wait(request, None)
        return retry

    async def _wait(self, request, asked: float | None) -> None:
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor, task

        attempt = request.meta.get("retry_times", 0)
        seconds = backoff_seconds(attempt, asked, self.backoff, self.max_backoff)
        if seconds > 0:
            await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))


class HansardSpider(scrapy.Spider):
    """Crawls the given (house, date) pairs; reports each finished day to ``on_day``."""

    name = "hansard"

    def __init__(
        self,
        days: Iterable[tuple[str, str]],
        on_day: Callable[[DayFetch], None],
        base_url: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.days = list(days)
        self.on_day = on_day
        self.base_url = base_url.rstrip("/")
        self.pending: dict[tuple[str, str], _DayState] = {}
        self.fatal: BaseException | None = None
        self.stop_reason: str | None = None

    def start_requests(self) -> Iterator[scrapy.Request]:
        for house, date in self.days:
            yield scrapy.Request(
                self.base_url + day_path(house, date),
                callback=self.parse_day,
                errback=self.failed,
                dont_filter=True,
                meta={"house": house, "date": date, "handle_httpstatus_list": [404]},
            )

    async def start(self):
        for request in self.start_requests():
            yield request

    def parse_day(self, response: scrapy.http.Response) -> Iterator[scrapy.Request]:
        try:
            yield from self._read_day(response)
        except CloseSpider:
            raise
        except Exception as error:  # a bug on one day's page must not end the whole crawl
            house, date = response.meta["house"], response.meta["date"]
            reason = f"internal error reading the day page: {type(error).__name__}: {error}"
            self.pending.pop((house, date), None)
            self._finish(DayFetch(house, date, "failed", failures=[(response.url, reason)]))

    def _read_day(self, response: scrapy.http.Response) -> Iterator[scrapy.Request]:
        house, date = response.meta["house"], response.meta["date"]
        if response.status == 404 or date not in response.url:
            # 404, or a redirect to another day: the House did not sit that day.
            self._finish(DayFetch(house, date, "non-sitting"))
            return
        if not _complete(response):
            yield from self._retry_truncated(response)
            return
        page = _fetched(response)
        index = read_day_page(response.body, response.url, house, date)
        if index.rule == "unrecognised":
            reason = "not a Hansard sitting-day page (no debates listed, no 'did not sit')"
            self._finish(DayFetch(house, date, "failed", page, failures=[(response.url, reason)]))
            return
        if not index.sitting:
            self._finish(DayFetch(house, date, "non-sitting", page, rule=index.rule))
            return
        if not index.targets:
            self._finish(DayFetch(house, date, "no-oral-questions", page, rule=index.rule))
            return
        self.pending[(house, date)] = _DayState(
            DayFetch(house, date, "pages", page, rule=index.rule),
            order=[link.url for link in index.targets],
        )
        for link in index.targets:
            yield self._target_request(house, date, link)

    def _target_request(self, house: str, date: str, link: DayLink) -> scrapy.Request:
        return scrapy.Request(
            link.url,
            callback=self.parse_target,
            errback=self.failed,
            dont_filter=True,
            meta={"house": house, "date": date, "target": link.url},
        )

    def parse_target(self, response: scrapy.http.Response) -> Iterator[scrapy.Request]:
        if not _complete(response):
            yield from self._retry_truncated(response)
            return
        house, date = response.meta["house"], response.meta["date"]
        target = response.meta["target"]
        self.pending[(house, date)].pages[target] = _fetched(response)
        self._resolve(house, date, target)

    def failed(self, failure) -> None:
        request = failure.request
        house, date = request.meta["house"], request.meta["date"]
        reason = describe_failure(failure, request)
        target = request.meta.get("target")
        if target is None:
            self._finish(DayFetch(house, date, "failed", failures=[(request.url, reason)]))
        else:
            self.pending[(house, date)].fetch.failures.append((request.url, reason))
            self._resolve(house, date, target)
        asked = _asked_to_wait(failure)
        if asked is not None and asked > self.settings.getfloat("RETRY_MAX_BACKOFF", 300.0):
            # The site said "not for a while": going on to the next day would ignore it.
            self.stop_reason = (
                f"the site asked us to wait {asked:g} s (Retry-After); "
                "run the same crawl later to resume"
            )
            raise CloseSpider("rate-limited")

    def _retry_truncated(self, response: scrapy.http.Response) -> Iterator[scrapy.Request]:
        """A body with no end (connection closed early, no length promised): fetch it again."""
        retry = get_retry_request(response.request, spider=self, reason="truncated body")
        if retry is not None:
            yield retry
            return
        house, date = response.meta["house"], response.meta["date"]
        reason = f"truncated body ({len(response.body)} bytes, no closing </html>)"
        if "target" not in response.meta:
            self._finish(DayFetch(house, date, "failed", failures=[(response.url, reason)]))
            return
        self.pending[(house, date)].fetch.failures.append((response.url, reason))
        self._resolve(house, date, response.meta["target"])

    def _resolve(self, house: str, date: str, target: str) -> None:
        state = self.pending[(house, date)]
        state.resolved.add(target)
        if not state.resolved.issuperset(state.order):
            return
        del self.pending[(house, date)]
        fetch = state.fetch
        fetch.pages = [state.pages[url] for url in state.order if url in state.pages]
        if fetch.failures:
            fetch.outcome = "failed"
        self._finish(fetch)

    def _finish(self, fetch: DayFetch) -> None:
        if self.fatal is not None:
            return  # the archive could not be written: write nothing more while closing
        try:
            self.on_day(fetch)
        except Exception as error:  # the archive cannot be written: stop, do not go on blind
            self.fatal = error
            logging.getLogger(__name__).exception("writing %s %s", fetch.house, fetch.date)
            raise CloseSpider("archive-error") from error


def _asked_to_wait(failure) -> float | None:
    error = failure.value
    if isinstance(error, HttpError):
        return retry_after_seconds(error.response.headers.get("Retry-After"))
    return None


def describe_failure(failure, request) -> str:
    """One line a user can act on, for the summary."""
    error = failure.value
    if isinstance(error, HttpError):
        reason = f"HTTP {error.response.status} after {request.meta.get('retry_times', 0)} retries"
        asked = error.response.headers.get("Retry-After")
        if asked:
            reason += f" (the site asked to wait: Retry-After {asked.decode('latin-1')})"
        return reason
    if isinstance(error, IgnoreRequest) and "robots" in str(error).lower():
        return "forbidden by robots.txt"
    if isinstance(error, IgnoreRequest):
        return f"request dropped: {error}"
    if isinstance(error, TwistedTimeoutError) or "timeout" in type(error).__name__.lower():
        timeout = request.meta.get("download_timeout")
        return f"timed out after {timeout:g} s (retried {request.meta.get('retry_times', 0)}x)"
    name = type(error).__name__
    if isinstance(error, ResponseFailed) or "DataLoss" in name:
        return "connection dropped mid-response (truncated body)"
    if isinstance(error, ConnectError | DNSLookupError):
        return f"could not connect: {error}"
    return f"{name}: {error}".strip(": ")


def _complete(response: scrapy.http.Response) -> bool:
    """Whether an HTML body arrived whole: every Hansard page ends by closing its html element."""
    return CLOSING_HTML.search(response.body[-65536:]) is not None


def _fetched(response: scrapy.http.Response) -> FetchedPage:
    headers = {}
    for name in KEPT_HEADERS:
        value = response.headers.get(name)
        if value is not None:
            headers[name] = value.decode("latin-1")
    return FetchedPage(
        url=response.url,
        status=response.status,
        fetched_at=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        body=response.body,
        headers=headers,
    )
