"""The one Atom serialiser: valid RFC 4287 documents that carry question, answer and citation."""

from __future__ import annotations

import html

from lxml import etree

from hansard.feeds import atom_feed, turn_entry
from hansard.records import OPL_ATTRIBUTION
from tests.atom_check import NS, atom_problems
from tests.turns import answer_turn


def _exchange():
    question = answer_turn(
        id="Q1",
        role="question",
        member_id=4460,
        speaker_name="Nusrat Ghani",
        speaker_office=None,
        constituency="Wealden",
        party="Con",
        text="What steps the CPS is taking to tackle stalking.",
        url=answer_turn().url.replace("A1", "Q1"),
    )
    answer = answer_turn(
        text="The CPS legal guidance urges prosecutors to apply for restraining orders."
    )
    return question, answer


def test_feed_with_entries_validates_and_carries_question_answer_and_citation():
    question, answer = _exchange()
    document = atom_feed(
        feed_id="urn:hansard-qa:watch:stalking",
        title="Watch: stalking",
        entries=[turn_entry(answer, question)],
        self_url="http://127.0.0.1:8000/watch/stalking.atom",
    )
    assert atom_problems(document) == []
    root = etree.fromstring(document)
    entry = root.find("a:entry", NS)
    assert entry.findtext("a:id", namespaces=NS) == answer.url
    content = entry.findtext("a:content", namespaces=NS)
    assert content.index("What steps the CPS") < content.index("restraining orders")
    assert "HC Deb 26 November 2015, vol 602" in content
    assert f'href="{html.escape(answer.url)}"' in content
    assert OPL_ATTRIBUTION in content
    assert root.findtext("a:updated", namespaces=NS) == "2015-11-26T00:00:00Z"


def test_empty_feed_validates():
    document = atom_feed(feed_id="urn:hansard-qa:search:x", title="Nothing yet", entries=[])
    assert atom_problems(document) == []


def test_hostile_text_is_escaped_and_control_characters_dropped():
    question, _answer = _exchange()
    hostile = answer_turn(
        text='<script>alert("x")</script> <a href="javascript:go()">go</a> \x1b[2J\x07 & more'
    )
    document = atom_feed(feed_id="urn:x", title="<b>t</b>", entries=[turn_entry(hostile, question)])
    assert atom_problems(document) == []
    content = etree.fromstring(document).findtext("a:entry/a:content", namespaces=NS)
    assert "<script>" not in content and "&lt;script&gt;" in content
    assert 'href="javascript:' not in content
    assert "\x1b" not in content and "\x07" not in content


def test_checker_rejects_a_broken_feed():
    """The validity check itself can fail: a feed without id or a zoneless date is caught."""
    broken = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        b"<updated>2015-11-26T00:00:00</updated></feed>"
    )
    problems = atom_problems(broken)
    assert any("RFC 3339" in p for p in problems)
    assert any(
        "id" in p.lower() or "invalid" in p.lower() or "expect" in p.lower() for p in problems
    )
