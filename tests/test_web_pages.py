"""The HTML pages under the real `hansard serve`: grouped results, facets, chart, exchange
citations, escaping of hostile text, labels, the request log and a clean Ctrl-C."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from webserver import ANSWER, QUESTION, SECOND_ANSWER, Served
from webserver import HOSTILE_ANSWER as HOSTILE


def soup(answer) -> BeautifulSoup:
    assert answer.status == 200, answer.text[:500]
    return BeautifulSoup(answer.body, "html.parser")


def test_stalking_with_the_solicitor_general_is_one_exchange_question_first(served) -> None:
    page = soup(served.get("/search", q="stalking", minister="Solicitor General"))
    exchanges = page.select("section.results section.exchange")
    assert len(exchanges) == 1
    speakers = [s.get_text(strip=True) for s in exchanges[0].select(".speaker")]
    assert speakers == [
        "Nusrat Ghani (Wealden) (Con)",
        "The Solicitor General (Robert Buckland)",
        "The Solicitor General (Robert Buckland)",
    ]
    links = [a["href"] for a in exchanges[0].select("article a[href^='/exchange/']")]
    assert [link.split("/")[2].split("#")[0] for link in links] == [ANSWER, SECOND_ANSWER]
    assert page.select_one("#total strong").get_text() == "2"
    assert "stalking" in [m.get_text().lower() for m in exchanges[0].select("mark")]


def test_the_flat_switch_lists_turns_alone(served) -> None:
    page = soup(served.get("/search", q="stalking", minister="Solicitor General", view="flat"))
    assert not page.select("section.exchange")
    assert len(page.select("section.results article.turn")) == 2


def test_a_quoted_phrase_is_marked_as_one_phrase(served) -> None:
    page = soup(served.get("/search", q='"restraining orders"'))
    marks = {m.get_text() for m in page.select("mark")}
    assert marks == {"restraining orders"}


def test_the_exchange_page_cites_and_links(served) -> None:
    page = soup(served.get(f"/exchange/{ANSWER}"))
    turns = page.select("ol.exchange-turns > li")
    assert [t["id"] for t in turns][:2] == [f"t-{QUESTION}", f"t-{ANSWER}"]
    assert [t.select_one(".role").get_text() for t in turns] == [
        "question", "answer", "supplementary", "answer",
    ]  # fmt: skip
    chosen = page.select_one("li.chosen")
    citations = [c.get_text() for c in chosen.select(".citation")]
    assert citations[0].startswith("HC Deb 26 November 2015, vol 602")
    assert citations[1].startswith("HC Deb 26 Nov 2015 vol 602")
    assert chosen.select("button.copy[data-copy]")
    permalink = chosen.select_one("a.permalink")["href"]
    assert permalink.endswith(f"#contribution-{ANSWER}")
    day = page.find("a", string=re.compile("Other exchanges"))["href"]
    assert parse_qs(urlsplit(day).query) == {
        "from": ["2015-11-26"], "to": ["2015-11-26"], "house": ["Commons"], "sort": ["date"],
    }  # fmt: skip
    day_page = soup(served.get(day))
    assert page.select_one("h1").get_text() in day_page.get_text()


def test_facets_narrow_the_search_and_the_chart_counts_years(served) -> None:
    page = soup(served.get("/search", q="minister"))
    total = int(page.select_one("#total strong").get_text())
    party = page.select_one("ul.facet[data-facet='party'] li a")
    count = int(party.find_next_sibling("span").get_text())
    assert 0 < count < total
    narrowed = soup(served.get(party["href"]))
    assert int(narrowed.select_one("#total strong").get_text()) == count
    assert parse_qs(urlsplit(party["href"]).query)["q"] == ["minister"]
    bars = page.select("svg.chart rect")
    years = {
        a.get_text(): int(a.find_next_sibling("span").get_text()) for a in page.select("ul.years a")
    }
    assert sum(years.values()) == total
    assert len(bars) == int(max(years)) - int(min(years)) + 1  # empty years drawn as gaps
    year, n = next(iter(years.items()))
    by_year = soup(served.get(page.find("a", string=year)["href"]))
    assert int(by_year.select_one("#total strong").get_text()) == n


def test_pagination_and_export_links_keep_the_search(served) -> None:
    first = soup(served.get("/search", q="engagements", limit="2", view="flat"))
    following = first.select_one("a[rel=next]")["href"]
    assert parse_qs(urlsplit(following).query)["page"] == ["2"]
    second = soup(served.get(following))
    ids = lambda p: [a["href"] for a in p.select("article a[href^='/exchange/']")]  # noqa: E731
    assert ids(first) and ids(second) and not set(ids(first)) & set(ids(second))
    exports = {a.get_text(): a["href"] for a in first.select(".exports a")}
    csv = served.get(exports["CSV"])
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith('"id","house","date"')
    assert "Open Parliament Licence" in csv.headers["x-licence"]
    assert "Open Parliament Licence" in served.get(exports["MD"]).text
    assert len(served.get(exports["JSONL"]).text.splitlines()) == int(
        first.select_one("#total strong").get_text()
    )


def test_a_malformed_query_is_a_400_page_with_the_cli_message(served) -> None:
    answer = served.get("/search", q='"open')
    assert answer.status == 400
    assert "unbalanced quote" in BeautifulSoup(answer.body, "html.parser").select_one(".error").text


def test_every_input_has_a_label(served) -> None:
    for path in ("/search?q=stalking", "/commitments"):
        page = soup(served.get(path))
        labels = {label.get("for") for label in page.select("label[for]")}
        for field in page.select("input, select"):
            if field.get("type") in ("hidden", "submit", "radio"):
                continue
            assert field.get("id") in labels, f"{path}: {field} has no label"
        for radio in page.select("input[type=radio]"):
            assert radio.find_parent("label") is not None


# -- escaping ----------------------------------------------------------------------------------


def _assert_inert(answer) -> BeautifulSoup:
    """Hostile text arrives escaped: no element, attribute or link came from it."""
    page = soup(answer)
    assert "window.hostileRan" in page.get_text(), "the hostile text should be on the page"
    for script in page.find_all("script"):
        assert script.get("src") == "/static/app.js" and not script.string
    for element in page.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), element
            values = value if isinstance(value, list) else [value]
            assert not any("javascript:" in v.lower() for v in values), element
    assert not page.find_all(["iframe", "img", "object", "embed"])
    assert all(svg.get("class") == ["chart"] for svg in page.find_all("svg"))
    assert "<script>window" not in answer.text
    return page


def test_the_hostile_page_is_shown_as_text(served) -> None:
    page = _assert_inert(served.get(f"/exchange/{HOSTILE}"))
    text = page.get_text()
    assert '1 < 2 > 0, <img src=x onerror="window.hostileRan=3">' in text
    assert "{{ 7*7 }} and ${7*7}" in text  # no template ran on it
    assert 'Hostile <script>window.hostileRan=7</script> "Text"' in page.select_one("h1").text
    csp = served.get(f"/exchange/{HOSTILE}").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


@pytest.mark.parametrize(
    "params",
    [{"q": "hostile"}, {"q": "hostile", "view": "flat"}, {"q": "javascript"}, {"q": "script"}],
)
def test_hostile_search_results_are_shown_as_text(served, params) -> None:
    page = _assert_inert(served.get("/search", **params))
    assert page.select("section.results p.text")


def test_hostile_commitments_are_shown_as_text(served) -> None:
    page = _assert_inert(served.get("/commitments", **{"from": "2016-01-14", "to": "2016-01-14"}))
    assert "<b>in bold</b>" in page.select_one("blockquote").get_text()


# -- the process -------------------------------------------------------------------------------


def test_one_log_line_per_request_and_a_clean_ctrl_c(web_data) -> None:
    server = Served(web_data)
    paths = ["/search?q=stalking", "/api/stats", "/exchange/NOPE"]
    for path in paths:
        server.request(path)
    log = server.stop()
    assert server.process.returncode == 0, log
    lines = [line for line in log.splitlines() if '"GET ' in line]
    assert len(lines) == len(paths)
    for line, path in zip(lines, paths, strict=True):
        assert f'"GET {path} HTTP/1.1"' in line
    assert " 404" in lines[2]
    assert "Traceback" not in log


def test_quiet_logs_no_requests(web_data) -> None:
    server = Served(web_data, "--quiet")
    server.request("/api/stats")
    log = server.stop()
    assert server.process.returncode == 0
    assert '"GET' not in log
