"""``search.docsets`` finds exactly the documents Whoosh's ``query.docs`` finds, segment by segment.

Every shape the engine's filters take (terms, ``And``/``Or`` of them, constant-score wrappers,
date spans, exact phrases, and a ``Not`` left to Whoosh), on a two-segment index with deleted
documents and terms of several posting blocks, with and without a set of wanted documents.
A change to Whoosh's block format, deletions or matching semantics fails here.
"""

from __future__ import annotations

import pytest
from search_sample import two_segment_index
from whoosh import query as wq

from search import docsets
from search.datespan import DateSpan
from search.phrase import ExactPhrase

COPIES = 24


def T(field: str, text: str) -> wq.Term:
    return wq.Term(field, text)


QUERIES = [
    T("exact", "the"),
    T("role", "answer"),
    T("member", "nobodyatall"),
    wq.And([T("member", "robert"), T("member", "buckland")]),
    wq.And([T("role", "answer"), T("exact", "the"), T("exact", "police")]),
    wq.Or([T("member_id", "4106"), T("member_id", "4460"), T("member", "mason")]),
    wq.And([T("role", "answer"), wq.And([T("member", "robert"), T("member", "buckland")])]),
    wq.And([T("role", "answer"), wq.And([T("member", "robert"), T("member", "nobodyatall")])]),
    wq.ConstantScoreQuery(wq.Or([T("role", "answer"), T("role", "chair")]), 0.0),
    wq.And([wq.Or([T("member_id", "4106"), T("member", "bone")]), T("role", "answer")]),
    wq.And([T("minister", "solicitor general"), DateSpan(20050101, 20151231)]),
    wq.And([T("role", "answer"), DateSpan(20030101, None), DateSpan(None, 20200630)]),
    wq.And([DateSpan(20040101, 20081231), DateSpan(20060101, None)]),
    wq.And([T("exact", "the"), wq.Not(T("role", "answer"))]),
    ExactPhrase("exact", ["the", "police"]),
    ExactPhrase("exact", ["police", "the"]),
    wq.And([ExactPhrase("exact", ["stalking", "protocol"]), DateSpan(20100101, None)]),
    wq.And(
        [ExactPhrase("exact", ["of", "the"]), wq.Or([T("role", "question"), T("house", "lords")])]
    ),
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    ix = two_segment_index(tmp_path_factory.mktemp("ix"), COPIES)
    with ix.searcher() as searcher:
        yield searcher


@pytest.mark.parametrize("query", QUERIES, ids=str)
def test_the_documents_are_whooshs(searcher, query):
    matched = 0
    for segment, _offset in searcher.subsearchers:
        theirs = list(query.docs(segment))
        assert docsets.segment_docs(segment, query) == theirs
        everything = list(range(segment.doc_count_all()))
        for wanted in (everything[::3], everything[100:140], [], everything[-1:]):
            keep = set(wanted)
            expected = [d for d in theirs if d in keep]
            assert docsets.segment_docs(segment, query, wanted) == expected, wanted[:3]
        matched += len(theirs)
    if "nobodyatall" not in str(query) and "police the" not in str(query):
        assert matched > 0
