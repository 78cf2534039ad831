"""Phrases and words under filters (``search.ranked``) rank exactly as Whoosh's own search.

On a real two-segment index with deleted documents, every two-word phrase of the sample texts
(every third three-word phrase, and reversed pairs that match nothing), alone and under the
filters the engine really builds (member, minister, dates), is searched both ways: the same
documents in the same order, the same float scores, and the total equal to every match Whoosh
finds. This fails if Whoosh changes how it scores a phrase (the sum of its words' BM25F
scores), how an ``And`` adds its parts (by estimated size), the 1.0 its constant-score filters
add, its tie-breaking, or the encoding of positions.
"""

from __future__ import annotations

from itertools import accumulate

import pytest
from hypothesis import given
from hypothesis import strategies as st
from search_sample import all_turns, two_segment_index
from whoosh import formats
from whoosh import query as wq

from hansard.records import SearchRequest
from index.schema import plain_analyzer
from search import blocks, engine, ranked
from search.phrase import ExactPhrase, _decode_all

COPIES = 24
FILTERS = [
    {},
    {"member": "Robert Buckland"},
    {"minister": "Solicitor General"},
    {"date_from": "2003-01-01", "date_to": "2016-12-31"},
    {"member": "Nusrat Ghani", "date_from": "2010-01-01"},
    {"role": "answer", "date_to": "2019-06-30"},
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    ix = two_segment_index(tmp_path_factory.mktemp("ix"), COPIES)
    with ix.searcher() as searcher:
        yield searcher


def _phrases(length: int) -> list[str]:
    found: set[str] = set()
    for turn in all_turns():
        words = [t.text for t in plain_analyzer(turn.text)]
        found.update(" ".join(words[i : i + length]) for i in range(len(words) - length + 1))
    return sorted(found)


def _query(searcher, words: str, **filters) -> wq.Query:
    found, others = engine.build_query(searcher, SearchRequest(query=words, **filters))
    return engine._combine(found, others).normalize()


def _whooshs(searcher, query: wq.Query, limit: int):
    results = searcher.search(query, limit=limit, optimize=False)  # as the engine called it
    return [(hit.docnum, hit.score) for hit in results], len(list(searcher.docs_for_query(query)))


def test_the_index_is_the_shape_the_shortcuts_must_handle(searcher):
    assert len(searcher.subsearchers) == 2 and searcher.reader().has_deletions()
    assert searcher.doc_frequency("exact", "the") > 2 * 128  # several blocks a segment
    assert isinstance(_query(searcher, '"the police"'), ExactPhrase)


@pytest.mark.parametrize(("length", "step"), [(2, 1), (3, 3)])
def test_every_phrase_of_the_samples_ranks_as_whoosh_ranks_it(searcher, length, step):
    phrases = _phrases(length)[::step]
    assert len(phrases) > 80
    for text in phrases:
        query = _query(searcher, f'"{text}"')
        for limit in (3, 1000):
            assert ranked.top_hits(searcher, query, limit) == _whooshs(searcher, query, limit), text


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("limit", [1, 5, 1000])
def test_phrases_and_words_under_filters_rank_as_whoosh_ranks_them(searcher, filters, limit):
    reversed_pairs = [" ".join(reversed(p.split())) for p in _phrases(2)[::15]]
    words = ["stalking", "the", "prime", "cps", "unemployment", "nobodyatall"]
    texts = [f'"{p}"' for p in _phrases(2)[::7] + _phrases(3)[::11] + reversed_pairs] + words
    matched = 0
    for text in texts:
        query = _query(searcher, text, **filters)
        found = ranked.top_hits(searcher, query, limit)
        if filters or " " in text:  # a lone word is termscore's (top_hits declines nothing)
            assert found is not None, query
        if found is not None:
            assert found == _whooshs(searcher, query, limit), (text, query)
            matched += found[1] > 0
    assert matched >= 5


def test_a_phrase_scores_as_the_sum_of_its_words_in_whooshs_own_phrase_query(searcher):
    """The engine's ``ExactPhrase`` and Whoosh's stock ``Phrase`` agree on matches and scores."""
    for text in _phrases(2)[::5] + _phrases(3)[::9]:
        ours = _query(searcher, f'"{text}"')
        stock = wq.Phrase("exact", ours.words)
        theirs = [(h.docnum, h.score) for h in searcher.search(stock, limit=None)]
        mine = [(h.docnum, h.score) for h in searcher.search(ours, limit=None)]
        assert sorted(mine) == sorted(theirs), text


def test_other_queries_are_left_to_whoosh(searcher):
    declined = [
        _query(searcher, "stalking helpline"),  # two scored words
        _query(searcher, '"the police" OR stalking'),
        _query(searcher, '"the police"').with_boost(2.0),
        wq.And([wq.Term("text", "stalk"), wq.Term("role", "answer")]),  # a scored filter
    ]
    for query in declined:
        assert ranked.top_hits(searcher, query, 5) is None, query
    assert ranked.top_hits(searcher, _query(searcher, '"the police"'), None) is None


@given(
    st.lists(
        st.lists(st.integers(0, 200_000), min_size=1, max_size=12, unique=True).map(sorted),
        max_size=40,
    )
)
def test_positions_decoded_together_are_whooshs_one_by_one(poslists):
    """Many values unpickled in one call give each value's positions as Whoosh decodes them."""
    fmt = formats.Positions()
    values = [fmt.encode(positions) for positions in poslists]
    decoded = [list(accumulate(deltas)) for deltas in _decode_all(values)]
    assert decoded == [fmt.decode_positions(value) for value in values]


def test_phrases_scored_as_arrays_rank_as_whoosh_ranks_them(searcher, monkeypatch):
    """Scores computed with numpy (``ranked.ARRAYS_FROM``) are Whoosh's floats, the best of each
    segment picked from the array rank as Whoosh's collector ranks them, and the postings a
    phrase wants are found by a numpy merge (``blocks.ARRAYS_FROM``) as by a set."""
    monkeypatch.setattr(ranked, "ARRAYS_FROM", 0)
    monkeypatch.setattr(blocks, "ARRAYS_FROM", 0)
    texts = [f'"{p}"' for p in _phrases(2)[::3] + _phrases(3)[::7]] + ["stalking", "the"]
    for text in texts:
        query = _query(searcher, text)
        for limit in (1, 3, 1000):
            assert ranked.top_hits(searcher, query, limit) == _whooshs(searcher, query, limit)
