"""Run the real `hansard serve` (uvicorn) on 127.0.0.1 for a test, and talk to it over HTTP.

The server is a child process started the way a user starts it, so tests see what users see:
the command's options, uvicorn's workers and its request log. Stopped with SIGINT (Ctrl-C).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

QUESTION = "5B3E2C11-0A6D-4F0E-9C1B-2015112600A1"
"""Nusrat Ghani's question of 26 November 2015 on stalking; Robert Buckland's two answers:"""
ANSWER = "5B3E2C11-0A6D-4F0E-9C1B-2015112600A2"
SECOND_ANSWER = "5B3E2C11-0A6D-4F0E-9C1B-2015112600A4"
HOSTILE_QUESTION = "6C0DE000-0000-4000-8000-2016011400A1"
"""The hostile fixture page's exchange (tests/fixtures/site/reconstructed/*HostileText.html)."""
HOSTILE_ANSWER = "6C0DE000-0000-4000-8000-2016011400A2"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


class Client:
    """A cookie-keeping HTTP client for a server at ``self.url`` (redirects are not followed)."""

    url: str

    def _start_client(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def request(
        self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> Answer:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.url + path, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

    def get(self, path: str, **params: str) -> Answer:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        return self.request(path + query)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)


class Served(Client):
    """``hansard serve`` on a free port, in a child process."""

    def __init__(self, data_dir: Path, *options: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "hansard", "serve", "--data-dir", str(data_dir)]
        environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
        environment.pop("HANSARD_TOKEN", None)
        environment.update(env or {})
        import tempfile

        # a file, not a pipe: a pipe nobody reads fills up and stalls the server
        self.log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed with the server)
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port), *options],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            text=True,
            env=environment,
        )
        self._start_client()
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"hansard serve exited: {self.output()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("hansard serve did not start listening")

    def stop(self) -> str:
        """Ctrl-C, and the server's whole output (its request log)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.output()

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class InThread(Client):
    """An app (``hansard.web.app.create_app``) under uvicorn in a thread on 127.0.0.1: for
    settings the command line cannot give without binding beyond loopback (the write policy of a
    public host)."""

    def __init__(self, app) -> None:
        import threading

        import uvicorn

        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        self._start_client()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)

    def __enter__(self) -> InThread:
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Show a test the 303 after a POST instead of following it."""

    def redirect_request(self, *args, **kwargs):
        return None
