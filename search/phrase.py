"""Verbatim phrases, checked on positions with set arithmetic instead of Whoosh's span objects.

Whoosh answers a phrase with ``SpanNear2``: for every document holding all the words it builds a
``Span`` object per position of each word and compares them pairwise, about 80 µs per candidate,
most of a phrase search's time. A phrase of adjacent words needs far less: word k of the phrase
must stand at position p + k for some start p, so the starts are the intersection of each word's
positions shifted by its place. The candidates are still the intersection of the words' posting
lists (skipping through blocks), and the score is still the sum of the words' scores, as before.

``ExactPhrase`` keeps that check inside Whoosh's matcher protocol, for queries Whoosh runs.
The engine's own paths (``search.ranked``, ``search.docsets``) use ``phrase_columns`` and
``adjacent`` instead: each word's postings decoded a block at a time, the rarest word first,
the others only in blocks holding its documents, and a block's positions unpickled together.
"""

from __future__ import annotations

from itertools import accumulate, count

from whoosh import formats, matching
from whoosh import query as wq
from whoosh.compat import loads
from whoosh.query.spans import Span, SpanWrappingMatcher
from whoosh.system import _INT_SIZE
from whoosh.util import make_binary_tree

from index.textfields import ArrayPositions
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


class Columns:
    """Matching documents of one segment in order, with each word's weight and encoded
    positions per document (parallel lists, one per word of the phrase)."""

    def __init__(
        self, docs: list[int], weights: list[list], values: list[list], packed: bool = False
    ) -> None:
        self.docs, self.weights, self.values = docs, weights, values
        self.packed = packed  # positions as ``index.textfields.ArrayPositions`` stores them

    def keep(self, picked: list[int]) -> Columns:
        """Only the documents at these indexes."""
        return Columns(
            [self.docs[i] for i in picked],
            [[column[i] for i in picked] for column in self.weights],
            [[column[i] for i in picked] for column in self.values],
            self.packed,
        )


def phrase_columns(segment, query: ExactPhrase, wanted: list[int] | None) -> Columns | None:
    """The live documents holding every word of the phrase (and in ``wanted``), adjacency not
    yet checked; None when the field or the codec is not the kind this reads."""
    reader = segment.reader()
    fieldname = query.fieldname
    if fieldname not in reader.schema or query.slop != 1 or len(query.words) < 2:
        return None
    field = reader.schema[fieldname]
    if not isinstance(field.format, formats.Positions):
        return None
    btexts = [field.to_bytes(word) for word in query.words]
    if any((fieldname, text) not in reader for text in btexts):
        return Columns([], [[] for _ in btexts], [[] for _ in btexts])
    matchers = [blocks.leaf_matcher(reader, fieldname, text) for text in btexts]
    if any(m is None for m in matchers):
        return None
    order = sorted(range(len(btexts)), key=lambda i: reader.doc_frequency(fieldname, btexts[i]))
    docs: list[int] = []
    weights: dict[int, list] = {}
    values: dict[int, list] = {}
    for i in order:  # the rarest word first: it bounds the others' reads
        found, weights[i], values[i] = blocks.postings(matchers[i], wanted, with_values=True)
        if len(found) < len(docs):  # found is a subset of docs, in order
            held = set(found)
            picked = [k for k, d in enumerate(docs) if d in held]
            for column in (weights, values):
                for j in column:
                    if j != i:
                        column[j] = [column[j][k] for k in picked]
        docs = wanted = found
        if not docs:
            break
    n = len(btexts)
    columns = Columns(
        docs,
        [weights.get(i, []) for i in range(n)],
        [values.get(i, []) for i in range(n)],
        isinstance(field.format, ArrayPositions),
    )
    if reader.has_deletions() and docs:
        deleted = reader.deleted_docs_set
        columns = columns.keep([k for k, d in enumerate(docs) if d not in deleted])
    return columns


def adjacent(values: list[list[bytes]], packed: bool = False) -> list[int]:
    """The indexes of the documents where the words stand next to each other in order
    (``AdjacentMatcher._get_spans`` on the encoded positions of each word, per document);
    ``packed`` when the values are ``ArrayPositions``', else Whoosh's pickled gaps."""
    if packed:
        return _adjacent_packed(values)
    deltas = [_decode_all(column) for column in values]
    first, rest = deltas[0], deltas[1:]
    if len(rest) == 1:  # two words; one position each is the usual case, and the deltas of
        # a single position are that position
        return [
            k
            for k, a, b in zip(count(), first, rest[0])
            if (b[0] == a[0] + 1 if len(a) == 1 == len(b) else _pair(a, b))
        ]
    return [k for k, a in enumerate(first) if _starts(a, [column[k] for column in rest])]


def _adjacent_packed(values: list[list[bytes]]) -> list[int]:
    """``adjacent`` on ``ArrayPositions`` values: every word's positions of every document read
    as one sorted array, keyed ``(document << 32) + position - place in the phrase``; the
    documents whose keys all words share are the matches."""
    import numpy as np  # only phrase searches need it

    starts = _position_keys(np, values[0])
    for offset, column in enumerate(values[1:], 1):
        keys = _position_keys(np, column) - offset
        where = np.searchsorted(keys, starts)  # both sorted: a merge, no sort
        where[where == len(keys)] = 0
        starts = starts[keys[where] == starts] if len(keys) else starts[:0]
        if not len(starts):
            return []
    documents = starts >> 32
    first = np.ones(len(documents), dtype=bool)
    first[1:] = documents[1:] != documents[:-1]
    return documents[first].tolist()


def _position_keys(np, column: list[bytes]):
    """``(document << 32) + position`` for each position of each document's value (a
    big-endian count, then that many little-endian 32-bit positions)."""
    lengths = np.fromiter(map(len, column), dtype=np.int64, count=len(column))
    counts = (lengths - _INT_SIZE) // 4
    words = np.frombuffer(b"".join(column), dtype="<u4").astype(np.int64)
    heads = np.cumsum(counts + 1) - (counts + 1)  # where each value's count stands
    keep = np.ones(len(words), dtype=bool)
    keep[heads] = False
    documents = np.repeat(np.arange(len(column), dtype=np.int64), counts)
    return (documents << 32) + words[keep]


def _pair(first: list[int], second: list[int]) -> bool:
    return not set(accumulate(first)).isdisjoint(map(_minus_one, accumulate(second)))


_minus_one = (-1).__add__


def _starts(first: list[int], rest: list[list[int]]) -> bool:
    starts = set(accumulate(first))
    for offset, deltas in enumerate(rest, 1):
        starts.intersection_update(p - offset for p in accumulate(deltas))
        if not starts:
            return False
    return True


def _decode_all(values: list[bytes]) -> list[list[int]]:
    """Each value's position deltas: ``formats.Positions.decode_positions`` before its running
    sum, for many values in one ``pickle.loads``. A value is a 4-byte count and a protocol-2
    pickle of a list; their bodies, between a mark and a LIST opcode, unpickle as a list of
    those lists. Anything else is decoded one value at a time, as Whoosh does."""
    if not values:
        return []
    head = b"\x80\x02"
    first = values[0]
    if first[_INT_SIZE : _INT_SIZE + 2] == head and first.endswith(b"."):
        joined = b"".join([v[_INT_SIZE + 2 : -1] for v in values])
        try:
            decoded = loads(head + b"(" + joined + b"l.")
        except Exception:  # not the layout this expects: the slow way below
            decoded = None
        if isinstance(decoded, list) and len(decoded) == len(values):
            return decoded
    return [loads(v[_INT_SIZE:] if v.endswith(b".") else v[_INT_SIZE:] + b".") for v in values]


def phrase_docs(segment, query: ExactPhrase, wanted: list[int] | None) -> list[int] | None:
    found = phrase_columns(segment, query, wanted)
    if found is None:
        return None
    return [found.docs[k] for k in adjacent(found.values, found.packed)]
