"""What a watch run delivers: a mail digest and an Atom feed of the new turns.

Each item is an exchange's question with its answer, so a reader never gets an answer without
what it answers: a matching answer is paired with the question or supplementary before it in its
exchange, a matching question with the answer after it (:func:`items_for`, using the index).

The digest is one message per run (:func:`digest_message`): grouped by watch, up to ``cap`` items
a watch and then "and N more"; a text part and an HTML part; a ``List-Unsubscribe`` header.
:func:`send` speaks SMTP with ``smtplib`` (STARTTLS when asked, a login when a user is given);
the password comes from the environment only and is never written anywhere. A failed send raises
:class:`HansardError`, and the caller then leaves the watches' state alone, so the same items go
out with the next run.

The feed (:func:`atom_document`) uses the one Atom serialiser, :mod:`hansard.feeds`; the file
keeps the entries of earlier runs (read back from it, newest first, up to ``keep``), so a reader
that polls less often than cron runs misses nothing.
"""

from __future__ import annotations

import html
import os
import socket
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from hansard.citation import oscola, speaker_as_printed
from hansard.errors import HansardError, UsageError
from hansard.records import OPL_ATTRIBUTION, Turn

USER_ENV = "HANSARD_SMTP_USER"
PASSWORD_ENV = "HANSARD_SMTP_PASSWORD"
DEFAULT_CAP = 20
FEED_KEEP = 200
_ASKING = ("question", "supplementary")


@dataclass(frozen=True, slots=True)
class Item:
    """A new matching turn, with the question it answers or the answer it got."""

    turn: Turn
    question: Turn | None
    answer: Turn | None


def items_for(data_dir: Path, turns: list[Turn]) -> list[Item]:
    from search.engine import exchange

    items = []
    for turn in turns:
        turns_of_exchange = exchange(data_dir, turn.id) or [turn]
        position = next((i for i, t in enumerate(turns_of_exchange) if t.id == turn.id), 0)
        if turn.role in _ASKING:
            later = turns_of_exchange[position + 1 :]
            answer = next((t for t in later if t.role == "answer"), None)
            items.append(Item(turn, turn, answer))
            continue
        earlier = reversed(turns_of_exchange[:position])
        question = next((t for t in earlier if t.role in _ASKING), None)
        items.append(Item(turn, question, turn if turn.role == "answer" else None))
    return items


# -- the mail ----------------------------------------------------------------------------------


def _parts(item: Item) -> list[tuple[str, Turn]]:
    parts = []
    if item.question is not None:
        parts.append(("Question", item.question))
    if item.answer is not None:
        parts.append(("Answer", item.answer))
    if item.turn not in (item.question, item.answer):
        parts.append((item.turn.role.capitalize(), item.turn))
    return parts


def _item_text(item: Item) -> str:
    lines = []
    for label, turn in _parts(item):
        lines.append(f"{label}: {speaker_as_printed(turn)}")
        lines.extend(f"  {p.strip()}" for p in turn.text.split("\n\n") if p.strip())
    lines.append(f"  {oscola(item.turn)}")
    lines.append(f"  {item.turn.url}")
    return "\n".join(lines)


def _item_html(item: Item) -> str:
    blocks = []
    for label, turn in _parts(item):
        paragraphs = "".join(
            f"<p>{html.escape(p.strip())}</p>" for p in turn.text.split("\n\n") if p.strip()
        )
        blocks.append(
            f"<h4>{html.escape(label)}: {html.escape(speaker_as_printed(turn))}</h4>{paragraphs}"
        )
    url = html.escape(item.turn.url)
    blocks.append(f'<p><cite>{html.escape(oscola(item.turn))}</cite> <a href="{url}">{url}</a></p>')
    return "<div>" + "".join(blocks) + "</div>"


def _title(item: Item) -> str:
    turn = item.turn
    heading = " › ".join(p for p in (turn.department, turn.debate_title) if p)
    return f"{turn.date} · {heading or turn.section or 'Oral questions'}"


def digest_message(
    items_by_watch: dict[str, list[Item]],
    to: str,
    sender: str,
    cap: int = DEFAULT_CAP,
    unsubscribe: str | None = None,
) -> EmailMessage:
    """One message for the run: a section per watch with news, text and HTML alike."""
    news = {name: items for name, items in items_by_watch.items() if items}
    total = sum(len(items) for items in news.values())
    text = [f"Hansard watch digest: {total} new in {len(news)} watch(es).", ""]
    body = [f"<h2>Hansard watch digest: {total} new</h2>"]
    for name, items in news.items():
        text += [f"== watch {name}: {len(items)} new ==", ""]
        body.append(f"<h3>Watch {html.escape(name)}: {len(items)} new</h3>")
        for item in items[:cap]:
            text += [_title(item), _item_text(item), ""]
            body.append(f"<h4>{html.escape(_title(item))}</h4>{_item_html(item)}")
        if len(items) > cap:
            more = f"and {len(items) - cap} more"
            text += [f"… {more} (run `hansard watch run {name}` to see them all)", ""]
            body.append(f"<p>… {html.escape(more)}</p>")
    text += ["--", OPL_ATTRIBUTION]
    body.append(f"<hr><p><small>{html.escape(OPL_ATTRIBUTION)}</small></p>")

    for what, value in (("--mail", to), ("--mail-from", sender), ("--unsubscribe", unsubscribe)):
        if value is not None and (not value.strip() or any(ord(c) < 32 for c in value)):
            raise UsageError(
                f"{what} {value!r} is not an address; give one line, e.g. me@example.org"
            )
    message = EmailMessage()
    message["Subject"] = f"Hansard watch: {total} new ({', '.join(news)})"
    message["From"] = sender
    message["To"] = to
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["List-Unsubscribe"] = f"<{unsubscribe or _unsubscribe_mailto(sender)}>"
    message.set_content("\n".join(text) + "\n")
    message.add_alternative(
        "<!DOCTYPE html><html><body>" + "".join(body) + "</body></html>", subtype="html"
    )
    return message


def _unsubscribe_mailto(sender: str) -> str:
    return f"mailto:{sender}?subject=unsubscribe"


def default_sender() -> str:
    return f"hansard-qa@{socket.getfqdn() or 'localhost'}"


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str = "localhost"
    port: int = 25
    starttls: bool = False
    timeout: float = 60.0


@dataclass(frozen=True, slots=True)
class MailSettings:
    """Where and how a run's digest goes (``sender`` None: :func:`default_sender`)."""

    to: str
    sender: str | None = None
    cap: int = DEFAULT_CAP
    unsubscribe: str | None = None
    smtp: SmtpSettings = SmtpSettings()


def send(message: EmailMessage, settings: SmtpSettings) -> None:
    """Hand the message to the SMTP server; any failure is one :class:`HansardError` line."""
    import smtplib
    import ssl

    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user and password is None:
        raise UsageError(f"${USER_ENV} is set but ${PASSWORD_ENV} is not; set both to log in")
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if user:
                smtp.login(user, password or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise HansardError(
            f"could not send the digest via {settings.host}:{settings.port} ({error}); "
            "nothing was marked seen, so the next run sends the same items"
        ) from None


# -- the feed ----------------------------------------------------------------------------------


def atom_document(
    path: Path, items_by_watch: dict[str, list[Item]], keep: int = FEED_KEEP
) -> bytes:
    """The feed file's new content: this run's entries first, then those already in ``path``."""
    from hansard.feeds import atom_feed, now_timestamp, turn_entry

    entries = []
    for items in items_by_watch.values():
        entries += [turn_entry(item.answer or item.turn, item.question) for item in items]
    seen = {entry.id for entry in entries}
    entries += [entry for entry in _entries_in(path) if entry.id not in seen]
    names = ", ".join(items_by_watch)
    return atom_feed(
        feed_id=f"urn:hansard-qa:watch:{names.replace(', ', '+')}",
        title=f"Hansard watch: {names}",
        entries=entries[:keep],
        updated=now_timestamp(),
        subtitle="New oral questions and answers matching saved searches",
    )


def _entries_in(path: Path) -> list[Any]:
    """The entries of an earlier feed file ([] if there is none or it cannot be read)."""
    from xml.etree import ElementTree as ET

    from hansard.feeds import ATOM_NS, FeedEntry

    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return []
    ns = {"a": ATOM_NS}
    entries = []
    for element in root.findall("a:entry", ns):
        link = element.find("a:link[@rel='alternate']", ns)
        entries.append(
            FeedEntry(
                id=element.findtext("a:id", "", ns),
                title=element.findtext("a:title", "", ns),
                updated=element.findtext("a:updated", "", ns),
                published=element.findtext("a:published", None, ns),
                link=link.get("href", "") if link is not None else "",
                content_html=element.findtext("a:content", "", ns),
                author=element.findtext("a:author/a:name", "", ns),
            )
        )
    return entries
