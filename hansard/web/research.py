"""The research instruments on the web: trends, find-quote, kwic, coverage and member profiles.

Each has a page (server-rendered, complete without JavaScript) and an ``/api/`` twin returning
exactly the records the CLI prints with ``--format json``; both read through ``data``, which calls
the same functions as ``hansard/cli/research_cmds.py``. URL parameters carry the CLI's option
names, and bad values raise the CLI's ``UsageError`` (the web answers 400).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from hansard.errors import UsageError
from hansard.records import HOUSES, ROLES, SearchRequest
from hansard.web import data, params
from hansard.web.chart import HEIGHT, WIDTH, period_bars
from hansard.web.rendering import render

FILTER_KEYS = (*params.FILTERS, "from", "to")
BY = ("year", "month")
SPLITS = ("party", "department", "member", "minister", "house")
KWIC_SORTS = ("date", "left", "right")
MAX_KWIC_LINES = 2000
MAX_QUOTE_MATCHES = 20
MAX_LATEST = 50


def _choice(query: Mapping[str, str], name: str, choices: tuple[str, ...], default: str | None):
    value = (query.get(name) or "").strip()
    if not value:
        return default
    if value not in choices:
        raise UsageError(f"{name}: unknown value {value!r}; use one of: {', '.join(choices)}")
    return value


def _int(query: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = (query.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise UsageError(f"{name}: {raw!r} must be a whole number from {low} to {high}")
    return int(raw)


def filters_request(query: Mapping[str, str], text: str = "") -> SearchRequest:
    """The CLI's ``request_from(filters, text)``: the search filters of a URL, checked."""
    if query.get("role") and query["role"].strip().lower() not in ROLES:
        raise UsageError(f"role: unknown role {query['role']!r}; use one of: {', '.join(ROLES)}")
    if query.get("house") and query["house"].strip().capitalize() not in HOUSES:
        raise UsageError(f"house: unknown House {query['house']!r}; use Commons or Lords")
    base = params.search_request({k: query.get(k, "") for k in FILTER_KEYS}, limit=1)
    return replace(base, query=text, limit=None, sort="relevance")


def _form(query: Mapping[str, str], *names: str) -> dict[str, str]:
    return {name: query.get(name, "") for name in (*names, *FILTER_KEYS)}


# -- trends ------------------------------------------------------------------------------------


def _trends_input(query: Mapping[str, str]) -> tuple[SearchRequest, str, str | None, bool]:
    request = filters_request(query, (query.get("q") or "").strip())
    by = _choice(query, "by", BY, "year")
    split = _choice(query, "split", SPLITS, None)
    normalize = (query.get("normalize") or "") in ("1", "true", "yes", "on")
    return request, by, split, normalize


async def trends_api(request: Request) -> JSONResponse:
    args = _trends_input(request.query_params)
    return JSONResponse(await run_in_threadpool(data.trends, request.app.state.data_dir, *args))


async def trends_page(request: Request) -> Response:
    query = request.query_params
    points: list[dict[str, Any]] = []
    error = None
    asked = any(query.get(k) for k in ("q", *FILTER_KEYS))
    try:
        args = _trends_input(query)
        if asked:
            points = await run_in_threadpool(data.trends, request.app.state.data_dir, *args)
    except UsageError as problem:
        error, args = str(problem), None
    normalized = bool(args and args[3])
    split_names = list(dict.fromkeys(n for p in points for n in (p.get("split") or {})))
    measure = "per_10k" if normalized else "turns"
    context = {
        "form": _form(query, "q", "by", "split", "normalize"),
        "by_choices": BY,
        "split_choices": SPLITS,
        "points": points,
        "split_names": split_names,
        "bars": period_bars([(p["period"], p[measure] or 0) for p in points]),
        "measure": "matches per 10,000 turns" if normalized else "matching turns",
        "normalized": normalized,
        "width": WIDTH,
        "height": HEIGHT,
        "asked": asked,
        "error": error,
        "total_turns": sum(p["turns"] for p in points),
        "total_exchanges": sum(p["exchanges"] for p in points),
        "api_url": params.url("/api/trends", {k: v for k, v in query.items() if v}),
    }
    return render(request, "trends.html", context, status=400 if error else 200)


# -- find-quote --------------------------------------------------------------------------------


def _quote_input(query: Mapping[str, str]) -> tuple[str, SearchRequest, int]:
    quote = (query.get("quote") or "").strip()
    if len(quote.split()) < 3:
        raise UsageError("give at least three words of the quote, e.g. a whole sentence")
    limit = _int(query, "limit", 3, 1, MAX_QUOTE_MATCHES)
    return quote, filters_request(query), limit


async def find_quote_api(request: Request) -> JSONResponse:
    args = _quote_input(request.query_params)
    found = await run_in_threadpool(data.find_quote, request.app.state.data_dir, *args)
    return JSONResponse(found)


async def find_quote_page(request: Request) -> Response:
    query = request.query_params
    matches: list[dict[str, Any]] = []
    error = None
    asked = bool((query.get("quote") or "").strip())
    if asked:
        try:
            args = _quote_input(query)
            matches = await run_in_threadpool(data.find_quote, request.app.state.data_dir, *args)
        except UsageError as problem:
            error = str(problem)
    context = {
        "form": _form(query, "quote", "limit"),
        "matches": matches,
        "asked": asked,
        "error": error,
    }
    return render(request, "find_quote.html", context, status=400 if error else 200)


# -- kwic --------------------------------------------------------------------------------------


def _kwic_input(query: Mapping[str, str]) -> tuple[str, SearchRequest, int, str, int]:
    term = (query.get("term") or "").strip()
    if not term:
        raise UsageError("term: give a word or a phrase to look for, e.g. term=stalking")
    width = _int(query, "width", 40, 10, 200)
    sort = _choice(query, "sort", KWIC_SORTS, "date")
    limit = _int(query, "limit", 200, 1, MAX_KWIC_LINES)
    return term, filters_request(query), width, sort, limit


async def kwic_api(request: Request) -> JSONResponse:
    args = _kwic_input(request.query_params)
    return JSONResponse(await run_in_threadpool(data.kwic, request.app.state.data_dir, *args))


async def kwic_page(request: Request) -> Response:
    query = request.query_params
    lines: list[dict[str, Any]] = []
    error = None
    asked = bool((query.get("term") or "").strip())
    if asked:
        try:
            lines = await run_in_threadpool(
                data.kwic, request.app.state.data_dir, *_kwic_input(query)
            )
        except UsageError as problem:
            error = str(problem)
    context = {
        "form": _form(query, "term", "width", "sort", "limit"),
        "sorts": KWIC_SORTS,
        "lines": lines,
        "asked": asked,
        "error": error,
    }
    return render(request, "kwic.html", context, status=400 if error else 200)


# -- coverage ----------------------------------------------------------------------------------


def _coverage_input(query: Mapping[str, str]) -> tuple[str | None, str | None, str | None]:
    date_from = params.parse_date(query["from"], "from") if query.get("from") else None
    date_to = params.parse_date(query["to"], "to") if query.get("to") else None
    if date_from and date_to and date_from > date_to:
        raise UsageError(f"--from {date_from} is after --to {date_to}; swap them")
    house = (query.get("house") or "").strip().capitalize() or None
    if house and house not in HOUSES:
        raise UsageError(f"house: unknown House {query['house']!r}; use Commons or Lords")
    return date_from, date_to, house


async def coverage_api(request: Request) -> JSONResponse:
    args = _coverage_input(request.query_params)
    return JSONResponse(await run_in_threadpool(data.coverage, request.app.state.data_dir, *args))


def calendar_months(days: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per House and month, a cell per day of the month (None where it has no day)."""
    rows: dict[tuple[str, str], list[dict[str, Any] | None]] = {}
    for day in days:
        cells = rows.setdefault((day["house"], day["date"][:7]), [None] * 31)
        cells[int(day["date"][8:10]) - 1] = day
    return [{"house": h, "month": m, "cells": cells} for (h, m), cells in rows.items()]


async def coverage_page(request: Request) -> Response:
    from hansard.research.coverage import GAPS

    query = request.query_params
    days: list[dict[str, Any]] = []
    error = None
    try:
        days = await run_in_threadpool(
            data.coverage, request.app.state.data_dir, *_coverage_input(query)
        )
    except UsageError as problem:
        error = str(problem)
    counts: dict[str, int] = {}
    for day in days:
        counts[day["status"]] = counts.get(day["status"], 0) + 1
    context = {
        "form": {k: query.get(k, "") for k in ("from", "to", "house")},
        "houses": HOUSES,
        "days": days,
        "counts": counts,
        "months": calendar_months(days),
        "gaps": [d for d in days if d["status"] in GAPS],
        "error": error,
    }
    return render(request, "coverage.html", context, status=400 if error else 200)


# -- member ------------------------------------------------------------------------------------


async def member_api(request: Request) -> JSONResponse:
    latest = _int(request.query_params, "latest", 5, 0, MAX_LATEST)
    who = request.path_params["who"]
    return JSONResponse(
        await run_in_threadpool(data.member, request.app.state.data_dir, who, latest)
    )


async def member_page(request: Request) -> Response:
    from hansard.records import Turn

    latest = _int(request.query_params, "latest", 10, 0, MAX_LATEST)
    who = request.path_params["who"]
    profile = await run_in_threadpool(data.member, request.app.state.data_dir, who, latest)
    context = {
        "who": who,
        "profile": profile,
        "latest": [Turn.from_dict(t) for t in profile["latest"]],
        "roles": ("question", "supplementary", "answer", "other"),
        "search_url": params.url("/search", {"member": who, "sort": "-date"}),
        "trends_url": params.url("/trends", {"member": who}),
    }
    return render(request, "member.html", context)


def routes() -> list[Route]:
    return [
        Route("/trends", trends_page),
        Route("/find-quote", find_quote_page),
        Route("/kwic", kwic_page),
        Route("/coverage", coverage_page),
        Route("/member/{who}", member_page),
        Route("/api/trends", trends_api),
        Route("/api/find-quote", find_quote_api),
        Route("/api/kwic", kwic_api),
        Route("/api/coverage", coverage_api),
        Route("/api/member/{who}", member_api),
    ]
