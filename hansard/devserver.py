"""A stand-in for hansard.parliament.uk on 127.0.0.1, serving saved pages at their real paths.

The crawler's tests and ``make demo`` both use it, so the demo exercises the same code the tests
do and neither touches the network. Faults can be injected per path (a 503 with Retry-After a few
times, a response slower than the client's timeout, a body cut short, a page that is not Hansard, a
path that always fails) because a polite crawler is only proven by how it behaves when the site
misbehaves ("truncate" promises a Content-Length and breaks it; "cut" promises nothing, so only
the body itself shows it is incomplete). Paths are matched case-insensitively, as the real site
does (``/commons/...``).

Run it by hand::

    python -m hansard.devserver --root tests/fixtures/site --port 8000 \\
        --fault /Commons/2015-11-26=status:503:2 --fault /Commons/2022-06-22=truncate:1
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_ROBOTS = "User-agent: *\nDisallow: /search/\n"
NOT_HANSARD = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head>"
    b"<body><p>Checking your browser before accessing the site.</p></body></html>"
)
NOT_FOUND = b"<!DOCTYPE html><html><head><title>Page not found</title></head><body></body></html>"

FAULT_KINDS = ("status", "slow", "truncate", "cut", "not-hansard", "always-fail")


@dataclass
class Fault:
    """What to do instead of serving a path, for the next ``times`` requests (None: forever)."""

    kind: str
    times: int | None = 1
    status: int = 503
    retry_after: str | None = None
    seconds: float = 5.0

    def consume(self) -> bool:
        """True when this request gets the fault; counts it down."""
        if self.times is None:
            return True
        if self.times <= 0:
            return False
        self.times -= 1
        return True


@dataclass
class Hit:
    """One request, logged on arrival (a slow answer may still be on its way): status 0 until
    the answer starts."""

    path: str
    at: float
    user_agent: str
    status: int = 0


class SiteServer:
    """The saved site: ``manifest.json`` maps real site paths to files under ``root``."""

    def __init__(
        self, root: Path, host: str = "127.0.0.1", port: int = 0, robots: str = DEFAULT_ROBOTS
    ) -> None:
        self.root = Path(root)
        manifest = json.loads((self.root / "manifest.json").read_text(encoding="utf-8"))
        self.pages: dict[str, bytes | Path] = {
            _key(path): self.root / name for path, name in manifest.items()
        }
        self.robots = robots
        self.faults: dict[str, Fault] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer((host, port), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def add_page(self, path: str, body: bytes) -> None:
        """Serve extra content at a path (a "did not sit" page, a Lords day page)."""
        self.pages[_key(path)] = body

    def add_fault(self, path: str, fault: Fault) -> None:
        with self._lock:
            self.faults[_key(path)] = fault

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def hits_for(self, path: str) -> list[Hit]:
        return [hit for hit in self.hits if _key(hit.path) == _key(path)]

    def start(self) -> SiteServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            fault = self.faults.get(_key(path))
            return fault if fault and fault.consume() else None

    def _body(self, path: str) -> bytes | None:
        page = self.pages.get(_key(path))
        if isinstance(page, Path):
            return page.read_bytes()
        return page


def _key(path: str) -> str:
    return urlsplit(path).path.rstrip("/").lower() or "/"


def _handler_for(site: SiteServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "hansard-devserver"

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            self.hit = Hit(path, time.monotonic(), self.headers.get("User-Agent", ""))
            site.hits.append(self.hit)
            self._serve(path)

        def send_response(self, code: int, message: str | None = None) -> None:
            # Recorded before anything is sent: a client that has its answer may read hits at once.
            self.hit.status = code
            super().send_response(code, message)

        def _serve(self, path: str) -> int:
            if path == "/robots.txt":
                return self._send(200, site.robots.encode(), "text/plain; charset=utf-8")
            fault = site._take_fault(path)
            body = site._body(path)
            if fault is None:
                return self._send(200, body) if body is not None else self._send(404, NOT_FOUND)
            if fault.kind in ("status", "always-fail"):
                extra = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                return self._send(fault.status, b"<html>Service Unavailable</html>", extra=extra)
            if fault.kind == "not-hansard":
                return self._send(200, NOT_HANSARD)
            if fault.kind == "slow":
                time.sleep(fault.seconds)
                return self._send(200, body or NOT_FOUND)
            if fault.kind == "truncate":
                return self._send_truncated(body or NOT_FOUND)
            if fault.kind == "cut":
                return self._send_cut(body or NOT_FOUND)
            raise ValueError(f"unknown fault kind {fault.kind!r}")

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str = "text/html; charset=utf-8",
            extra: dict[str, str] | None = None,
        ) -> int:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (extra or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout); nothing to tell it
            return status

        def _send_truncated(self, body: bytes) -> int:
            """Promise the whole body, send half, drop the connection: a real network fault."""
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return 200

        def _send_cut(self, body: bytes) -> int:
            """Half the body with no length promised, then close: the client cannot tell it was
            cut short except by reading it (an old proxy, a crashed upstream)."""
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return 200

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def parse_fault(spec: str) -> tuple[str, Fault]:
    """``PATH=KIND[:ARG...]``: ``status:503:2[:RETRY_AFTER]``, ``slow:SECONDS:TIMES``,
    ``truncate:TIMES``, ``cut:TIMES``, ``not-hansard:TIMES``, ``always-fail[:STATUS]``."""
    path, _, rest = spec.partition("=")
    kind, *args = rest.split(":")
    if not path.startswith("/") or kind not in FAULT_KINDS:
        kinds = ", ".join(FAULT_KINDS)
        raise ValueError(f"bad fault {spec!r}; write PATH=KIND[:ARGS] with KIND one of {kinds}")
    if kind == "status":
        retry_after = args[2] if len(args) > 2 else None
        return path, Fault(kind, int(args[1]) if len(args) > 1 else 1, int(args[0]), retry_after)
    if kind == "slow":
        return path, Fault(kind, int(args[1]) if len(args) > 1 else 1, seconds=float(args[0]))
    if kind == "always-fail":
        return path, Fault(kind, None, status=int(args[0]) if args else 500)
    return path, Fault(kind, int(args[0]) if args else 1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve saved Hansard pages at their site paths.")
    parser.add_argument("--root", type=Path, default=Path("tests/fixtures/site"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--fault", action="append", default=[], help="PATH=KIND[:ARGS]")
    args = parser.parse_args(argv)
    server = SiteServer(args.root, args.host, args.port)
    for spec in args.fault:
        try:
            server.add_fault(*parse_fault(spec))
        except ValueError as error:
            parser.error(str(error))
    print(server.base_url, flush=True)
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()


if __name__ == "__main__":
    main()
