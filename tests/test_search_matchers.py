"""``SortedIdsMatcher`` (date ranges, topics) moves exactly as Whoosh's ``ListMatcher`` does.

It relies on ``ListMatcher`` keeping its ids in ``_ids`` and its place in ``_i``, and on
``copy()`` building the same class: a Whoosh upgrade that changes either fails here.
"""

from __future__ import annotations

from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh import matching

from search.datespan import SortedIdsMatcher

sorted_ids = st.lists(st.integers(0, 10_000), min_size=1, max_size=300, unique=True).map(sorted)


def _walk(matcher, targets: list[int]) -> list[int | None]:
    seen = []
    for target in targets:
        if not matcher.is_active():
            break
        matcher.skip_to(target)
        seen.append(matcher.id() if matcher.is_active() else None)
        if matcher.is_active():
            matcher.next()
    return seen


@given(sorted_ids, st.lists(st.integers(0, 10_500), max_size=40).map(sorted))
def test_skips_land_where_whoosh_lands(ids, targets):
    ours = SortedIdsMatcher(array("I", ids), all_weights=0.0)
    theirs = matching.ListMatcher(array("I", ids), all_weights=0.0)
    assert _walk(ours, targets) == _walk(theirs, targets)


def test_copy_keeps_the_class_and_the_place():
    matcher = SortedIdsMatcher(array("I", [2, 5, 9, 14]), all_weights=0.0)
    matcher.skip_to(6)
    copy = matcher.copy()
    assert type(copy) is SortedIdsMatcher and copy.id() == 9
    assert list(copy.all_ids()) == [2, 5, 9, 14]


def test_skipping_past_the_end_is_whooshs_error():
    matcher = SortedIdsMatcher(array("I", [1]), all_weights=0.0)
    matcher.skip_to(5)
    assert not matcher.is_active()
    with pytest.raises(matching.ReadTooFar):
        matcher.skip_to(6)


def test_an_intersection_with_a_term_list_gives_the_common_ids():
    dates = SortedIdsMatcher(array("I", range(100, 5000)), all_weights=0.0)
    term = matching.ListMatcher([3, 150, 151, 4999, 6000])
    both = matching.IntersectionMatcher(term, dates)
    assert list(both.all_ids()) == [150, 151, 4999]
