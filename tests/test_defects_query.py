"""Query-language defects of issue 14: words of symbols only, wildcards, deep brackets.

Each test ran against the sample archive and failed before its fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import indexed_sample, run


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return indexed_sample(tmp_path_factory.mktemp("data"))


def count(data_dir: Path, *query: str) -> int:
    code, out, err = run("search", "--data-dir", str(data_dir), "--count", *query)
    assert code == 0, err
    return int(out)


@pytest.mark.parametrize("symbol", ["&", "-", "–", "?", "🙂", "\x07", "&&", "—"])
def test_symbol_only_word_is_ignored_inside_a_query(data_dir, symbol):
    """Issue 14, High 1: 'stalking & harassment' matched every turn."""
    plain = count(data_dir, "stalking harassment")
    assert 0 < plain < count(data_dir, "")
    assert count(data_dir, f"stalking {symbol} harassment") == plain


def test_symbol_only_word_under_not_or_or_is_ignored(data_dir):
    plain = count(data_dir, "stalking")
    assert count(data_dir, "stalking -&") == plain
    assert count(data_dir, "stalking OR &") == plain
    assert count(data_dir, "stalking (&)") == plain


def test_query_of_symbols_only_is_refused(data_dir):
    code, out, err = run("search", "--data-dir", str(data_dir), "& –")
    assert code == 2 and out == ""
    assert "no words" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_watch_refuses_a_query_of_symbols_only(data_dir):
    code, _out, err = run("watch", "add", "amp", "&", "--data-dir", str(data_dir))
    assert code == 2 and "no words" in err
    code, out, _ = run("watch", "list", "--data-dir", str(data_dir))
    assert "amp" not in out


@pytest.mark.parametrize("word", ["stalk*", "*", "sta*k"])
def test_wildcard_is_refused_with_a_hint(data_dir, word):
    """Issue 14, Low: `stalk*` and `*` silently matched nothing."""
    code, out, err = run("search", "--data-dir", str(data_dir), word)
    assert code == 2 and out == ""
    assert "wildcard" in err and "stemm" in err


def test_deeply_nested_brackets_are_refused(data_dir):
    """Issue 14, Low: about 250 nested brackets gave a RecursionError."""
    query = "(" * 400 + "stalking" + ")" * 400
    code, _out, err = run("search", "--data-dir", str(data_dir), query)
    assert code == 2 and "nested" in err and "Traceback" not in err
    assert count(data_dir, "((stalking))") == count(data_dir, "stalking")


@pytest.mark.parametrize(
    "args", [("--topic", "&"), ("--party", "–"), ("topic:&",), ('title:"?"',)], ids=" ".join
)
def test_a_filter_of_symbols_only_is_refused(data_dir, args):
    """A filter value that analyses to no terms matched everything (or nothing), silently."""
    code, out, err = run("search", "--count", *args, "--data-dir", str(data_dir))
    assert code == 2 and out == ""
    assert "no words" in err and len(err.strip().splitlines()) == 1
