"""ParlParse / TheyWorkForYou XML: real files in, the same Turn records as the web parser out."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from crawler.attribution import parse_speaker_line
from crawler.parlparse import (
    file_turns,
    find_xml_files,
    latest_versions,
    read_parlparse,
    read_parlparse_file,
    twfy_url,
)
from hansard.errors import ParseError

XML = Path(__file__).parent / "fixtures" / "twfy-parlparse-xml"
OLD = XML / "debates2009-10-26b.xml"
SUPERSEDED = XML / "debates2009-10-26a.xml"
NEW = XML / "debates2025-09-01_EXCERPT_first-speeches.xml"


@pytest.fixture(scope="module")
def old_turns():
    return file_turns(read_parlparse_file(OLD))


def by_id(turns, ident):
    return next(t for t in turns if t.id == ident)


# -- old format: 26 October 2009, Home Office questions -------------------------------------


def test_old_format_keeps_only_home_office_questions(old_turns):
    assert {t.department for t in old_turns} == {"Home Department"}
    titles = list(dict.fromkeys(t.debate_title for t in old_turns))
    assert titles[0] == "Animals (Scientific Procedures) Act"
    assert titles[-1] == "Topical Questions"
    assert len(titles) == 14
    # business before questions and the urgent question after them are not oral questions
    assert "Committee of Selection" not in titles
    assert "Territorial Army" not in titles
    assert len(old_turns) == 149
    assert all(t.house == "Commons" and t.date == "2009-10-26" for t in old_turns)
    assert all(t.section == "Oral Answers to Questions" for t in old_turns)


def test_old_format_question_turn(old_turns):
    first = old_turns[0]
    assert first.id == "2009-10-26b.1.7"
    assert first.role == "question"
    assert first.question_number == "1"
    assert first.uin == "295125"
    assert first.speaker_name == "David Taylor"
    assert first.member_id is None  # ParlParse member ids are not Members API ids
    assert first.column == 1
    assert first.text.startswith("If he will bring forward legislative proposals")
    assert first.url == "https://www.theyworkforyou.com/debates/?id=2009-10-26b.1.7"
    assert first.exchange_id == first.id


def test_old_format_minister_office_carries_to_later_turns(old_turns):
    answer = by_id(old_turns, "2009-10-26b.1.8")
    assert answer.role == "answer"
    assert answer.speaker_name == "Meg Hillier"
    assert (
        answer.speaker_office
        == "The Parliamentary Under-Secretary of State for the Home Department"
    )
    assert "\n\n" in answer.text  # two paragraphs
    later = by_id(old_turns, "2009-10-26b.1.10")  # printed "Meg Hillier" only
    assert later.role == "answer"
    assert later.speaker_office == answer.speaker_office
    supplementary = by_id(old_turns, "2009-10-26b.1.9")
    assert supplementary.role == "supplementary"
    assert supplementary.exchange_id == "2009-10-26b.1.7"


def test_old_format_topical_questions_numbered_like_the_web(old_turns):
    topicals = [t for t in old_turns if t.debate_title == "Topical Questions"]
    questions = [t for t in topicals if t.role == "question"]
    assert [t.question_number for t in questions][:3] == ["T1", "T2", "T3"]
    assert questions[0].speaker_name == "David Burrowes"
    assert questions[0].uin == "295150"
    # each topical is its own exchange
    assert len({t.exchange_id for t in topicals}) == len(questions)
    home_secretary = by_id(old_turns, "2009-10-26b.17.3")
    assert home_secretary.role == "answer"
    assert home_secretary.speaker_office == "The Secretary of State for the Home Department"


def test_old_format_chair_and_grouped_questions(old_turns):
    chair = [t for t in old_turns if t.role == "chair"]
    assert chair and all(t.speaker_office == "Mr. Speaker" for t in chair)
    # "Prevent": questions 5 and 7 grouped, one exchange
    prevent = [t for t in old_turns if t.debate_title == "Prevent" and t.role == "question"]
    assert [t.question_number for t in prevent] == ["5", "7"]
    assert prevent[0].exchange_id == prevent[1].exchange_id
    roles = Counter(t.role for t in old_turns)
    assert roles["question"] == 24


def test_old_format_two_ministers_sharing_an_office_title(old_turns):
    """Two Under-Secretaries print the same office with no member ids: each keeps their own."""
    campbell = [t for t in old_turns if t.speaker_name == "Alan Campbell"]
    assert len(campbell) == 8 and all(t.role == "answer" for t in campbell)
    office = "The Parliamentary Under-Secretary of State for the Home Department"
    assert all(t.speaker_office == office for t in campbell)
    assert by_id(old_turns, "2009-10-26b.3.0").speaker_name == "Meg Hillier"


def test_speaker_lines_are_built_as_hansard_prints_them():
    parsed = read_parlparse_file(OLD)
    first_answer = parsed.contributions[1]
    assert first_answer.speaker == (
        "The Parliamentary Under-Secretary of State for the Home Department (Meg Hillier)"
    )
    line = parse_speaker_line(first_answer.speaker)
    assert (line.office, line.name) == (
        "The Parliamentary Under-Secretary of State for the Home Department",
        "Meg Hillier",
    )
    assert parsed.contributions[0].procedural_before == ("The Secretary of State was asked-",)


# -- versions ----------------------------------------------------------------------------------


def test_superseded_version_never_wins_or_duplicates():
    latest, superseded = read_parlparse_file(OLD), read_parlparse_file(SUPERSEDED)
    assert superseded.latest is False and superseded.redirects
    assert superseded.redirects["uk.org.publicwhip/debate/2009-10-26a.1.7"] == (
        "uk.org.publicwhip/debate/2009-10-26b.1.7"
    )
    for order in ([latest, superseded], [superseded, latest]):
        kept, skipped, refused = latest_versions(order)
        assert kept == [latest]
        assert skipped == ["debates2009-10-26a.xml: skipped, superseded by debates2009-10-26b.xml"]
        assert refused == []


def test_superseded_version_alone_is_refused():
    kept, skipped, refused = latest_versions([read_parlparse_file(SUPERSEDED)])
    assert kept == [] and skipped == []
    assert "superseded" in refused[0] and "debates2009-10-26a.xml" in refused[0]


def test_find_xml_files_walks_directories():
    found = find_xml_files([XML])
    assert {p.name for p in found} == {OLD.name, SUPERSEDED.name, NEW.name}


# -- new format (2016 onwards) -----------------------------------------------------------------


def test_new_format_excerpt():
    parsed = read_parlparse_file(NEW)
    assert (parsed.date, parsed.version, parsed.latest) == ("2025-09-01", "c", True)
    turns = file_turns(parsed)
    assert {t.department for t in turns} == {"Work and Pensions"}
    first = turns[0]
    assert (first.id, first.role, first.question_number, first.uin) == (
        "2025-09-01c.1.4",
        "question",
        "1",
        "905391",
    )
    assert first.speaker_name == "Alison Griffiths"
    assert first.member_id is None
    # new files print no offices; the file marks answers itself
    answers = [t for t in turns if t.role == "answer"]
    assert answers and {t.speaker_name for t in answers} == {"Alison McGovern"}
    assert by_id(turns, "2025-09-01c.1.6").role == "supplementary"
    assert by_id(turns, "2025-09-01c.1.9").question_number == "5"
    assert by_id(turns, "2025-09-01c.1.9").exchange_id == "2025-09-01c.1.9"


# -- the rules on small documents ----------------------------------------------------------------

HEAD = '<?xml version="1.0"?><!DOCTYPE publicwhip [<!ENTITY mdash "&#8212;">]>'


def speech(n, name=None, qnum=None, text="Words.", office=None, uin=None):
    attrs = f'id="uk.org.publicwhip/debate/2015-11-26a.{n}" colnum="{n.split(".")[0]}"'
    if name:
        attrs += f' speakername="{name}" speakerid="uk.org.publicwhip/member/{len(name)}"'
    else:
        attrs += ' nospeaker="true"'
    if office:
        attrs += f' speakeroffice="{office}"'
    if qnum:
        attrs += f' oral-qnum="{qnum}"'
    para = f' qnum="{uin}"' if uin else ""
    return f'<speech {attrs}><p pid="a.{n}/1"{para}>{text}</p></speech>'


def heading(kind, n, text):
    return f'<{kind} id="uk.org.publicwhip/debate/2015-11-26a.{n}" nospeaker="true">{text}</{kind}>'


def document(*parts):
    return (
        HEAD + '<publicwhip scrapeversion="a" latest="yes">' + "".join(parts) + "</publicwhip>"
    ).encode()


def test_block_runs_across_departments_and_stops_at_an_urgent_question():
    xml = document(
        heading("oral-heading", "1.1", "ORAL ANSWERS TO QUESTIONS"),
        heading("major-heading", "1.2", "ATTORNEY-GENERAL"),
        speech("1.3", text="The Attorney-General was asked&mdash;"),
        heading("minor-heading", "1.4", "Stalking"),
        speech("1.5", "Nusrat Ghani", qnum="5", uin="902346"),
        speech("1.6", "Robert Buckland", office="The Solicitor-General"),
        heading("major-heading", "2.1", "PRIME MINISTER"),
        heading("minor-heading", "2.2", "Engagements"),
        speech("2.3", "Jo Smith", qnum="1", uin="902999"),
        speech("2.4", "David Cameron", office="The Prime Minister"),
        heading("minor-heading", "3.1", "Flooding"),
        speech("3.2", "Liz Truss", office="The Secretary of State"),
        heading("major-heading", "4.1", "BUSINESS OF THE HOUSE"),
        speech("4.2", "Chris Grayling", text="The business next week..."),
    )
    parsed = read_parlparse(xml, "debates2015-11-26a.xml")
    assert [c.id for c in parsed.contributions] == [
        "2015-11-26a.1.5",
        "2015-11-26a.1.6",
        "2015-11-26a.2.3",
        "2015-11-26a.2.4",
    ]
    first, _, pmq, _ = parsed.contributions
    assert first.department == "Attorney-General"  # capitals of old files, title-cased
    assert first.procedural_before == ("The Attorney-General was asked—",)  # entity resolved
    assert (first.question_number, first.uin) == ("5", "902346")
    assert (pmq.department, pmq.debate_title, pmq.question_number) == (
        "Prime Minister",
        "Engagements",
        "Q1",
    )


def test_no_oral_heading_means_no_turns():
    xml = document(heading("major-heading", "1.1", "BUSINESS"), speech("1.2", "A Member", qnum="1"))
    assert read_parlparse(xml, "x.xml").contributions == ()


def test_broken_or_foreign_xml_is_a_parse_error():
    with pytest.raises(ParseError, match=r"bad\.xml: not well-formed XML"):
        read_parlparse(b"<publicwhip><speech>", "bad.xml")
    with pytest.raises(ParseError, match="not a ParlParse debates file"):
        read_parlparse(b"<html><body/></html>", "page.xml")
    undefined = b'<publicwhip latest="yes"><speech id="x">&nosuch;</speech></publicwhip>'
    with pytest.raises(ParseError):
        read_parlparse(undefined, "undefined-entity.xml")


def test_external_entities_are_never_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE publicwhip [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<publicwhip latest="yes">'
        + heading("oral-heading", "1.1", "ORAL ANSWERS")
        + heading("major-heading", "1.2", "HOME")
        + heading("minor-heading", "1.3", "Q")
        + '<speech id="uk.org.publicwhip/debate/2015-11-26a.1.4" speakername="A B" oral-qnum="1">'
        "<p>&x;</p></speech></publicwhip>"
    ).encode()
    try:
        parsed = read_parlparse(xml, "xxe.xml")
    except ParseError:
        return
    assert all("do not read me" not in p for c in parsed.contributions for p in c.paragraphs)


def test_twfy_url_forms():
    assert twfy_url("uk.org.publicwhip/debate/2009-10-26b.1.7") == (
        "https://www.theyworkforyou.com/debates/?id=2009-10-26b.1.7"
    )
    assert twfy_url("2009-10-26b.1.7", "Lords").startswith("https://www.theyworkforyou.com/lords/")


def test_peek_reads_the_version_from_the_head_like_a_full_parse():
    from crawler.parlparse import peek_version

    for path in sorted(XML.glob("*.xml")):
        peeked, parsed = peek_version(path), read_parlparse_file(path)
        assert (peeked.house, peeked.date, peeked.version, peeked.latest) == (
            parsed.house,
            parsed.date,
            parsed.version,
            parsed.latest,
        )
