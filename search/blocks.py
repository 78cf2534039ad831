"""A term's postings in one segment, read a block of 128 at a time, optionally only where wanted.

Whoosh walks postings through its matcher protocol, several Python calls per posting, and
intersects by ``skip_to`` one posting at a time inside a block. Here each block is decoded once
(Whoosh's own block reader: ids, weights and values come out of one pickle), and when the caller
already knows which documents it wants (a member's turns, the rarer word of a phrase), a block
whose id range holds none of them is passed over by its header alone, never decoded.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from whoosh.codec import whoosh3


def leaf_matcher(reader, fieldname: str, btext: bytes):
    """Whoosh's block matcher for a term (None when the codec inlined it or it is absent)."""
    if (fieldname, btext) not in reader:
        return None
    field = reader.schema[fieldname]
    matcher = reader._terms.matcher(fieldname, btext, field.format)
    return matcher if isinstance(matcher, whoosh3.W3LeafMatcher) else None


def _wanted_blocks(matcher, wanted: list[int] | None):
    """Positions ``matcher`` on each block that can hold a wanted document (every block when
    ``wanted`` is None), yielding once per block; the caller reads what it needs."""
    previous_max = -1
    while not matcher._atend:
        if wanted is not None:
            at = bisect_right(wanted, previous_max)
            if at == len(wanted):
                return  # nothing wanted past the blocks already passed
            previous_max = matcher._maxid
            if wanted[at] > previous_max:
                matcher._next_block()  # no wanted document in this block's id range
                continue
        read_ids(matcher)
        yield
        matcher._next_block()


def read_ids(matcher) -> None:
    """``W3LeafMatcher._read_ids`` with the running sum of the id deltas in C (Whoosh's
    ``delta_decode`` is a Python generator, one step per posting)."""
    if matcher._data is None:
        matcher._read_data()
    ids = matcher._data[0]
    matcher._ids = ids if matcher._byteids else tuple(accumulate(ids))


def doc_ids(matcher, wanted: list[int] | None) -> list[int]:
    """Every posting's document (deleted ones included), or those in ``wanted`` (sorted)."""
    found: list[int] = []
    if wanted is None:
        for _ in _wanted_blocks(matcher, None):
            found.extend(matcher._ids)
        return found
    keep = set(wanted)
    for _ in _wanted_blocks(matcher, wanted):
        found.extend(d for d in matcher._ids if d in keep)
    return found


def postings(matcher, wanted: list[int] | None, with_values: bool = False):
    """(docnums, weights, values) of every posting (deleted documents included), or of those in
    ``wanted`` (sorted doc numbers), as three parallel lists; values are None unless asked."""
    ids: list[int] = []
    weights: list[float] = []
    values: list = []
    for _ in _wanted_blocks(matcher, wanted):
        matcher._read_weights()
        ids.extend(matcher._ids)
        weights.extend(matcher._weights)
        if with_values:
            matcher._read_values()
            values.extend(matcher._values)
    if wanted is not None and ids:
        picked = _picked(ids, wanted)
        if len(picked) < len(ids):
            ids = [ids[i] for i in picked]
            weights = [weights[i] for i in picked]
            if with_values:
                values = [values[i] for i in picked]
    if not with_values:
        values = [None] * len(ids)
    return ids, weights, values


ARRAYS_FROM = 512
"""Postings from which the wanted ones are found by a numpy merge rather than a set."""


def _picked(ids: list[int], wanted: list[int]) -> list[int]:
    """The indexes of ``ids`` (ascending) that are in ``wanted`` (ascending)."""
    if len(ids) < ARRAYS_FROM:
        keep = set(wanted)
        return [i for i, d in enumerate(ids) if d in keep]
    import numpy as np  # only searches over many postings need it

    found = np.asarray(ids, dtype=np.int64)
    sought = np.asarray(wanted, dtype=np.int64)
    at = np.searchsorted(sought, found)
    at[at == len(sought)] = 0
    return np.flatnonzero(sought[at] == found).tolist()
