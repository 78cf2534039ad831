"""The JSON API: the CLI's records over HTTP.

``/api/search`` returns ``{"total", "results", "facets"}`` where ``results`` are exactly the
records ``hansard search --format json`` prints for the same query; the other endpoints return a
turn, an exchange, a quote, commitments and stats as the CLI's JSON does. Errors are
``{"error": message, "status": n}``: 400 for a malformed request (the CLI's exit-2 message), 404
for an unknown id.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from hansard.citation import STYLES
from hansard.errors import UsageError
from hansard.web import data, params
from hansard.web.data import NotFound
from hansard.web.openapi import OPENAPI


def _data_dir(request: Request):
    return request.app.state.data_dir


async def search(request: Request) -> JSONResponse:
    query = request.query_params
    facets = params.requested_facets(query.getlist("facet"))
    page = params.search_page(query, facets)
    result = await run_in_threadpool(data.search, _data_dir(request), page.request)
    hits = result.hits[page.offset :]
    records = await run_in_threadpool(data.search_records, _data_dir(request), hits)
    return JSONResponse(
        {
            "total": result.total,
            "results": records,
            "facets": {name: [[v, n] for v, n in pairs] for name, pairs in result.facets.items()},
        }
    )


async def turn(request: Request) -> JSONResponse:
    turn_id = request.path_params["turn_id"]
    found = await run_in_threadpool(data.turn, _data_dir(request), turn_id)
    if found is None:
        raise NotFound(f"no turn with id {turn_id!r}")
    turns = await run_in_threadpool(data.exchange, _data_dir(request), found.id)
    records = data.exchange_records(turns or [found])
    return JSONResponse(next(r for r in records if r["id"] == found.id))


async def exchange(request: Request) -> JSONResponse:
    turn_id = request.path_params["turn_id"]
    turns = await run_in_threadpool(data.exchange, _data_dir(request), turn_id)
    if not turns:
        raise NotFound(f"no turn with id {turn_id!r}")
    return JSONResponse(
        {"exchange_id": turns[0].exchange_id, "turns": data.exchange_records(turns)}
    )


async def quote(request: Request) -> JSONResponse:
    turn_id = request.path_params["turn_id"]
    style = request.query_params.get("style", "oscola")
    if style not in STYLES:
        raise UsageError(f"style: unknown citation style {style!r}; use one of: oscola, compact")
    match = request.query_params.get("match") or None
    with_question = request.query_params.get("with_question", "") in ("1", "true", "yes")
    if await run_in_threadpool(data.turn, _data_dir(request), turn_id) is None:
        raise NotFound(f"no turn with id {turn_id!r}")
    body = await run_in_threadpool(
        data.quote, _data_dir(request), turn_id, style, match, with_question
    )
    return JSONResponse(body)


def commitment_filters(query) -> dict[str, str | None]:
    """The commitments filters of a URL, checked as the CLI checks its options."""
    status = query.get("status") or None
    if status and status not in data.COMMITMENT_STATUSES:
        raise UsageError(
            f"status: unknown status {status!r}; use one of: {', '.join(data.COMMITMENT_STATUSES)}"
        )
    filters = {
        "minister": (query.get("minister") or "").strip() or None,
        "department": (query.get("department") or "").strip() or None,
        "status": status,
        "date_from": params.parse_date(query["from"], "from") if query.get("from") else None,
        "date_to": params.parse_date(query["to"], "to") if query.get("to") else None,
    }
    if filters["date_from"] and filters["date_to"] and filters["date_from"] > filters["date_to"]:
        raise UsageError(f"from {filters['date_from']} is after to {filters['date_to']}; swap them")
    return filters


async def commitments(request: Request) -> JSONResponse:
    filters = commitment_filters(request.query_params)
    records = await run_in_threadpool(data.commitments, _data_dir(request), **filters)
    return JSONResponse(records)


async def stats(request: Request) -> JSONResponse:
    return JSONResponse(await run_in_threadpool(data.stats, _data_dir(request)))


async def openapi(request: Request) -> JSONResponse:
    return JSONResponse(OPENAPI)


def routes() -> list[Route]:
    return [
        Route("/api/search", search),
        Route("/api/turns/{turn_id}", turn),
        Route("/api/exchanges/{turn_id}", exchange),
        Route("/api/quote/{turn_id}", quote),
        Route("/api/commitments", commitments),
        Route("/api/stats", stats),
        Route("/api/openapi.json", openapi),
    ]
