"""Pages from templates: Jinja2 with autoescape on, and the filters that mark snippets safely."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from hansard.records import OPL_ATTRIBUTION
from hansard.web.security import CSRF_COOKIE, WritePolicy, new_csrf_value

HERE = Path(__file__).parent


def marked(snippet: str | None) -> Markup:
    """A snippet's [[matches]] as <mark>, everything else escaped; adjacent marks (a phrase)
    become one mark, so a quoted phrase is highlighted as one phrase."""
    if not snippet:
        return Markup("")
    joined = re.sub(r"\]\](\s+)\[\[", r"\1", snippet)
    out = []
    for n, part in enumerate(re.split(r"\[\[|\]\]", joined)):
        out.append(Markup("<mark>{}</mark>").format(part) if n % 2 else escape(part))
    return Markup("").join(out)


def wdiff(marked_text: str | None) -> Markup:
    """find-quote's differences, ``[-quote's word-]`` and ``{+Hansard's word+}``, as <del> and
    <ins>; every piece of text escaped."""
    out = []
    for piece in re.split(r"(\[-.*?-\]|\{\+.*?\+\})", marked_text or ""):
        if piece.startswith("[-") and piece.endswith("-]"):
            out.append(Markup("<del>{}</del>").format(piece[2:-2]))
        elif piece.startswith("{+") and piece.endswith("+}"):
            out.append(Markup("<ins>{}</ins>").format(piece[2:-2]))
        else:
            out.append(escape(piece))
    return Markup("").join(out)


def member_href(turn) -> str | None:
    """The member page of a turn's speaker: by member id, else by the name as printed."""
    from urllib.parse import quote

    who = turn.member_id if turn.member_id is not None else turn.speaker_name
    return f"/member/{quote(str(who), safe='')}" if who else None


def safe_url(url: str | None) -> str:
    """A link target only if it is http(s): text from a page or a user never becomes a
    ``javascript:`` or ``data:`` link."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return "#"


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["marked"] = marked
    env.filters["paragraphs"] = paragraphs
    env.filters["safe_url"] = safe_url
    env.filters["wdiff"] = wdiff
    env.globals["member_href"] = member_href
    env.globals["OPL_ATTRIBUTION"] = OPL_ATTRIBUTION
    return Jinja2Templates(env=env)


def render(request: Request, template: str, context: dict, status: int = 200) -> HTMLResponse:
    """A page, with the CSRF cookie set when the browser has none yet."""
    csrf = request.cookies.get(CSRF_COOKIE) or new_csrf_value()
    policy: WritePolicy = request.app.state.policy
    response = request.app.state.templates.TemplateResponse(
        request,
        template,
        {
            **context,
            "csrf": csrf,
            "needs_token": policy.needs_token and not policy.token_given(request, None),
        },
        status_code=status,
    )
    if request.cookies.get(CSRF_COOKIE) != csrf:
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/")
    return response
