"""`hansard trends`: exact against `search --count`, splits, rates, exports and the chart."""

from __future__ import annotations

import csv
import io
import json

import pytest
from research_archive import crawled_archive, run

from search.trends import period_bounds


@pytest.fixture(scope="module")
def data_dir():
    return crawled_archive()


def count(data_dir, *args: str) -> int:
    code, out, err = run("search", *args, "--count", data_dir=data_dir)
    assert code == 0, err
    return int(out)


@pytest.mark.parametrize("query", [(), ("minister",), ('"Northern Ireland"',), ("stalking",)])
def test_each_period_equals_search_count(data_dir, query):
    for by in ("year", "month"):
        code, out, err = run("trends", *query, "--by", by, "--format", "json", data_dir=data_dir)
        assert code == 0, err
        points = json.loads(out)
        assert sum(p["turns"] for p in points) == count(data_dir, *query)
        for point in points:
            if by == "month" and point["turns"] == 0:
                continue  # months without a sitting: checked by the sum above
            start, end = period_bounds(point["period"])
            assert point["turns"] == count(data_dir, *query, "--from", start, "--to", end)


def test_exchanges_count_distinct_exchanges(data_dir):
    _code, out, _ = run("trends", "stalking", "--format", "json", data_dir=data_dir)
    points = {p["period"]: p for p in json.loads(out)}
    _code, grouped, _ = run("search", "stalking", "--group", "exchange", "--limit", "0",
                           "--format", "json", data_dir=data_dir)  # fmt: skip
    groups = json.loads(grouped)
    for period, point in points.items():
        assert point["exchanges"] == sum(1 for g in groups if g["date"].startswith(period))
    assert points["2015"] == {"period": "2015", "turns": 4, "exchanges": 1}


def test_split_by_party_sums_to_the_turns_and_matches_filters(data_dir):
    _code, out, _ = run("trends", "--split", "party", "--format", "json", data_dir=data_dir)
    points = json.loads(out)
    for point in points:
        assert sum(point["split"].values()) == point["turns"]
    p2022 = next(p for p in points if p["period"] == "2022")
    conservatives = count(data_dir, "--party", "Con", "--from", "2022-01-01", "--to", "2022-12-31")
    assert p2022["split"]["Con"] == conservatives


def test_split_keeps_ten_values_and_other(data_dir):
    _code, out, _ = run("trends", "--split", "member", "--format", "json", data_dir=data_dir)
    points = json.loads(out)
    names = {name for p in points for name in p["split"]}
    assert len(names - {"other"}) == 10 and "other" in names
    assert all(sum(p["split"].values()) == p["turns"] for p in points)


def test_normalize_is_per_10k_turns_of_the_period(data_dir):
    _code, out, _ = run("trends", "minister", "--normalize", "--format", "json", data_dir=data_dir)
    for point in json.loads(out):
        start, end = period_bounds(point["period"])
        everything = count(data_dir, "--from", start, "--to", end)
        expected = round(point["turns"] * 10_000 / everything, 2) if everything else 0.0
        assert point["per_10k"] == expected


def test_text_has_bars_and_csv_flattens_the_split(data_dir):
    code, out, _ = run("trends", "minister", data_dir=data_dir)
    assert code == 0
    assert "1976..2021: no matches" in out and "█" in out
    code, out, _ = run("trends", "minister", "--split", "house", "--format", "csv",
                       data_dir=data_dir)  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0].keys() >= {"period", "turns", "exchanges", "split:Commons"}


def test_plot_writes_svg_and_png(data_dir, tmp_path):
    svg, png = tmp_path / "t.svg", tmp_path / "t.png"
    code, _out, err = run("trends", "minister", "--split", "party", "--plot", str(svg),
                          data_dir=data_dir)  # fmt: skip
    assert code == 0, err
    assert svg.read_text().lstrip().startswith("<?xml") and "<svg" in svg.read_text()
    code, _out, err = run("trends", "--normalize", "--plot", str(png), data_dir=data_dir)
    assert code == 0, err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, _out, err = run("trends", "--plot", str(tmp_path / "t.gif"), data_dir=data_dir)
    assert code == 2 and ".svg or .png" in err
