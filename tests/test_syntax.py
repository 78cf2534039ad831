"""The engine-neutral syntax tree: what the parser decides once for every engine."""

from __future__ import annotations

import pytest

from hansard.errors import UsageError
from hansard.records import SearchRequest
from search.syntax import And, DateRange, Field, Not, Or, Phrase, Word, parse, request_nodes


def test_words_phrases_and_operators_become_one_tree():
    tree = parse('stalking "restraining orders" OR (bail AND -Scotland) NOT party:Labour')
    assert tree == Or(
        (
            And((Word("stalking"), Phrase("restraining orders"))),
            And(
                (
                    And((Word("bail"), Not(Word("Scotland")))),
                    Not(Field("party", "lab")),
                )
            ),
        )
    )


def test_dates_are_checked_and_made_inclusive_ranges():
    assert parse("date:2015-02") == DateRange("2015-02-01", "2015-02-28")
    assert parse("date:2016") == DateRange("2016-01-01", "2016-12-31")
    assert parse("date:..2015-06-30") == DateRange(None, "2015-06-30")
    assert parse("from:2015-01-01") == DateRange("2015-01-01", None)
    with pytest.raises(UsageError, match="ends before it starts"):
        parse("date:2016-01-01..2015-01-01")


def test_role_and_house_are_checked_and_lower_cased():
    assert parse("role:Answer house:LORDS") == And(
        (Field("role", "answer"), Field("house", "lords"))
    )
    with pytest.raises(UsageError, match="unknown role 'minister'"):
        parse("role:minister")
    with pytest.raises(UsageError, match="unknown field 'colour'"):
        parse("colour:red")


def test_a_request_gives_the_query_tree_and_one_node_per_option():
    words, filters = request_nodes(
        SearchRequest("stalking", minister="Solicitor General", date_from="2015-01-01")
    )
    assert words == Word("stalking")
    assert filters == [Field("minister", "Solicitor General"), DateRange("2015-01-01", None)]


def test_words_are_split_as_the_indexes_split_them():
    from index.textfields import WORD
    from search.syntax import _WORD

    assert _WORD.pattern == WORD.pattern


def test_words_of_symbols_alone_are_dropped_with_their_operators():
    assert parse("stalking AND &") == Word("stalking")
    assert parse("stalking -– OR (&)") == Word("stalking")
    with pytest.raises(UsageError, match="no words to search for"):
        parse("& –")
    with pytest.raises(UsageError, match="has no words to look for"):
        parse("topic:&")
