"""``hansard find-quote``: the turns a press quote came from, best first.

Candidates come from the index: the quote's rarest words (by document frequency, words the
index has never seen left out, since they are the journalist's), any of them, ranked by BM25,
within the request's filters. Each candidate is then aligned word by word with the quote
(``hansard.research.align``); only alignments good enough to stand behind are returned, so the
command never names a speaker who did not say the words.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from pathlib import Path

from whoosh import query as wq

from hansard.citation import cite
from hansard.records import QuoteMatch, SearchRequest, Turn
from hansard.research import align
from index.schema import stemming_analyzer
from search import engine

RARE_WORDS = 8
"""At most this many of the quote's rarest words select the candidates."""
POSTINGS_BUDGET = 12_000
"""Words are taken rarest first until their postings add up to this (two at least): a common
word adds little to the choice and costs a walk over its postings."""
CANDIDATES = 25
"""How many candidate turns are aligned (those holding the most of those words, by weight)."""


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
    matches = []
    fragments = align.quote_fragments(quote)
    for docnum in _candidates(searcher, words, filters):
        turn = Turn.from_json(searcher.stored_fields(docnum)["turn"])
        alignment = align.align(quote, turn.text, fragments)
        if alignment is None or not alignment.accepted():
            continue
        passage, marked = align.passage_and_marks(alignment, turn.text)
        found = QuoteMatch(turn, alignment.score, passage, marked, cite(turn))
        matches.append((alignment.score, alignment.longest_run, found))
    matches.sort(key=lambda m: (-m[0], -m[1], m[2].turn.date, m[2].turn.id))
    return [m for _score, _run, m in matches[:limit]]


def rare_words(searcher, quote: str) -> list[tuple[str, int]]:
    """(stemmed word, document frequency) of the quote's words the index holds, rarest first,
    within ``RARE_WORDS`` and ``POSTINGS_BUDGET``."""
    text = align.quote_text(quote)
    stems = dict.fromkeys(t.text for t in stemming_analyzer(text))
    frequency = {s: searcher.doc_frequency("text", s) for s in stems}
    known = sorted((s for s in stems if frequency[s] > 0), key=lambda s: (frequency[s], s))
    chosen: list[tuple[str, int]] = []
    postings = 0
    for word in known[:RARE_WORDS]:
        if len(chosen) >= 2 and postings + frequency[word] > POSTINGS_BUDGET:
            break
        chosen.append((word, frequency[word]))
        postings += frequency[word]
    return chosen


def _candidates(searcher, words: list[tuple[str, int]], filters: list) -> list[int]:
    """The turns holding the most of the words, weighted by rarity, within the filters.

    Postings are walked directly (no BM25 scoring, which cost 90% of the time at 100,000
    turns); the filters restrict the result through the engine's own query.
    """
    total = max(1, searcher.doc_count_all())
    weights = {word: math.log(1 + total / df) for word, df in words}
    scores: Counter[int] = Counter()
    for segment, offset in engine._segments(searcher):
        for word, weight in weights.items():
            for docnum in wq.Term("text", word).docs(segment):
                scores[docnum + offset] += weight
    if filters:
        any_word = wq.Or([wq.Term("text", word) for word in weights])
        allowed = engine._combine(any_word, filters).normalize()
        keep = {
            docnum + offset
            for segment, offset in engine._segments(searcher)
            for docnum in allowed.docs(segment)
        }
        scores = Counter({docnum: n for docnum, n in scores.items() if docnum in keep})
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return [docnum for docnum, _weight in ranked[:CANDIDATES]]
