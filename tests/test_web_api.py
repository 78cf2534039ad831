"""The JSON API under the real `hansard serve`: the CLI's records, the CLI's errors, bounds."""

from __future__ import annotations

import json

import pytest
from conftest import run_hansard
from webserver import ANSWER, QUESTION, SECOND_ANSWER


def cli_json(data_dir, *args: str):
    result = run_hansard(*args, "--format", "json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


QUERIES = [
    ({"q": "stalking", "minister": "Solicitor General"},
     ["stalking", "--minister", "Solicitor General"]),
    ({"q": '"restraining orders"'}, ['"restraining orders"']),
    ({"q": "protocol OR engagements", "sort": "-date", "limit": "7"},
     ["protocol OR engagements", "--sort", "-date", "--limit", "7"]),
    ({"member": "Nusrat Ghani"}, ["--member", "Nusrat Ghani"]),
    ({"q": "Ireland -protocol", "from": "2022-01-01", "party": "Con"},
     ["Ireland -protocol", "--from", "2022-01-01", "--party", "Con"]),
    ({"topic": "stalking", "role": "answer"}, ["--topic", "stalking", "--role", "answer"]),
    ({"q": "date:1975 minister"}, ["date:1975 minister"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("params", "argv"), QUERIES, ids=[q[0].get("q", "filters") for q in QUERIES]
)
def test_api_search_returns_exactly_the_cli_json_records(served, web_data, params, argv) -> None:
    answer = served.get("/api/search", **params)
    assert answer.status == 200
    body = answer.json()
    assert set(body) == {"total", "results", "facets"}
    expected = cli_json(web_data, "search", *argv)
    assert expected, "a comparison of two empty lists proves nothing"
    assert body["results"] == expected
    count = run_hansard("search", *argv, "--count", data_dir=web_data)
    assert body["total"] == int(count.stdout)


def test_the_stalking_search_finds_buckland_answers_by_the_cli_ids(served, web_data) -> None:
    body = served.get("/api/search", q="stalking", minister="Solicitor General").json()
    ids = [r["id"] for r in body["results"]]
    assert ids == [
        r["id"] for r in cli_json(web_data, "search", "stalking", "--minister", "Solicitor General")
    ]
    assert sorted(ids) == [ANSWER, SECOND_ANSWER]


def test_pages_and_facets(served, web_data) -> None:
    body = served.get("/api/search", q="engagements", limit="3", page="2", facet="party").json()
    everything = cli_json(web_data, "search", "engagements", "--limit", "6")
    assert [r["id"] for r in body["results"]] == [r["id"] for r in everything[3:6]]
    cli_facets = run_hansard(
        "search", "engagements", "--facet", "party", "--format", "json", data_dir=web_data
    )
    assert body["facets"] == json.loads(cli_facets.stdout)["facets"]


def test_a_malformed_query_gets_400_and_the_cli_exit_2_message(served, web_data) -> None:
    for query in ('"unbalanced', "(open", "nosuchfield:x", "date:2015-13"):
        answer = served.get("/api/search", q=query)
        cli = run_hansard("search", query, data_dir=web_data)
        assert cli.returncode == 2
        assert answer.status == 400
        assert answer.headers["content-type"].startswith("application/json")
        assert f"hansard: error: {answer.json()['error']}" == cli.stderr.strip()


@pytest.mark.parametrize(
    "path", ["/api/turns/NOPE", "/api/exchanges/NOPE", "/api/quote/NOPE", "/exchange/NOPE"]
)
def test_unknown_ids_get_404(served, path) -> None:
    answer = served.get(path)
    assert answer.status == 404
    if path.startswith("/api/"):
        assert "NOPE" in answer.json()["error"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "101"}, "limit: '101' must be a whole number from 1 to 100"),
        ({"limit": "0"}, "limit: '0' must be a whole number from 1 to 100"),
        ({"page": "0"}, "page: '0' must be a whole number from 1 to 100"),
        ({"page": "101", "limit": "20"}, "page: '101' must be a whole number from 1 to 100"),
        ({"from": "26/11/2015"}, "from: '26/11/2015' is not a date"),
        ({"role": "speaker"}, "unknown role 'speaker'"),
        ({"facet": "colour"}, "facet: unknown facet 'colour'"),
        ({"sort": "random"}, "unknown sort 'random'"),
    ],
)
def test_limits_and_bad_parameters_are_400(served, params, message) -> None:
    answer = served.get("/api/search", **params)
    assert answer.status == 400
    assert answer.json()["error"].startswith(message)


def test_turn_exchange_quote_stats_are_the_cli_records(served, web_data) -> None:
    turn = served.get(f"/api/turns/{ANSWER}").json()
    shown = cli_json(web_data, "show", ANSWER)
    assert turn == next(t for t in shown if t["id"] == ANSWER)
    exchange = served.get(f"/api/exchanges/{ANSWER}").json()
    assert exchange["turns"] == shown and exchange["exchange_id"] == QUESTION
    quote = served.get(f"/api/quote/{ANSWER}", style="compact", with_question="1").json()
    assert quote == cli_json(web_data, "quote", ANSWER, "--style", "compact", "--with-question")
    assert served.get("/api/stats").json() == cli_json(web_data, "stats")
    assert served.get(f"/api/quote/{ANSWER}", style="apa").status == 400


def test_commitments_are_the_cli_records(served, web_data) -> None:
    body = served.get("/api/commitments", **{"from": "2022-06-22", "to": "2022-06-22"}).json()
    expected = cli_json(web_data, "commitments", "--from", "2022-06-22", "--to", "2022-06-22")
    assert expected and body == expected
    assert served.get("/api/commitments", status="finished").status == 400


def test_openapi_describes_every_endpoint(served) -> None:
    spec = served.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {
        "/api/search", "/api/turns/{turn_id}", "/api/exchanges/{turn_id}", "/api/quote/{turn_id}",
        "/api/commitments", "/api/stats",
        "/api/trends", "/api/find-quote", "/api/kwic", "/api/coverage", "/api/member/{who}",
    }  # fmt: skip
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "member", "minister", "topic", "from", "to", "limit", "page", "facet"} <= names


@pytest.mark.parametrize(
    "path",
    ["/static/../pyproject.toml", "/static/%2e%2e/app.py", "/static/..%2f..%2fpyproject.toml",
     "/exchange/..%2F..%2Fetc%2Fpasswd", "/../../etc/passwd"],
)  # fmt: skip
def test_nothing_outside_the_package_assets_and_the_index_is_served(served, path) -> None:
    answer = served.get(path)
    assert answer.status == 404
    assert b"[project]" not in answer.body and b"root:" not in answer.body


def test_assets_are_served_from_the_package(served) -> None:
    css = served.get("/static/style.css")
    assert css.status == 200 and b"font" in css.body
    page = served.get("/search", q="stalking").text
    assert "http://" not in page.split("<body>")[0].replace("http://127.0.0.1", "")
    assert "//cdn" not in page and "https://fonts" not in page
