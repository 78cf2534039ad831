"""Run a crawl for a date range and write what it brings back into the archive, one day at a time.

A day is the unit of work and of writing. Its raw pages are stored first, then its turns (replaced
whole), then its day record: the record is the "done" mark, so a crawl killed at any moment leaves
every finished day complete and the unfinished one simply crawled again next time. A day whose
pages failed to fetch or parse keeps its previous turns (never replaced by a partial set), keeps
the raw pages that did arrive, and is reported.

The spider only fetches; :func:`record_day` decides what a fetched day means. A second source
(the Hansard API) plugs in by producing the same :class:`DayFetch`
and calling :func:`record_day` with its own ``parse``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.fetch import SITE_URL, CrawlOptions, DayFetch
from hansard.archive import Archive, DamagedFile, DayRecord
from hansard.datadir import archive_dir
from hansard.errors import HansardError, ParseError, UsageError
from hansard.records import FetchedPage, Turn

HOUSE_CHOICES = {"commons": ("Commons",), "lords": ("Lords",), "both": ("Commons", "Lords")}
RECHECK_DAYS = 14
"""A day found empty (404, no oral questions) is asked again until it is this old when
crawled: Hansard publishes a sitting a day or so late, so yesterday's 404 is not final."""

REPARSABLE = ("sitting", "no-oral-questions", "unparsed")
"""Day records whose pages all arrived: their stored pages are the whole day."""

Parse = Callable[[bytes, str], list[Turn]]
Progress = Callable[..., None]


@dataclass
class Failure:
    house: str
    date: str
    url: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"house": self.house, "date": self.date, "url": self.url, "reason": self.reason}


@dataclass
class CrawlSummary:
    """What a run did; printed at the end and as ``--json``."""

    dates: int = 0
    """(house, date) pairs crawled this run (not counting skipped ones)."""
    pages: int = 0
    turns: int = 0
    sitting: int = 0
    non_sitting: int = 0
    no_oral_questions: int = 0
    skipped: int = 0
    failed: list[Failure] = field(default_factory=list)
    interrupted: bool = False
    stopped: str | None = None
    """Why the crawl stopped early on the site's word (a long Retry-After), else None."""
    changed_days: list[tuple[str, str]] = field(default_factory=list)
    index_updated: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted and not self.stopped

    def to_dict(self) -> dict[str, Any]:
        return {
            "dates": self.dates,
            "pages": self.pages,
            "turns": self.turns,
            "sitting": self.sitting,
            "non_sitting": self.non_sitting,
            "no_oral_questions": self.no_oral_questions,
            "skipped": self.skipped,
            "failed": [failure.to_dict() for failure in self.failed],
            "interrupted": self.interrupted,
            "stopped": self.stopped,
            "index_updated": self.index_updated,
        }


def permalink_base(fetched_url: str) -> str:
    """The page's address on the real site, whatever host it was fetched from.

    A mirror or a local server (``--base-url``) only stands in for hansard.parliament.uk; the
    permalinks that quotes and exports print must work for their readers.
    """
    parts = urlsplit(fetched_url)
    return SITE_URL + parts.path + (f"?{parts.query}" if parts.query else "")


def web_parse() -> Parse:
    """The web page parser, imported only when a page has to be read."""
    try:
        from crawler.page import parse_page
    except ImportError as error:
        raise HansardError(f"the page parser is not available ({error})") from error
    return lambda body, url: parse_page(body, permalink_base(url))


def stored_page_parse() -> Parse:
    """For pages already in the archive: web pages go to the page parser, API answers (stored
    by ``--source api``) to the API reader, chosen by each page's URL."""
    web = web_parse()
    try:
        from crawler.api_source import api_page_turns, is_api_url
    except ImportError:
        return web
    return lambda body, url: api_page_turns(body, url) if is_api_url(url) else web(body, url)


def with_member_names(parse: Parse, data_dir: Path, online: bool) -> Parse:
    """Fill what a page leaves out (the person behind "Mr Speaker" or an office-only line; party
    and seat on the sitting date) from the Members API cache, and from the API itself when online.

    Online only against the real site: a mirror or a local stand-in means no live network is
    wanted, and ``reparse`` must give the same turns without one. Never blocks the crawl: an
    unreachable API leaves the fields as printed.
    """
    from hansard.members import MemberResolver, enrich_turns

    resolver = MemberResolver.for_data_dir(data_dir, offline=not online)
    return lambda body, url: enrich_turns(parse(body, url), resolver)


def date_range(date_from: str, date_to: str) -> list[str]:
    start, end = dt.date.fromisoformat(date_from), dt.date.fromisoformat(date_to)
    if end < start:
        raise UsageError(f"--to {date_to} is before --from {date_from}; swap them")
    return [(start + dt.timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def is_done(record: DayRecord | None) -> bool:
    """Whether a day needs no crawling (without --refresh)."""
    if record is None or record.status in ("failed", "unparsed"):
        return False
    if record.status == "sitting":
        return True
    crawled = dt.date.fromisoformat(record.crawled_at[:10])
    return (crawled - dt.date.fromisoformat(record.date)).days >= RECHECK_DAYS


def plan_days(
    archive: Archive, houses: Sequence[str], dates: Sequence[str], refresh: bool
) -> tuple[list[tuple[str, str]], int]:
    """(house, date) pairs to crawl, in date order, and how many were skipped as done."""
    todo, skipped = [], 0
    for date in dates:
        for house in houses:
            if not refresh and is_done(archive.read_day_record(house, date)):
                skipped += 1
            else:
                todo.append((house, date))
    return todo, skipped


def parse_pages(
    pages: Iterable[FetchedPage], parse: Parse
) -> tuple[list[Turn], list[tuple[str, str]]]:
    """Turns of a day from its pages, each contribution once, plus (url, reason) per failure.

    A contribution printed on two pages (a section page and a question page under it carry the
    same contribution ids) becomes one turn: the first page's, so order follows the day page.
    """
    turns: dict[str, Turn] = {}
    failures = []
    for page in pages:
        try:
            found = parse(page.body, page.url)
        except ParseError as error:
            failures.append((page.url, f"could not parse: {error}"))
            continue
        except Exception as error:  # a parser bug must not end a twenty-year crawl: report it
            failures.append((page.url, f"parser error ({type(error).__name__}: {error})"))
            continue
        for turn in found:
            turns.setdefault(turn.id, turn)
    return list(turns.values()), failures


def record_day(
    archive: Archive, fetch: DayFetch, parse: Parse, summary: CrawlSummary, now: str | None = None
) -> None:
    """Write one fetched day into the archive (pages, then turns, then its record)."""
    now = now or _utc_now()
    house, date = fetch.house, fetch.date
    summary.dates += 1
    stored = [fetch.day_page] if fetch.day_page else []
    stored += fetch.pages
    for page in stored:
        archive.write_page(house, date, page)
    summary.pages += len(stored)
    failures = list(fetch.failures)
    turns: list[Turn] = []
    if fetch.outcome == "pages":
        turns, parse_failures = parse_pages(fetch.pages, parse)
        failures += parse_failures
    day_page = fetch.day_page.url if fetch.day_page else None
    page_urls = tuple(page.url for page in fetch.pages)
    if failures:
        summary.failed += [Failure(house, date, url, reason) for url, reason in failures]
        error = "; ".join(f"{url}: {reason}" for url, reason in failures)
        # "unparsed": every page arrived, so `reparse` can finish the day once the parser can.
        status = "failed" if fetch.failures or fetch.outcome != "pages" else "unparsed"
        archive.write_day_record(DayRecord(house, date, status, now, page_urls, 0, error, day_page))
        return
    if fetch.outcome == "non-sitting":
        summary.non_sitting += 1
        status = "non-sitting"
    elif not turns:
        summary.no_oral_questions += 1
        status = "no-oral-questions"
    else:
        summary.sitting += 1
        summary.turns += len(turns)
        status = "sitting"
        archive.write_turns(house, date, turns)
        summary.changed_days.append((house, date))
    archive.prune_pages(house, date, [*page_urls, *([day_page] if day_page else [])])
    archive.write_day_record(
        DayRecord(house, date, status, now, page_urls, len(turns), None, day_page)
    )


_crawled_in_this_process = False


def run_crawl(
    data_dir: Path,
    date_from: str,
    date_to: str,
    house: str = "commons",
    options: CrawlOptions | None = None,
    refresh: bool = False,
    progress: Progress | None = None,
    parse: Parse | None = None,
) -> CrawlSummary:
    """Crawl a date range into the archive under ``data_dir``; then refresh the index if any.

    Scrapy's reactor can start once per process, so this runs once per process (the CLI).
    """
    global _crawled_in_this_process
    options = options or CrawlOptions()
    archive = Archive(archive_dir(data_dir))
    summary = CrawlSummary()
    report = progress or (lambda event, **data: None)
    dates = date_range(date_from, date_to)
    with archive.lock():
        archive.remove_temp_files()
        todo, summary.skipped = plan_days(archive, HOUSE_CHOICES[house], dates, refresh)
        report("start", total=len(todo), skipped=summary.skipped)
        if todo:
            if _crawled_in_this_process:
                raise HansardError("a crawl already ran in this process; start a new one")
            _crawled_in_this_process = True
            online = options.base_url.rstrip("/") == SITE_URL
            chosen_parse = with_member_names(parse or web_parse(), data_dir, online)
            unreported = set(todo)

            def on_day(fetch: DayFetch) -> None:
                unreported.discard((fetch.house, fetch.date))
                before = (summary.pages, summary.turns, len(summary.failed))
                record_day(archive, fetch, chosen_parse, summary)
                report(
                    "day",
                    fetch=fetch,
                    pages=summary.pages - before[0],
                    turns=summary.turns - before[1],
                    failures=summary.failed[before[2] :],
                )

            _run_spider(todo, on_day, options, summary)
            if not (summary.interrupted or summary.stopped):
                # Every day must end in a result; one that did not hit a bug: say so, loudly.
                for house_name, date in sorted(unreported, key=lambda day: (day[1], day[0])):
                    url = options.base_url + f"/{house_name}/{date}"
                    reason = "the crawl ended with no result for this day (an internal error)"
                    summary.failed.append(Failure(house_name, date, url, reason))
    summary.index_updated = update_index(data_dir, summary.changed_days)
    return summary


def _run_spider(
    days: list[tuple[str, str]],
    on_day: Callable[[DayFetch], None],
    options: CrawlOptions,
    summary: CrawlSummary,
) -> None:
    from scrapy.crawler import CrawlerProcess

    from crawler.spider import HansardSpider, crawl_settings

    process = CrawlerProcess(crawl_settings(options))
    crawler = process.create_crawler(HansardSpider)
    process.crawl(crawler, days=days, on_day=on_day, base_url=options.base_url)
    process.start()
    spider = crawler.spider
    if spider is not None and spider.fatal is not None:
        raise HansardError(f"could not write the archive: {spider.fatal}") from spider.fatal
    reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
    if reason == "rate-limited" and spider is not None:
        summary.stopped = spider.stop_reason
    else:  # "shutdown" after Ctrl-C, or None when a second Ctrl-C forced the stop
        summary.interrupted = reason != "finished"


def update_index(data_dir: Path, days: list[tuple[str, str]]) -> bool:
    """Bring an existing index up to date with the days just written; no index, nothing to do."""
    if not days:
        return False
    try:
        from index.build import update_days
        from index.manifest import index_exists
    except ModuleNotFoundError as error:  # no index layer in this install: nothing to update
        if error.name in ("index", "index.build"):
            return False
        raise
    if not index_exists(data_dir):
        return False
    update_days(data_dir, days)
    return True


@dataclass
class ReparseSummary:
    days: int = 0
    turns: int = 0
    failed: list[Failure] = field(default_factory=list)
    changed_days: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dates": self.days,
            "turns": self.turns,
            "failed": [failure.to_dict() for failure in self.failed],
        }


def reparse(
    data_dir: Path,
    date_from: str | None = None,
    date_to: str | None = None,
    house: str = "both",
    parse: Parse | None = None,
) -> ReparseSummary:
    """Rebuild turns from the stored raw pages (no network), for when the parser improves.

    Only the pages the day's last crawl used are read. A day whose pages no longer parse keeps
    its turns and is reported, exactly as in a crawl.
    """
    archive = Archive(archive_dir(data_dir))
    parse = with_member_names(parse or stored_page_parse(), data_dir, online=False)
    summary = ReparseSummary()
    houses = HOUSE_CHOICES[house]
    with archive.lock():
        archive.remove_temp_files()
        for record in archive.day_records():
            if record.house not in houses or record.status not in REPARSABLE:
                continue
            if (date_from and record.date < date_from) or (date_to and record.date > date_to):
                continue
            pages, damaged = [], []
            for url in record.pages:
                try:
                    pages.append(archive.read_page(record.house, record.date, url))
                except DamagedFile as error:
                    pages.append(None)
                    damaged.append((url, str(error)))
            gone = {url for url, _reason in damaged}
            missing = [
                url
                for url, page in zip(record.pages, pages, strict=True)
                if page is None and url not in gone
            ]
            turns, failures = parse_pages([p for p in pages if p is not None], parse)
            failures += [(url, "raw page missing from the archive") for url in missing]
            failures += damaged
            summary.days += 1
            if failures:
                summary.failed += [
                    Failure(record.house, record.date, url, reason) for url, reason in failures
                ]
                continue
            if turns:
                archive.write_turns(record.house, record.date, turns)
                summary.changed_days.append((record.house, record.date))
            summary.turns += len(turns)
            status = "sitting" if turns else "no-oral-questions"
            archive.write_day_record(
                DayRecord(
                    record.house,
                    record.date,
                    status,
                    record.crawled_at,
                    record.pages,
                    len(turns),
                    None,
                    record.day_page,
                )
            )
    update_index(data_dir, summary.changed_days)
    return summary


def _utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
