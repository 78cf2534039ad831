"""The Hansard API as a crawl source: served on 127.0.0.1, it must give the web path's turns."""

from __future__ import annotations

import copy
import datetime as dt
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from standin import Answer, StandIn

from crawler.api_source import (
    crawl_day_api,
    debate_contributions,
    debate_json_to_turns,
    json_body,
    oral_section_ids,
    sectiontrees_url,
    turns_from_pages,
    web_slug,
)
from crawler.page import parse_page
from hansard.errors import HansardError, ParseError
from hansard.records import FetchedPage

FIXTURES = Path(__file__).parent / "fixtures"
API = FIXTURES / "hansard-api"
REAL_API = FIXTURES / "hansard-api-json"
SITE = FIXTURES / "site" / "reconstructed"
QUESTION_PAGE = SITE / "Commons_2015-11-26_StalkingAndHarassmentCases.html"
ORAL_PAGE = SITE / "Commons_2015-11-26_OralAnswersToQuestions.html"
UNKNOWN_ROUTE_PAGE = (
    b"<!DOCTYPE html><html><head><title>Hansard API</title></head><body></body></html>"
)


class ApiServer(StandIn):
    """hansard-api.parliament.uk stand-in: manifest paths (with query) as JSON; any other route
    answers an HTML page with status 200, as the real API does."""

    def __init__(self, root: Path = API) -> None:
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        self.routes = {path: (root / name).read_bytes() for path, name in manifest.items()}
        self.faults: dict[str, list[int]] = {}
        """path -> statuses to answer first (503 with Retry-After: 0), one per request."""
        super().__init__()

    def respond(self, path: str) -> Answer:
        pending = self.faults.get(path)
        if pending:
            return pending.pop(0), {"Retry-After": "0"}, b""
        body = self.routes.get(path)
        if body is None:
            return 200, {"Content-Type": "text/html; charset=utf-8"}, UNKNOWN_ROUTE_PAGE
        kind = "text/plain" if path == "/robots.txt" else "application/json; charset=utf-8"
        return 200, {"Content-Type": kind}, body


def fetch(url: str) -> FetchedPage:
    """A plain fetch, as the crawler's polite fetcher would return it."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            status, body, headers = response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        status, body, headers = error.code, error.read(), dict(error.headers)
    return FetchedPage(url, status, dt.datetime.now(dt.UTC).isoformat(), body, headers)


@pytest.fixture(scope="module")
def api():
    with ApiServer() as server:
        yield server


def load(name: str) -> dict:
    return json.loads((API / name).read_text(encoding="utf-8"))


# -- the done-when: API path == web path ------------------------------------------------------


def test_api_day_gives_the_same_turns_as_the_web_question_page(api):
    pages, turns = crawl_day_api(api.url, "Commons", "2015-11-26", fetch)
    web = parse_page(QUESTION_PAGE.read_bytes())
    assert len(web) == 4
    assert turns == web  # whole records, the permalink included
    assert [p.url for p in pages] == [
        sectiontrees_url(api.url, "Commons", "2015-11-26"),
        f"{api.url}/debates/debate/15112625000001.json",
    ]
    assert turns[0].url == (
        "https://hansard.parliament.uk/Commons/2015-11-26/debates/15112625000015/"
        "StalkingAndHarassmentCases#contribution-5B3E2C11-0A6D-4F0E-9C1B-2015112600A1"
    )


def test_api_matches_the_aggregate_web_page_except_its_page_url(api):
    _, turns = crawl_day_api(api.url, "Commons", "2015-11-26", fetch)
    web = parse_page(ORAL_PAGE.read_bytes())
    strip = [t.to_dict() | {"url": None} for t in web]
    assert [t.to_dict() | {"url": None} for t in turns] == strip
    assert all(w.url.split("#")[1] == t.url.split("#")[1] for w, t in zip(web, turns, strict=True))


def test_turn_fields_of_the_2015_exchange(api):
    _, turns = crawl_day_api(api.url, "Commons", "2015-11-26", fetch)
    question, answer, supplementary, reply = turns
    assert (question.role, question.question_number, question.uin) == ("question", "5", "902346")
    assert (question.member_id, question.constituency, question.party) == (4460, "Wealden", "Con")
    assert question.text.endswith("harassment cases.")
    assert (answer.role, answer.speaker_office, answer.speaker_name) == (
        "answer",
        "The Solicitor General",
        "Robert Buckland",
    )
    assert reply.speaker_name == "Robert Buckland"  # printed "The Solicitor General" only
    assert supplementary.role == "supplementary"
    assert {t.exchange_id for t in turns} == {question.id}
    assert {t.volume for t in turns} == {602}
    assert {t.department for t in turns} == {"Attorney General"}


def test_a_question_section_fetched_alone_knows_its_department():
    turns = debate_json_to_turns(load("debate_15112625000015.json"), "Commons", "2015-11-26")
    assert turns == parse_page(QUESTION_PAGE.read_bytes())


def test_archived_api_pages_rebuild_the_same_turns(api):
    pages, turns = crawl_day_api(api.url, "Commons", "2015-11-26", fetch)
    assert turns_from_pages(pages, "Commons", "2015-11-26") == turns


def test_non_sitting_day_gives_nothing_and_fetches_no_debate(api):
    before = len(api.requests)
    pages, turns = crawl_day_api(api.url, "Commons", "2015-11-28", fetch)
    assert turns == [] and len(pages) == 1
    assert len(api.requests) == before + 1


def test_unknown_route_html_with_200_is_an_error_not_data(api):
    with pytest.raises(ParseError, match="HTML page, not JSON"):
        crawl_day_api(api.url + "/v2", "Commons", "2015-11-26", fetch)


def test_lords_days_are_refused_not_reported_empty(api):
    with pytest.raises(HansardError, match="Commons oral questions only"):
        crawl_day_api(api.url, "Lords", "2015-11-26", fetch)


def test_json_body_rejects_failures_and_html():
    ok = FetchedPage("u", 200, "t", b'[{"a": 1}]', {"Content-Type": "application/json"})
    assert json_body(ok) == [{"a": 1}]
    with pytest.raises(HansardError, match="answered 503"):
        json_body(FetchedPage("u", 503, "t", b"{}"))
    with pytest.raises(ParseError, match="HTML"):
        json_body(FetchedPage("u", 200, "t", b"  <html></html>", {}))
    with pytest.raises(ParseError, match="malformed JSON"):
        json_body(FetchedPage("u", 200, "t", b'{"Items": [', {}))


# -- the converter on real API JSON -------------------------------------------------------------


def test_real_debate_json_items_become_contributions():
    debate = json.loads((REAL_API / "debate_with_speeches.json").read_text(encoding="utf-8"))
    contributions = debate_contributions(debate, "Commons", "2026-01-14")
    first = contributions[0]
    assert first.id == "4ADF0C90-B463-4E21-A16D-A17C893209D8"
    assert first.speaker == "Martin Vickers (Brigg and Immingham) (Con)"
    assert first.member_id == 3957
    assert first.column == 1037
    assert len(first.paragraphs) > 1  # "\r\n\r\n" splits paragraphs
    assert first.procedural_before[0].startswith("Motion made, and Question proposed")
    assert all(not c.speaker or "Motion made" not in c.paragraphs[0] for c in contributions)
    turns = debate_json_to_turns(debate, "Commons", "2026-01-14")
    chair = [t for t in turns if t.role == "chair"]
    assert chair and chair[0].speaker_office == "Madam Deputy Speaker"
    assert chair[0].speaker_name == "Caroline Nokes"
    assert turns[0].url.startswith(
        "https://hansard.parliament.uk/Commons/2026-01-14/debates/"
        "69FFB3CB-33EF-41DD-94B0-E8685BEB39EF/OilRefiningSector#contribution-"
    )


def test_unnamed_paragraph_items_continue_the_speech_across_a_column():
    debate = copy.deepcopy(load("debate_15112625000015.json"))
    items = debate["Items"]
    answer = items[1]
    column = {
        "ItemType": "Contribution",
        "MemberId": None,
        "AttributedTo": None,
        "Value": '<span class="column-number column-only" data-column-number="1495"></span>',
        "OrderInSection": 2,
        "ExternalId": None,
        "HRSTag": "hs_ColumnNumber",
        "UIN": None,
    }
    carried = dict(
        answer,
        MemberId=None,
        AttributedTo=None,
        OrderInSection=2,
        ExternalId="CARRIED",
        Value="A second paragraph of the same answer.",
    )
    for later in items[2:]:
        later["OrderInSection"] += 2
    items[2:2] = [column | {"OrderInSection": 2}, carried | {"OrderInSection": 3}]
    contributions = debate_contributions(debate, "Commons", "2015-11-26")
    assert len(contributions) == 4
    assert contributions[1].paragraphs[-1] == "A second paragraph of the same answer."
    assert (contributions[1].column, contributions[1].end_column) == (None, 1495)
    assert contributions[2].column == 1495


def test_oral_sections_found_by_tag_or_title():
    trees = load("sectiontrees_Commons_2015-11-26.json")
    assert oral_section_ids(trees) == ["15112625000001"]
    untagged = copy.deepcopy(trees)
    for item in untagged[0]["SectionTreeItems"]:
        item["HRSTag"] = None
    assert oral_section_ids(untagged) == ["15112625000001"]
    assert oral_section_ids([]) == []


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Stalking and Harassment Cases", "StalkingAndHarassmentCases"),
        (
            "European Union (Notification of Withdrawal) Bill",
            "EuropeanUnion(NotificationOfWithdrawal)Bill",
        ),
        ("Attorney-General", "Attorney-General"),
        (" SEND Provision: Local Authorities", "SENDProvisionLocalAuthorities"),
    ],
)
def test_web_slug(title, slug):
    assert web_slug(title) == slug


# -- crawling days into the archive -------------------------------------------------------------


def polite(**kwargs):
    from crawler.api_crawl import PoliteFetcher

    waits: list[float] = []
    options = {"delay": 0.0, "timeout": 5.0, "retries": 2, "backoff": 0.0} | kwargs
    return PoliteFetcher(sleep=waits.append, **options), waits


def test_api_crawl_writes_days_like_the_web_crawl(tmp_path, api):
    from crawler.api_crawl import run_api_crawl
    from crawler.run import reparse
    from hansard.archive import Archive
    from hansard.datadir import archive_dir

    fetcher, _ = polite()
    days = [("Commons", "2015-11-26"), ("Commons", "2015-11-28")]
    first_request = len(api.requests)
    summary = run_api_crawl(tmp_path, days, fetcher, api.url)
    assert summary.ok and (summary.sitting, summary.non_sitting, summary.turns) == (1, 1, 4)
    archive = Archive(archive_dir(tmp_path))
    assert archive.read_turns("Commons", "2015-11-26") == parse_page(QUESTION_PAGE.read_bytes())
    record = archive.read_day_record("Commons", "2015-11-26")
    assert record.status == "sitting"
    assert record.pages == (f"{api.url}/debates/debate/15112625000001.json",)
    assert archive.read_day_record("Commons", "2015-11-28").status == "non-sitting"
    stored = archive.read_page("Commons", "2015-11-26", record.pages[0])
    assert stored.body == (API / "debate_15112625000001.json").read_bytes()
    agents = api.user_agents[first_request:]
    assert agents and all(ua.startswith("hansard-qa/") and "(+http" in ua for ua in agents)
    # reparse rebuilds API days from the archived JSON, without the network
    before = len(api.requests)
    rebuilt = reparse(tmp_path, "2015-11-26", "2015-11-26", "commons")
    assert rebuilt.failed == [] and rebuilt.turns == 4
    assert len(api.requests) == before


def test_api_crawl_failure_keeps_the_day_and_reports_html(tmp_path, api):
    from crawler.api_crawl import run_api_crawl
    from hansard.archive import Archive
    from hansard.datadir import archive_dir

    fetcher, _ = polite()
    run_api_crawl(tmp_path, [("Commons", "2015-11-26")], fetcher, api.url)
    summary = run_api_crawl(tmp_path, [("Commons", "2015-11-26")], fetcher, api.url + "/v2")
    assert not summary.ok
    assert "HTML page, not JSON" in summary.failed[0].reason
    archive = Archive(archive_dir(tmp_path))
    assert len(archive.read_turns("Commons", "2015-11-26")) == 4  # never replaced by nothing
    assert archive.read_day_record("Commons", "2015-11-26").status == "failed"


def test_fetcher_retries_honours_retry_after_and_paces(api):
    path = "/debates/debate/15112625000015.json"
    api.faults[path] = [503, 429]
    fetcher, waits = polite(delay=2.0, backoff=1.0)
    page = fetcher(api.url + path)
    assert page.status == 200 and json.loads(page.body)["Overview"]["ExtId"] == "15112625000015"
    assert api.requests.count(path) == 3
    assert fetcher.requests == 4  # robots.txt, then three tries
    # backoff 1 s then 2 s (Retry-After 0 asks for less), and the pacing delay before each try
    assert [w for w in waits if w in (1.0, 2.0)] == [1.0, 2.0]
    assert sum(1 for w in waits if 1.5 < w <= 2.0) >= 2


def test_fetcher_gives_up_with_the_reason_after_its_retries():
    import socket

    from crawler.api_crawl import PoliteFetcher

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    waits: list[float] = []
    fetcher = PoliteFetcher(delay=0, timeout=1, retries=2, backoff=0.5, sleep=waits.append)
    with pytest.raises(HansardError, match=r"could not fetch .*refused.*retried 2x"):
        fetcher(f"http://127.0.0.1:{port}/overview/sectiontrees.json")
    assert [w for w in waits if w >= 0.5] == [0.5, 1.0]


def test_fetcher_obeys_robots_txt(api):
    api.routes["/robots.txt"] = b"User-agent: *\nDisallow: /debates/\n"
    try:
        fetcher, _ = polite()
        with pytest.raises(HansardError, match=r"robots\.txt"):
            fetcher(api.url + "/debates/debate/15112625000015.json")
        assert fetcher(sectiontrees_url(api.url, "Commons", "2015-11-26")).status == 200
    finally:
        del api.routes["/robots.txt"]


def test_auto_falls_back_to_the_api_only_for_blocked_days(tmp_path, api):
    from crawler.api_crawl import blocked_days, fall_back_to_api
    from crawler.run import CrawlSummary, Failure

    summary = CrawlSummary(dates=3, sitting=1)
    summary.failed = [
        Failure(
            "Commons", "2015-11-26", "https://x/Commons/2015-11-26", "HTTP 403 after 0 retries"
        ),
        Failure("Commons", "2015-11-27", "https://x/Commons/2015-11-27", "timed out after 30 s"),
    ]
    assert blocked_days(summary) == [("Commons", "2015-11-26")]
    fetcher, _ = polite()
    merged = fall_back_to_api(tmp_path, summary, fetcher, api.url)
    assert [f.date for f in merged.failed] == ["2015-11-27"]
    assert (merged.dates, merged.sitting, merged.turns) == (3, 2, 4)


def test_crawl_by_source_api_plans_like_the_web_crawl(tmp_path, api):
    from crawler.api_crawl import crawl_by_source
    from crawler.run import CrawlOptions
    from hansard.errors import UsageError

    options = CrawlOptions("https://hansard.parliament.uk", delay=0, timeout=5, retries=0)
    args = (tmp_path, "2015-11-26", "2015-11-28", "commons", options)
    first = crawl_by_source("api", api.url, *args)
    assert (first.dates, first.sitting, first.non_sitting, first.turns) == (3, 1, 1, 4)
    # the fixture API knows no 27th: it answers HTML, and that day fails instead of being empty
    assert [(f.date, "HTML" in f.reason) for f in first.failed] == [("2015-11-27", True)]
    again = crawl_by_source("api", api.url, *args)
    assert (again.dates, again.skipped) == (1, 2)  # only the failed day is crawled again
    with pytest.raises(UsageError, match="--api-url"):
        crawl_by_source("api", "ftp://x", *args)
