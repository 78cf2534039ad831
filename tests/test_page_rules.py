"""Page-reading rules on small variations of a saved page (markup the fixtures do not show)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.page import parse_page, read_page
from crawler.page_text import split_question
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
    assert turns[2].column == "374WH"
    # Markers print where a column begins: what comes before the first one is in the column before.
    assert [t.column for t in turns[:2]] == ["373WH", "373WH"]


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


# Variants of the real whole-day page of 9 January 2020 (topical questions, whole-day layout).
WHOLE_DAY = (SITE / "real" / "Commons_2020-01-09_CommonsChamber_WholeDay.html").read_text(
    encoding="utf-8"
)
T2_MARKUP = (
    '<p class="Question"><Question HRSContentId="{B6D73AED-D361-468F-A4E1-C2261C8D33C0}">T2.  '
    '<QuestionText HRSContentId="{0EDF492A-0CB7-4FAF-B949-CEDD456BD554}">If he will make a '
    "statement on his departmental responsibilities.</QuestionText></Question> <span class='uin'>"
    "(<abbr title='Unique identification number '>900027</abbr>)</span></p>"
)
T2_WORDS = "If he will make a statement on his departmental responsibilities."


def _topical(page: str):
    return next(t for t in parse_page(page) if t.question_number == "T2")


@pytest.fixture(scope="module")
def whole_day_turns():
    return parse_page(WHOLE_DAY)


def test_uin_printed_straight_after_a_topical_number_is_the_uin() -> None:
    """2010s print: "T1. [900123] If he will..." with no UIN markup of its own."""
    assert T2_MARKUP in WHOLE_DAY
    printed = (
        '<p class="Question"><Question HRSContentId="{B6D73AED-D361-468F-A4E1-C2261C8D33C0}">'
        f"T2. [900027] <QuestionText>{T2_WORDS}</QuestionText></Question></p>"
    )
    turn = _topical(WHOLE_DAY.replace(T2_MARKUP, printed))
    assert (turn.question_number, turn.uin, turn.text) == ("T2", "900027", T2_WORDS)
    assert turn.role == "question"


def test_plain_paragraph_topical_with_uin_after_the_number() -> None:
    plain = f'<p class="hs_Para">T2. [900027] {T2_WORDS}</p>'
    turn = _topical(WHOLE_DAY.replace(T2_MARKUP, plain))
    assert (turn.question_number, turn.uin, turn.text) == ("T2", "900027", T2_WORDS)


def test_prime_ministers_question_with_uin_after_the_number() -> None:
    printed = (
        '<p class="Question"><Question>Q1. [900644] <QuestionText>If he will list his official '
        "engagements for Thursday 9 January.</QuestionText></Question></p>"
    )
    turn = next(t for t in parse_page(WHOLE_DAY.replace(T2_MARKUP, printed)) if t.uin == "900644")
    assert turn.question_number == "Q1"
    assert turn.text == "If he will list his official engagements for Thursday 9 January."


def test_whole_day_oral_answers_heading_without_its_tag(whole_day_turns) -> None:
    """Digitised sittings give every heading an empty data-tag: the words still tell."""
    heading = '<h2 data-tag="hs_3OralAnswers">Oral Answers to Questions</h2>'
    assert heading in WHOLE_DAY
    untagged = WHOLE_DAY.replace(heading, '<h2 data-tag="">Oral Answers to Questions</h2>')
    assert parse_page(untagged) == whole_day_turns


def test_section_heading_wrapped_in_a_div_still_names_the_section(whole_day_turns) -> None:
    heading = '<h2 data-tag="hs_8Question">Topical Questions</h2>'
    wrapped = WHOLE_DAY.replace(heading, f'<div class="heading">{heading}</div>')
    turns = parse_page(wrapped)
    assert [t.debate_title for t in turns] == [t.debate_title for t in whole_day_turns]
    assert turns[-1].debate_title == "Topical Questions"


def test_column_indicator_added_by_the_sites_script_is_not_turn_text() -> None:
    """A page saved from a browser carries the script's "Column N is located here" boxes."""
    words = "Does the Secretary of State agree that close working between UK authorities"
    assert words in WHOLE_DAY
    marked = WHOLE_DAY.replace(
        words,
        'Does the Secretary of State agree that <span id="601" class="column-number" '
        'data-column-number="601"></span><div class="column-number-indicator">'
        '<div class="column-number-indicator-inner">Column 601<span class="sr-only">is located '
        "here</span></div></div>close working between UK authorities",
    )
    turn = next(t for t in parse_page(marked) if "close working between UK" in t.text)
    assert "Column 601" not in turn.text and "located here" not in turn.text
    assert (turn.column, turn.end_column) == (600, 601)
    # The box closes the <p> mid-sentence; the rest of the sentence is joined back, not made a
    # paragraph of its own (a quote would break in mid-sentence).
    assert "Secretary of State agree that close working between UK authorities" in turn.text
    unmarked = next(t for t in parse_page(WHOLE_DAY) if "close working between UK" in t.text)
    assert turn.text == unmarked.text


def test_a_paragraph_ending_at_a_column_marker_keeps_the_next_paragraph_apart() -> None:
    """A column break that falls between two printed paragraphs is a real paragraph break."""
    words = "Does the Secretary of State agree that close working between UK authorities"
    split = WHOLE_DAY.replace(
        words,
        'Does the Secretary of State agree that <span id="601" class="column-number" '
        'data-column-number="601"></span></p><p class="hs_Para">close working between UK '
        "authorities",
    )
    turn = next(t for t in parse_page(split) if "close working between UK" in t.text)
    assert "agree that\n\nclose working between UK" in turn.text
    assert (turn.column, turn.end_column) == (600, 601)


def test_member_id_from_a_link_to_the_members_page() -> None:
    link = 'href="/search/MemberContributions?house=Commons&amp;memberId=4136"'
    assert link in WHOLE_DAY
    page = WHOLE_DAY.replace(link, 'href="https://members.parliament.uk/member/4136/contact"')
    assert _topical(page).member_id == 4136


def test_breadcrumb_in_a_nav_element_still_gives_department_and_title() -> None:
    opening = '<div class="breadcrumb breadcrumb-adaptive">'
    assert LEAF.count(opening) == 1
    start = LEAF.index(opening)
    end = LEAF.index("</div>", start)
    nav = LEAF[:start] + '<nav class="breadcrumb">' + LEAF[start + len(opening) : end]
    nav += "</nav>" + LEAF[end + len("</div>") :]
    turn = parse_page(nav)[0]
    assert (turn.department, turn.debate_title) == (
        "Attorney General",
        "Stalking and Harassment Cases",
    )


def test_a_column_range_leaves_the_count_at_its_last_column() -> None:
    page = LEAF.replace(
        '<p class="hs_Para">The national',
        '<p class="hs_Para"><span id="range406408" class="column-number column-range" '
        'data-column-number-from="406" data-column-number-to="408"></span>The national',
    )
    assert [t.column for t in parse_page(page)][2] == 408


def test_on_a_page_that_marks_questions_a_members_numbered_list_is_not_a_question() -> None:
    words = "Does the Secretary of State agree that close working between UK authorities"
    listed = WHOLE_DAY.replace(words, "2. " + words)
    turn = next(t for t in parse_page(listed) if "close working between UK" in t.text)
    assert (turn.question_number, turn.role) == (None, "supplementary")
    assert turn.text.startswith("2. Does the Secretary")


def test_a_comment_after_the_closing_html_tag_is_still_a_whole_page() -> None:
    saved = LEAF.rstrip() + "\n<!-- saved by a browser extension -->\n"
    assert parse_page(saved) == parse_page(LEAF)
    with pytest.raises(ParseError, match="cut short"):
        parse_page(LEAF.rstrip()[: -len("</html>")] + "<!-- x -->")


def test_a_time_or_blank_line_before_a_lords_question_line_does_not_hide_the_question() -> None:
    lords = (SITE / "reconstructed" / "Lords_2023-03-01_RuralBusServices.html").read_text(
        encoding="utf-8"
    )
    opening = '        <div class="debate-item debate-item-otherdebateitem">\n'
    assert lords.count(opening) >= 1
    timed = lords.replace(
        opening,
        '        <div class="debate-item debate-item-otherdebateitem"><p>3.07 pm</p></div>\n'
        '        <div class="debate-item debate-item-otherdebateitem"><p> </p></div>\n' + opening,
        1,
    )
    assert parse_page(timed) == parse_page(lords)
    assert len(parse_page(timed)) == 11


@pytest.mark.parametrize(
    ("printed", "number", "uin", "words"),
    [
        ("20. What steps he is taking.", "20", None, "What steps he is taking."),
        ("Q14. The Prime Minister will know", "Q14", None, "The Prime Minister will know"),
        (
            "T1. [900123] If he will make a statement.",
            "T1",
            "900123",
            "If he will make a statement.",
        ),
        ("Ql. To ask the Prime Minister", "Q1", None, "To ask the Prime Minister"),
        ("2.5 million people are waiting", None, None, "2.5 million people are waiting"),
    ],
)
def test_question_number_and_uin_at_the_start_of_a_question(printed, number, uin, words) -> None:
    assert split_question(printed) == (number, uin, words)


def test_question_paragraph_without_the_question_element_still_gives_the_number() -> None:
    paragraph = (
        '<p class="Question">5. What steps the Crown Prosecution Service has taken to enable its '
        "prosecutors effectively to prosecute stalking and harassment cases. <span class='uin'>"
        "(<abbr title='Unique identification number '>902346</abbr>)</span></p>"
    )
    turn = parse_page(LEAF.replace(QUESTION_MARKUP, paragraph))[0]
    assert (turn.question_number, turn.uin, turn.role) == ("5", "902346", "question")
    assert turn.text.startswith("What steps the Crown Prosecution Service")


HISTORIC = (
    SITE / "real" / "Commons_1975-01-14_OralAnswersToQuestions_e0279e7f_historic.html"
).read_text(encoding="utf-8")
FIRST_NUMBER = "<p>1.</p>"
FIRST_SPEAKER = """<div class="primary-text">
        Mr. Biggs-Davison
    </div>"""


@pytest.mark.parametrize(
    ("printed", "number"),
    [("57 and 58.", "57 and 58"), ("4, 5 and 6.", "4, 5 and 6"), ("Q2 and Q3.", "Q2 and Q3")],
)
def test_grouped_numbers_printed_as_their_own_item(printed: str, number: str) -> None:
    assert HISTORIC.count(FIRST_NUMBER) == 1
    turns = parse_page(HISTORIC.replace(FIRST_NUMBER, f"<p>{printed}</p>"))
    assert (turns[0].question_number, turns[0].role) == (number, "question")
    assert turns[0].speaker_name == "Mr. Biggs-Davison"


@pytest.mark.parametrize(("printed", "number"), [("1.", "1"), ("H.", "11"), ("l2.", "12")])
def test_a_number_printed_in_the_speaker_line_is_the_question_number(
    printed: str, number: str
) -> None:
    """ "11. Mr. Warbey" (scanned "H. Mr. Warbey"): nothing else comes before an honorific."""
    assert FIRST_SPEAKER in HISTORIC
    page = HISTORIC.replace(FIRST_NUMBER, "<p></p>").replace(
        FIRST_SPEAKER, f'<div class="primary-text">{printed} Mr. Biggs-Davison</div>', 1
    )
    turns = parse_page(page)
    assert (turns[0].question_number, turns[0].speaker_name) == (number, "Mr. Biggs-Davison")


def test_a_prime_minister_heading_with_a_bracket_is_kept_whole() -> None:
    page = (SITE / "real" / "Commons_1980-04-24_OralAnswersToQuestions.html").read_text(
        encoding="utf-8"
    )
    pm = [t for t in parse_page(page) if t.department == "Prime Minister"]
    titles = {t.debate_title for t in pm}
    assert "Prime Minister (Engagements)" in titles and "Engagements" not in titles
