"""Reading a sitting-day page: which links lead to the oral questions; when the House did not sit.

The day-page fixtures are reconstructions, so beside them these tests use variations the real site
could plausibly serve (other markup, lowercase paths, absolute links, several sections).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.dayindex import read_day_page

SITE = Path(__file__).parent / "fixtures" / "site" / "reconstructed"
BASE = "http://127.0.0.1:9"


def day_html(links: str, extra: str = "") -> str:
    return (
        "<html><head><title>Commons: Thursday 26 November 2015 - Hansard - UK Parliament</title>"
        f"</head><body><main>{extra}{links}</main></body></html>"
    )


@pytest.mark.parametrize(
    ("date", "section_id"),
    [
        ("2015-11-26", "15112625000001"),
        ("2022-06-22", "1825FDB2-5C11-4579-B1DA-94B80654D983"),
        ("1975-01-14", "e0279e7f-6655-463f-ae5a-e39aa443a117"),
    ],
)
def test_fixture_day_pages_lead_to_their_oral_answers_section(date: str, section_id: str) -> None:
    html = (SITE / f"day_Commons_{date}.html").read_bytes()
    index = read_day_page(html, f"{BASE}/Commons/{date}", "Commons", date)
    assert index.sitting and index.rule == "oral-section"
    assert [link.url for link in index.targets] == [
        f"{BASE}/Commons/{date}/debates/{section_id}/OralAnswersToQuestions"
    ]


def test_question_pages_under_the_section_are_not_fetched_twice() -> None:
    """The 2015 day page links the section and also its department and question pages: only
    the section is a target, since it already holds the question's contributions."""
    html = (SITE / "day_Commons_2015-11-26.html").read_bytes()
    index = read_day_page(html, f"{BASE}/Commons/2015-11-26", "Commons", "2015-11-26")
    assert len(index.debates) == 3
    assert [link.slug for link in index.targets] == ["OralAnswersToQuestions"]


def test_markup_free_links_lowercase_paths_and_absolute_hosts_are_found() -> None:
    links = (
        '<ul><li><a href="https://hansard.parliament.uk/commons/2015-11-26/debates/A1/Prayers">'
        "Prayers</a></li>"
        '<li><a href="https://hansard.parliament.uk/commons/2015-11-26/debates/B2/'
        'OralAnswersToQuestions">Oral Answers to Questions</a></li></ul>'
    )
    index = read_day_page(day_html(links), f"{BASE}/Commons/2015-11-26", "Commons", "2015-11-26")
    assert [link.url for link in index.targets] == [
        f"{BASE}/commons/2015-11-26/debates/B2/OralAnswersToQuestions"
    ]


def test_title_alone_identifies_a_section_whatever_its_slug() -> None:
    links = '<a href="/Commons/2015-11-26/debates/C3/Questions">Oral Answers to Questions</a>'
    index = read_day_page(day_html(links), f"{BASE}/Commons/2015-11-26", "Commons", "2015-11-26")
    assert [link.slug for link in index.targets] == ["Questions"]


def test_several_oral_sections_are_all_targets_in_page_order_once_each() -> None:
    links = (
        '<a href="/Commons/2015-11-26/debates/D1/OralAnswersToQuestions">Oral Answers</a>'
        '<a href="/Commons/2015-11-26/debates/D9/Statement">Statement</a>'
        '<a href="/Commons/2015-11-26/debates/D2/OralAnswersToQuestions">Oral Answers</a>'
        '<a href="/Commons/2015-11-26/debates/D1/OralAnswersToQuestions">again, in a menu</a>'
    )
    index = read_day_page(day_html(links), f"{BASE}/Commons/2015-11-26", "Commons", "2015-11-26")
    assert [link.url.split("/")[-2] for link in index.targets] == ["D1", "D2"]


def test_links_to_other_days_houses_or_pages_are_ignored() -> None:
    links = (
        '<a href="/Commons/2015-11-25/debates/E1/OralAnswersToQuestions">yesterday</a>'
        '<a href="/Lords/2015-11-26/debates/E2/OralAnswersToQuestions">Lords</a>'
        '<a href="/search/Debates?searchTerm=Oral+Answers+to+Questions">Oral Answers to '
        "Questions</a>"
        '<a href="/Commons/2015-11-26/debates/E3/BusinessOfTheHouse">Business of the House</a>'
    )
    index = read_day_page(day_html(links), f"{BASE}/Commons/2015-11-26", "Commons", "2015-11-26")
    assert index.sitting and index.rule == "none" and index.targets == ()
    assert [link.slug for link in index.debates] == ["BusinessOfTheHouse"]


def test_whole_chamber_page_is_the_fallback_when_no_section_is_listed() -> None:
    links = (
        '<a href="/Commons/2020-01-09/debates/f558af45-2e9e-4f22-9692-ae71794a6469/'
        'CommonsChamber">Commons Chamber</a>'
    )
    index = read_day_page(day_html(links), f"{BASE}/Commons/2020-01-09", "Commons", "2020-01-09")
    assert index.rule == "chamber"
    assert [link.slug for link in index.targets] == ["CommonsChamber"]


def test_lords_day_fetches_each_debate_since_lords_questions_are_debates_of_their_own() -> None:
    links = (
        '<a href="/Lords/2024-03-05/debates/L1/Introduction">Introduction</a>'
        '<a href="/Lords/2024-03-05/debates/L2/ChildPoverty">Child Poverty</a>'
    )
    index = read_day_page(day_html(links), f"{BASE}/Lords/2024-03-05", "Lords", "2024-03-05")
    assert index.rule == "lords-debates" and len(index.targets) == 2


@pytest.mark.parametrize(
    "words",
    [
        "The House did not sit on this day.",
        "The House will not sit today.",
        "There was no business for this date.",
    ],
)
def test_a_page_saying_the_house_did_not_sit_is_a_non_sitting_day(words: str) -> None:
    html = day_html("", extra=f"<p>{words}</p>")
    index = read_day_page(html, f"{BASE}/Commons/2015-11-28", "Commons", "2015-11-28")
    assert not index.sitting and index.rule == "non-sitting"


def test_a_page_with_no_debates_and_no_such_words_is_not_a_hansard_day_page() -> None:
    html = "<html><title>Just a moment...</title><body>Checking your browser</body></html>"
    index = read_day_page(html, f"{BASE}/Commons/2015-11-26", "Commons", "2015-11-26")
    assert index.rule == "unrecognised" and index.targets == ()
