"""The research instruments on the web (trends, find-quote, kwic, coverage, member) under the
real `hansard serve`: the API returns exactly the CLI's JSON, pages show the same records, bad
input gets the CLI's exit-2 message with 400, hostile Hansard text stays inert."""

from __future__ import annotations

import json
from urllib.parse import quote as urlquote

import pytest
from bs4 import BeautifulSoup
from conftest import run_hansard
from test_web_pages import _assert_inert
from webserver import ANSWER, SECOND_ANSWER

DONE_WHEN = (
    "the CPS legal guidance urges prosecutors to apply for restraining orders on conviction and "
    "… on acquittal"
)


HOSTILE_QUOTE = (
    'Angle brackets are text: 1 < 2 > 0, <img src=x onerror="window.hostileRan=3"> and '
    '</p><iframe src="javascript:window.hostileRan=4"></iframe> are words, not markup.'
)


def cli_json(data_dir, *args: str):
    result = run_hansard(*args, "--format", "json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def soup(answer) -> BeautifulSoup:
    assert answer.status == 200, answer.text[:500]
    return BeautifulSoup(answer.body, "html.parser")


# -- the API equals the CLI's JSON -------------------------------------------------------------

API_CASES = [
    ("/api/trends", {"q": "stalking"}, ["trends", "stalking"]),
    ("/api/trends", {"q": "minister", "by": "month", "split": "party", "normalize": "1"},
     ["trends", "minister", "--by", "month", "--split", "party", "--normalize"]),
    ("/api/trends", {"member": "Robert Buckland", "from": "2015-01-01"},
     ["trends", "--member", "Robert Buckland", "--from", "2015-01-01"]),
    ("/api/find-quote", {"quote": DONE_WHEN}, ["find-quote", DONE_WHEN]),
    ("/api/find-quote", {"quote": DONE_WHEN, "limit": "1", "minister": "Solicitor General"},
     ["find-quote", DONE_WHEN, "--limit", "1", "--minister", "Solicitor General"]),
    ("/api/kwic", {"term": "stalking"}, ["kwic", "stalking"]),
    ("/api/kwic", {"term": "restraining orders", "width": "25", "sort": "left", "limit": "5"},
     ["kwic", "restraining orders", "--width", "25", "--sort", "left", "--limit", "5"]),
    ("/api/kwic", {"term": "hostile", "role": "answer"}, ["kwic", "hostile", "--role", "answer"]),
    ("/api/coverage", {}, ["coverage"]),
    ("/api/coverage", {"from": "2015-11-20", "to": "2015-11-30", "house": "Commons"},
     ["coverage", "--from", "2015-11-20", "--to", "2015-11-30", "--house", "Commons"]),
    ("/api/member/Robert%20Buckland", {}, ["member", "Robert Buckland"]),
    ("/api/member/Nusrat%20Ghani", {"latest": "2"}, ["member", "Nusrat Ghani", "--latest", "2"]),
    ("/api/member/99990002", {}, ["member", "99990002"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "params", "argv"), API_CASES, ids=[" ".join(c[2]) for c in API_CASES]
)
def test_api_returns_exactly_the_cli_json(served, web_data, path, params, argv) -> None:
    answer = served.get(path, **params)
    assert answer.status == 200, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    expected = cli_json(web_data, *argv)
    assert expected, "a comparison of two empty answers proves nothing"
    assert answer.json() == expected


def test_find_quote_finds_buckland_and_marks_the_differences(served) -> None:
    found = served.get("/api/find-quote", quote=DONE_WHEN).json()
    assert found[0]["id"] == SECOND_ANSWER
    assert "Buckland" in found[0]["speaker"]
    assert "{+" in found[0]["marked"]


BAD_INPUT = [
    ("/api/find-quote", {"quote": "two words"}, ["find-quote", "two words"]),
    ("/api/coverage", {"from": "2015-11-30", "to": "2015-11-01"},
     ["coverage", "--from", "2015-11-30", "--to", "2015-11-01"]),
    ("/api/kwic", {"term": "!!!"}, ["kwic", "!!!"]),
    ("/api/trends", {"q": '"unbalanced'}, ["trends", '"unbalanced']),
]  # fmt: skip


@pytest.mark.parametrize(("path", "params", "argv"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_malformed_input_gets_400_and_the_cli_exit_2_message(
    served, web_data, path, params, argv
) -> None:
    answer = served.get(path, **params)
    cli = run_hansard(*argv, data_dir=web_data)
    assert cli.returncode == 2, cli.stderr
    assert answer.status == 400
    assert f"hansard: error: {answer.json()['error']}" == cli.stderr.strip()


@pytest.mark.parametrize(
    ("path", "params", "option"),
    [
        ("/api/trends", {"by": "week"}, "by"),
        ("/api/trends", {"split": "colour"}, "split"),
        ("/api/kwic", {"term": "x", "width": "5"}, "width"),
        ("/api/kwic", {"term": "x", "sort": "up"}, "sort"),
        ("/api/find-quote", {"quote": DONE_WHEN, "limit": "0"}, "limit"),
        ("/api/coverage", {"from": "2015-13-01"}, "from"),
        ("/api/trends", {"q": "x", "role": "heckle"}, "role"),
        ("/api/member/Robert%20Buckland", {"latest": "x"}, "latest"),
        ("/api/kwic", {}, "term"),
    ],
)
def test_out_of_range_options_get_400_naming_the_option(served, path, params, option) -> None:
    answer = served.get(path, **params)
    assert answer.status == 400
    assert answer.json()["error"].startswith(f"{option}: ")


def test_unknown_member_gets_404_on_api_and_page(served, web_data) -> None:
    answer = served.get("/api/member/Nobody%20Atall")
    assert answer.status == 404
    cli = run_hansard("member", "Nobody Atall", data_dir=web_data)
    assert cli.returncode == 1
    assert f"hansard: error: {answer.json()['error']}" == cli.stderr.strip()
    assert served.get("/member/Nobody%20Atall").status == 404


def test_the_new_endpoints_are_in_openapi(served) -> None:
    paths = served.get("/api/openapi.json").json()["paths"]
    for path in ("/api/trends", "/api/find-quote", "/api/kwic", "/api/coverage",
                 "/api/member/{who}"):  # fmt: skip
        assert "get" in paths[path], path


# -- pages -------------------------------------------------------------------------------------


def test_trends_page_table_and_chart_equal_the_cli(served, web_data) -> None:
    page = soup(served.get("/trends", q="minister", by="month"))
    expected = cli_json(web_data, "trends", "minister", "--by", "month")
    rows = [
        [cell.text for cell in row.find_all(["th", "td"])]
        for row in page.select("table.trends tbody tr")
    ]
    assert rows == [[p["period"], str(p["turns"]), str(p["exchanges"])] for p in expected]
    bars = page.select("svg.chart rect")
    assert len(bars) == len(expected)
    heights = [float(bar["height"]) for bar in bars]
    busiest = max(range(len(expected)), key=lambda n: expected[n]["turns"])
    assert heights[busiest] == max(heights) > 0
    assert [h == 0 for h in heights] == [p["turns"] == 0 for p in expected]


def test_find_quote_page_shows_exact_wording_marks_and_citation(served) -> None:
    page = soup(served.get("/find-quote", quote=DONE_WHEN))
    first = page.select_one(".match")
    assert "Robert Buckland" in first.select_one(".speaker").text
    assert "on conviction and, where appropriate, on acquittal" in first.select_one(".passage").text
    assert first.select(".differences ins")
    assert (
        "Official Report" in first.select_one(".citation").text
        or first.select_one(".citation").text
    )
    assert first.select_one("a.permalink")["href"].startswith("https://")
    assert page.select_one("textarea#fq-quote").text.strip() == DONE_WHEN


def test_find_quote_page_says_not_found(served) -> None:
    quote = "The Government will abolish the television licence fee by next spring entirely"
    page = soup(served.get("/find-quote", quote=quote))
    assert "Not found in the archive" in page.select_one("#total").text
    assert not page.select(".match")


def test_kwic_page_lines_equal_the_cli(served, web_data) -> None:
    page = soup(served.get("/kwic", term="stalking", width="30"))
    expected = cli_json(web_data, "kwic", "stalking", "--width", "30")
    rows = page.select("table.kwic tbody tr")
    assert len(rows) == len(expected) > 0
    for row, line in zip(rows, expected, strict=True):
        cells = row.find_all("td")
        assert [c.text for c in cells[:4]] == [
            line["left"],
            line["match"],
            line["right"],
            line["date"],
        ]
        assert cells[4].text == line["speaker"] and cells[5].text == line["citation"]


def test_coverage_page_counts_and_calendar(served, web_data) -> None:
    page = soup(served.get("/coverage", **{"from": "2015-11-20", "to": "2015-11-30"}))
    days = cli_json(web_data, "coverage", "--from", "2015-11-20", "--to", "2015-11-30")
    counts = {}
    for day in days:
        counts[day["status"]] = counts.get(day["status"], 0) + 1
    shown = {
        row.th.text.strip(): int(row.td.text)
        for row in page.select("table.coverage-counts tbody tr")
    }
    assert shown == counts
    assert "archived" in counts and "never-crawled" in counts
    cells = page.select(".calendar .day:not(.none)")
    assert [cell["title"].split(":")[0] for cell in cells] == [d["date"] for d in days]
    assert page.select_one(".gaps").text.count("never-crawled") == counts["never-crawled"]


def test_member_page_counts_offices_and_latest(served, web_data) -> None:
    page = soup(served.get("/member/Robert%20Buckland"))
    profile = cli_json(web_data, "member", "Robert Buckland")
    assert page.select_one("h1").text == profile["name"]
    years = {
        row.th.text: [int(td.text) for td in row.find_all("td")]
        for row in page.select("table.by-year tbody tr")
    }
    roles = ("question", "supplementary", "answer", "other")
    assert years == {y: [c[r] for r in roles] for y, c in profile["by_year"].items()}
    offices = [
        [c.text for c in row.find_all(["th", "td"])]
        for row in page.select("table.offices tbody tr")
    ]
    assert offices == [
        [o["office"], o["first"], o["last"], str(o["turns"])] for o in profile["offices"]
    ]
    assert f"/exchange/{ANSWER}" in str(
        page.select(".turn a")
    ) or f"/exchange/{SECOND_ANSWER}" in str(page.select(".turn a"))


def test_pages_are_linked_from_the_navigation_and_inputs_labelled(served) -> None:
    home = soup(served.get("/search"))
    nav = {a["href"] for a in home.select("nav a")}
    assert {"/trends", "/find-quote", "/kwic", "/coverage"} <= nav
    for path in ("/trends?q=stalking", f"/find-quote?quote={urlquote(DONE_WHEN)}",
                 "/kwic?term=stalking", "/coverage", "/member/Nusrat%20Ghani"):  # fmt: skip
        page = soup(served.get(path))
        labels = {label.get("for") for label in page.select("label[for]")}
        for field in page.select("input, select, textarea"):
            if field.get("type") in ("hidden", "submit", "radio"):
                continue
            assert field.get("id") in labels, f"{path}: {field} has no label"


def test_bad_input_on_a_page_is_a_400_with_the_message(served) -> None:
    answer = served.get("/find-quote", quote="two words")
    assert answer.status == 400
    error = BeautifulSoup(answer.body, "html.parser").select_one(".error").text
    assert error == "give at least three words of the quote, e.g. a whole sentence"


# -- hostile text stays inert ------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/kwic?term=hostile",
        "/kwic?term=javascript",
        "/find-quote?quote=" + urlquote(HOSTILE_QUOTE),
        "/member/Bob%20Example",
        "/member/99990001",
    ],
)
def test_hostile_text_is_inert_on_every_research_page(served, path) -> None:
    _assert_inert(served.get(path))


def test_hostile_query_echo_is_inert_on_trends(served) -> None:
    answer = served.get("/trends", q="hostile", member="<script>window.hostileRan=9</script>")
    page = BeautifulSoup(answer.body, "html.parser")
    assert "<script>window" not in answer.text
    assert all(s.get("src") == "/static/app.js" for s in page.find_all("script"))


# -- speaker links and cross-references --------------------------------------------------------


def test_speakers_on_search_and_exchange_pages_link_to_their_member_page(served) -> None:
    results = soup(served.get("/search", q="stalking", minister="Solicitor General"))
    links = {a["href"] for a in results.select(".speaker a")}
    exchange = soup(served.get(f"/exchange/{ANSWER}"))
    links |= {a["href"] for a in exchange.select(".speaker a")}
    assert links, "speakers should be links"
    for href in links:
        page = soup(served.get(href))
        assert page.select_one("#total").text.isdigit()
    names = {soup(served.get(href)).select_one("h1").text for href in links}
    assert {"Robert Buckland", "Nusrat Ghani"} <= names


@pytest.fixture(scope="module")
def citing_server(tmp_path_factory):
    """An archive where a later turn cites an earlier answer (tests/test_crossrefs.py's days)."""
    from test_crossrefs import day_cited, day_citing
    from webserver import Served

    from hansard.archive import Archive
    from hansard.datadir import archive_dir

    path = tmp_path_factory.mktemp("citing") / "data"
    archive = Archive(archive_dir(path))
    archive.write_turns("Commons", "2020-01-15", day_cited())
    archive.write_turns("Commons", "2020-02-05", day_citing())
    assert run_hansard("index", data_dir=path).returncode == 0
    with Served(path) as server:
        yield server


def test_exchange_page_links_each_reference_and_lists_cited_by(citing_server) -> None:
    later = soup(citing_server.get("/exchange/L-S"))
    refs = later.select("#t-L-S .refs li")
    assert len(refs) == 2
    assert "[Official Report, 15 January 2020; Vol. 669, c. 1012.]" in refs[0].text
    assert refs[0].select_one("a.cited")["href"] == "/exchange/C-A#t-C-A"
    assert "HC Deb 15 January 2020, vol 669, col 1012" in refs[0].select_one("a.cited").text
    assert "not in the archive (2019-03-03)" in refs[1].select_one(".missing").text
    assert later.select("#t-L-A .refs a.cited")  # "the answer I gave on 15 January"

    earlier = soup(citing_server.get("/exchange/C-A"))
    cited_by = [a["href"] for a in earlier.select("#t-C-A .cited-by a")]
    assert cited_by == ["/exchange/L-A#t-L-A", "/exchange/L-S#t-L-S"]
    assert not earlier.select("#t-C-S .cited-by")
