"""The HTML pages: search, exchange, exports and commitments (writes live in ``writes``).

Server-rendered and complete without JavaScript; ``static/app.js`` only adds copy buttons.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hansard.citation import cite, compact, oscola, speaker_as_printed
from hansard.errors import UsageError
from hansard.export import heading_line
from hansard.records import OPL_ATTRIBUTION
from hansard.web import data, params
from hansard.web.chart import HEIGHT, WIDTH, year_bars
from hansard.web.data import NotFound
from hansard.web.rendering import render

EXPORTS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
    "md": ("text/markdown; charset=utf-8", "md"),
}


def _facet_link(state: dict[str, str], name: str, value: str) -> str:
    """The search narrowed to one facet value (a year narrows the dates)."""
    if name == "year":
        return params.url("/search", state, **{"from": f"{value}-01-01", "to": f"{value}-12-31"})
    return params.url("/search", state, **{name: value})


async def search_page(request: Request) -> Response:
    query = request.query_params
    page = params.search_page(query, params.FACET_NAMES)
    data_dir = request.app.state.data_dir
    result = await run_in_threadpool(data.search, data_dir, page.request)
    hits = result.hits[page.offset :]
    groups = [] if page.flat else await run_in_threadpool(data.group_by_exchange, data_dir, hits)
    state = params.search_state(query)
    view = {"view": "flat"} if page.flat else {}
    if "limit" in query:
        view["limit"] = str(page.limit)
    last_page = max(1, min(-(-result.total // page.limit), params.MAX_DEPTH // page.limit))
    facets = {
        name: [(value, n, _facet_link(state, name, value)) for value, n in pairs[:10]]
        for name, pairs in result.facets.items()
        if name != "year"
    }
    years = sorted(result.facets.get("year", ()), key=lambda kv: kv[0])
    context = {
        "state": state,
        "q": query.get("q", ""),
        "flat": page.flat,
        "total": result.total,
        "hits": hits,
        "groups": groups,
        "facets": facets,
        "years": [(y, n, _facet_link(state, "year", y)) for y, n in years],
        "bars": year_bars(tuple(years)),
        "chart": {"width": WIDTH, "height": HEIGHT},
        "page": page.page,
        "last_page": last_page,
        "first_shown": page.offset + 1 if hits else 0,
        "last_shown": page.offset + len(hits),
        "prev_url": params.url("/search", {**state, **view}, page=str(page.page - 1))
        if page.page > 1
        else None,
        "next_url": params.url("/search", {**state, **view}, page=str(page.page + 1))
        if page.page < last_page
        else None,
        "grouped_url": params.url("/search", state),
        "flat_url": params.url("/search", state, view="flat"),
        "exports": {fmt: params.url(f"/export.{fmt}", state) for fmt in EXPORTS},
        "feed_url": params.url("/search.atom", state),
        "warning": await run_in_threadpool(data.stale_warning, data_dir),
        "speaker": speaker_as_printed,
        "heading": heading_line,
        "sorts": ("relevance", "date", "-date"),
    }
    return render(request, "search.html", context)


async def export(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    if fmt not in EXPORTS:
        raise NotFound(f"no export format {fmt!r}; use one of: {', '.join(EXPORTS)}")
    search_request = params.search_request(request.query_params, limit=params.EXPORT_LIMIT)
    result = await run_in_threadpool(data.search, request.app.state.data_dir, search_request)
    body = await run_in_threadpool(data.render_export, request.app.state.data_dir, result.hits, fmt)
    media_type, suffix = EXPORTS[fmt]
    return Response(
        body,
        media_type=media_type,
        headers={
            "content-disposition": f'attachment; filename="hansard-search.{suffix}"',
            "x-licence": OPL_ATTRIBUTION,
        },
    )


async def exchange_page(request: Request) -> Response:
    turn_id = request.path_params["turn_id"]
    turns = await run_in_threadpool(data.exchange, request.app.state.data_dir, turn_id)
    if not turns:
        raise NotFound(f"no turn with id {turn_id!r}; find ids with a search")
    first = turns[0]
    day = {"from": first.date, "to": first.date, "house": first.house, "sort": "date"}
    data_dir = request.app.state.data_dir
    references = await run_in_threadpool(data.cross_references, data_dir, turns)
    cited = {}
    for item in turns:
        citing = await run_in_threadpool(data.cited_by, data_dir, item.id)
        if citing:
            cited[item.id] = citing
    context = {
        "references": references,
        "cited": cited,
        "cite": cite,
        "turns": turns,
        "chosen": turn_id,
        "first": first,
        "heading": heading_line(first),
        "speaker": speaker_as_printed,
        "oscola": oscola,
        "compact": compact,
        "day_url": params.url("/search", day),
    }
    return render(request, "exchange.html", context)


async def commitments_page(request: Request) -> Response:
    from hansard.web.api import commitment_filters

    try:
        filters = commitment_filters(request.query_params)
        error = None
    except UsageError as problem:
        filters, error = {}, str(problem)
    records = (
        await run_in_threadpool(data.commitments, request.app.state.data_dir, **filters)
        if error is None
        else []
    )
    context = {
        "records": records,
        "filters": {
            k: request.query_params.get(k, "")
            for k in ("minister", "department", "status", "from", "to")
        },
        "statuses": data.COMMITMENT_STATUSES,
        "error": error,
        "back": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
    }
    return render(request, "commitments.html", context, status=400 if error else 200)


def routes() -> list[Route]:
    return [
        Route("/", search_page),
        Route("/search", search_page),
        Route("/export.{fmt}", export),
        Route("/exchange/{turn_id}", exchange_page),
        Route("/commitments", commitments_page),
    ]
