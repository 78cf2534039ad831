"""The build and phrase shortcuts give exactly what plain Whoosh gives (issue 4, Performance)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from search_sample import all_turns
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import TEXT

from index import build
from index.schema import (
    build_schema,
    day_documents,
    group_by_day,
    plain_analyzer,
    stemming_analyzer,
)
from index.textfields import ArrayPositions
from search.phrase import ExactPhrase

SAMPLES = [
    "The Solicitor General (Robert Buckland): Stalking is a pernicious crime.",
    "U.K. isn't it e.g. i.e. 3.5% of £2,000.50 - wild*card ** __",
    "Siân’s café in İstanbul: ŞEHİR, naïve façade, Straße, ½ ² ³",
    "",
    "a I to of the and AND THE",
]
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


def _exact_reference() -> TEXT:
    """Whoosh's positional text field, storing positions as the ``exact`` field does."""
    field = TEXT(analyzer=plain_analyzer, phrase=True)
    field.format = ArrayPositions(field_boost=field.format.field_boost)
    return field


def postings(field, text: str) -> list:
    return sorted(field.index(text))


@pytest.mark.parametrize("text", SAMPLES + [t.text for t in all_turns()])
def test_fast_text_fields_index_the_terms_whoosh_analyzers_give(text):
    schema = build_schema()
    exact_reference = _exact_reference()
    text_reference = TEXT(analyzer=stemming_analyzer, phrase=False)
    assert postings(schema["exact"], text) == postings(exact_reference, text)
    assert postings(schema["text"], text) == postings(text_reference, text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_fast_text_fields_agree_with_whoosh_on_any_text(text):
    schema = build_schema()
    assert postings(schema["exact"], text) == postings(_exact_reference(), text)
    stemmed = TEXT(analyzer=stemming_analyzer, phrase=False)
    assert postings(schema["text"], text) == postings(stemmed, text)


def _index(path: Path, limitmb: float):
    """The sample turns indexed by one writer whose posting pool spills at ``limitmb``."""
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    writer = ix.writer(limitmb=limitmb)
    for day in group_by_day(all_turns()):
        for doc in day_documents(day):
            writer.add_document(**doc)
    writer.commit()
    return ix


def _all_postings(ix) -> list:
    with ix.searcher() as searcher:
        reader = searcher.reader()
        found = []
        for fieldname, text in reader.all_terms():
            matcher = reader.postings(fieldname, text)
            found.append((fieldname, text, list(matcher.items_as("weight"))))
        return found


PHRASES = [
    "stalking and harassment",
    "the solicitor general",
    "solicitor general",
    "of the",
    "rural crime",
    "crime rural",  # the words occur, never in this order
    "my hon friend",
    "stalking stalking",
    "no such words here",
]


@pytest.mark.parametrize("phrase", PHRASES)
def test_exact_phrase_matches_and_scores_as_whoosh_phrase(tmp_path, phrase):
    ix = _index(tmp_path / "ix", limitmb=64)
    words = phrase.split()
    with ix.searcher() as searcher:
        for extra in (None, wq.Term("role", "answer")):

            def run(query, extra=extra):
                whole = query if extra is None else wq.And([query, extra])
                hits = searcher.search(whole, limit=None)
                return [(hit.docnum, round(hit.score, 6)) for hit in hits]

            assert run(ExactPhrase("exact", words)) == run(wq.Phrase("exact", words))


def test_exact_phrase_finds_the_phrase_and_not_the_words_apart(tmp_path):
    ix = _index(tmp_path / "ix", limitmb=64)
    with ix.searcher() as searcher:
        together = [searcher.stored_fields(d)["id"] for d in
                    searcher.docs_for_query(ExactPhrase("exact", ["rural", "crime"]))]  # fmt: skip
        apart = list(searcher.docs_for_query(ExactPhrase("exact", ["crime", "rural"])))
    assert together and apart == []
    texts = {t.id: t.text.lower() for t in all_turns()}
    assert all("rural crime" in texts[i] for i in together)
    assert sorted(together) == sorted(i for i, text in texts.items() if "rural crime" in text)


# -- topics: indexed once per exchange, resolved to every turn of it ---------------------------


def _ids(data_dir: Path, **kwargs) -> set[str]:
    from hansard.records import SearchRequest
    from search import engine

    result = engine.search(data_dir, SearchRequest(limit=None, **kwargs))
    return {hit.turn.id for hit in result.hits}


def test_topic_is_indexed_on_the_first_turn_of_each_exchange_only(tmp_path):
    ix = _index(tmp_path / "ix", limitmb=64)
    with ix.searcher() as searcher:
        holders = {searcher.stored_fields(d)["id"] for d in
                   searcher.docs_for_query(wq.Term("topic", "prosecut"))}  # fmt: skip
    assert holders == {"SG-Q5", "AG-Q6"}


def test_topic_finds_every_turn_of_its_exchanges_across_segments_and_updates(tmp_path):
    from search_sample import day_2015_11_26, write_sample

    from hansard.archive import Archive
    from hansard.datadir import archive_dir
    from hansard.records import SearchRequest
    from search import engine

    write_sample(tmp_path)
    build.sync(tmp_path)
    expected = {"SG-Q5", "SG-A1", "SG-S1", "SG-A2", "AG-Q6", "AG-A1", "AG-C1", "AG-S1"}
    assert _ids(tmp_path, topic="prosecute") == expected
    # a re-crawl puts the sitting in a new segment and deletes it from the old one
    Archive(archive_dir(tmp_path)).write_turns("Commons", "2015-11-26", day_2015_11_26())
    build.update_days(tmp_path, [("Commons", "2015-11-26")])
    engine.close_all()
    assert _ids(tmp_path, topic="prosecute") == expected
    # the re-crawled sitting's old copies (deleted, in the first segment) are not counted
    assert engine.count(tmp_path, SearchRequest(topic="prosecute")) == len(expected)
    assert _ids(tmp_path, query="topic:prosecute role:answer") == {"SG-A1", "SG-A2", "AG-A1"}
    assert _ids(tmp_path, topic="prosecute", query="restraining") == {"SG-S1", "SG-A2"}
    assert _ids(tmp_path, topic="no such thing") == set()


def _reference_fields() -> dict:
    """Each fast field beside the stock Whoosh field it stands in for."""
    from whoosh.analysis import RegexTokenizer
    from whoosh.fields import ID, KEYWORD

    from index.schema import name_analyzer

    whole_values = KEYWORD(scorable=False)
    whole_values.analyzer = RegexTokenizer(r"[^|]+")
    return {
        "exact": _exact_reference(),
        "text": TEXT(analyzer=stemming_analyzer, phrase=False),
        "member": TEXT(analyzer=name_analyzer, phrase=False),
        "minister": whole_values,
        "id": ID(unique=True, stored=True),
        "day": ID(),
    }


def _fast_postings(fieldname: str, value: str) -> list:
    from index.textfields import fast_columns

    columns = fast_columns(build_schema()[fieldname])
    assert columns is not None, fieldname
    return sorted(zip(*columns(value), strict=True))


NAMES = ["Mr. Peter Bone|peter bone", "Siân James", "ŞEHİR Straße", "solicitor general|a|b|a", ""]


@pytest.mark.parametrize("fieldname", list(_reference_fields()))
@pytest.mark.parametrize("value", SAMPLES + NAMES)
def test_fast_columns_give_the_postings_whoosh_gives(fieldname, value):
    reference = _reference_fields()[fieldname]
    assert _fast_postings(fieldname, value) == postings(reference, value)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_fast_columns_agree_with_whoosh_on_any_text(value):
    for fieldname, reference in _reference_fields().items():
        assert _fast_postings(fieldname, value) == postings(reference, value), fieldname


def test_fields_without_a_fast_path_take_whoosh_path():
    from whoosh.fields import ID, KEYWORD, NUMERIC

    from index.textfields import fast_columns

    assert fast_columns(NUMERIC(int)) is None
    assert fast_columns(KEYWORD()) is None
    assert fast_columns(ID(analyzer=plain_analyzer)) is None
    assert fast_columns(TEXT(analyzer=plain_analyzer, spelling=True)) is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), max_size=40, unique=True).map(sorted))
def test_array_positions_read_back_as_whoosh_positions_do(poslist):
    """The ``exact`` field's format: the same positions, frequency and weight through Whoosh's
    format interface as Whoosh's own ``Positions`` gives for the same list."""
    from whoosh.formats import Positions

    ours, whooshs = ArrayPositions(), Positions()
    value, reference = ours.encode(poslist), whooshs.encode(poslist)
    assert ours.decode_positions(value) == whooshs.decode_positions(reference) == poslist
    assert ours.decode_frequency(value) == whooshs.decode_frequency(reference) == len(poslist)
    assert ours.decode_weight(value) == whooshs.decode_weight(reference)
    assert ours.decode_position_boosts(value) == whooshs.decode_position_boosts(reference)
    assert len(value) == 4 + 4 * len(poslist)


def test_the_exact_field_stores_array_positions():
    assert type(build_schema()["exact"].format) is ArrayPositions
