"""The Markdown tables the benchmarks print (one shape for every script's figures)."""

from __future__ import annotations


def markdown_table(title: str, columns: list[tuple[str, str]], rows: list[dict]) -> str:
    """A title line, then one row a dict: ``columns`` are (heading, cell format) pairs, the
    format filled from the row (``"{rps:,}"``); a heading ending in ":" aligns right."""
    headings = [heading.rstrip(":") for heading, _ in columns]
    rules = ["---:" if heading.endswith(":") else "---" for heading, _ in columns]
    lines = [title, "", f"| {' | '.join(headings)} |", f"| {' | '.join(rules)} |"]
    lines += [f"| {' | '.join(cell.format(**row) for _, cell in columns)} |" for row in rows]
    return "\n".join(lines)
