"""Verbatim phrases, checked on positions with set arithmetic instead of Whoosh's span objects.

Whoosh answers a phrase with ``SpanNear2``: for every document holding all the words it builds a
``Span`` object per position of each word and compares them pairwise, about 80 µs per candidate,
most of a phrase search's time. A phrase of adjacent words needs far less: word k of the phrase
must stand at position p + k for some start p, so the starts are the intersection of each word's
positions shifted by its place. The candidates are still the intersection of the words' posting
lists (skipping through blocks), and the score is still the sum of the words' scores, as before.
"""

from __future__ import annotations

from itertools import accumulate

from whoosh import formats, matching
from whoosh import query as wq
from whoosh.compat import loads
from whoosh.query.spans import Span, SpanWrappingMatcher
from whoosh.system import _INT_SIZE
from whoosh.util import make_binary_tree

from search import blocks


class ExactPhrase(wq.Phrase):
    """``Phrase(fieldname, words)`` with slop 1 (adjacent, in order), matched by positions."""

    def matcher(self, searcher, context=None):
        fieldname = self.fieldname
        if fieldname not in searcher.schema or self.slop != 1 or len(self.words) < 2:
            return super().matcher(searcher, context)
        field = searcher.schema[fieldname]
        reader = searcher.reader()
        terms = []
        for word in self.words:
            text = field.to_bytes(word)
            if (fieldname, text) not in reader:
                return matching.NullMatcher()
            terms.append(wq.Term(fieldname, text))
        matchers = [term.matcher(searcher, context) for term in terms]
        found = AdjacentMatcher(matchers)
        if self.boost != 1.0:
            return matching.WrappingMatcher(found, boost=self.boost)
        return found


class AdjacentMatcher(SpanWrappingMatcher):
    """Documents where the words stand next to each other in order; spans are the phrase's."""

    def __init__(self, matchers: list) -> None:
        self.matchers = matchers
        super().__init__(make_binary_tree(matching.IntersectionMatcher, matchers))

    def copy(self):
        return self.__class__([m.copy() for m in self.matchers])

    def _replacement(self, newchild):
        # the intersection was replaced (e.g. after a skip): keep checking positions on it
        return self

    def replace(self, minquality=0):
        return self if self.is_active() else matching.NullMatcher()

    def _get_spans(self) -> list[Span]:
        first, *rest = self.matchers
        starts = set(first.value_as("positions"))
        for offset, matcher in enumerate(rest, 1):
            if not starts:
                return []
            starts.intersection_update(p - offset for p in matcher.value_as("positions"))
        last = len(self.matchers) - 1
        return [Span(start, start + last) for start in sorted(starts)]


# -- block-wise phrase matching (``search.docsets``, ``search.ranked``) -----------------------


def phrase_rows(segment, query: ExactPhrase, wanted: list[int] | None):
    """[(docnum, [(weight, value) of each word, in phrase order])] for the live documents holding
    every word of the phrase (and in ``wanted``), adjacency not yet checked; None when the field
    or the codec is not the kind this reads."""
    reader = segment.reader()
    fieldname = query.fieldname
    if fieldname not in reader.schema or query.slop != 1 or len(query.words) < 2:
        return None
    field = reader.schema[fieldname]
    if not isinstance(field.format, formats.Positions):
        return None
    btexts = [field.to_bytes(word) for word in query.words]
    if any((fieldname, text) not in reader for text in btexts):
        return []
    matchers = [blocks.leaf_matcher(reader, fieldname, text) for text in btexts]
    if any(m is None for m in matchers):
        return None
    postings: list[dict] = [{} for _ in btexts]
    for i in sorted(range(len(btexts)), key=lambda i: reader.doc_frequency(fieldname, btexts[i])):
        rows = blocks.postings(matchers[i], wanted, with_values=True)
        postings[i] = {d: (w, v) for d, w, v in rows}
        wanted = [d for d, _w, _v in rows]  # the rarest word first: it bounds the others' reads
        if not wanted:
            return []
    if reader.has_deletions():
        deleted = reader.deleted_docs_set
        wanted = [d for d in wanted if d not in deleted]
    return [(d, [found[d] for found in postings]) for d in wanted]


def adjacent(values: list[bytes]) -> bool:
    """Whether the words stand next to each other in order: ``AdjacentMatcher._get_spans`` on
    the encoded positions (Whoosh's ``Positions`` format: a count, then pickled deltas)."""
    starts = set(_positions(values[0]))
    for offset, value in enumerate(values[1:], 1):
        starts.intersection_update(p - offset for p in _positions(value))
        if not starts:
            return False
    return True


def _positions(value: bytes):
    # formats.Positions.decode_positions, with the running sum in C
    if not value.endswith(b"."):
        value += b"."
    return accumulate(loads(value[_INT_SIZE:]))


def phrase_docs(segment, query: ExactPhrase, wanted: list[int] | None) -> list[int] | None:
    rows = phrase_rows(segment, query, wanted)
    if rows is None:
        return None
    return [d for d, found in rows if adjacent([v for _w, v in found])]
