"""Block-wise ranking of one word (``search.termscore``) gives exactly Whoosh's own top hits.

Compared with ``searcher.search`` on a real two-segment index with deleted documents, for every
term and several limits: the same documents, in the same order, with the same float scores. A
change to Whoosh's BM25F, its block format or its tie-breaking fails here.
"""

from __future__ import annotations

import pytest
from search_sample import two_segment_index
from whoosh import query as wq

from search import docsets, termscore

COPIES = 24


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    return two_segment_index(tmp_path_factory.mktemp("ix"), COPIES)


def test_the_index_has_segments_deletions_and_multi_block_terms(ix):
    with ix.searcher() as searcher:
        assert len(searcher.subsearchers) == 2
        assert searcher.reader().has_deletions()
        assert searcher.doc_frequency("exact", "the") > 2 * 128  # several blocks a segment


@pytest.mark.parametrize("fieldname", ["text", "exact", "topic", "member"])
@pytest.mark.parametrize("limit", [1, 3, 20, 1000])
def test_top_hits_are_whoosh_hits(ix, fieldname, limit):
    with ix.searcher() as searcher:
        terms = [text for text in searcher.lexicon(fieldname)]
        assert len(terms) > 10
        for text in terms:
            term = wq.Term(fieldname, text.decode("utf-8"))
            theirs = [(hit.docnum, hit.score) for hit in searcher.search(term, limit=limit)]
            assert termscore.top_hits(searcher, term, limit) == theirs, text


def test_other_weightings_and_boosts_are_left_to_whoosh(ix):
    from whoosh import scoring

    with ix.searcher(weighting=scoring.TF_IDF()) as searcher:
        assert termscore.top_hits(searcher, wq.Term("text", "stalk"), 5) is None
    with ix.searcher() as searcher:
        assert termscore.top_hits(searcher, wq.Term("text", "stalk", boost=2.0), 5) is None
        assert termscore.top_hits(searcher, wq.Term("role", "answer"), 5) is None
        assert termscore.top_hits(searcher, wq.Term("text", "stalk"), None) is None


@pytest.mark.parametrize("fieldname", ["text", "exact", "role", "day", "party"])
def test_segment_docs_are_whoosh_docs(ix, fieldname):
    with ix.searcher() as searcher:
        for text in searcher.lexicon(fieldname):
            term = wq.Term(fieldname, text.decode("utf-8"))
            for segment, _offset in searcher.subsearchers:
                assert docsets.segment_docs(segment, term) == list(term.docs(segment)), text


@pytest.mark.parametrize(
    ("words", "unknown"),
    [(["secretary", "of", "state"], True), (["nobody"], True),
     (["robert", "buckland"], False), (["buckland"], False)],
)  # fmt: skip
def test_a_name_the_lexicon_lacks_is_known_to_match_nothing(ix, words, unknown):
    from search.engine import _cannot_match

    query = wq.And([wq.Term("role", "answer"), *(wq.Term("member", w) for w in words)])
    nested = wq.And([wq.Term("role", "answer"), wq.And([wq.Term("member", w) for w in words])])
    with ix.searcher() as searcher:
        assert _cannot_match(searcher, query) is unknown
        assert _cannot_match(searcher, nested) is unknown  # as the minister resolver builds it
        assert bool(list(query.docs(searcher))) is not unknown


@pytest.mark.parametrize("fieldname", ["text", "exact", "topic", "member", "title"])
def test_length_codes_are_whoosh_column_values(ix, fieldname):
    """The length column read as one slice equals Whoosh's reader walked document by document,
    including the documents past the column's end (the writer leaves trailing zeros off)."""
    from whoosh.codec import whoosh3

    termscore.clear_caches()
    short = False
    with ix.searcher() as searcher:
        for segment, _offset in searcher.subsearchers:
            reader = segment.reader()
            column = reader._perdoc._cached_reader(
                whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN
            )
            whole = bytes(column)
            assert termscore._length_codes(reader, fieldname) == whole
            assert len(whole) == reader.doc_count_all()
            short = short or column._count < reader.doc_count_all()
    if fieldname == "topic":  # only an exchange's first turn has a topic
        assert short
