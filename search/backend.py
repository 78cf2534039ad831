"""One seam for every command (and the web face) whatever answers the searches.

``open_backend(data_dir, url)`` gives an object with ``search``, ``count``, ``get_turn``,
``exchange``, ``stats``, ``warning`` (reading) and ``sync``, ``rebuild``, ``update`` (writing):

- no URL: the embedded Whoosh index in the data directory (``search.engine``, ``index.build``);
- ``postgresql://...`` (one host, or a primary and replicas in libpq's multi-host form): the
  PostgreSQL tables (``search.pg_engine`` reads, from a standby when one answers;
  ``index.pg_build`` writes, to the primary).

Either way the archive on disk is the source of truth and the backend is derived from it.
Engines are imported only when used, so ``hansard search`` pays for one of them alone.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from hansard.errors import UsageError
from hansard.records import SearchRequest, SearchResult, Turn

ENV = "HANSARD_BACKEND"

Progress = Callable[[int, int], None]


class WhooshBackend:
    """The embedded index in ``<data dir>/index``."""

    name = "whoosh"

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def search(self, request: SearchRequest) -> SearchResult:
        from search import engine

        return engine.search(self.data_dir, request)

    def count(self, request: SearchRequest) -> int:
        from search import engine

        return engine.count(self.data_dir, request)

    def get_turn(self, turn_id: str) -> Turn | None:
        from search import engine

        return engine.get_turn(self.data_dir, turn_id)

    def exchange(self, turn_id: str) -> list[Turn]:
        from search import engine

        return engine.exchange(self.data_dir, turn_id)

    def stats(self) -> dict:
        from search import engine

        return engine.stats(self.data_dir)

    def warning(self) -> str | None:
        from search import engine

        return engine.warning(self.data_dir)

    def exists(self) -> bool:
        from index.manifest import index_exists

        return index_exists(self.data_dir)

    def sittings(self) -> dict[str, str]:
        """Sitting key ("Commons:2015-11-26") -> the stamp of the archived day file indexed."""
        from hansard.datadir import index_dir
        from index.manifest import read_manifest

        return dict(read_manifest(index_dir(self.data_dir)).get("days", {}))

    def sync(self, progress: Progress | None = None) -> dict:
        from index import build

        return build.sync(self.data_dir, progress=progress)

    def rebuild(self, progress: Progress | None = None) -> dict:
        from index import build

        return build.rebuild(self.data_dir, progress=progress)

    def update(self, days: Iterable[tuple[str, str]]) -> int:
        from index import build

        return build.update_days(self.data_dir, days)

    def close(self) -> None:
        pass


class PostgresBackend:
    """Tables in PostgreSQL, shared by every node that names the same URL."""

    name = "postgresql"

    def __init__(self, data_dir: Path, url: str) -> None:
        from search.pg_engine import PostgresSearch

        self.data_dir = data_dir
        self.url = url
        self.reader = PostgresSearch(url)

    def search(self, request: SearchRequest) -> SearchResult:
        return self.reader.search(request)

    def count(self, request: SearchRequest) -> int:
        return self.reader.count(request)

    def get_turn(self, turn_id: str) -> Turn | None:
        return self.reader.get_turn(turn_id)

    def exchange(self, turn_id: str) -> list[Turn]:
        return self.reader.exchange(turn_id)

    def stats(self) -> dict:
        from search.pg_engine import NoTables
        from search.summary import archive_summary

        try:
            index = self.reader.index_stats()
        except NoTables:
            archive = archive_summary(self.data_dir)
            return {"archive": archive, "index": None, "warning": None, "backend": self.name}
        return {
            "archive": archive_summary(self.data_dir),
            "index": index,
            "warning": self.warning(),
        }

    def warning(self) -> str | None:
        return self.reader.warning(self.data_dir)

    def exists(self) -> bool:
        return True

    def sittings(self) -> dict[str, str]:
        return self.reader.sittings()

    def sync(self, progress: Progress | None = None) -> dict:
        from index import pg_build

        return pg_build.sync(self.data_dir, self.url, progress=progress)

    def rebuild(self, progress: Progress | None = None) -> dict:
        from index import pg_build

        return pg_build.rebuild(self.data_dir, self.url, progress=progress)

    def update(self, days: Iterable[tuple[str, str]]) -> int:
        from index import pg_build

        return pg_build.update_days(self.data_dir, self.url, days)

    def close(self) -> None:
        self.reader.close()


Backend = WhooshBackend | PostgresBackend


def safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    from index.pg_schema import safe_url as without_password

    return without_password(url) if url and url != "whoosh" else url


def open_backend(data_dir: Path, url: str | None = None) -> Backend:
    """The backend a URL names (None or "" or "whoosh": the Whoosh index in the data dir)."""
    if not url or url == "whoosh":
        return WhooshBackend(data_dir)
    from index.pg_schema import is_postgres_url

    if is_postgres_url(url):
        return PostgresBackend(data_dir, url)
    raise UsageError(
        f"unknown backend {url!r}: give a postgresql://... URL, or leave --backend and "
        f"${ENV} unset for the Whoosh index in the data directory"
    )


_kept: dict[tuple[str, str], Backend] = {}
_kept_lock = threading.Lock()


def chosen_backend(data_dir: Path) -> Backend:
    """The backend this process chose (``hansard.state.use_backend``, which ``--backend``
    sets): what the register, watch lists, digests and the web face search, alike on every node.

    A PostgreSQL backend is opened once per process and URL and kept: a web node answers every
    request on the same connection (thread-safe, see ``PostgresSearch``) instead of connecting
    afresh for each of a page's lookups."""
    from hansard.state import backend_url

    url = backend_url()
    if not url:
        return WhooshBackend(data_dir)
    key = (str(data_dir), url)
    with _kept_lock:
        if key not in _kept:
            _kept[key] = open_backend(data_dir, url)
        return _kept[key]


def update_derived(data_dir: Path, days: list[tuple[str, str]], url: str | None = None) -> bool:
    """After a crawl or import: bring the Whoosh index (when there is one) and the PostgreSQL
    tables (``url``, else ``$HANSARD_BACKEND``) up to date with these days. True if any was."""
    if not days:
        return False
    updated = False
    whoosh = WhooshBackend(data_dir)
    if whoosh.exists():
        whoosh.update(days)
        updated = True
    url = url or os.environ.get(ENV)
    if url and url != "whoosh":
        backend = open_backend(data_dir, url)
        backend.update(days)
        backend.close()
        updated = True
    return updated
