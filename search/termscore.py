"""The top hits of a one-word search, scored a block of postings at a time.

Whoosh ranks a term through its matcher protocol: for every posting a ``next()``, an ``id()``,
a ``weight()``, a length-column read and a BM25 call, about 2 µs each, so a common word with
100,000 matches costs a few hundred milliseconds. Here each block of 128 postings is decoded
once (Whoosh's own block reader), its field lengths are looked up in the length column read
whole once per segment, and the BM25F formula runs in one list comprehension with the
length-dependent half precomputed for the 256 length codes. Blocks that cannot beat the
current k-th score are skipped unread, by the same block bound Whoosh uses.

The arithmetic is Whoosh's ``bm25`` expression term for term, so the scores are the same
floats, and ties go to the lower document number as in Whoosh's top-k collector: the hits are
identical (``tests/test_search_termscore.py`` compares them with Whoosh's own search). A
word's documents alone, for totals, facets and filters, come from ``search.docsets``.
"""

from __future__ import annotations

from heapq import heappush, heapreplace

from whoosh import query as wq
from whoosh import scoring
from whoosh.codec import whoosh3
from whoosh.util.numeric import byte_to_length

from search import blocks

_lengths: dict[tuple[str, str], bytes] = {}


def clear_caches() -> None:
    _lengths.clear()


def top_hits(searcher, term: wq.Term, limit: int) -> list[tuple[int, float]] | None:
    """[(docnum, score)] best first, as ``searcher.search(term, limit=limit)`` ranks them;
    None when this shortcut does not apply (another weighting, a boost, an unscored field)."""
    fieldname = term.fieldname
    schema = searcher.schema
    if (
        limit is None
        or limit < 1
        or term.boost != 1.0
        or type(searcher.weighting) is not scoring.BM25F
        or fieldname not in schema
        or not schema[fieldname].scorable
    ):
        return None
    field = schema[fieldname]
    btext = field.to_bytes(term.text)
    heap: list[tuple[float, int]] = []  # (score, -docnum): the k best, worst on top
    subs = searcher.subsearchers or [(searcher, 0)]
    for segment, offset in subs:
        reader = segment.reader()
        if (fieldname, btext) not in reader:
            continue
        matcher = reader._terms.matcher(fieldname, btext, field.format)
        if not isinstance(matcher, whoosh3.W3LeafMatcher):
            return None  # inlined postings: not written by this index's codec settings
        scorer = searcher.weighting.scorer(segment, fieldname, btext)
        codes = _length_codes(reader, fieldname)
        if codes is None:
            return None
        _score_segment(matcher, scorer, codes, offset, reader.deleted_docs_set, heap, limit)
    heap.sort(reverse=True)
    return [(-negdoc, score) for score, negdoc in heap]


def bm25_table(scorer) -> tuple[float, float, list[float]]:
    """(idf, K1 + 1, the length half by length code) of Whoosh's ``BM25FScorer``:
    ``bm25 = idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))``, whose
    right-hand ``K1 * (...)`` depends on the length alone, so it is computed once per code."""
    idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    by_code = [k1 * ((1 - b) + b * byte_to_length(code) / avgfl) for code in range(256)]
    return idf, k1 + 1, by_code


def _score_segment(matcher, scorer, codes: bytes, offset: int, deleted, heap, limit) -> None:
    idf, k1_plus, by_code = bm25_table(scorer)
    block_bound = scorer._score
    while not matcher._atend:
        if len(heap) == limit and block_bound(matcher._maxweight, matcher._minlength) <= heap[0][0]:
            matcher._next_block()  # nothing in this block can enter the top k
            continue
        blocks.read_ids(matcher)
        matcher._read_weights()
        ids = matcher._ids
        scores = [
            idf * ((tf * k1_plus) / (tf + by_code[codes[d]]))
            for d, tf in zip(ids, matcher._weights, strict=True)
        ]
        for d, score in zip(ids, scores, strict=True):
            if deleted and d in deleted:
                continue
            if len(heap) < limit:
                heappush(heap, (score, -(d + offset)))
            elif score > heap[0][0]:
                heapreplace(heap, (score, -(d + offset)))
        matcher._next_block()


def _length_codes(reader, fieldname: str) -> bytes | None:
    """The segment's length column for a field, one byte per document, read once and cached.

    Read as one slice of the column file: iterating Whoosh's column reader costs a Python call
    per document (~1 µs each), which made the first search of a cold process grow with the
    archive (a quarter of a second at 100k turns, seconds at 1M).
    """
    key = (str(reader.segment().segment_id()), fieldname)
    codes = _lengths.get(key)
    if codes is None:
        perdoc = reader._perdoc
        column = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        if column is None:
            return None
        doccount = reader.doc_count_all()
        stored = min(column._count, doccount)  # the writer leaves off trailing defaults
        codes = bytes(column._dbfile.get(column._basepos, stored))
        codes += column._defaultbytes * (doccount - stored)
        _lengths[key] = codes
    return codes
