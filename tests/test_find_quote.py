"""`hansard find-quote` on the crawled fixture archive, and the alignment it rests on."""

from __future__ import annotations

import json

import pytest
from research_archive import BUCKLAND_SECOND_ANSWER, crawled_archive, run

from hansard.records import OPL_ATTRIBUTION
from hansard.research.align import align, passage_and_marks, sentences

DONE_WHEN = (
    "the CPS legal guidance urges prosecutors to apply for restraining orders on conviction and "
    "… on acquittal"
)
ANSWER = (
    "My hon. Friend is right to emphasise the seriousness of stalking—it is no joke—and I join "
    "her in commending the work of the organisation she mentioned. The CPS legal guidance on this "
    "crime urges prosecutors to apply for restraining orders on conviction and, where "
    "appropriate, on acquittal too. It is vital that we deal with this serious crime in a way "
    "that protects victims and deters perpetrators."
)


@pytest.fixture(scope="module")
def data_dir():
    return crawled_archive()


def test_done_when_buckland_with_citation(data_dir):
    code, out, err = run("find-quote", DONE_WHEN, data_dir=data_dir)
    assert code == 0, err
    first = out.split("\n\n")[0]
    assert first.startswith("1. score 1.00 · The Solicitor General (Robert Buckland) · 2015-11-26")
    assert "HC Deb 26 November 2015, vol 602" in first
    assert f"#contribution-{BUCKLAND_SECOND_ANSWER}" in first
    assert "Hansard: “The CPS legal guidance on this crime urges prosecutors" in first
    assert "{+where appropriate+}" in first and "{+on this crime+}" in first
    assert OPL_ATTRIBUTION in out


def test_json_gives_the_exact_words_and_the_turn(data_dir):
    code, out, _ = run("find-quote", DONE_WHEN, "--format", "json", data_dir=data_dir)
    assert code == 0
    best = json.loads(out)[0]
    assert best["id"] == BUCKLAND_SECOND_ANSWER and best["speaker_name"] == "Robert Buckland"
    assert best["passage"] == (
        "The CPS legal guidance on this crime urges prosecutors to apply for restraining orders on "
        "conviction and, where appropriate, on acquittal too."
    )
    assert best["citation"] == "HC Deb 26 November 2015, vol 602"


def test_reported_speech_and_brackets(data_dir):
    quote = "[Mr Buckland] said it was vital that they dealt with this serious crime in a way that protects victims"  # noqa: E501
    code, out, err = run("find-quote", quote, "--format", "jsonl", data_dir=data_dir)
    assert code == 0, err
    assert json.loads(out.splitlines()[0])["id"] == BUCKLAND_SECOND_ANSWER


def test_not_found_exits_1_and_names_nobody(data_dir):
    code, out, err = run("find-quote", "The Government will abolish the television licence fee "
                         "before the next general election", data_dir=data_dir)  # fmt: skip
    assert code == 1
    assert out == "" and "not found in the archive" in err and "Buckland" not in err


def test_real_words_under_another_members_name_are_not_found(data_dir):
    code, out, err = run("find-quote", DONE_WHEN, "--member", "Nusrat Ghani", data_dir=data_dir)
    assert code == 1 and "not found in the archive" in err and out == ""
    code, _out, _err = run("find-quote", DONE_WHEN, "--minister", "Solicitor General",
                           data_dir=data_dir)  # fmt: skip
    assert code == 0


def test_too_short_a_quote_is_a_usage_error(data_dir):
    code, _out, err = run("find-quote", "restraining orders", data_dir=data_dir)
    assert code == 2 and "at least three words" in err


def test_alignment_of_each_kind_of_change():
    exact = align("It is vital that we deal with this serious crime", ANSWER)
    assert exact.score == 1.0 and exact.accepted()
    reported = align("he said it was vital that they deal with this serious crime", ANSWER)
    assert reported.accepted() and reported.score > 0.85
    unpunctuated = align("my hon friend is right to emphasise the seriousness of stalking it is "
                         "no joke", ANSWER)  # fmt: skip
    assert unpunctuated.score == 1.0
    spliced = align("Those who believe in the rule of law say that it is vital that we deal with "
                    "this serious crime", ANSWER)  # fmt: skip
    assert not spliced.accepted()  # a clause he never said, however much else matches
    invented = align("the minister promised to abolish the tax on pensions next year", ANSWER)
    assert not invented.accepted()


def test_marks_show_what_the_press_changed():
    found = align("It is vital that we tackle this serious crime in a way that protects victims",
                  ANSWER)  # fmt: skip
    passage, marked = passage_and_marks(found, ANSWER)
    assert passage == sentences(ANSWER)[2]
    assert "[-tackle-]" in marked and "{+deal with+}" in marked
    assert "{+and deters perpetrators+}" in marked


def test_sentences_keep_abbreviations():
    assert sentences("My hon. Friend asked Mr. Mason. He replied.") == [
        "My hon. Friend asked Mr. Mason.", "He replied."
    ]  # fmt: skip
