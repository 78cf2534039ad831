"""URL query parameters -> the CLI's search request, with the same meanings and bounds.

The URL holds the whole state of a search (so it can be shared by copying it); the names are the
CLI's options (``q`` for the words, ``from``/``to`` for the dates). Bad values raise the same
:class:`~hansard.errors.UsageError` the CLI turns into its exit-2 line; the web answers 400.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from hansard.errors import UsageError
from hansard.records import SearchRequest

FILTERS = ("member", "minister", "topic", "department", "party", "role", "house")
SEARCH_KEYS = ("q", *FILTERS, "from", "to", "sort")
"""The parameters that define a search (what a shared URL, a watch or a feed must keep)."""
FACET_NAMES = ("party", "department", "member", "minister", "year")
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_DEPTH = 2000
"""page x limit may not pass this: deep pages cost the whole ranking and nobody reads them."""
EXPORT_LIMIT = 5000
"""An export link carries at most this many turns; narrow the search for the rest."""


@dataclass(frozen=True)
class Page:
    request: SearchRequest
    page: int
    limit: int
    flat: bool

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def parse_date(value: str, name: str) -> str:
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UsageError(
            f"{name}: {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2015-11-26"
        ) from None


def _bounded_int(params: Mapping[str, str], name: str, default: int, top: int) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= top:
        raise UsageError(f"{name}: {raw!r} must be a whole number from 1 to {top}")
    return int(raw)


def _clean(params: Mapping[str, str], name: str) -> str | None:
    value = (params.get(name) or "").strip()
    return value or None


def search_request(
    params: Mapping[str, str], facets: tuple[str, ...] = (), limit: int | None = None
) -> SearchRequest:
    """The request a search URL asks for (``limit`` None: the URL's own ``limit``)."""
    role, house = _clean(params, "role"), _clean(params, "house")
    date_from, date_to = _clean(params, "from"), _clean(params, "to")
    return SearchRequest(
        query=_clean(params, "q") or "",
        member=_clean(params, "member"),
        minister=_clean(params, "minister"),
        topic=_clean(params, "topic"),
        department=_clean(params, "department"),
        party=_clean(params, "party"),
        role=role.lower() if role else None,
        house=house.capitalize() if house else None,
        date_from=parse_date(date_from, "from") if date_from else None,
        date_to=parse_date(date_to, "to") if date_to else None,
        sort=_clean(params, "sort") or "relevance",
        limit=limit
        if limit is not None
        else _bounded_int(params, "limit", DEFAULT_LIMIT, MAX_LIMIT),
        facets=facets,
    )


def search_page(params: Mapping[str, str], facets: tuple[str, ...] = ()) -> Page:
    """The request for one page of results: the engine is asked for every turn up to the end
    of the page (it has no offset), and the page is the tail of that."""
    limit = _bounded_int(params, "limit", DEFAULT_LIMIT, MAX_LIMIT)
    page = _bounded_int(params, "page", 1, MAX_DEPTH // limit)
    request = search_request(params, facets, limit=page * limit)
    return Page(request=request, page=page, limit=limit, flat=params.get("view") == "flat")


def requested_facets(values: list[str]) -> tuple[str, ...]:
    unknown = [v for v in values if v not in FACET_NAMES]
    if unknown:
        raise UsageError(
            f"facet: unknown facet {unknown[0]!r}; use any of: {', '.join(FACET_NAMES)}"
        )
    return tuple(dict.fromkeys(values))


def search_state(params: Mapping[str, str]) -> dict[str, str]:
    """The parameters that define the search, without empty ones (for links and watches)."""
    return {key: params[key] for key in SEARCH_KEYS if (params.get(key) or "").strip()}


def url(path: str, params: Mapping[str, str], **changes: str | None) -> str:
    """``path`` with these parameters, changed by ``changes`` (None or "" drops one)."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v}
    return f"{path}?{urlencode(kept)}" if kept else path
