"""search.engine on a real Whoosh index on disk, built from a small realistic archive."""

from __future__ import annotations

from pathlib import Path

import pytest
from search_sample import day_2016_01_13, turn, write_sample

from hansard.errors import HansardError, UsageError
from hansard.records import SearchRequest
from index import build
from search import engine


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("data")
    write_sample(path)
    build.sync(path)
    return path


def ids(data_dir: Path, **kwargs) -> list[str]:
    kwargs.setdefault("limit", None)
    return [h.turn.id for h in engine.search(data_dir, SearchRequest(**kwargs)).hits]


def same(data_dir: Path, **kwargs) -> set[str]:
    return set(ids(data_dir, **kwargs))


# -- the done-when ---------------------------------------------------------------------


def test_stalking_answered_by_the_solicitor_general(data_dir):
    result = engine.search(data_dir, SearchRequest("stalking", minister="Solicitor General"))
    assert {h.turn.id for h in result.hits} == {"SG-A1", "SG-A2"}
    assert {h.turn.speaker_office for h in result.hits} == {"The Solicitor General"}
    assert {h.turn.speaker_name for h in result.hits} == {"Robert Buckland"}
    assert all(h.score > 0 for h in result.hits)


def test_member_finds_her_question_and_supplementary(data_dir):
    assert ids(data_dir, member="Nusrat Ghani", sort="date") == ["SG-Q5", "SG-S1"]


def test_exchange_is_the_four_turns_in_sitting_order(data_dir):
    turns = engine.exchange(data_dir, "SG-Q5")
    assert [t.id for t in turns] == ["SG-Q5", "SG-A1", "SG-S1", "SG-A2"]
    assert [t.role for t in turns] == ["question", "answer", "supplementary", "answer"]
    assert [t.id for t in engine.exchange(data_dir, "SG-A2")] == [t.id for t in turns]


# -- members and ministers ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Peter Bone", "Mr Peter Bone", "Mr Bone", "bone", "4099"])
def test_member_however_printed(data_dir, name):
    # "Mr Bone" on the later turn resolves through member id 4099; the chair's "I call Mr Bone"
    # is spoken text, not his turn.
    assert same(data_dir, member=name) == {"AG-Q6", "AG-S1"}


def test_member_with_honorific_prefix(data_dir):
    assert same(data_dir, member="James Davies") == {"PMQ-Q1", "PMQ-S1"}
    assert same(data_dir, member="Dr James Davies") == {"PMQ-Q1", "PMQ-S1"}


def test_historic_member_without_id_matches_by_name(data_dir):
    assert same(data_dir, member="Mason") == {"H-A1"}
    assert same(data_dir, member="Mr. Mason") == {"H-A1"}


def test_minister_by_name_is_only_the_answers_he_gave(data_dir):
    # He asked as a backbencher in 2012: that question is his turn but not a minister's answer.
    assert same(data_dir, minister="Robert Buckland") == {"SG-A1", "SG-A2"}
    assert same(data_dir, member="Robert Buckland") == {"B-Q1", "SG-A1", "SG-A2"}


def test_minister_by_office_includes_historic_and_lords(data_dir):
    assert same(data_dir, minister="Prime Minister") == {"PMQ-A1", "PMQ-A2"}
    assert same(data_dir, minister="The Secretary of State for Defence") == {"H-A1"}
    assert same(data_dir, minister="Minister of State, Home Office") == {"L-A1"}


def test_minister_office_is_a_phrase_not_loose_words(data_dir):
    assert same(data_dir, minister="General Solicitor") == set()


def test_an_unknown_member_matches_nothing(data_dir):
    assert same(data_dir, member="Nobody Atall") == set()


# -- topics, words and phrases -----------------------------------------------------------------


def test_topic_brings_the_whole_exchange(data_dir):
    # "prosecute" is in the question only; the supplementary never says it.
    assert same(data_dir, topic="prosecute") == {"SG-Q5", "SG-A1", "SG-S1", "SG-A2", "AG-Q6",
                                                 "AG-A1", "AG-C1", "AG-S1"}  # fmt: skip
    # a PMQ supplementary opens its own exchange, so its own words are its topic
    assert same(data_dir, topic="stalking") == {"SG-Q5", "SG-A1", "SG-S1", "SG-A2", "L-Q1",
                                                "L-A1", "PMQ-S2"}  # fmt: skip


def test_free_words_are_stemmed(data_dir):
    found = same(data_dir, query="prosecute")
    assert {"SG-Q5", "SG-A1", "AG-Q6"} <= found  # prosecute, prosecutions, prosecuting


def test_quoted_phrase_is_verbatim(data_dir):
    assert same(data_dir, query='"prosecute"') == {"SG-Q5"}
    assert same(data_dir, query='"restraining orders"') == {"SG-S1", "SG-A2"}
    assert same(data_dir, query='"orders restraining"') == set()
    assert same(data_dir, query='"it is no joke"') == {"SG-A2"}  # stop words kept


def test_boolean_operators(data_dir):
    assert same(data_dir, query="stalking AND helpline") == {"SG-S1"}
    assert same(data_dir, query="stalking helpline") == {"SG-S1"}
    assert same(data_dir, query="helpline OR joke") == {"SG-S1", "SG-A2"}
    assert same(data_dir, query="stalking -online -CPS") == {"SG-Q5", "SG-S1", "PMQ-S2"}
    assert same(data_dir, query="stalking NOT (online OR CPS)") == {"SG-Q5", "SG-S1", "PMQ-S2"}
    assert same(data_dir, query="(helpline OR joke) AND member:Buckland") == {"SG-A2"}
    assert same(data_dir, query="unemployment -member:Corbyn") == {"PMQ-S1", "PMQ-A2"}


def test_lower_case_operators_are_words(data_dir):
    # "and"/"or" are stop words in the text, so "stalking and harassment" still finds the question
    assert "SG-Q5" in same(data_dir, query="stalking and harassment")


# -- filters -----------------------------------------------------------------------------------


def test_field_filters_in_the_query(data_dir):
    assert same(data_dir, query="party:lab") == {"PMQ-S2"}
    assert same(data_dir, query="party:Labour") == {"PMQ-S2"}
    assert same(data_dir, query="role:chair") == {"AG-C1"}
    assert same(data_dir, query="house:lords") == {"L-Q1", "L-A1"}
    assert same(data_dir, query='department:"Home Office"') == {"L-Q1", "L-A1"}
    assert same(data_dir, query="title:engagements role:answer") == {"PMQ-A1", "PMQ-A2"}
    assert same(data_dir, query='minister:"Solicitor General"') == {"SG-A1", "SG-A2"}
    assert same(data_dir, query="id:SG-A2") == {"SG-A2"}


def test_option_filters_combine_by_and(data_dir):
    assert same(data_dir, department="Attorney General", role="answer") == {"SG-A1", "SG-A2",
                                                                            "AG-A1"}  # fmt: skip
    assert same(data_dir, party="Con", house="Lords") == {"L-Q1", "L-A1"}
    assert same(data_dir, query="stalking", role="supplementary") == {"SG-S1", "PMQ-S2"}


def test_date_ranges(data_dir):
    assert same(data_dir, query="date:1975") == {"H-Q1", "H-A1"}
    assert same(data_dir, query="date:2016-01") == {f"PMQ-{x}" for x in
                                                    ("Q1", "A1", "S1", "A2", "S2")}  # fmt: skip
    assert same(data_dir, query="stalking date:2015-01-01..2016-12-31") == {
        "SG-Q5", "SG-A1", "SG-S1", "SG-A2", "PMQ-S2"}  # fmt: skip
    assert same(data_dir, query="stalking date:2016-01-13..") == {"PMQ-S2", "L-Q1", "L-A1"}
    assert same(data_dir, query="stalking from:2016-01-14") == {"L-Q1", "L-A1"}
    assert same(data_dir, query="stalking to:2015-11-26") == {"SG-Q5", "SG-A1", "SG-S1", "SG-A2"}
    assert same(data_dir, query="stalking", date_from="2016-01-13", date_to="2016-01-13") == {
        "PMQ-S2"}  # fmt: skip


def test_no_words_lists_every_turn_the_filters_allow(data_dir):
    everything = engine.search(data_dir, SearchRequest(limit=None))
    assert everything.total == 19 and len(everything.hits) == 19
    newest_first = [h.turn.date for h in everything.hits]
    assert newest_first == sorted(newest_first, reverse=True)


def test_sort_by_date_keeps_sitting_order(data_dir):
    assert ids(data_dir, query="stalking", sort="date")[:4] == ["SG-Q5", "SG-A1", "SG-S1", "SG-A2"]
    newest = ids(data_dir, query="stalking", sort="-date")
    assert newest[:2] == ["L-Q1", "L-A1"]


def test_limit_keeps_the_true_total(data_dir):
    result = engine.search(data_dir, SearchRequest("stalking", limit=2))
    assert len(result.hits) == 2
    assert result.total == 7
    assert engine.count(data_dir, SearchRequest("stalking")) == 7
    assert engine.search(data_dir, SearchRequest("stalking", limit=0)).hits == ()


def test_relevance_ranks_denser_matches_first(data_dir):
    # "stalking" and "seriously" together, in the shortest turn: the Lords answer ranks first.
    ranked = ids(data_dir, query="stalking seriously")
    assert ranked[0] == "L-A1"


def test_facets_count_all_matches_not_only_the_page(data_dir):
    result = engine.search(
        data_dir,
        SearchRequest(
            "stalking", limit=1, facets=("member", "minister", "party", "year", "department")
        ),
    )
    assert len(result.hits) == 1
    assert dict(result.facets["year"]) == {"2015": 4, "2016": 1, "2020": 2}
    assert dict(result.facets["member"]) == {"Nusrat Ghani": 2, "Robert Buckland": 2,
                                             "Jeremy Corbyn": 1, "Baroness Bertin": 1,
                                             "Baroness Williams of Trafford": 1}  # fmt: skip
    assert dict(result.facets["minister"]) == {"The Solicitor General": 2,
                                               "The Minister of State, Home Office": 1}  # fmt: skip
    assert dict(result.facets["party"]) == {"Con": 3, "Lab": 1}
    assert result.facets["department"][0] == ("Attorney General", 4)


def test_snippets_mark_matched_words(data_dir):
    hit = engine.search(data_dir, SearchRequest("helpline calls")).hits[0]
    assert "[[helpline]]" in hit.snippet and "[[calls]]" in hit.snippet
    phrase = engine.search(data_dir, SearchRequest('"restraining orders"', sort="date")).hits[0]
    assert "[[restraining]] [[orders]]" in phrase.snippet
    filtered = engine.search(data_dir, SearchRequest(member="Nusrat Ghani")).hits[0]
    assert filtered.snippet is None


def test_get_turn_returns_the_whole_record(data_dir):
    turn = engine.get_turn(data_dir, "SG-Q5")
    assert turn is not None
    assert (turn.uin, turn.question_number, turn.party, turn.constituency) == (
        "902346", "5", "Con", "Wealden")  # fmt: skip
    assert engine.get_turn(data_dir, "nope") is None
    assert engine.exchange(data_dir, "nope") == []


def test_stats(data_dir):
    stats = engine.stats(data_dir)
    assert stats["archive"]["turns"] == 19
    assert stats["archive"]["sittings"] == 5
    assert stats["index"]["turns"] == 19
    assert stats["index"]["schema_version"] == build.SCHEMA_VERSION
    assert stats["warning"] is None


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ('"restraining orders', "unbalanced quote"),
        ("(stalking OR helpline", "unbalanced bracket"),
        ("stalking)", "unbalanced bracket"),
        ("speaker:Bone", "unknown field 'speaker'"),
        ("date:2015-13-01", "not a date"),
        ("date:2016-01-01..2015-01-01", "ends before it starts"),
        ("from:yesterday", "not a date"),
        ("role:questioner", "unknown role"),
        ("house:senate", "unknown house"),
        ("stalking OR", "ends where a word was expected"),
        ("AND stalking", "needs words on both sides"),
        ("member:", "needs a value"),
    ],
)
def test_malformed_queries_are_usage_errors(data_dir, query, says):
    with pytest.raises(UsageError) as raised:
        engine.search(data_dir, SearchRequest(query))
    assert says in str(raised.value)
    assert "\n" not in str(raised.value)


def test_bad_options_are_usage_errors(data_dir):
    with pytest.raises(UsageError, match="sort"):
        engine.search(data_dir, SearchRequest(sort="popular"))
    with pytest.raises(UsageError, match="facet"):
        engine.search(data_dir, SearchRequest(facets=("colour",)))
    with pytest.raises(UsageError, match="not a date"):
        engine.search(data_dir, SearchRequest(date_from="26/11/2015"))


def test_no_index_says_how_to_build_one(tmp_path):
    with pytest.raises(HansardError, match="hansard index"):
        engine.search(tmp_path, SearchRequest("stalking"))


def test_date_ranges_hold_when_a_segment_is_not_in_date_order(tmp_path, data_dir):
    # sittings indexed newest first in one commit: document order no longer follows date order
    from search_sample import DAYS

    write_sample(tmp_path)
    build.update_days(tmp_path, sorted(DAYS, key=lambda day: day[1], reverse=True))
    queries = ["date:1975", "date:2015-11-26..2016-01-13", "from:2016-01-14", "to:2012-03-08",
               "stalking date:2015-01-01..2016-12-31", "role:answer date:..2015-12-31"]  # fmt: skip
    for query in queries:
        assert same(tmp_path, query=query) == same(data_dir, query=query), query
    assert ids(tmp_path, sort="date") == ids(data_dir, sort="date")


def test_office_and_department_match_whole_values_by_their_words(data_dir):
    assert same(data_dir, query="office:speaker") == {"AG-C1"}
    assert same(data_dir, query='office:"Secretary of State for Defence"') == {"H-A1"}
    assert same(data_dir, query="department:office") == {"L-Q1", "L-A1"}  # "Home Office"
    assert same(data_dir, department="General") == same(data_dir, department="Attorney General")
    assert same(data_dir, department="Attorney") != set()
    assert same(data_dir, department="General Attorney") == set()  # words in order


def test_an_exact_office_is_not_also_the_longer_offices_containing_it(tmp_path):
    archive = write_sample(tmp_path)
    deputy = turn("DPM-A1", "2016-01-13", "answer", "I am answering for the Government today.",
                  name="Nick Clegg", office="The Deputy Prime Minister", member_id=15,
                  exchange="PMQ-Q1", department="Prime Minister", title="Engagements")  # fmt: skip
    archive.write_turns("Commons", "2016-01-13", [*day_2016_01_13(), deputy])
    build.sync(tmp_path)
    assert same(tmp_path, minister="Prime Minister") == {"PMQ-A1", "PMQ-A2"}
    assert same(tmp_path, minister="Deputy Prime Minister") == {"DPM-A1"}
    assert same(tmp_path, minister="Nick Clegg") == {"DPM-A1"}
    assert same(tmp_path, minister="Mr. Nick Clegg") == {"DPM-A1"}
