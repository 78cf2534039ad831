"""The Starlette application: routes, error answers, templates and security headers.

``create_app`` builds it for one data directory; ``app_from_environment`` is the factory uvicorn
imports in each worker (``hansard serve`` passes its options through the environment, which is
how several worker processes get the same settings). ``$HANSARD_BACKEND`` names the search
backend each worker opens (``hansard.state.use_backend``): unset, the data directory's Whoosh
index and state files; a ``postgresql://`` URL, tables shared by every node.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from hansard.errors import HansardError, UsageError
from hansard.web import api, atom, pages, research, writes
from hansard.web.data import NotFound
from hansard.web.rendering import HERE, render, templates
from hansard.web.security import WritePolicy, WriteRefused

ENV_DATA_DIR = "HANSARD_DATA_DIR"
ENV_TOKEN = "HANSARD_TOKEN"
ENV_HOST = "HANSARD_WEB_HOST"
ENV_BACKEND = "HANSARD_BACKEND"

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
"""No inline script or style may run even if some text escaped escaping: defence in depth."""


class SecurityHeaders:
    """Pure ASGI middleware (no per-request task, unlike BaseHTTPMiddleware)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    return render(request, "error.html", {"status": status, "message": message}, status=status)


async def _usage_error(request: Request, exc: Exception) -> Response:
    return _error(request, 400, str(exc))


async def _not_found(request: Request, exc: Exception) -> Response:
    return _error(request, 404, str(exc) if isinstance(exc, NotFound) else "no such page")


async def _refused(request: Request, exc: Exception) -> Response:
    return _error(request, WriteRefused.status, str(exc))


async def _failure(request: Request, exc: Exception) -> Response:
    return _error(request, 503, str(exc))


async def _bug(request: Request, exc: Exception) -> Response:
    """A bug: the traceback goes to the server's log, the client gets one line."""
    return _error(request, 500, "internal error; the server's log has the details")


def create_app(data_dir: Path, host: str = "127.0.0.1", token: str | None = None) -> Starlette:
    routes = [
        *pages.routes(),
        *api.routes(),
        *research.routes(),
        *atom.routes(),
        *writes.routes(),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            UsageError: _usage_error,
            NotFound: _not_found,
            404: _not_found,
            WriteRefused: _refused,
            HansardError: _failure,
            Exception: _bug,
        },
    )
    app.state.data_dir = Path(data_dir)
    app.state.policy = WritePolicy(host=host, token=token or None)
    app.state.templates = templates()
    app.add_middleware(SecurityHeaders)
    return app


def app_from_environment() -> Starlette:
    """The factory each uvicorn worker calls: settings come from ``hansard serve``."""
    from hansard.datadir import resolve_data_dir
    from hansard.state import use_backend

    use_backend(os.environ.get(ENV_BACKEND) or None)  # this worker's searches, marks, watches

    return create_app(
        resolve_data_dir(os.environ.get(ENV_DATA_DIR)),
        host=os.environ.get(ENV_HOST, "127.0.0.1"),
        token=os.environ.get(ENV_TOKEN) or None,
    )


__all__ = ["app_from_environment", "create_app"]
