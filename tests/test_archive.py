"""The archive keeps turns whole and replaces a day atomically, never appending duplicates."""

from __future__ import annotations

import gzip

from hansard.archive import Archive, DayRecord
from hansard.records import FetchedPage, Turn


def make_turn(turn_id: str, date: str = "2015-11-26", text: str = "Words.") -> Turn:
    return Turn(
        id=turn_id,
        house="Commons",
        date=date,
        volume=602,
        section="Oral Answers to Questions",
        department="Attorney General",
        debate_title="Stalking and Harassment Cases",
        exchange_id=turn_id,
        question_number=None,
        uin=None,
        role="supplementary",
        member_id=4460,
        speaker_name="Nusrat Ghani",
        speaker_office=None,
        constituency="Wealden",
        party="Con",
        column=None,
        text=text,
        url=f"https://hansard.parliament.uk/x#contribution-{turn_id}",
    )


def test_turn_round_trips_through_json() -> None:
    turn = make_turn("A1", text="Café — “quoted”\n\nSecond paragraph.")
    assert Turn.from_json(turn.to_json()) == turn


def test_rewriting_a_day_replaces_its_turns(tmp_path) -> None:
    archive = Archive(tmp_path)
    archive.write_turns("Commons", "2015-11-26", [make_turn("A1"), make_turn("A2")])
    archive.write_turns("Commons", "2015-11-26", [make_turn("A1", text="New."), make_turn("A2")])
    turns = archive.read_turns("Commons", "2015-11-26")
    assert [t.id for t in turns] == ["A1", "A2"]
    assert turns[0].text == "New."
    assert not list(tmp_path.rglob("*.tmp"))


def test_iter_turns_orders_by_date_and_filters(tmp_path) -> None:
    archive = Archive(tmp_path)
    archive.write_turns("Commons", "2022-06-22", [make_turn("B1", "2022-06-22")])
    archive.write_turns("Commons", "2015-11-26", [make_turn("A1"), make_turn("A2")])
    assert [t.id for t in archive.iter_turns()] == ["A1", "A2", "B1"]
    assert [t.id for t in archive.iter_turns(date_from="2016-01-01")] == ["B1"]
    assert archive.last_changed() > 0


def test_pages_are_kept_byte_for_byte(tmp_path) -> None:
    archive = Archive(tmp_path)
    body = "<html>£ ünïcode</html>".encode()
    page = FetchedPage(
        "https://h/Commons/2015-11-26", 200, "2026-11-29T00:00:00Z", body, {"a": "b"}
    )
    path = archive.write_page("Commons", "2015-11-26", page)
    assert gzip.decompress(path.read_bytes()) == body
    assert list(archive.iter_pages("Commons", "2015-11-26")) == [page]


def test_day_records_round_trip(tmp_path) -> None:
    archive = Archive(tmp_path)
    record = DayRecord("Commons", "2015-11-25", "non-sitting", "2026-11-29T00:00:00Z")
    archive.write_day_record(record)
    assert archive.read_day_record("Commons", "2015-11-25") == record
    assert list(archive.day_records()) == [record]


def test_atomic_writes_get_the_usual_file_mode(tmp_path) -> None:
    import os

    from hansard import atomic

    umask = os.umask(0o022)
    try:
        atomic.write_text(tmp_path / "out.csv", "a,b\n")
    finally:
        os.umask(umask)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o644
