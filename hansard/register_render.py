"""The commitments register as text, Markdown, CSV, JSON and JSON Lines.

Every format carries every field of a register entry (:data:`FIELDS`): CSV and JSON have one
column or key each (the history and follow-ups as JSON text in CSV), text and Markdown print each
field that has a value, history included. No click here, so any front end can render a register.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from hansard.records import OPL_ATTRIBUTION
from hansard.register import STATUSES

FIELDS = (
    "id", "status", "due", "overdue", "kind", "date", "house", "minister", "office",
    "minister_member_id", "department", "remit", "debate_title", "sentence", "sentence_index",
    "citation", "url", "asker", "asker_member_id", "question", "question_turn_id", "turn_id",
    "note", "evidence", "evidence_turn_id", "marked_at", "history",
)  # fmt: skip
"""A register entry's fields, in the order a reader wants them."""


def render(records: list[dict], fmt: str, excel: bool = False, title: str | None = None) -> str:
    """``title`` makes Markdown a publishable register (a heading and a summary first)."""
    out = io.StringIO(newline="")
    if fmt == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        _render_csv(records, out, excel)
    elif fmt == "md":
        _render_markdown(records, out, title)
    else:
        _render_text(records, out)
    return out.getvalue()


def _columns(records: list[dict]) -> tuple[str, ...]:
    extra = ("follow_ups",) if any("follow_ups" in r for r in records) else ()
    return FIELDS + extra


def _cell(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _render_csv(records: list[dict], out: io.StringIO, excel: bool) -> None:
    from hansard.export import neutralise_cell

    if excel:
        out.write("\ufeff")
    columns = _columns(records)
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([neutralise_cell(_cell(record.get(field))) for field in columns])


def who(record: dict) -> str:
    office, name = record.get("office"), record.get("minister")
    if office and name and office != name:
        return f"{office} ({name})"
    return name or office or "Unattributed"


def _shorten(text: str | None, limit: int = 200) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _change_line(change: dict) -> str:
    parts = [change.get("at") or "(undated)"]
    if change.get("status"):
        parts.append(change["status"])
    if change.get("due"):
        parts.append(f"due {change['due']}")
    if change.get("note"):
        parts.append(f"“{change['note']}”")
    if change.get("evidence"):
        parts.append(change["evidence"])
    return " · ".join(parts)


def summary(records: list[dict]) -> str:
    counts = ", ".join(f"{sum(1 for r in records if r['status'] == s)} {s}" for s in STATUSES)
    overdue = sum(1 for r in records if r.get("overdue"))
    return f"{len(records)} commitments ({counts}; {overdue} overdue)"


def _render_text(records: list[dict], out: io.StringIO) -> None:
    for r in records:
        late = " OVERDUE" if r.get("overdue") else ""
        out.write(f"[{r['status']}] {r['date']} {r['house']} · {who(r)} · {r['kind']}\n")
        out.write(f"  “{r['sentence']}”\n")
        out.write(f"  due {r['due']}{late}; department: {r.get('department') or '?'}")
        if r.get("remit") and r.get("remit") != r.get("department"):
            out.write(f" (now {r['remit']})")
        out.write("\n")
        if r.get("asker") or r.get("question"):
            out.write(f"  asked by {r.get('asker') or '?'}: “{_shorten(r.get('question'))}”\n")
        out.write(f"  {r['citation']}\n  {r['url']}\n  id: {r['id']}\n")
        if r.get("note") or r.get("evidence"):
            out.write(f"  note: {r.get('note') or ''} {r.get('evidence') or ''}".rstrip() + "\n")
        for change in r.get("history") or []:
            out.write(f"  history: {_change_line(change)}\n")
        for f in r.get("follow_ups") or []:
            out.write(f"  follow-up: {f['date']} {f['speaker']} ({f['role']}) {f['url']}\n")
        out.write("\n")
    out.write(f"{summary(records)}\n{OPL_ATTRIBUTION}\n")


def _md(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def _render_markdown(records: list[dict], out: io.StringIO, title: str | None) -> None:
    if title:
        out.write(f"# {title}\n\n{summary(records)}.\n\n")
    out.write(
        "| Status | Due | Date | Minister | Kind | Undertaking | Asked by | Citation | Id |\n"
    )
    out.write("|---|---|---|---|---|---|---|---|---|\n")
    for r in records:
        due = f"**{r['due']} (overdue)**" if r.get("overdue") else r["due"]
        cells = (r["status"], due, r["date"], who(r), r["kind"], r["sentence"], r.get("asker"))
        link = f"[{_md(r['citation'])}]({r['url']})"
        out.write("| " + " | ".join(_md(c) for c in cells) + f" | {link} | {_md(r['id'])} |\n")
    out.write("\n## Entries\n")
    for r in records:
        out.write(f"\n### {_md(r['id'])}\n\n")
        for field in _columns([r]):
            value = r.get(field)
            if field in ("history", "follow_ups") or value in (None, ""):
                continue
            out.write(f"- **{field}**: {_md(_cell(value))}\n")
        for change in r.get("history") or []:
            out.write(f"- **history**: {_md(_change_line(change))}\n")
        for f in r.get("follow_ups") or []:
            out.write(f"- **follow-up**: {_md(f['date'])} {_md(f['speaker'])} <{f['url']}>\n")
    out.write(f"\n{OPL_ATTRIBUTION}\n")
