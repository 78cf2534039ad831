"""``hansard find-quote``: the turns a press quote came from, best first.

Candidates come from the index: the quote's rarest words (by document frequency, words the
index has never seen left out, since they are the journalist's), any of them, ranked by BM25,
within the request's filters. Each candidate is then aligned word by word with the quote
(``hansard.research.align``); only alignments good enough to stand behind are returned, so the
command never names a speaker who did not say the words.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from whoosh import query as wq

from hansard.citation import cite
from hansard.records import QuoteMatch, SearchRequest, Turn
from hansard.research import align
from index.schema import stemming_analyzer
from search import engine

RARE_WORDS = 8
"""How many of the quote's rarest words select the candidates."""
CANDIDATES = 40
"""How many candidate turns are aligned (ranked by those words)."""


def find_quote(
    data_dir: Path, quote: str, request: SearchRequest | None = None, limit: int = 5
) -> list[QuoteMatch]:
    """The turns the quote came from, best first ([] when none is close enough)."""
    searcher = engine._searcher(data_dir)
    request = replace(request or SearchRequest(), query="", limit=None)
    _none, filters = engine.build_query(searcher, request)
    words = rare_words(searcher, quote)
    if not words:
        return []
    any_word = wq.Or([wq.Term("text", w) for w in words])
    whole = engine._combine(any_word, filters).normalize()
    matches = []
    for hit in searcher.search(whole, limit=CANDIDATES):
        turn = Turn.from_json(searcher.stored_fields(hit.docnum)["turn"])
        alignment = align.align(quote, turn.text)
        if alignment is None or not alignment.accepted():
            continue
        passage, marked = align.passage_and_marks(alignment, turn.text)
        found = QuoteMatch(turn, alignment.score, passage, marked, cite(turn))
        matches.append((alignment.score, alignment.longest_run, found))
    matches.sort(key=lambda m: (-m[0], -m[1], m[2].turn.date, m[2].turn.id))
    return [m for _score, _run, m in matches[:limit]]


def rare_words(searcher, quote: str) -> list[str]:
    """The quote's stemmed words that the index holds, rarest first (at most ``RARE_WORDS``)."""
    text = align.quote_text(quote)
    stems = dict.fromkeys(t.text for t in stemming_analyzer(text))
    frequency = {s: searcher.doc_frequency("text", s) for s in stems}
    known = [s for s in stems if frequency[s] > 0]
    return sorted(known, key=lambda s: (frequency[s], s))[:RARE_WORDS]
