"""The pages that change state: commitment marks and watch lists, and the watches' feeds.

Every write is a POST checked by :class:`hansard.web.security.WritePolicy` (CSRF, and the token
off loopback), then done by the same function the CLI calls (``hansard.register.mark``,
``hansard.watchlist.add_watch``/``remove_watch``), which lock ``state/`` while they write; so the
CLI sees the page's marks and the page sees the CLI's. A successful POST redirects (303) back to
the page, so a reload does not post twice.
"""

from __future__ import annotations

from dataclasses import replace

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from hansard.web import data, params
from hansard.web.atom import FEED_LIMIT, feed_response
from hansard.web.data import NotFound
from hansard.web.rendering import render
from hansard.web.security import TOKEN_COOKIE, TOKEN_FIELD

WATCH_FILTERS = (*params.FILTERS, "from", "to")


async def _checked_form(request: Request) -> dict[str, str]:
    form = await request.form()
    fields = {key: str(value) for key, value in form.items()}
    request.app.state.policy.check(request, fields)
    return fields


def _back(request: Request, fields: dict[str, str], target: str, default: str) -> Response:
    """303 to ``target`` (a local path only: never an open redirect), remembering a token that
    was typed into the form so the next write does not ask again."""
    if not target.startswith(default) or target.startswith("//"):
        target = default
    response = RedirectResponse(target, status_code=303)
    typed = fields.get(TOKEN_FIELD)
    if typed and request.app.state.policy.token_given(request, typed):
        response.set_cookie(TOKEN_COOKIE, typed, httponly=True, samesite="strict", path="/")
    return response


def _changed(fields: dict[str, str], name: str) -> str | None:
    """A form field's new value, or None when the user left it as the page showed it (the
    register keeps a history: an unchanged note is not a new entry)."""
    value = (fields.get(name) or "").strip()
    before = (fields.get(f"{name}_before") or "").strip()
    return value if value and value != before else None


async def mark_commitment(request: Request) -> Response:
    fields = await _checked_form(request)
    await run_in_threadpool(
        data.mark_commitment,
        request.app.state.data_dir,
        fields.get("id", ""),
        fields.get("status", ""),
        _changed(fields, "note"),
        _changed(fields, "evidence"),
    )
    return _back(request, fields, fields.get("back", ""), "/commitments")


def watch_rows(data_dir) -> list[dict]:
    rows = []
    for name, watch in sorted(data.watches(data_dir).items()):
        state = {"q": watch.get("query") or ""}
        for key, value in watch.get("filters", {}).items():
            state[{"date_from": "from", "date_to": "to"}.get(key, key)] = value
        rows.append(
            {
                "name": name,
                "described": data.describe_watch(watch),
                "search_url": params.url("/search", state),
                "feed_url": f"/watch/{name}.atom",
                "last_run_at": watch.get("last_run_at"),
            }
        )
    return rows


async def watches_page(request: Request) -> Response:
    rows = await run_in_threadpool(watch_rows, request.app.state.data_dir)
    proposed = params.search_state(request.query_params)
    proposed.pop("sort", None)
    return render(request, "watches.html", {"rows": rows, "proposed": proposed})


async def add_watch(request: Request) -> Response:
    fields = await _checked_form(request)
    filters = {name: (fields.get(name) or "").strip() or None for name in params.FILTERS}
    for name, key in (("from", "date_from"), ("to", "date_to")):
        value = (fields.get(name) or "").strip()
        filters[key] = params.parse_date(value, name) if value else None
    await run_in_threadpool(
        data.add_watch,
        request.app.state.data_dir,
        (fields.get("name") or "").strip(),
        (fields.get("q") or "").strip(),
        filters,
    )
    return _back(request, fields, "/watches", "/watches")


async def remove_watch(request: Request) -> Response:
    fields = await _checked_form(request)
    await run_in_threadpool(
        data.remove_watch, request.app.state.data_dir, request.path_params["name"]
    )
    return _back(request, fields, "/watches", "/watches")


def _watch_feed(request: Request, name: str) -> Response:
    watches = data.watches(request.app.state.data_dir)
    if name not in watches:
        raise NotFound(f"no watch named {name!r}; see /watches")
    search = data.watch_request(watches[name])
    newest = replace(search, sort="-date", limit=FEED_LIMIT)
    page_url = next(
        r["search_url"] for r in watch_rows(request.app.state.data_dir) if r["name"] == name
    )
    title = f"hansard-qa watch {name}: {data.describe_watch(watches[name])}"
    return feed_response(request, title, newest, page_url)


async def watch_feed(request: Request) -> Response:
    return await run_in_threadpool(_watch_feed, request, request.path_params["name"])


def routes() -> list[Route]:
    return [
        Route("/commitments/mark", mark_commitment, methods=["POST"]),
        Route("/watches", watches_page, methods=["GET"]),
        Route("/watches", add_watch, methods=["POST"]),
        Route("/watches/{name}/remove", remove_watch, methods=["POST"]),
        Route("/watch/{name}.atom", watch_feed),
    ]
