"""Keyword in context: every occurrence of a word or phrase, with the words either side.

The turns come from the search itself (the same query language and filters), so a concordance
lists exactly the turns ``hansard search`` finds; within each, a word matches by stem as the
index does ("stalk" finds "stalking") and a phrase verbatim, case aside.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from whoosh.lang.porter import stem as porter_stem

from hansard.citation import cite, speaker_as_printed
from hansard.errors import UsageError
from hansard.records import KwicLine, SearchRequest, Turn
from search import engine

stem = functools.lru_cache(maxsize=100_000)(porter_stem)
"""Stemming each word of every matching turn is most of the work: the same words recur."""
_WORD = re.compile(r"\w+(?:['’]\w+)*")
SORTS = ("date", "left", "right")


MAX_SORTED_TURNS = 2_000
"""Sorting by the word left or right reads every matching turn; beyond this many, the newest
are read (the CLI says so), since a common word matches tens of thousands."""


@dataclass(frozen=True, slots=True)
class Concordance:
    lines: list[KwicLine]
    turns_read: int
    turns_matching: int


def kwic(
    data_dir: Path,
    term: str,
    request: SearchRequest | None = None,
    width: int = 40,
    sort: str = "date",
    limit: int | None = None,
) -> Concordance:
    """Concordance lines for ``term`` (one word, or several: a phrase), oldest first unless
    sorted by the word to the left or to the right of the match."""
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}; use one of: {', '.join(SORTS)}")
    words = _WORD.findall(term.strip().strip('"').lower())
    if not words:
        raise UsageError(f"{term!r} holds no word to look for")
    query = words[0] if len(words) == 1 else '"' + " ".join(words) + '"'
    base = request or SearchRequest()
    if sort == "date":  # every matching turn holds a line: the first ``limit`` turns suffice
        order, turns_needed = "date", limit
    else:
        order, turns_needed = "-date", MAX_SORTED_TURNS
    search_request = SearchRequest(
        **{**_filters(base), "query": query, "sort": order, "limit": turns_needed},
        snippets=False,
    )
    result = engine.search(data_dir, search_request)
    hits = result.hits if sort == "date" else sorted(
        result.hits, key=lambda hit: (hit.turn.date, hit.turn.house))  # fmt: skip
    lines: list[KwicLine] = []
    for hit in hits:
        lines.extend(_lines(hit.turn, words, width))
    if sort == "left":
        lines.sort(key=lambda line: [w.lower() for w in reversed(_WORD.findall(line.left))])
    elif sort == "right":
        lines.sort(key=lambda line: [w.lower() for w in _WORD.findall(line.right)])
    shown = lines if limit is None else lines[:limit]
    return Concordance(shown, len(result.hits), result.total)


def _filters(request: SearchRequest) -> dict:
    names = ("member", "minister", "topic", "department", "party", "role", "house", "date_from",
             "date_to")  # fmt: skip
    return {name: getattr(request, name) for name in names}


def occurrences(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Character spans of the word (by stem) or the phrase (verbatim) in the text."""
    tokens = list(_WORD.finditer(text))
    lowered = [t.group().lower().replace("’", "'") for t in tokens]
    spans = []
    if len(words) == 1:
        wanted = stem(words[0])
        for token, word in zip(tokens, lowered, strict=True):
            if word == words[0] or stem(word) == wanted:
                spans.append((token.start(), token.end()))
        return spans
    n = len(words)
    for i in range(len(tokens) - n + 1):
        if lowered[i : i + n] == words:
            spans.append((tokens[i].start(), tokens[i + n - 1].end()))
    return spans


def _lines(turn: Turn, words: list[str], width: int) -> list[KwicLine]:
    text = " ".join(turn.text.split())  # paragraphs and line breaks become single spaces
    found = []
    for start, end in occurrences(text, words):
        left = text[max(0, start - width) : start]
        right = text[end : end + width]
        if start > width:
            left = "…" + left[1:].split(" ", 1)[-1] if " " in left[1:] else "…" + left[1:]
        if end + width < len(text):
            right = right[:-1].rsplit(" ", 1)[0] + " …" if " " in right[:-1] else right
        found.append(
            KwicLine(
                left=left,
                match=text[start:end],
                right=right,
                turn_id=turn.id,
                date=turn.date,
                house=turn.house,
                speaker=speaker_as_printed(turn),
                citation=cite(turn),
                url=turn.url,
            )
        )
    return found
