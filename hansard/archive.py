"""The archive: raw pages as fetched plus turns as JSON Lines, the source of truth.

Layout under ``<data-dir>/archive``::

    turns/<House>/<YYYY>/<YYYY-MM-DD>.jsonl     the day's turns, in sitting order
    pages/<House>/<YYYY-MM-DD>/<key>.html.gz    each page exactly as fetched (gzip)
    pages/<House>/<YYYY-MM-DD>/<key>.json       its URL, status, fetch time, headers
    days/<House>/<YYYY-MM-DD>.json              what the last crawl of that day found, and when
    .lock                                       held by the one crawl/reparse writing
    CHANGED                                     touched after every write (the index compares)

Every file is written atomically, and a day's turns are replaced whole, so crawling a day twice
never duplicates a turn and a killed crawl leaves every file either old or new.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import logging
import re
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from hansard import atomic, controls
from hansard.errors import HansardError
from hansard.records import HOUSES, FetchedPage, Turn

log = logging.getLogger("hansard.archive")


class DamagedFile(HansardError):
    """An archive file that cannot be read back: the message names it (and the line) and how to
    repair it. Readers of many days skip the day with a warning; a partial answer is useful."""


_DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.jsonl")

DayStatus = str
""""sitting" (turns archived), "non-sitting", "no-oral-questions", "failed" (a page could not
be fetched) or "unparsed" (every page arrived, one would not parse: ``reparse`` can finish it)."""


@dataclass(frozen=True, slots=True)
class DayRecord:
    house: str
    date: str
    status: DayStatus
    crawled_at: str
    pages: tuple[str, ...] = ()
    turns: int = 0
    error: str | None = None
    day_page: str | None = None
    """The sitting-day page's URL; ``pages`` are the pages the turns were parsed from."""

    def to_dict(self) -> dict:
        return {
            "house": self.house,
            "date": self.date,
            "status": self.status,
            "crawled_at": self.crawled_at,
            "pages": list(self.pages),
            "turns": self.turns,
            "error": self.error,
            "day_page": self.day_page,
        }


def page_key(url: str) -> str:
    """A stable file name for a URL: readable slug plus a short hash, so two URLs never collide."""
    slug = url.rstrip("/").rsplit("/", 1)[-1][:60] or "page"
    slug = "".join(c if c.isalnum() or c in "-_" else "_" for c in slug)
    return f"{slug}-{hashlib.sha1(url.encode()).hexdigest()[:10]}"


class Archive:
    def __init__(self, root: Path) -> None:
        self.root = root

    # -- turns ---------------------------------------------------------------------------------

    def turns_path(self, house: str, date: str) -> Path:
        return self.root / "turns" / house / date[:4] / f"{date}.jsonl"

    def write_turns(self, house: str, date: str, turns: Sequence[Turn]) -> None:
        """Replace the day's turns whole (never append), so a re-crawl cannot duplicate.

        Control characters are removed here from every source's text (pages, the API, ParlParse
        imports), and counted in a warning: no archived turn can drive a terminal."""
        removed = 0
        with atomic.atomic_open(self.turns_path(house, date)) as handle:
            for turn in turns:
                turn, count = controls.strip_record(turn)
                removed += count
                handle.write(turn.to_json() + "\n")
        if removed:
            log.warning(
                "%s %s: removed %d control character(s) from the turns", house, date, removed
            )
        self._touch_changed()

    def read_turns(self, house: str, date: str) -> list[Turn]:
        """The day's turns; a line that is not a turn record raises :class:`DamagedFile`."""
        path = self.turns_path(house, date)
        if not path.exists():
            return []
        turns = []
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    turns.append(Turn.from_json(line))
                except (ValueError, TypeError, KeyError, AttributeError) as error:
                    raise DamagedFile(
                        f"{path} line {number} is not a turn record ({type(error).__name__}); "
                        f"rebuild the day with `hansard reparse --house {house.lower()} "
                        f"--from {date} --to {date}` (or import it again)"
                    ) from None
        return turns

    def read_turns_or_skip(self, house: str, date: str) -> list[Turn] | None:
        """The day's turns, or None (and a warning) when its file is damaged: for commands
        over many days, where the other days are still a useful answer."""
        try:
            return self.read_turns(house, date)
        except DamagedFile as error:
            log.warning("skipped %s %s: %s", house, date, error)
            return None

    def days(
        self, house: str | None = None, date_from: str | None = None, date_to: str | None = None
    ) -> list[tuple[str, str]]:
        """(house, date) pairs that have turns, ordered by date then house."""
        found = []
        for h in HOUSES if house is None else (house,):
            base = self.root / "turns" / h
            if not base.is_dir():
                continue
            for path in base.glob("*/*.jsonl"):
                day = path.stem
                if not _DAY_FILE.fullmatch(path.name) or path.parent.name != day[:4]:
                    continue  # a stray copy ("2015-11-26.bak.jsonl") is not a sitting
                if (date_from and day < date_from) or (date_to and day > date_to):
                    continue
                found.append((day, h))
        return [(h, d) for d, h in sorted(found)]

    def iter_turns(
        self, house: str | None = None, date_from: str | None = None, date_to: str | None = None
    ) -> Iterator[Turn]:
        """Every archived turn, ordered by date and position in the sitting."""
        for h, day in self.days(house, date_from, date_to):
            yield from self.read_turns_or_skip(h, day) or ()

    # -- raw pages -----------------------------------------------------------------------------

    def page_dir(self, house: str, date: str) -> Path:
        return self.root / "pages" / house / date

    def write_page(self, house: str, date: str, page: FetchedPage) -> Path:
        """Keep the page exactly as fetched; returns the path of the compressed body."""
        directory = self.page_dir(house, date)
        key = page_key(page.url)
        body_path = directory / f"{key}.html.gz"
        atomic.write_bytes(body_path, gzip.compress(page.body, compresslevel=6, mtime=0))
        meta = {
            "url": page.url,
            "status": page.status,
            "fetched_at": page.fetched_at,
            "headers": page.headers,
            "sha256": hashlib.sha256(page.body).hexdigest(),
            "body": body_path.name,
        }
        atomic.write_text(directory / f"{key}.json", json.dumps(meta, indent=1) + "\n")
        return body_path

    def iter_pages(self, house: str, date: str) -> Iterator[FetchedPage]:
        directory = self.page_dir(house, date)
        if not directory.is_dir():
            return
        for meta_path in sorted(directory.glob("*.json")):
            yield self._load_page(meta_path)

    @staticmethod
    def _load_page(meta_path: Path) -> FetchedPage:
        body_path = meta_path
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body_path = meta_path.parent / meta["body"]
            body = gzip.decompress(body_path.read_bytes())
            return FetchedPage(
                url=meta["url"],
                status=meta["status"],
                fetched_at=meta["fetched_at"],
                body=body,
                headers=meta.get("headers", {}),
            )
        except (OSError, EOFError, ValueError, TypeError, KeyError, zlib.error) as error:
            date, house = meta_path.parent.name, meta_path.parent.parent.name
            raise DamagedFile(
                f"the stored page {body_path} cannot be read ({type(error).__name__}); fetch "
                f"it again with `hansard crawl --house {house.lower()} --from {date} --to {date} "
                "--refresh`"
            ) from None

    def read_page(self, house: str, date: str, url: str) -> FetchedPage | None:
        """The stored copy of one URL, or None when it was never kept."""
        meta_path = self.page_dir(house, date) / f"{page_key(url)}.json"
        if not meta_path.exists():
            return None
        return self._load_page(meta_path)

    def prune_pages(self, house: str, date: str, keep_urls: Iterable[str]) -> None:
        """Drop stored pages of a day that its latest crawl no longer uses (a renamed section),
        so ``reparse`` cannot resurrect turns from a page the site has replaced."""
        keep = {page_key(url) for url in keep_urls}
        directory = self.page_dir(house, date)
        if not directory.is_dir():
            return
        for meta_path in directory.glob("*.json"):
            if meta_path.stem not in keep:
                (directory / f"{meta_path.stem}.html.gz").unlink(missing_ok=True)
                meta_path.unlink(missing_ok=True)

    def page_days(self, house: str | None = None) -> list[tuple[str, str]]:
        found = []
        for h in HOUSES if house is None else (house,):
            base = self.root / "pages" / h
            if base.is_dir():
                found.extend((p.name, h) for p in base.iterdir() if p.is_dir())
        return [(h, d) for d, h in sorted(found)]

    # -- what was crawled when -----------------------------------------------------------------

    def day_record_path(self, house: str, date: str) -> Path:
        return self.root / "days" / house / f"{date}.json"

    def write_day_record(self, record: DayRecord) -> None:
        path = self.day_record_path(record.house, record.date)
        atomic.write_text(path, json.dumps(record.to_dict(), indent=1) + "\n")

    def read_day_record(self, house: str, date: str) -> DayRecord | None:
        """What the last crawl of the day found; None when never crawled, and None with a
        warning when the record is damaged (the day then counts as not done: crawled again)."""
        path = self.day_record_path(house, date)
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8", errors="replace"))
            data["pages"] = tuple(data.get("pages", ()))
            return DayRecord(**data)
        except (ValueError, TypeError, AttributeError) as error:
            log.warning(
                "%s is not a day record (%s); the day counts as not crawled: "
                "`hansard crawl --from %s --to %s` fetches it again",
                path, type(error).__name__, date, date,
            )  # fmt: skip
            return None

    def day_records(self) -> Iterable[DayRecord]:
        for h in HOUSES:
            base = self.root / "days" / h
            if base.is_dir():
                for path in sorted(base.glob("*.json")):
                    record = self.read_day_record(h, path.stem)
                    if record:
                        yield record

    # -- housekeeping --------------------------------------------------------------------------

    def remove_temp_files(self) -> int:
        """Delete temp files a killed writer left behind (never a finished file: those were
        renamed into place). Call only while holding :meth:`lock`."""
        removed = 0
        if self.root.is_dir():
            for path in self.root.rglob(".*.tmp"):
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One writer at a time (crawl, reparse): a second one fails at once instead of
        interleaving its writes with the first."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("a+") as handle:
            try:
                import fcntl
            except ImportError:  # Windows: no advisory locks; single-writer is on the user
                yield
                return
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise HansardError(
                    f"another crawl or reparse is writing {self.root}; wait for it to finish"
                ) from None
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    # -- change marker -------------------------------------------------------------------------

    @property
    def changed_marker(self) -> Path:
        return self.root / "CHANGED"

    def last_changed(self) -> float:
        """When the archive last changed (0 when never): the index warns when it is older.

        Read from the marker's content, not its mtime, so a copied or rsynced data directory
        (new mtimes) does not look newer than its index.
        """
        try:
            return float(self.changed_marker.read_text(encoding="utf-8").strip())
        except FileNotFoundError:
            return 0.0
        except ValueError:
            return self.changed_marker.stat().st_mtime

    def _touch_changed(self) -> None:
        atomic.write_text(self.changed_marker, f"{time.time():.6f}\n")
