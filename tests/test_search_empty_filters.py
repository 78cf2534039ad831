"""A filter that matches nothing empties the result; it is never silently dropped.

Found by the benchmark: ``--minister "<an office nobody answered as>" --from ... --to ...`` once
returned every turn in the date range, because Whoosh's And() discards a NullQuery child.
"""

from __future__ import annotations

import pytest
from search_sample import write_sample

from hansard.records import SearchRequest
from index.build import rebuild
from search.engine import search


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("data")
    write_sample(path)
    rebuild(path)
    return path


@pytest.mark.parametrize(
    "request_",
    [
        SearchRequest(minister="Chancellor of the Duchy of Lancaster", date_from="2015-01-01"),
        SearchRequest(minister="Chancellor of the Duchy of Lancaster", role="answer"),
        SearchRequest(query="stalking", minister="Nobody Ever Answered"),
        SearchRequest(member="Nobody Ever Spoke", date_from="1970-01-01", date_to="2030-01-01"),
    ],
)
def test_a_filter_matching_nothing_gives_no_turns(data_dir, request_) -> None:
    result = search(data_dir, request_)
    assert result.total == 0 and result.hits == ()


def test_the_same_filters_without_the_impossible_one_do_match(data_dir) -> None:
    """So the empty results above come from the impossible filter, not from the others."""
    assert search(data_dir, SearchRequest(date_from="2015-01-01")).total > 0
    assert search(data_dir, SearchRequest(query="stalking")).total > 0
