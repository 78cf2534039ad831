"""Page-reading rules on small variations of a saved page (markup the fixtures do not show)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.page import parse_page, read_page
from hansard.errors import ParseError

SITE = Path(__file__).parent / "fixtures" / "site"
LEAF = (SITE / "reconstructed" / "Commons_2015-11-26_StalkingAndHarassmentCases.html").read_text(
    encoding="utf-8"
)
QUESTION_MARKUP = (
    '<p class="Question"><Question HRSContentId="{5B3E2C11-0A6D-4F0E-9C1B-2015112600A1}">5. '
    "<QuestionText>What steps the Crown Prosecution Service has taken to enable its prosecutors "
    "effectively to prosecute stalking and harassment cases. </QuestionText></Question> "
    "<span class='uin'>(<abbr title='Unique identification number '>902346</abbr>)</span></p>"
)


def test_og_url_double_slash_is_normalised() -> None:
    page = LEAF.replace(
        'content="https://hansard.parliament.uk/Commons',
        'content="https://hansard.parliament.uk//Commons',
    )
    turn = parse_page(page)[0]
    assert turn.url.startswith("https://hansard.parliament.uk/Commons/2015-11-26/debates/")


def test_question_imported_as_plain_paragraph_still_gives_number_and_uin() -> None:
    plain = (
        '<p class="hs_Para">5. What steps the Crown Prosecution Service has taken to enable its '
        "prosecutors effectively to prosecute stalking and harassment cases. (902346)</p>"
    )
    assert QUESTION_MARKUP in LEAF
    turns = parse_page(LEAF.replace(QUESTION_MARKUP, plain))
    assert (turns[0].question_number, turns[0].uin, turns[0].role) == ("5", "902346", "question")
    assert turns[0].text.endswith("harassment cases.")


def test_answer_opening_with_a_numbered_list_is_not_a_question() -> None:
    page = LEAF.replace(
        '<p class="hs_Para">The CPS launched', '<p class="hs_Para">1. The CPS launched', 1
    )
    turns = parse_page(page)
    assert turns[1].question_number is None and turns[1].role == "answer"
    assert turns[1].text.startswith("1. The CPS launched")


def test_topical_with_empty_question_text_keeps_the_words_that_follow() -> None:
    topical = (
        '<p class="Question"><Question HRSContentId="{X}">T2.  <QuestionText HRSContentId="{Y}">'
        "</QuestionText>If he will make a statement on his departmental responsibilities."
        "</Question>"
        " <span class='uin'>(<abbr title='Unique identification number '>900027</abbr>)</span></p>"
    )
    turn = parse_page(LEAF.replace(QUESTION_MARKUP, topical))[0]
    assert (turn.question_number, turn.uin) == ("T2", "900027")
    assert turn.text == "If he will make a statement on his departmental responsibilities."


def test_columns_start_where_the_turn_starts_and_end_where_it_ends() -> None:
    page = LEAF.replace(
        "which led to a 15.1% rise",
        'which led to a <span id="407" class="column-number" data-column-number="407"></span>'
        "15.1% rise",
    )
    turns = parse_page(page)
    assert [(t.column, t.end_column) for t in turns] == [
        (406, None),
        (406, 407),
        (407, None),
        (407, None),
    ]
    assert "led to a 15.1% rise" in turns[1].text


def test_cross_references_are_not_column_markers() -> None:
    page = LEAF.replace(
        "which led to a 15.1% rise",
        'which led to a <span id="vol705_col374WH" class="cross-reference" data-house-id="1" '
        'data-column-number="374WH" data-volume-number="705">—[Official Report]</span> rise',
    )
    turns = parse_page(page)
    assert all(t.column is None for t in turns)
    assert "—[Official Report] rise" in turns[1].text


def test_westminster_hall_columns_stay_strings() -> None:
    page = LEAF.replace(
        '<p class="hs_Para">The national',
        '<p class="hs_Para"><span class="column-number" data-column-number="374WH"></span>'
        "The national",
    )
    turns = parse_page(page)
    assert turns[2].column == "374WH" and turns[1].column is None


def test_a_debate_page_without_oral_questions_gives_no_turns() -> None:
    page = LEAF.replace(
        '<li><a title="Oral Answers to Questions" href="/Commons/2015-11-26/debates/'
        '15112625000001/OralAnswersToQuestions">Oral Answers to Questions</a></li>',
        "",
    )
    context, contributions = read_page(page)
    assert contributions == [] and context.section is None
    assert context.house == "Commons" and context.date == "2015-11-26"


def test_a_page_without_an_address_needs_one() -> None:
    page = LEAF.replace('property="og:url"', 'property="og:other"')
    with pytest.raises(ParseError, match="--url"):
        parse_page(page)
    assert parse_page(page, url="https://hansard.parliament.uk/Commons/2015-11-26/x")[0].url == (
        "https://hansard.parliament.uk/Commons/2015-11-26/x#contribution-"
        "5B3E2C11-0A6D-4F0E-9C1B-2015112600A1"
    )


def test_bytes_and_text_give_the_same_turns() -> None:
    assert parse_page(LEAF.encode("utf-8")) == parse_page(LEAF)


def test_lords_page_that_is_not_a_question_gives_no_turns() -> None:
    lords = (SITE / "reconstructed" / "Lords_2023-03-01_RuralBusServices.html").read_text(
        encoding="utf-8"
    )
    assert len(parse_page(lords)) == 11
    debate = lords.replace("<p><em>Question</em></p>", "<p><em>Motion to Approve</em></p>")
    assert parse_page(debate) == []
