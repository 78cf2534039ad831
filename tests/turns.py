"""A realistic Turn for unit tests: the Solicitor General's answer of 26 November 2015.

Tests override only what they are about (``answer_turn(text=..., column=...)``), so a change to
the record's fields is made here once.
"""

from __future__ import annotations

import dataclasses

from hansard.records import Turn

_ANSWER = Turn(
    id="A1",
    house="Commons",
    date="2015-11-26",
    volume=602,
    section="Oral Answers to Questions",
    department="Attorney General",
    debate_title="Stalking and Harassment Cases",
    exchange_id="Q1",
    question_number=None,
    uin=None,
    role="answer",
    member_id=4106,
    speaker_name="Robert Buckland",
    speaker_office="The Solicitor General",
    constituency=None,
    party=None,
    column=407,
    text="The CPS launched a joint stalking protocol with the police in September 2014.",
    url="https://hansard.parliament.uk/Commons/2015-11-26/debates/15112625000015/X#contribution-A1",
)


def answer_turn(**changes) -> Turn:
    return dataclasses.replace(_ANSWER, **changes)
