"""Which live documents of one segment a query matches, as set arithmetic over posting blocks.

Whoosh answers ``And``/``Or`` trees through matchers that step and skip one posting at a time,
and a ``ConstantScoreQuery`` (how the engine keeps filters out of the ranking) first copies its
child's every match into a list. For the trees the engine builds from filters (terms, their
``And`` and ``Or``, date spans, exact phrases) the same documents come from block reads: the
most selective part first, then each other term read only in the blocks that can hold one of
the documents still wanted, and a date span checked on the ``order`` column of those documents.
Anything else goes through Whoosh. ``tests/test_search_docsets.py`` compares the documents with
Whoosh's ``query.docs`` for every shape handled here.
"""

from __future__ import annotations

from whoosh import query as wq

from search import blocks, phrase
from search.datespan import DateSpan, numbers


def segment_docs(segment, query: wq.Query, wanted: list[int] | None = None) -> list[int]:
    """The live documents of ``segment`` matching ``query`` (and in ``wanted``), in order."""
    found = _docs(segment, query, wanted)
    if found is None:
        found = list(query.docs(segment))
        if wanted is not None:
            keep = set(wanted)
            found = [d for d in found if d in keep]
    return found


def _docs(segment, query: wq.Query, wanted: list[int] | None) -> list[int] | None:
    if isinstance(query, wq.ConstantScoreQuery):
        return segment_docs(segment, query.child, wanted)
    if isinstance(query, wq.Term):
        return term_docs(segment.reader(), query, wanted)
    if isinstance(query, wq.Or) and query.subqueries:
        found: set[int] = set()
        for part in query.subqueries:
            found.update(segment_docs(segment, part, wanted))
        return sorted(found)
    if isinstance(query, wq.And) and query.subqueries:
        return _and_docs(segment, query.subqueries, wanted)
    if isinstance(query, phrase.ExactPhrase):
        return phrase.phrase_docs(segment, query, wanted)
    if isinstance(query, DateSpan) and wanted is not None:
        return in_span(segment.reader(), [query], wanted)
    return None


def _and_docs(segment, parts: list[wq.Query], wanted: list[int] | None) -> list[int]:
    reader = segment.reader()
    parts = list(_flattened(parts))
    spans = [p for p in parts if isinstance(p, DateSpan)]
    # the most selective part first (Whoosh's own estimate): it bounds what the others read
    others = sorted(
        (p for p in parts if not isinstance(p, DateSpan)), key=lambda p: p.estimate_size(reader)
    )
    if not others:
        # only date spans: Whoosh's matcher for the first gives a run of ids, the rest filter it
        wanted = segment_docs(segment, spans[0], wanted)
        spans = spans[1:]
    for part in others:
        wanted = segment_docs(segment, part, wanted)
        if not wanted:
            return []
    return in_span(reader, spans, wanted) if spans else wanted


def _flattened(parts: list[wq.Query]):
    """An ``And``'s parts with the parts of nested ``And``s in their place."""
    for part in parts:
        if isinstance(part, wq.And) and part.subqueries and part.boost == 1.0:
            yield from _flattened(part.subqueries)
        else:
            yield part


def in_span(reader, spans: list[DateSpan], docs: list[int]) -> list[int]:
    """The documents whose ``order`` key falls in every span: the span's own definition
    (``DateSpan.matcher`` bisects or scans the same column for the same bounds)."""
    keys = numbers(reader, "order")
    for span in spans:
        low, high = span.bounds()
        docs = [d for d in docs if low <= keys[d] <= high]
    return docs


def term_docs(reader, term: wq.Term, wanted: list[int] | None = None) -> list[int] | None:
    """A term's live documents (restricted to ``wanted``), None when the codec is not Whoosh 3's."""
    schema = reader.schema
    if term.fieldname not in schema:
        return None
    btext = schema[term.fieldname].to_bytes(term.text)
    if (term.fieldname, btext) not in reader:
        return []
    matcher = blocks.leaf_matcher(reader, term.fieldname, btext)
    if matcher is None:
        return None
    ids = blocks.doc_ids(matcher, wanted)
    deleted = reader.deleted_docs_set if reader.has_deletions() else None
    return [d for d in ids if d not in deleted] if deleted else ids
