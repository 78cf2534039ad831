"""The one place that says what a turn's question is, for every export of turns.

An exchange's question is its first turn (``exchange_id`` is that turn's id). Exports add its text
and speaker to every row, so a spreadsheet row is never an answer without its question. The
lookup of question turns (in the index, or in a sitting's turns) is the caller's; this module
only turns a lookup into the two export fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hansard.records import Turn

Questions = Mapping[str, Turn]
"""exchange id -> the exchange's question turn."""


def question_of(turn: Turn, questions: Questions) -> Turn | None:
    if turn.exchange_id is None:
        return None
    if turn.id == turn.exchange_id:
        return turn
    return questions.get(turn.exchange_id)


def question_fields(turn: Turn, questions: Questions) -> dict[str, str | None]:
    """``question_text`` and ``question_speaker`` of a turn (None for a turn of no exchange)."""
    question = question_of(turn, questions)
    if question is None:
        return {"question_text": None, "question_speaker": None}
    return {"question_text": question.text, "question_speaker": question.speaker_name}


def questions_among(turns: Iterable[Turn]) -> dict[str, Turn]:
    """The question turns present in a list of turns (a whole sitting, a whole exchange)."""
    return {t.id: t for t in turns if t.exchange_id and t.id == t.exchange_id}
