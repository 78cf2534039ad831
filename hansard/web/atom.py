"""Atom feeds of searches and watches, built by the one serialiser (``hansard.feeds``).

Each entry is a matching turn led by its exchange's question, with citation and permalink, as
``hansard.feeds.turn_entry`` makes it. Feeds list the newest sittings first.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from hansard.feeds import MEDIA_TYPE, atom_feed, turn_entry
from hansard.records import SearchRequest
from hansard.web import data, params

FEED_LIMIT = 50


def feed_response(request: Request, title: str, search: SearchRequest, page_url: str) -> Response:
    data_dir = request.app.state.data_dir
    result = data.search(data_dir, search)
    questions = data.questions_of(data_dir, [hit.turn for hit in result.hits])
    entries = [turn_entry(hit.turn, questions.get(hit.turn.id)) for hit in result.hits]
    body = atom_feed(
        feed_id=str(request.url),
        title=title,
        entries=entries,
        self_url=str(request.url),
        alternate_url=str(request.base_url).rstrip("/") + page_url,
    )
    return Response(body, media_type=MEDIA_TYPE)


def feed_request(search: SearchRequest) -> SearchRequest:
    """The search as a feed: newest first unless a date order was asked for, a bounded count."""
    from dataclasses import replace

    sort = search.sort if search.sort in ("date", "-date") else "-date"
    return replace(search, sort=sort, limit=FEED_LIMIT, facets=())


async def search_feed(request: Request) -> Response:
    query = request.query_params
    search = feed_request(params.search_request(query, limit=FEED_LIMIT))
    state = params.search_state(query)
    described = ", ".join(f"{k}: {v}" for k, v in state.items() if k != "sort") or "everything"
    page_url = params.url("/search", state)
    return await run_in_threadpool(
        feed_response, request, f"hansard-qa search ({described})", search, page_url
    )


def routes() -> list[Route]:
    return [Route("/search.atom", search_feed)]
