"""The project's own index and search (Whoosh), driven only through their public API.

The benchmark measures what users get, so it calls ``index.build`` and ``search.engine`` exactly
as ``hansard index`` and ``hansard search`` do, and never reaches into Whoosh itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hansard.records import SearchRequest, Turn
from index.build import rebuild, update_days
from search.engine import search

# Imported above, not inside the timed calls: an update or a query is timed without the one-off
# cost of importing Whoosh, as for the reference engines.

NAME = "whoosh"


def build(data_dir: Path, workdir: Path) -> int:
    summary = rebuild(data_dir)
    for key in ("turns_indexed", "turns", "count"):
        if isinstance(summary, dict) and isinstance(summary.get(key), int):
            return summary[key]
    return -1


def update(data_dir: Path, workdir: Path, house: str, date: str) -> int:
    return update_days(data_dir, [(house, date)])


def request(spec: dict[str, Any]) -> SearchRequest:
    """The neutral query spec as the user would type it: office without its leading "The"."""
    query = spec.get("words") or ""
    if spec.get("phrase"):
        query = f'"{spec["phrase"]}"'
    office = spec.get("office")
    return SearchRequest(
        query=query,
        member=spec["member"]["name"] if spec.get("member") else None,
        minister=office.removeprefix("The ") if office else None,
        date_from=spec.get("date_from"),
        date_to=spec.get("date_to"),
        sort=spec.get("sort", "relevance"),
        limit=int(spec.get("limit", 20)),
        facets=(spec["facet"],) if spec.get("facet") else (),
    )


class Searcher:
    def __init__(self, workdir: Path) -> None:
        self.data_dir = workdir / "data"
        self.search = search

    def run(self, spec: dict[str, Any]) -> tuple[int, list[Turn], dict[str, list]]:
        result = self.search(self.data_dir, request(spec))
        facets = {name: list(pairs) for name, pairs in result.facets.items()}
        return result.total, [hit.turn for hit in result.hits], facets
