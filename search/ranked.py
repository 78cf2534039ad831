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

from heapq import nlargest
from operator import add

from whoosh import query as wq
from whoosh import scoring
from whoosh.util import make_weighted_tree

from search import blocks, docsets, termscore
from search.datespan import DateSpan
from search.phrase import Columns, ExactPhrase, adjacent, phrase_columns


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
    if core.fieldname not in searcher.schema or not searcher.schema[core.fieldname].scorable:
        return None
    if any(_constant(f) is None for f in filters):
        return None
    best: list[tuple[float, int]] = []  # (score, -docnum) of each segment's k best
    total = 0
    for segment, offset in searcher.subsearchers or [(searcher, 0)]:
        found = _matches(segment, core, filters)
        if found is None:
            return None
        if not found.docs:
            continue
        total += len(found.docs)
        scores = _scores(searcher, segment, core, parts if len(parts) > 1 else None, found)
        if scores is None:
            return None
        # nlargest keeps the lower document of equal scores, as Whoosh's collector keeps the
        # first one it met (documents arrive in order, segments by rising offset)
        best.extend(_segment_best(scores, found.docs, offset, limit))
    top = nlargest(limit, best)
    return [(-negdoc, score) for score, negdoc in top], total


def _segment_best(scores, docs: list[int], offset: int, limit: int) -> list[tuple[float, int]]:
    """The segment's ``limit`` best (score, -docnum). From an array, only the scores at or
    above the ``limit``-th highest (ties included) go to ``nlargest``, which then picks as it
    would from all of them."""
    if not isinstance(scores, list) and len(scores) > limit:
        import numpy as np

        kth = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        picked = np.flatnonzero(scores >= kth).tolist()
        scores = scores[picked].tolist()
        docs = [docs[i] for i in picked]
    elif not isinstance(scores, list):
        scores = scores.tolist()
    return nlargest(limit, zip(scores, [-(d + offset) for d in docs], strict=True))


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


def _matches(segment, core: wq.Query, filters: list[wq.Query]) -> Columns | None:
    """The live matches in one segment with each word's weights and positions, or None."""
    spans = [f for f in filters if isinstance(f, DateSpan)]
    plain = [f for f in filters if not isinstance(f, DateSpan)]
    wanted = None
    if plain:
        wanted = docsets.segment_docs(segment, plain[0] if len(plain) == 1 else wq.And(plain))
        if not wanted:
            return Columns([], [], [])
    reader = segment.reader()
    if isinstance(core, ExactPhrase):
        found = phrase_columns(segment, core, wanted)
    else:
        btext = reader.schema[core.fieldname].to_bytes(core.text)
        if (core.fieldname, btext) not in reader:
            return Columns([], [], [])
        matcher = blocks.leaf_matcher(reader, core.fieldname, btext)
        if matcher is None:
            return None
        docs, weights, values = blocks.postings(matcher, wanted)
        found = Columns(docs, [weights], [values])
        if reader.has_deletions():
            deleted = reader.deleted_docs_set
            found = found.keep([k for k, d in enumerate(docs) if d not in deleted])
    if found is None or not found.docs:
        return found
    if spans:
        keep = set(docsets.in_span(reader, spans, found.docs))
        found = found.keep([k for k, d in enumerate(found.docs) if d in keep])
    if isinstance(core, ExactPhrase):
        found = found.keep(adjacent(found.values, found.packed))
    return found


def _scores(searcher, segment, core: wq.Query, parts: list[wq.Query] | None, found: Columns):
    """Each matching document's score, as Whoosh adds it up; None if lengths are not stored."""
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
    if len(found.docs) >= ARRAYS_FROM and parts is None:
        return _array_scores(codes, found, tables)
    doc_codes = [codes[d] for d in found.docs]
    per_word = [
        [idf * ((tf * k1_plus) / (tf + by_code[c])) for tf, c in zip(tfs, doc_codes, strict=True)]
        for (idf, k1_plus, by_code), tfs in zip(tables, found.weights, strict=True)
    ]
    scores = _binary_sum(per_word)
    if parts is None:
        return scores
    # Whoosh's And pairs its parts' matchers by estimated size; add the scores the same way
    leaves = [(0 - p.estimate_size(reader), _Leaf(_constant(p))) for p in parts]
    return make_weighted_tree(_Sum, leaves).value(scores)


ARRAYS_FROM = 512
"""Matches in a segment from which a phrase or word alone is scored with numpy arrays: the
same operations in the same order on the same doubles, so the same floats, without a Python
step per match."""


def _array_scores(codes: bytes, found: Columns, tables: list):
    """``_scores`` of a core alone, as an array (numpy, imported only for this)."""
    import numpy as np

    doc_codes = np.frombuffer(codes, dtype=np.uint8)[np.array(found.docs, dtype=np.int64)]
    per_word = []
    for (idf, k1_plus, by_code), tfs in zip(tables, found.weights, strict=True):
        tf = np.array(tfs, dtype=np.float64)
        per_word.append(idf * ((tf * k1_plus) / (tf + np.array(by_code)[doc_codes])))
    return _binary_sum(per_word)


def _binary_sum(columns: list) -> list:
    """Per document, the words' scores added as ``make_binary_tree`` nests the phrase's
    ``IntersectionMatcher``s: each half summed first, then the halves."""
    if len(columns) == 1:
        return columns[0]
    half = len(columns) // 2
    left, right = _binary_sum(columns[:half]), _binary_sum(columns[half:])
    return left + right if not isinstance(left, list) else list(map(add, left, right))


class _Node:
    """Ordered as Whoosh's matchers are when ``make_weighted_tree`` sorts tied sizes: never less
    (a matcher is "less" only than another of its own class, and then also equal), so ties keep
    their order."""

    def __lt__(self, other: object) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


Value = float | list[float]


def _plus(a: Value, b: Value) -> Value:
    """a + b, a constant or a list of per-document scores each."""
    if isinstance(a, list):
        return list(map(add, a, b)) if isinstance(b, list) else [x + b for x in a]
    return [a + y for y in b] if isinstance(b, list) else a + b


class _Leaf(_Node):
    def __init__(self, constant: float | None) -> None:
        self.constant = constant  # None: the scored word or phrase

    def value(self, core: list[float]) -> Value:
        return core if self.constant is None else self.constant


class _Sum(_Node):
    def __init__(self, a: _Node, b: _Node) -> None:
        self.a, self.b = a, b

    def value(self, core: list[float]) -> Value:
        return _plus(self.a.value(core), self.b.value(core))
