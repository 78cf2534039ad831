"""Random, truncated and mangled pages: the parser gives turns or a ParseError, nothing else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.page import parse_page
from hansard.errors import ParseError
from hansard.records import Turn

SITE = Path(__file__).parent / "fixtures" / "site"
LEAF = (SITE / "reconstructed" / "Commons_2015-11-26_StalkingAndHarassmentCases.html").read_bytes()
SECTION = (SITE / "reconstructed" / "Commons_2015-11-26_OralAnswersToQuestions.html").read_bytes()
REAL = (SITE / "real" / "Commons_1997-05-21_Engagements.html").read_bytes()
LORDS = (SITE / "reconstructed" / "Lords_2023-03-01_RuralBusServices.html").read_bytes()
PAGES = [LEAF, SECTION, REAL, LORDS]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parses_or_refuses(html: str | bytes) -> list[Turn] | None:
    try:
        turns = parse_page(html)
    except ParseError as error:
        assert str(error)
        return None
    assert isinstance(turns, list)
    assert all(isinstance(turn, Turn) for turn in turns)
    return turns


@SETTINGS
@given(st.binary(max_size=4000))
def test_random_bytes(data: bytes) -> None:
    parses_or_refuses(data)


@SETTINGS
@given(st.text(max_size=2000))
def test_random_text(text: str) -> None:
    parses_or_refuses(text)


@SETTINGS
@given(st.sampled_from(PAGES), st.floats(0, 1))
def test_truncated_pages(page: bytes, fraction: float) -> None:
    parses_or_refuses(page[: int(len(page) * fraction)])


@SETTINGS
@given(
    st.sampled_from(PAGES),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 400), st.binary(max_size=40)), max_size=8),
)
def test_mangled_pages(page: bytes, edits: list[tuple[float, int, bytes]]) -> None:
    """Cut spans out and splice junk in, anywhere, including inside tags and attributes."""
    data = bytearray(page)
    for where, cut, junk in edits:
        at = int(len(data) * where)
        data[at : at + cut] = junk
    parses_or_refuses(bytes(data))


@SETTINGS
@given(
    st.sampled_from(PAGES),
    st.lists(
        st.sampled_from(
            [
                b"<div>",
                b"</div>",
                b"<p>",
                b"</p>",
                b"<span class='column-number' data-column-number='x'>",
                b"<div class='debate-item debate-item-contributiondebateitem'>",
                b"<h2>",
                b"</h2>",
                b"<div class='child-debate'>",
                b"<Question>",
                b"<QuestionText>",
                b"\x00",
                b"&#0;",
                b"<!--",
            ]
        ),
        max_size=12,
    ),
    st.randoms(use_true_random=False),
)
def test_stray_tags(page: bytes, tags: list[bytes], rnd) -> None:
    """Unbalanced and misplaced tags of the kinds the parser looks for."""
    data = bytearray(page)
    for tag in tags:
        at = rnd.randrange(len(data))
        data[at:at] = tag
    parses_or_refuses(bytes(data))


def test_untouched_page_still_parses() -> None:
    """The fuzzing above starts from pages that parse: the baseline is a real result."""
    assert len(parses_or_refuses(LEAF) or []) == 4
