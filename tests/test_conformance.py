"""The same query language on both backends: Whoosh (in the data dir) and PostgreSQL.

Two archives, each indexed by both engines: the small realistic sample of ``search_sample``
(whose answers are known by heart) and the turns of the real and reconstructed fixture pages
(``tests/fixtures/site``, their checked expected turns: 1,489 at this writing). Every case must
give the same set of ids, the same total and the same facet counts on both; sorted by date, the
same order. Ranking by relevance may differ (README: "Where the backends differ"), so relevance
results are compared as sets.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, new_database
from search_sample import write_sample

from hansard.archive import Archive
from hansard.datadir import archive_dir
from hansard.errors import UsageError
from hansard.records import SearchRequest, Turn
from search.backend import open_backend

BACKENDS = ("whoosh", "postgresql")


def write_fixture_pages(data_dir: Path) -> int:
    """The fixture pages' expected turns as an archive (a day's pages together, each id once)."""
    days: dict[tuple[str, str], dict[str, Turn]] = defaultdict(dict)
    for path in sorted(FIXTURE_SITE.rglob("*.expected.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                turn = Turn.from_json(line)
                days[(turn.house, turn.date)].setdefault(turn.id, turn)
    archive = Archive(archive_dir(data_dir))
    for (house, date), turns in days.items():
        archive.write_turns(house, date, list(turns.values()))
    return sum(len(t) for t in days.values())


def _engines(data_dir: Path, url: str) -> dict:
    engines = {"whoosh": open_backend(data_dir), "postgresql": open_backend(data_dir, url)}
    for engine in engines.values():
        engine.sync()
    return engines


@pytest.fixture(scope="module")
def sample(tmp_path_factory, pg_primary):
    data_dir = tmp_path_factory.mktemp("sample")
    write_sample(data_dir)
    engines = _engines(data_dir, new_database(pg_primary))
    yield engines
    engines["postgresql"].close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory, pg_primary):
    data_dir = tmp_path_factory.mktemp("pages")
    assert write_fixture_pages(data_dir) > 600
    engines = _engines(data_dir, new_database(pg_primary))
    yield engines
    engines["postgresql"].close()


def _ids(engine, **kwargs) -> list[str]:
    kwargs.setdefault("limit", None)
    return [hit.turn.id for hit in engine.search(SearchRequest(**kwargs)).hits]


# -- the done-when, on each backend ----------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_stalking_answered_by_the_solicitor_general(sample, backend):
    result = sample[backend].search(SearchRequest("stalking", minister="Solicitor General"))
    assert {h.turn.id for h in result.hits} == {"SG-A1", "SG-A2"}
    assert {h.turn.speaker_name for h in result.hits} == {"Robert Buckland"}
    assert result.total == 2
    assert all("[[stalking]]" in h.snippet for h in result.hits)


@pytest.mark.parametrize("backend", BACKENDS)
def test_known_answers_of_the_sample(sample, backend):
    engine = sample[backend]
    assert set(_ids(engine, query='"restraining orders"')) == {"SG-S1", "SG-A2"}
    assert set(_ids(engine, member="Nusrat Ghani")) == {"SG-Q5", "SG-S1"}
    assert set(_ids(engine, member="Peter Bone")) == {"AG-Q6", "AG-S1"}  # "Mr Bone" by id
    assert set(_ids(engine, minister="Mr. Mason")) == {"H-A1"}
    assert set(_ids(engine, minister="Robert Buckland")) == {"SG-A1", "SG-A2"}
    assert set(_ids(engine, query="prime minister", role="question")) == set()
    assert set(_ids(engine, query="office:speaker")) == {"AG-C1"}
    assert _ids(engine, query="minister:nobody") == []
    assert len(_ids(engine, query="-minister:nobody")) == 19  # NOT of nothing is everything


# -- every feature, the same on both -----------------------------------------------------------

SAMPLE_CASES = [
    dict(query="stalking"),
    dict(query="stalk"),
    dict(query="prosecute"),
    dict(query='"restraining orders"'),
    dict(query='"it is no joke"'),
    dict(query='"stalking protocol" OR "rural crime"'),
    dict(query="the"),
    dict(query="stalking AND prosecutors"),
    dict(query="stalking prosecutors"),
    dict(query="stalking OR unemployment"),
    dict(query="stalking NOT online"),
    dict(query="stalking -online"),
    dict(query='-"restraining orders"'),
    dict(query="(stalking OR crime) -party:con"),
    dict(query="NOT party:Labour"),
    dict(query="member:4106"),
    dict(query='member:"Robert Buckland"'),
    dict(query="member:bone"),
    dict(query='minister:"Solicitor General"'),
    dict(query='minister:"Home Office"'),
    dict(query='minister:"Prime Minister"'),
    dict(query='office:"Prime Minister"'),
    dict(query="office:speaker"),
    dict(query="topic:stalking"),
    dict(query="topic:prosecute"),
    dict(query="topic:the"),
    dict(query="title:crime"),
    dict(query="department:justice"),
    dict(query='department:"Attorney General"'),
    dict(query="party:con"),
    dict(query="party:conservative"),
    dict(query="role:answer"),
    dict(query="house:lords"),
    dict(query="id:SG-A1"),
    dict(query="date:2015"),
    dict(query="date:2015-11"),
    dict(query="date:2015-11-26"),
    dict(query="date:2012-01-01..2016-01-13"),
    dict(query="date:..2012-12-31"),
    dict(query="from:2016-01-01"),
    dict(query="to:2015-11-26 stalking"),
    dict(query="minister:nobody stalking"),
    dict(query="minister:nobody OR stalking"),
    dict(query="-minister:nobody"),
    dict(query=""),
    dict(query="stalking", minister="Solicitor General"),
    dict(query="stalking", member="Nusrat Ghani"),
    dict(query="", topic="stalking", role="answer"),
    dict(query="", department="Home Office", house="Lords"),
    dict(query="", party="Lab"),
    dict(query="", date_from="2015-01-01", date_to="2016-12-31"),
    dict(query="crime", date_from="2015-11-26"),
    dict(query="", minister="nobody"),
]

PAGE_CASES = [
    dict(query="government"),
    dict(query="business OR trade"),
    dict(query='"the rest of the UK"'),
    dict(query='"we will"'),
    dict(query='"I will write to"'),
    dict(query="will -government"),
    dict(query="role:question"),
    dict(query="role:supplementary party:lab"),
    dict(query="house:lords"),
    dict(query="date:2022"),
    dict(query="department:ireland"),
    dict(query="topic:trade"),
    dict(query="topic:bus", house="Lords"),
    dict(query="title:engagements"),
    dict(query="", minister="Prime Minister"),
    dict(query="", member="James Davies"),
    dict(query="people", role="answer", date_from="1990-01-01"),
    dict(query="minister:secretary"),
    dict(query="office:speaker"),
    dict(query="(housing OR homes) AND NOT party:con"),
    dict(query="", member="Roy Mason"),  # printed "Mr. Mason": found by the fuller name
    dict(query="", minister="Roy Mason"),
    dict(query="", member="Duncan Sandys"),
    dict(query="defence", date_to="1979-12-31"),
    dict(query=""),
]


def _compare(engines, case: dict) -> None:
    whoosh, pg = engines["whoosh"], engines["postgresql"]
    request = SearchRequest(**case, limit=None, facets=("member", "minister", "department",
                                                        "party", "year"))  # fmt: skip
    a, b = whoosh.search(request), pg.search(request)
    assert {h.turn.id for h in a.hits} == {h.turn.id for h in b.hits}, case
    assert a.total == b.total == len(a.hits), case
    assert a.facets == b.facets, case
    assert whoosh.count(request) == pg.count(request) == a.total, case
    for sort in ("date", "-date"):
        ordered = SearchRequest(**case, limit=None, sort=sort)
        assert _ids(whoosh, **case, sort=sort) == _ids(pg, **case, sort=sort), (case, sort)
        assert whoosh.search(ordered).hits == pg.search(ordered).hits, (case, sort)
    if a.hits:  # the first page of a ranking: as many hits, still the total of every match
        page = SearchRequest(**case, limit=3)
        first_a, first_b = whoosh.search(page), pg.search(page)
        assert len(first_a.hits) == len(first_b.hits) == min(3, a.total), case
        assert first_b.total == a.total, case  # Whoosh's may fall short: see the xfail below
    by_id = {h.turn.id: h.snippet for h in b.hits}
    assert {h.turn.id: h.snippet for h in a.hits} == by_id, case


@pytest.mark.parametrize("case", SAMPLE_CASES, ids=lambda c: json.dumps(c))
def test_sample_cases_agree(sample, case):
    _compare(sample, case)


@pytest.mark.parametrize("case", PAGE_CASES, ids=lambda c: json.dumps(c))
def test_fixture_page_cases_agree(pages, case):
    _compare(pages, case)


def test_a_limited_whoosh_search_still_counts_every_match(pages):
    """Whoosh's top-k collector may skip matches that cannot reach the top; the total may not."""
    whoosh, postgresql = pages["whoosh"], pages["postgresql"]
    request = SearchRequest("business OR trade", limit=3)
    every = postgresql.count(request)
    assert every > 3 * 10  # far past the limit, where the collector starts skipping
    assert whoosh.search(request).total == whoosh.count(request) == every


def test_the_cases_are_not_trivial(sample, pages):
    """Most cases match something, and not everything: the agreement above means something."""
    for engines, cases in ((sample, SAMPLE_CASES), (pages, PAGE_CASES)):
        everything = engines["whoosh"].count(SearchRequest())
        totals = [engines["postgresql"].count(SearchRequest(**case)) for case in cases]
        assert sum(0 < t < everything for t in totals) >= len(cases) * 2 // 3


@pytest.mark.parametrize("backend", BACKENDS)
def test_sorted_by_date_keeps_sitting_order(sample, backend):
    ids = _ids(sample[backend], query="", date_from="2015-11-26", date_to="2015-11-26", sort="date")
    assert ids[:4] == ["SG-Q5", "SG-A1", "SG-S1", "SG-A2"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_show_and_get_turn(sample, backend):
    engine = sample[backend]
    assert [t.id for t in engine.exchange("SG-A2")] == ["SG-Q5", "SG-A1", "SG-S1", "SG-A2"]
    assert engine.exchange("no-such-id") == []
    assert engine.get_turn("SG-A1").speaker_office == "The Solicitor General"


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    "query, message",
    [
        ('"unclosed', "unbalanced quote"),
        ("(stalking", "unbalanced bracket"),
        ("colour:red", "unknown field 'colour'"),
        ("date:2015-13", "is not a date"),
        ("role:minister", "unknown role"),
        ("minister:...", "has no words to look for"),
        ("member:&", "has no words to look for"),
        ("stalking*", "wildcards are not supported"),
        ("& –", "no words to search for"),
    ],
)
def test_malformed_queries_fail_alike(sample, backend, query, message):
    with pytest.raises(UsageError, match=message):
        sample[backend].search(SearchRequest(query))
