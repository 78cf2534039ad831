"""The attribution rules, on small hand-built sequences of contributions (no HTML involved)."""

from __future__ import annotations

import pytest

from crawler.attribution import attribute, parse_speaker_line
from hansard.records import Contribution, PageContext

COMMONS = PageContext("Commons", "2022-06-22", 716, "Oral Answers to Questions", "https://x/p")
LORDS = PageContext("Lords", "2023-03-01", 828, None, "https://x/l")


def c(
    id: str,
    speaker: str | None,
    member_id: int | None = None,
    number: str | None = None,
    text: str = "Words.",
    department: str | None = "Northern Ireland",
    title: str | None = "Trade",
    procedural: tuple[str, ...] = (),
) -> Contribution:
    return Contribution(
        id=id,
        speaker=speaker,
        member_id=member_id,
        paragraphs=(text,),
        department=department,
        debate_title=title,
        question_number=number,
        procedural_before=procedural,
    )


@pytest.mark.parametrize(
    ("line", "name", "office", "constituency", "party"),
    [
        (
            "The Secretary of State for Northern Ireland (Brandon Lewis)",
            "Brandon Lewis",
            "The Secretary of State for Northern Ireland",
            None,
            None,
        ),
        ("Nusrat Ghani (Wealden) (Con)", "Nusrat Ghani", None, "Wealden", "Con"),
        ("Mr. Mason", "Mr. Mason", None, None, None),
        ("The Prime Minister", None, "The Prime Minister", None, None),
        ("Dr James Davies", "Dr James Davies", None, None, None),
        (
            "Sir Keir Starmer (Holborn and St Pancras) (Lab)",
            "Sir Keir Starmer",
            None,
            "Holborn and St Pancras",
            "Lab",
        ),
        ("Rishi Sunak (Richmond (Yorks)) (Con)", "Rishi Sunak", None, "Richmond (Yorks)", "Con"),
        ("Kate Osborne (Jarrow)\u2002 (Lab)", "Kate Osborne", None, "Jarrow", "Lab"),
        (
            "The Minister of State, Home Office (Lord Sharpe of Epsom) (Con)",
            "Lord Sharpe of Epsom",
            "The Minister of State, Home Office",
            None,
            "Con",
        ),
        ("Lord Foster of Bath (LD)", "Lord Foster of Bath", None, None, "LD"),
        ("The Earl of Clancarty (CB)", "The Earl of Clancarty", None, None, "CB"),
    ],
)
def test_speaker_lines(line, name, office, constituency, party) -> None:
    parsed = parse_speaker_line(line)
    assert (parsed.name, parsed.office, parsed.constituency, parsed.party) == (
        name,
        office,
        constituency,
        party,
    )
    assert not parsed.is_chair


@pytest.mark.parametrize(
    "line",
    ["Mr Speaker", "Mr. Speaker", "Madam Deputy Speaker", "Mr Deputy Speaker", "The Lord Speaker"],
)
def test_chair_lines(line: str) -> None:
    parsed = parse_speaker_line(line)
    assert parsed.is_chair and parsed.office == line and parsed.name is None


def test_chair_line_with_name() -> None:
    parsed = parse_speaker_line("The Deputy Speaker (Lord Haskel) (Lab)")
    assert (parsed.is_chair, parsed.name, parsed.party) == (True, "Lord Haskel", "Lab")


@pytest.mark.parametrize("line", ["Hon. Members", "Several hon. Members", "Noble Lords"])
def test_collective_lines(line: str) -> None:
    assert parse_speaker_line(line).is_collective


def test_office_is_carried_to_later_name_only_turns_by_member_id() -> None:
    turns = attribute(
        COMMONS,
        [
            c("a", "Nick Fletcher (Don Valley) (Con)", 4832, "1"),
            c("b", "The Secretary of State for Northern Ireland (Brandon Lewis)", 4009),
            c("c", "Nick Fletcher", 4832),
            c("d", "Brandon Lewis", 4009),
        ],
    )
    assert [t.role for t in turns] == ["question", "answer", "supplementary", "answer"]
    assert turns[3].speaker_office == "The Secretary of State for Northern Ireland"
    assert turns[3].speaker_name == "Brandon Lewis"
    assert (turns[2].constituency, turns[2].party) == ("Don Valley", "Con")


def test_office_only_line_gets_the_name_learned_earlier() -> None:
    turns = attribute(
        COMMONS,
        [
            c("a", "Nusrat Ghani (Wealden) (Con)", 4460, "5"),
            c("b", "The Solicitor General (Robert Buckland)", 4106),
            c("c", "Nusrat Ghani", 4460),
            c("d", "The Solicitor General", 4106),
        ],
    )
    assert turns[3].speaker_name == "Robert Buckland"
    assert turns[3].speaker_office == "The Solicitor General"
    assert {t.exchange_id for t in turns} == {"a"}


def test_office_is_forgotten_once_another_department_names_its_minister() -> None:
    turns = attribute(
        COMMONS,
        [
            c("a", "A (X) (Con)", 1, "1"),
            c("b", "The Minister for Trade (Ann Minister)", 2),
            c("c", "Q (Y) (Lab)", 3, "1", department="Treasury"),
            c("e", "The Chancellor of the Exchequer (Bob Chancellor)", 4, department="Treasury"),
            c("d", "Ann Minister", 2, department="Treasury"),
        ],
    )
    assert turns[1].role == "answer"
    assert turns[3].speaker_office == "The Chancellor of the Exchequer"
    assert (turns[4].role, turns[4].speaker_office) == ("supplementary", None)


def test_a_ministers_run_goes_on_across_headings_that_name_no_minister() -> None:
    """Historic pages print one department's questions under headings of their own ("India",
    "Sierra Leone" in Commonwealth Relations questions) and the minister by name alone."""
    office = "The Secretary of State for Commonwealth Relations (Mr. Duncan Sandys)"
    turns = attribute(
        COMMONS,
        [
            c("a", "Mr. G. M. Thomson", None, "1", department="India"),
            c("b", office, None, department="India"),
            c("c", "Sir T. Moore", None, "2", department="Commonwealth Relations"),
            c("d", "Mr. Sandys", None, department="Commonwealth Relations"),
            c("e", "Mr. Tilney", None, "6", department="Sierra Leone"),
            c("f", "Mr. Sandys", None, department="Sierra Leone"),
        ],
    )
    assert [t.role for t in turns] == ["question", "answer"] * 3
    for answer in turns[1::2]:
        assert answer.speaker_office == "The Secretary of State for Commonwealth Relations"
    assert [t.speaker_name for t in turns[1::2]] == [
        "Mr. Duncan Sandys",
        "Mr. Sandys",
        "Mr. Sandys",
    ]
    assert turns[3].speaker_full_name == "Mr. Duncan Sandys"


def test_the_prime_minister_keeps_his_name_under_every_heading() -> None:
    turns = attribute(
        COMMONS,
        [
            c("a", "Mr. Mayhew", None, "Q1", department="Nuclear Tests"),
            c("b", "The Prime Minister (Mr. Harold Macmillan)", None, department="Nuclear Tests"),
            c("c", "Mr. Thomson", None, "Q2", department="Department of Disarmament"),
            c("d", "The Prime Minister", None, department="Department of Disarmament"),
        ],
    )
    assert turns[3].speaker_name == "Mr. Harold Macmillan"
    assert turns[3].role == "answer"


def test_historic_short_name_matches_the_office_holder_by_surname() -> None:
    turns = attribute(
        COMMONS,
        [
            c("a", "Mr. Biggs-Davison", None, "1", department="Defence"),
            c("b", "The Secretary of State for Defence (Mr. Roy Mason)", department="Defence"),
            c("c", "Mr. Biggs-Davison", department="Defence"),
            c("d", "Mr. Mason", department="Defence"),
            c("e", "Mr. Biifen", department="Defence"),
        ],
    )
    assert (turns[3].role, turns[3].speaker_name) == ("answer", "Mr. Mason")
    assert turns[3].speaker_full_name == "Mr. Roy Mason"
    assert turns[3].speaker_office == "The Secretary of State for Defence"
    assert turns[2].role == "supplementary" and turns[2].speaker_name == "Mr. Biggs-Davison"
    assert turns[4].role == "supplementary"  # not close to any office holder's surname


def test_ocr_misreading_of_a_ministers_surname_still_matches() -> None:
    turns = attribute(
        COMMONS,
        [
            c("a", "Mr. Forman", None, "1", department="National Finance"),
            c(
                "b",
                "The Chief Secretary to the Treasury (Mr. John Biffen)",
                department="National Finance",
            ),
            c("c", "Mr. Forman", department="National Finance"),
            c("d", "Mr. Biifen", department="National Finance"),
        ],
    )
    assert (turns[3].role, turns[3].speaker_name) == ("answer", "Mr. Biifen")
    assert turns[3].speaker_full_name == "Mr. John Biffen"


def test_grouped_questions_share_one_exchange() -> None:
    turns = attribute(
        COMMONS,
        [
            c("q1", "A (X) (Con)", 1, "1"),
            c("q9", "B (Y) (Con)", 2, "9"),
            c("q10", "C (Z) (Con)", 3, "10"),
            c("ans", "The Secretary of State for Northern Ireland (Brandon Lewis)", 4009),
            c("sup", "A", 1),
            c("q22", "D (W) (SNP)", 5, "22"),
            c("ans2", "Brandon Lewis", 4009),
        ],
    )
    assert [t.exchange_id for t in turns] == ["q1"] * 5 + ["q22"] * 2
    assert [t.role for t in turns[:3]] == ["question"] * 3


def test_each_topical_question_starts_its_own_exchange() -> None:
    topical = {"title": "Topical Questions"}
    turns = attribute(
        COMMONS,
        [
            c("t1", "A (X) (Con)", 1, "T1", **topical),
            c("m1", "The Secretary of State for Northern Ireland (Brandon Lewis)", 4009, **topical),
            c("s1", "Shadow (S) (Lab)", 9, **topical),
            c("m2", "Brandon Lewis", 4009, **topical),
            c("t2", "B (Y) (Con)", 2, "T2", **topical),
            c("m3", "Brandon Lewis", 4009, **topical),
        ],
    )
    assert [t.exchange_id for t in turns] == ["t1"] * 4 + ["t2"] * 2


def test_pmqs_each_question_its_own_exchange_and_leader_of_opposition_in_the_one_before() -> None:
    pm = {"department": "Prime Minister", "title": "Engagements"}
    turns = attribute(
        COMMONS,
        [
            c("q1", "Chris Elmore (Ogmore) (Lab)", 4572, "Q1", **pm),
            c("pm1", "The Prime Minister (Boris Johnson)", 1423, **pm),
            c("q2", "Julie Marson (Hertford and Stortford) (Con)", 4768, "Q2", **pm),
            c("pm2", "The Prime Minister", 1423, **pm),
            c("ch", "Mr Speaker", 467, text="We now come to the Leader of the Opposition.", **pm),
            c("lo1", "Keir Starmer (Holborn and St Pancras) (Lab)", 4514, **pm),
            c("pm3", "The Prime Minister", 1423, **pm),
            c("q4", "Andrew Jones (Harrogate and Knaresborough) (Con)", 3996, "Q4", **pm),
        ],
    )
    assert [t.exchange_id for t in turns] == ["q1", "q1", "q2", "q2", "q2", "q2", "q2", "q4"]
    assert turns[5].role == "supplementary"
    assert (turns[6].speaker_office, turns[6].speaker_name) == (
        "The Prime Minister",
        "Boris Johnson",
    )
    assert turns[4].role == "chair" and turns[4].speaker_office == "Mr Speaker"


def test_points_of_order_are_other() -> None:
    turns = attribute(
        COMMONS,
        [
            c("a", "A (X) (Con)", 1, "1"),
            c("b", "B (Y) (Lab)", 2, text="On a point of order, Mr Speaker."),
            c("c", "C (Z) (Lab)", 3, text="Further to that point of order, Mr Speaker."),
            c("d", "Mr Speaker", 467, text="That is not a point of order."),
        ],
    )
    assert [t.role for t in turns] == ["question", "other", "other", "chair"]


def test_chair_turns_and_the_house_speaking_as_one() -> None:
    turns = attribute(
        COMMONS,
        [
            c("a", "A (X) (Con)", 1, "1"),
            c("b", "Madam Deputy Speaker (Dame Eleanor Laing)", 4076),
            c("c", "Hon. Members", None, text="Hear, hear!"),
            c("d", "Madam Deputy Speaker", 4076),
        ],
    )
    assert [t.role for t in turns] == ["question", "chair", "other", "chair"]
    assert turns[1].speaker_name == "Dame Eleanor Laing"
    assert turns[3].speaker_name == "Dame Eleanor Laing"
    assert turns[2].speaker_name is None and turns[2].member_id is None


def test_new_question_heading_starts_a_new_exchange_even_without_a_number() -> None:
    turns = attribute(
        COMMONS,
        [
            c("a", "A (X) (Con)", 1, "1", title="One"),
            c("b", "B (Y) (Con)", 2, title="Two"),
        ],
    )
    assert [t.exchange_id for t in turns] == ["a", "b"]


def test_lords_question_asker_is_the_first_member_to_speak() -> None:
    lords = {"department": None, "title": "Housing"}
    turns = attribute(
        LORDS,
        [
            c("a", "Baroness Smith (Lab)", 10, procedural=("Question",), **lords),
            c("b", "The Minister of State, Home Office (Lord Sharpe of Epsom) (Con)", 20, **lords),
            c("c", "Baroness Smith (Lab)", 10, **lords),
            c("d", "Lord Sharpe of Epsom (Con)", 20, **lords),
            c("e", "Lord Foster of Bath (LD)", 30, **lords),
        ],
    )
    assert [t.role for t in turns] == [
        "question",
        "answer",
        "supplementary",
        "answer",
        "supplementary",
    ]
    assert {t.exchange_id for t in turns} == {"a"}
    assert turns[3].speaker_office == "The Minister of State, Home Office"
    assert turns[0].question_number is None


def test_turn_fields_come_from_context_and_contribution() -> None:
    contribution = Contribution(
        id="X1",
        speaker="A (B) (Con)",
        member_id=7,
        paragraphs=("One.", "Two."),
        department="D",
        debate_title="T",
        column=407,
        end_column=408,
        question_number="3",
        uin="900001",
    )
    (turn,) = attribute(COMMONS, [contribution])
    assert turn.text == "One.\n\nTwo."
    assert turn.url == "https://x/p#contribution-X1"
    assert (turn.column, turn.end_column, turn.uin) == (407, 408, "900001")
    assert (turn.house, turn.date, turn.volume) == ("Commons", "2022-06-22", 716)


def test_shorter_title_later_gets_the_name_by_member_id() -> None:
    pm = {"department": "Prime Minister", "title": "Engagements"}
    turns = attribute(
        COMMONS,
        [
            c("q1", "A (X) (Con)", 1, "Q1", **pm),
            c(
                "a1",
                "The Deputy Prime Minister and Secretary of State for Justice (Dominic Raab)",
                4,
                **pm,
            ),
            c("s1", "A", 1, **pm),
            c("a2", "The Deputy Prime Minister", 4, **pm),
        ],
    )
    assert (turns[3].speaker_name, turns[3].speaker_office) == (
        "Dominic Raab",
        "The Deputy Prime Minister",
    )
    assert turns[3].role == "answer"


def test_two_historic_ministers_with_one_title_stay_apart() -> None:
    dept = {"department": "Treasury"}
    turns = attribute(
        COMMONS,
        [
            c("q1", "Mr. Asker", None, "1", **dept),
            c("a1", "The Minister of State, Treasury (Mr. Peter Rees)", **dept),
            c("q2", "Mr. Other", None, "2", title="Second", **dept),
            c(
                "a2",
                "The Minister of State, Treasury (Mr. Jock Bruce-Gardyne)",
                title="Second",
                **dept,
            ),
            c("s2", "Mr. Other", title="Second", **dept),
            c("a3", "Mr. Bruce-Gardyne", title="Second", **dept),
            c("a4", "Mr. Rees", title="Second", **dept),
            c("a5", "Mr. Peter Rees", title="Second", **dept),
        ],
    )
    assert [t.speaker_name for t in turns[5:]] == [
        "Mr. Bruce-Gardyne",
        "Mr. Rees",
        "Mr. Peter Rees",
    ]
    assert [t.speaker_full_name for t in turns[5:]] == [
        "Mr. Jock Bruce-Gardyne",
        "Mr. Peter Rees",
        None,
    ]
    assert {t.role for t in turns[5:]} == {"answer"}


def test_full_name_with_or_without_initials_is_one_minister() -> None:
    dept = {"department": "Defence"}
    turns = attribute(
        COMMONS,
        [
            c("q1", "Mr. Asker", None, "1", **dept),
            c("a1", "The Under-Secretary of State for Defence (Mr. Robert C. Brown)", **dept),
            c("s1", "Mr. Asker", **dept),
            c("a2", "Mr. Robert Brown", **dept),
        ],
    )
    assert (turns[3].role, turns[3].speaker_office) == (
        "answer",
        "The Under-Secretary of State for Defence",
    )


@pytest.mark.parametrize(
    ("line", "name", "office"),
    [
        ("The Minister for Security (Tom Tugendhat)", "Tom Tugendhat", "The Minister for Security"),
        (
            "The Chancellor of the Duchy of Lancaster (Oliver Dowden)",
            "Oliver Dowden",
            "The Chancellor of the Duchy of Lancaster",
        ),
        (
            "The Leader of the House of Commons (Penny Mordaunt)",
            "Penny Mordaunt",
            "The Leader of the House of Commons",
        ),
        (
            "The Parliamentary Under-Secretary of State for Health and Social Care "
            "(Maria Caulfield)",
            "Maria Caulfield",
            "The Parliamentary Under-Secretary of State for Health and Social Care",
        ),
        (
            "The hon. Member for South West Bedfordshire, representing the Church Commissioners "
            "(Andrew Selous)",
            "Andrew Selous",
            "The hon. Member for South West Bedfordshire, representing the Church Commissioners",
        ),
    ],
)
def test_office_lines_of_ministers_and_those_answering_for_a_body(line, name, office) -> None:
    parsed = parse_speaker_line(line)
    assert (parsed.name, parsed.office, parsed.is_chair) == (name, office, False)


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Madam Deputy Speaker (Dame Eleanor Laing)", "Dame Eleanor Laing"),
        ("Mr Deputy Speaker (Mr Nigel Evans)", "Mr Nigel Evans"),
        ("The Chairman of Ways and Means (Dame Rosie Winterton)", "Dame Rosie Winterton"),
        ("Sir Roger Gale (in the Chair)", "Sir Roger Gale"),
        ("The Chair (Sir Roger Gale)", "Sir Roger Gale"),
        ("The Temporary Chair (Dr Rupa Huq)", "Dr Rupa Huq"),
    ],
)
def test_chair_lines_naming_who_is_in_the_chair(line: str, name: str) -> None:
    parsed = parse_speaker_line(line)
    assert (parsed.is_chair, parsed.name, parsed.constituency) == (True, name, None)


def test_deputy_speaker_named_once_keeps_the_name_and_answers_stay_answers() -> None:
    turns = attribute(
        COMMONS,
        [
            c("a", "Nick Fletcher (Don Valley) (Con)", 4832, "1"),
            c("b", "Madam Deputy Speaker (Dame Eleanor Laing)", 4076),
            c("c", "The Minister for Security (Tom Tugendhat)", 4593),
            c("d", "Madam Deputy Speaker", 4076),
            c("e", "Hon. Members", None, text="Hear, hear!"),
            c("f", "Tom Tugendhat", 4593),
        ],
    )
    assert [t.role for t in turns] == ["question", "chair", "answer", "chair", "other", "answer"]
    assert turns[3].speaker_name == "Dame Eleanor Laing"
    assert turns[5].speaker_office == "The Minister for Security"
    assert {t.exchange_id for t in turns} == {"a"}


def test_a_name_only_line_carries_the_office_its_speaker_was_last_printed_with() -> None:
    """A Lords minister answers one question for one department and the next for another."""
    sharpe = 4975
    first = ("Question",)
    turns = attribute(
        LORDS,
        [
            c("a", "Lord Foster of Bath (LD)", 1, department=None, title="Q1", procedural=first),
            c(
                "b",
                "The Minister of State, Home Office (Lord Sharpe of Epsom) (Con)",
                sharpe,
                department=None,
                title="Q1",
            ),
            c("c", "Lord Foster of Bath (LD)", 1, department=None, title="Q2", procedural=first),
            c(
                "d",
                "The Minister of State, Department for Transport (Lord Sharpe of Epsom) (Con)",
                sharpe,
                department=None,
                title="Q2",
            ),
            c("e", "Baroness Pinnock (LD)", 2, department=None, title="Q2"),
            c("f", "Lord Sharpe of Epsom (Con)", sharpe, department=None, title="Q2"),
        ],
    )
    assert [t.role for t in turns] == [
        "question",
        "answer",
        "question",
        "answer",
        "supplementary",
        "answer",
    ]
    assert turns[5].speaker_office == "The Minister of State, Department for Transport"


def test_a_member_only_rising_is_other_not_a_supplementary() -> None:
    turns = attribute(
        COMMONS,
        [
            c("a", "A (X) (Con)", 1, "1"),
            c("b", "The Secretary of State for Northern Ireland (Brandon Lewis)", 4009),
            c("c", "Jim Shannon (Strangford) (DUP)", 4131, text="rose—"),
            c("d", "Mr Speaker", 467, text="Order. I call Jim Shannon."),
            c("e", "Jim Shannon", 4131, text="Will the Secretary of State confirm the date?"),
        ],
    )
    assert [t.role for t in turns] == ["question", "answer", "other", "chair", "supplementary"]
    assert turns[2].constituency == "Strangford" and turns[4].constituency == "Strangford"


@pytest.mark.parametrize(
    ("later", "full"),
    [
        ("Sir D. Eccles", "Sir David Eccles"),
        ("Sir D Eccles", "Sir David Eccles"),
        ("Sir Eccles", "Sir David Eccles"),
    ],
)
def test_initials_or_no_first_name_are_the_same_minister(later: str, full: str) -> None:
    dept = {"department": "Education", "title": "Schools"}
    turns = attribute(
        COMMONS,
        [
            c("q", "Mr. Farr", None, "7", **dept),
            c("a", f"The Minister of Education ({full})", None, **dept),
            c("s", "Mr. Farr", None, **dept),
            c("b", later, None, **dept),
        ],
    )
    assert (turns[3].role, turns[3].speaker_office) == ("answer", "The Minister of Education")
    assert (turns[3].speaker_name, turns[3].speaker_full_name) == (later, full)


def test_surname_with_a_particle_and_its_misprint_are_the_minister() -> None:
    dept = {"department": "National Finance", "title": "Fuel Oil Tax"}
    turns = attribute(
        COMMONS,
        [
            c("q", "Sir T. Moore", None, "19", **dept),
            c("a", "The Economic Secretary to the Treasury (Mr. Edward du Cann)", None, **dept),
            c("s", "Sir T. Moore", None, **dept),
            c("b", "Mr du Cann", None, **dept),
            c("t", "Mr. Emrys Hughes", None, **dept),
            c("d", "Mr. du Cum", None, **dept),
        ],
    )
    assert [t.role for t in turns[3::2]] == ["answer", "answer"]
    assert {t.speaker_full_name for t in turns[3::2]} == {"Mr. Edward du Cann"}
    assert [t.speaker_name for t in turns[3::2]] == ["Mr du Cann", "Mr. du Cum"]


def test_different_initials_are_a_different_member() -> None:
    dept = {"department": "Education", "title": "Schools"}
    turns = attribute(
        COMMONS,
        [
            c("q", "Mr. Farr", None, "7", **dept),
            c("a", "The Minister of Education (Sir David Eccles)", None, **dept),
            c("s", "Sir J. Eccles", None, **dept),
        ],
    )
    assert (turns[2].role, turns[2].speaker_office, turns[2].speaker_full_name) == (
        "supplementary",
        None,
        None,
    )


@pytest.mark.parametrize(
    "opening",
    [
        "May I raise a short point of order, Mr. Speaker? The Minister said...",
        "On a point of order, Mr. Speaker.",
        "I rise on a point of order.",
        "Further to that point of order.",
    ],
)
def test_points_of_order_in_general_are_other(opening: str) -> None:
    turns = attribute(
        COMMONS,
        [c("q", "A (X) (Con)", 1, "1"), c("p", "B (Y) (Lab)", 2, text=opening)],
    )
    assert turns[1].role == "other"


@pytest.mark.parametrize(
    "text",
    [
        "Following yesterday's points of order on this subject, will the Minister now answer?",
        "Is it in order for the Minister to say that? I ask this not as a point of order.",
    ],
)
def test_a_question_mentioning_points_of_order_is_a_supplementary(text: str) -> None:
    turns = attribute(COMMONS, [c("q", "A (X) (Con)", 1, "1"), c("s", "B (Y) (Lab)", 2, text=text)])
    assert turns[1].role == "supplementary"


def test_a_supplementary_mentioning_order_later_is_still_a_supplementary() -> None:
    text = (
        "Is the Minister aware that the councils in my constituency have been waiting for two "
        "years? Will he put that in order, and is that not a point of order for the House?"
    )
    turns = attribute(COMMONS, [c("q", "A (X) (Con)", 1, "1"), c("s", "B (Y) (Lab)", 2, text=text)])
    assert turns[1].role == "supplementary"


def test_a_third_person_question_without_a_number_is_a_question() -> None:
    """Historic print: "Mr. Warbey asked the Chancellor..." is a tabled question even when its
    number is misprinted or missing."""
    turns = attribute(
        COMMONS,
        [
            c("q", "Mr. Warbey", None, "10", text="asked the Chancellor of the Exchequer what..."),
            c("a", "The Chief Secretary to the Treasury (Mr. John Boyd-Carpenter)", None),
            c("r", "Mr. Warbey", None, title="Other", text="asked the Chancellor of the..."),
            c("b", "Mr. Boyd-Carpenter", None, title="Other", text="None, Sir."),
        ],
    )
    assert [t.role for t in turns] == ["question", "answer", "question", "answer"]
    assert turns[2].exchange_id == "r"


@pytest.mark.parametrize(
    "text", ["rose—", "rose—[Interruption.]", "rose— [Hon. Members: “Hear, hear.”]"]
)
def test_a_turn_that_only_records_rising_is_other(text: str) -> None:
    turns = attribute(
        COMMONS,
        [
            c("q", "A (X) (Con)", 1, "Q1"),
            c("a", "The Prime Minister (Boris Johnson)", 2, text=text),
        ],
    )
    assert turns[1].role == "other"


def test_a_tabled_question_is_never_a_ministers_even_with_a_name_like_one() -> None:
    dept = {"department": "Education", "title": "Schools"}
    turns = attribute(
        COMMONS,
        [
            c("q", "Mr. Farr", None, "7", **dept),
            c("a", "The Minister of Education (Sir David Eccles)", None, **dept),
            c("r", "Sir D. Eccles", None, "8", title="Other", department="Education"),
            c("s", "Sir D. Eccles", None, title="Other", department="Education",
              text="asked the Minister of Education whether..."),
        ],
    )  # fmt: skip
    assert [(t.role, t.speaker_office) for t in turns[2:]] == [("question", None)] * 2
