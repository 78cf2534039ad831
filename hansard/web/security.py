"""Who may write, and proof that a write came from our own form.

- CSRF: the double-submit cookie. Every page sets a random ``hansard_csrf`` cookie (SameSite
  Strict) and puts the same value in each form; a POST must carry both, equal. Another site can
  make a browser send the cookie but cannot read it to put it in the form. A POST whose
  ``Origin`` names another host is refused too. It needs no server-side secret, so any number of
  workers agree.
- Token: a server bound to anything but loopback is reachable by others, so its writes need the
  token (``--token`` or ``$HANSARD_TOKEN``), given in a form field (then kept in an HttpOnly
  cookie) or as ``Authorization: Bearer T``. Without a token such a server refuses every write
  and says how to allow them. Reads stay open.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.requests import Request

CSRF_COOKIE = "hansard_csrf"
CSRF_FIELD = "csrf"
TOKEN_COOKIE = "hansard_token"
TOKEN_FIELD = "token"


class WriteRefused(Exception):
    """A write the server will not do; ``status`` is 403, the message says how to fix it."""

    status = 403


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class WritePolicy:
    host: str
    token: str | None

    @property
    def needs_token(self) -> bool:
        """Writes need the token when one is set, and always off loopback."""
        return bool(self.token) or not is_loopback(self.host)

    def token_given(self, request: Request, form_token: str | None) -> bool:
        if not self.token:
            return False
        header = request.headers.get("authorization", "")
        offered = [
            form_token or "",
            request.cookies.get(TOKEN_COOKIE, ""),
            header[7:] if header.lower().startswith("bearer ") else "",
        ]
        return any(o and secrets.compare_digest(o, self.token) for o in offered)

    def check(self, request: Request, form: dict[str, str]) -> None:
        """Raise :class:`WriteRefused` unless this POST may write."""
        origin = request.headers.get("origin")
        if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
            raise WriteRefused(f"refused: a form from {origin} may not write here")
        cookie = request.cookies.get(CSRF_COOKIE, "")
        sent = form.get(CSRF_FIELD) or request.headers.get("x-csrf-token", "")
        bearer = request.headers.get("authorization", "").lower().startswith("bearer ")
        if not bearer and not (cookie and sent and secrets.compare_digest(cookie, sent)):
            raise WriteRefused(
                "refused: the form's CSRF check failed (cookies off, or a stale page); "
                "reload the page and try again"
            )
        if not self.needs_token:
            return
        if not self.token:
            raise WriteRefused(
                f"refused: this server listens on {self.host}, not loopback, and has no token, "
                "so it takes no writes; restart it with --token T (or $HANSARD_TOKEN)"
            )
        if not self.token_given(request, form.get(TOKEN_FIELD)):
            raise WriteRefused("refused: writes here need the server's token; enter it and retry")


def new_csrf_value() -> str:
    return secrets.token_urlsafe(24)
