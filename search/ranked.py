"""The top hits and the total of a word or an exact phrase under filters, read by blocks.

``hansard search '"social care"'`` or ``stalking --member X`` went through Whoosh's matchers: per
candidate document a chain of ``next``/``skip_to``/``score`` calls, span objects for the phrase,
and a ``ConstantScoreQuery`` that first lists every document of the filter. Here the filters'
documents come from ``search.docsets``, the word's (or each phrase word's) postings are decoded
a block at a time and only where a filter allows, phrases are checked on positions, and the
score is Whoosh's own arithmetic in Whoosh's own order:

- a term scores BM25F (``search.termscore``'s tables, the same floats);
- a phrase scores the sum of its words' scores, added as ``make_binary_tree`` pairs the words'
  matchers (``AdjacentMatcher`` wraps their ``IntersectionMatcher``, whose score is a sum);
- an ``And`` adds its parts' scores as ``make_weighted_tree`` pairs them, by each part's
  ``estimate_size`` in the segment; and a filter scores its constant, where Whoosh's
  ``ListMatcher.weight`` reads a constant of 0.0 as false and gives 1.0 instead.

Ties go to the lower document number, as in Whoosh's top-k collector. Every match is counted,
so the total is exact. ``tests/test_search_ranked.py`` compares hits, float scores and totals
with ``searcher.search`` for phrases and words under member, office and date filters.
"""

from __future__ import annotations

from heapq import heappush, heapreplace

from whoosh import query as wq
from whoosh import scoring
from whoosh.util import make_weighted_tree

from search import blocks, docsets, termscore
from search.datespan import DateSpan
from search.phrase import ExactPhrase, adjacent, phrase_rows


def top_hits(
    searcher, whole: wq.Query, limit: int | None
) -> tuple[list[tuple[int, float]], int] | None:
    """([(docnum, score)] best first, every match counted) as ``searcher.search(whole,
    limit=limit)`` ranks them; None when ``whole`` is not one scored word or phrase under
    constant-score filters (or the index is not scored the way this computes)."""
    parts = whole.subqueries if isinstance(whole, wq.And) and whole.boost == 1.0 else [whole]
    cores = [p for p in parts if _is_core(p)]
    if len(cores) != 1 or not limit or type(searcher.weighting) is not scoring.BM25F:
        return None
    core = cores[0]
    filters = [p for p in parts if p is not core]
    if any(_constant(f) is None for f in filters) or not searcher.schema[core.fieldname].scorable:
        return None
    heap: list[tuple[float, int]] = []  # (score, -docnum): the k best, worst on top
    total = 0
    for segment, offset in searcher.subsearchers or [(searcher, 0)]:
        rows = _matches(segment, core, filters)
        if rows is None:
            return None
        if not rows:
            continue
        total += len(rows)
        add = _scores(searcher, segment, core, parts if len(parts) > 1 else None)
        if add is None:
            return None
        for d, found in rows:
            score = add(d, found)
            if len(heap) < limit:
                heappush(heap, (score, -(d + offset)))
            elif score > heap[0][0]:
                heapreplace(heap, (score, -(d + offset)))
    heap.sort(reverse=True)
    return [(-negdoc, score) for score, negdoc in heap], total


def _is_core(query: wq.Query) -> bool:
    if not isinstance(query, ExactPhrase) and type(query) is not wq.Term:
        return False
    return query.boost == 1.0


def _constant(query: wq.Query) -> float | None:
    """The score a filter adds to each match (Whoosh's ``ListMatcher`` reads 0.0 as 1.0)."""
    if isinstance(query, wq.ConstantScoreQuery):
        return query.score or 1.0
    if isinstance(query, DateSpan):
        return 1.0  # its matcher is a SortedIdsMatcher with all_weights=0.0
    return None


def _matches(segment, core: wq.Query, filters: list[wq.Query]):
    """[(docnum, [(weight, value) per word])] of the live matches in one segment, or None."""
    spans = [f for f in filters if isinstance(f, DateSpan)]
    plain = [f for f in filters if not isinstance(f, DateSpan)]
    wanted = None
    if plain:
        wanted = docsets.segment_docs(segment, plain[0] if len(plain) == 1 else wq.And(plain))
        if not wanted:
            return []
    reader = segment.reader()
    if isinstance(core, ExactPhrase):
        rows = phrase_rows(segment, core, wanted)
    else:
        btext = reader.schema[core.fieldname].to_bytes(core.text)
        if (core.fieldname, btext) not in reader:
            return []
        matcher = blocks.leaf_matcher(reader, core.fieldname, btext)
        if matcher is None:
            return None
        deleted = reader.deleted_docs_set if reader.has_deletions() else ()
        rows = [(d, [(w, v)]) for d, w, v in blocks.postings(matcher, wanted) if d not in deleted]
    if not rows:
        return rows
    if spans:
        keep = set(docsets.in_span(reader, spans, [d for d, _found in rows]))
        rows = [row for row in rows if row[0] in keep]
    if isinstance(core, ExactPhrase):
        rows = [(d, found) for d, found in rows if adjacent([v for _w, v in found])]
    return rows


def _scores(searcher, segment, core: wq.Query, parts: list[wq.Query] | None):
    """A function (docnum, [(weight, value) per word]) -> its score, as Whoosh adds it."""
    reader = segment.reader()
    fieldname = core.fieldname
    field = searcher.schema[fieldname]
    codes = termscore._length_codes(reader, fieldname)
    if codes is None:
        return None
    words = core.words if isinstance(core, ExactPhrase) else [core.text]
    tables = [
        termscore.bm25_table(searcher.weighting.scorer(segment, fieldname, field.to_bytes(word)))
        for word in words
    ]

    def core_score(d: int, found) -> float:
        code = codes[d]
        scores = [
            idf * ((tf * k1_plus) / (tf + by_code[code]))
            for (idf, k1_plus, by_code), (tf, _value) in zip(tables, found, strict=True)
        ]
        return _binary_sum(scores)

    if parts is None:
        return core_score
    # Whoosh's And pairs its parts' matchers by estimated size; sum the scores the same way
    leaves = [(0 - p.estimate_size(reader), _Leaf(_constant(p))) for p in parts]
    tree = make_weighted_tree(_Sum, leaves)

    def score(d: int, found) -> float:
        return tree.value(core_score(d, found))

    return score


def _binary_sum(scores: list[float]) -> float:
    """The scores added as ``make_binary_tree`` nests ``IntersectionMatcher``s: halves first."""
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return _binary_sum(scores[:half]) + _binary_sum(scores[half:])


class _Node:
    """Ordered as Whoosh's matchers are when ``make_weighted_tree`` sorts tied sizes: never less
    (a matcher is "less" only than another of its own class, and then also equal), so ties keep
    their order."""

    def __lt__(self, other: object) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


class _Leaf(_Node):
    def __init__(self, constant: float | None) -> None:
        self.constant = constant  # None: the scored word or phrase

    def value(self, core: float) -> float:
        return core if self.constant is None else self.constant


class _Sum(_Node):
    def __init__(self, a: _Node, b: _Node) -> None:
        self.a, self.b = a, b

    def value(self, core: float) -> float:
        return self.a.value(core) + self.b.value(core)
