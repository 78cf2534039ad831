"""Citations in OSCOLA and compact form, and speakers as Hansard prints them."""

from __future__ import annotations

import dataclasses

import pytest
from turns import answer_turn

from hansard.citation import cite, compact, oscola, shorten_span_end, speaker_as_printed
from hansard.records import Turn

BUCKLAND = answer_turn(
    id="T2",
    exchange_id="E1",
    url="https://hansard.parliament.uk/Commons/2015-11-26/debates/15112625000015/X#contribution-T2",
)


def with_(**changes) -> Turn:
    return dataclasses.replace(BUCKLAND, **changes)


def test_oscola_single_column() -> None:
    assert oscola(BUCKLAND) == "HC Deb 26 November 2015, vol 602, col 407"


def test_compact_single_column() -> None:
    assert compact(BUCKLAND) == "HC Deb 26 Nov 2015 vol 602 c407"


@pytest.mark.parametrize(
    ("start", "end", "oscola_cols", "compact_cols"),
    [
        (407, 408, "cols 407–08", "cc407-8"),
        (1001, 1003, "cols 1001–03", "cc1001-3"),
        (999, 1001, "cols 999–1001", "cc999-1001"),
        (407, 415, "cols 407–15", "cc407-15"),
        (1098, 1102, "cols 1098–102", "cc1098-102"),
        (95, 96, "cols 95–96", "cc95-6"),
    ],
)
def test_spans_shorten_the_end_each_style_its_own_way(start, end, oscola_cols, compact_cols):
    turn = with_(column=start, end_column=end)
    assert oscola(turn) == f"HC Deb 26 November 2015, vol 602, {oscola_cols}"
    assert compact(turn) == f"HC Deb 26 Nov 2015 vol 602 {compact_cols}"


def test_end_column_equal_to_start_is_a_single_column() -> None:
    assert oscola(with_(end_column=407)).endswith("col 407")


def test_columns_given_as_strings_are_read() -> None:
    assert oscola(with_(column="407", end_column="408")).endswith("cols 407–08")


def test_westminster_hall_keeps_its_suffix() -> None:
    assert oscola(with_(column="374WH")).endswith("col 374WH")
    assert compact(with_(column="374WH", end_column="375WH")).endswith("cc374-5WH")
    assert oscola(with_(column="374WH", end_column="376WH")).endswith("cols 374–76WH")


def test_lords_cite_hl_deb() -> None:
    assert oscola(with_(house="Lords")).startswith("HL Deb 26 November 2015")
    assert compact(with_(house="Lords")).startswith("HL Deb 26 Nov 2015")


@pytest.mark.parametrize("style", ["oscola", "compact"])
def test_missing_volume_and_column_are_left_out_cleanly(style: str) -> None:
    text = cite(with_(volume=None, column=None, end_column=None), style)
    assert "None" not in text
    assert text in ("HC Deb 26 November 2015", "HC Deb 26 Nov 2015")
    no_column = cite(with_(column=None), style)
    assert no_column in ("HC Deb 26 November 2015, vol 602", "HC Deb 26 Nov 2015 vol 602")
    no_volume = cite(with_(volume=None), style)
    assert no_volume in ("HC Deb 26 November 2015, col 407", "HC Deb 26 Nov 2015 c407")


def test_single_digit_day_has_no_leading_zero() -> None:
    assert oscola(with_(date="1980-04-04")).startswith("HC Deb 4 April 1980")


def test_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError, match="oscola"):
        cite(BUCKLAND, "harvard")


def test_shorten_span_end_keeps_at_least_the_asked_digits() -> None:
    assert shorten_span_end("407", "408", 2) == "08"
    assert shorten_span_end("407", "408", 1) == "8"
    assert shorten_span_end("407", "507", 2) == "507"


def test_minister_printed_by_office_then_name() -> None:
    assert speaker_as_printed(BUCKLAND) == "The Solicitor General (Robert Buckland)"


def test_backbencher_printed_with_constituency_and_party() -> None:
    ghani = with_(
        speaker_name="Nusrat Ghani", speaker_office=None, constituency="Wealden", party="Con"
    )
    assert speaker_as_printed(ghani) == "Nusrat Ghani (Wealden) (Con)"


def test_historic_name_alone_and_unattributed() -> None:
    assert speaker_as_printed(with_(speaker_name="Mr. Mason", speaker_office=None)) == "Mr. Mason"
    assert speaker_as_printed(with_(speaker_name=None, speaker_office=None)) == "Unattributed"
    assert speaker_as_printed(with_(speaker_name=None)) == "The Solicitor General"
