"""``--topic``: the exchanges whose heading or question is about it, then every turn of them.

The topic text is indexed once per exchange, on its first turn (``index.schema``), so a topic
filter is resolved in two steps: the first turns that match give the exchanges' keys (over all
segments, since a sitting may be split between segments), then each segment's ``exchange_key``
column gives the turns of those exchanges. The answer is cached per searcher and topic, so paging
or faceting the same topic does the scan once.
"""

from __future__ import annotations

from array import array

from whoosh import matching
from whoosh import query as wq
from whoosh.query import qcore

from search.datespan import SortedIdsMatcher, numbers


def _segment_id(reader) -> str:
    return str(reader.segment().segment_id())


def _keys(reader) -> array:
    """The segment's exchange keys (0 for turns of no exchange, or a segment without any)."""
    if not reader.has_column("exchange_key"):
        return array("q", bytes(8 * reader.doc_count_all()))
    return numbers(reader, "exchange_key")


def _segments(searcher):
    subs = searcher.subsearchers
    return subs if subs else [(searcher, 0)]


def topic_filter(searcher, matching_first_turns: wq.Query) -> wq.Query:
    """Every turn of the exchanges whose first turn's topic matches; cached per searcher."""
    if isinstance(matching_first_turns, wq.Every):
        return matching_first_turns
    cache = searcher.__dict__.setdefault("_hansard_topics", {})
    found = cache.get(matching_first_turns)
    if found is not None:
        return found
    wanted: set[int] = set()
    loose: dict[str, list[int]] = {}  # turns of no exchange match by their own topic
    segments = _segments(searcher)
    for segment, _offset in segments:
        keys = _keys(segment.reader())
        for docnum in matching_first_turns.docs(segment):
            key = keys[docnum]
            if key:
                wanted.add(key)
            else:
                loose.setdefault(_segment_id(segment.reader()), []).append(docnum)
    by_segment: dict[str, array] = {}
    for segment, _offset in segments:
        reader = segment.reader()
        keys = _keys(reader)
        docs = [d for d, key in enumerate(keys) if key in wanted] if wanted else []
        segment_id = _segment_id(reader)
        docs = sorted(set(docs).union(loose.get(segment_id, ())))
        if reader.has_deletions():
            docs = [d for d in docs if not reader.is_deleted(d)]
        by_segment[segment_id] = array("I", docs)
    if len(cache) > 64:
        cache.clear()
    found = cache[matching_first_turns] = TurnsOf(matching_first_turns, by_segment)
    return found


class TurnsOf(qcore.Query):
    """A fixed set of documents per segment (turns of the matching exchanges), unscored."""

    fieldname = "topic"
    text = None
    boost = 1.0

    def __init__(self, source: wq.Query, by_segment: dict[str, array]) -> None:
        self.source = source
        self.by_segment = by_segment

    def __repr__(self) -> str:
        return f"TurnsOf({self.source!r})"

    def __unicode__(self) -> str:
        return f"topic:({self.source})"

    __str__ = __unicode__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TurnsOf) and self.source == other.source

    def __hash__(self) -> int:
        return hash(("TurnsOf", self.source))

    def is_leaf(self) -> bool:
        return True

    def estimate_size(self, ixreader) -> int:
        return sum(len(docs) for docs in self.by_segment.values())

    def estimate_min_size(self, ixreader) -> int:
        return 0

    def docs(self, searcher, deleting: bool = False):
        return self.matcher(searcher).all_ids()

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        if not reader.is_atomic():
            raise TypeError("TurnsOf matches per segment; search through a segment searcher")
        docs = self.by_segment.get(_segment_id(reader))
        if not docs:
            return matching.NullMatcher()
        return SortedIdsMatcher(docs, all_weights=0.0)
