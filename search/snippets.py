"""Short extracts around the matched words, marked with [[ and ]] (plain text, any renderer)."""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.lang import porter

_WORD = re.compile(r"\w+(?:['’.]\w+)*")
WINDOW_WORDS = 32

stem = lru_cache(maxsize=65_536)(porter.stem)
"""Porter's stemmer is a pure function costing ~10 µs a word; a page of 20 hits stems ~1,000
words, mostly the same few hundred, so their stems are remembered."""


def snippet(
    text: str, marks: tuple[set[str], list[tuple[str, ...]]], window: int = WINDOW_WORDS
) -> str | None:
    """The window of about ``window`` words with the most matches, matches in [[ ]].

    Words match by stem (as the index does) and phrases verbatim, so the marks agree with what
    was searched. Returns None when nothing is to be marked (a filter-only search).
    """
    stems, phrases = marks
    if not stems and not phrases:
        return None
    words = list(_WORD.finditer(text))
    lowered = [m.group().lower() for m in words]
    hit = [False] * len(words)
    for i, word in enumerate(lowered):
        if stems and (word in stems or stem(word) in stems):
            hit[i] = True
    for phrase in phrases:
        size = len(phrase)
        for i in range(len(lowered) - size + 1):
            if tuple(lowered[i : i + size]) == phrase:
                for j in range(i, i + size):
                    hit[j] = True
    if not any(hit):
        return None
    starts = range(0, max(1, len(words) - window + 1))
    first = max(starts, key=lambda start: (sum(hit[start : start + window]), -start))
    last = min(len(words), first + window)
    out: list[str] = []
    cursor = words[first].start()
    for i in range(first, last):
        m = words[i]
        out.append(text[cursor : m.start()])
        out.append(f"[[{m.group()}]]" if hit[i] else m.group())
        cursor = m.end()
    end = words[last - 1].end()
    tail = "…" if last < len(words) else text[end:]
    head = "…" if first > 0 else ""
    return head + "".join(out).strip() + tail.rstrip()
