"""Crawling the saved site on a real local HTTP server into the archive, with the real command."""

from __future__ import annotations

import functools
import itertools
import json
from pathlib import Path

import pytest

from crawler.page import parse_page
from crawler.run import SITE_URL, CrawlOptions, parse_pages, web_parse
from crawler.spider import USER_AGENT, backoff_seconds, crawl_settings, retry_after_seconds
from hansard import PROJECT_URL
from hansard.archive import Archive
from hansard.records import FetchedPage, Turn

SITE = Path(__file__).parent / "fixtures" / "site"
MANIFEST = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))

SECTIONS = {
    "2015-11-26": "/Commons/2015-11-26/debates/15112625000001/OralAnswersToQuestions",
    "2022-06-22": "/Commons/2022-06-22/debates/1825FDB2-5C11-4579-B1DA-94B80654D983/"
    "OralAnswersToQuestions",
    "1975-01-14": "/Commons/1975-01-14/debates/e0279e7f-6655-463f-ae5a-e39aa443a117/"
    "OralAnswersToQuestions",
}


def expected_turns(site, date: str) -> list[Turn]:
    """What the parser makes of the day's section page, cited at its address on the real site
    (the local server only stands in for hansard.parliament.uk)."""
    return list(_parsed(SITE_URL, date))


@functools.cache
def _parsed(base_url: str, date: str) -> tuple[Turn, ...]:
    path = SECTIONS[date]
    return tuple(parse_page((SITE / MANIFEST[path]).read_bytes(), base_url + path))


def archived(data_dir: Path, date: str) -> list[Turn]:
    return Archive(data_dir / "archive").read_turns("Commons", date)


def test_done_when_a_week_of_2015_archives_four_turns_and_a_second_crawl_changes_nothing(
    site, crawl_cli, hansard_cli, snapshot, tmp_path
) -> None:
    result, summary = crawl_cli(tmp_path, "2015-11-23", "2015-11-27")
    assert result.returncode == 0, result.stderr
    assert summary["dates"] == 5 and summary["non_sitting"] == 4 and summary["sitting"] == 1
    assert summary["turns"] == 4 and summary["pages"] == 2 and summary["failed"] == []
    turns = archived(tmp_path, "2015-11-26")
    assert turns == expected_turns(site, "2015-11-26")
    assert len({t.id for t in turns}) == 4
    assert {t.speaker_name for t in turns} >= {"Nusrat Ghani", "Robert Buckland"}
    records = {r.date: r.status for r in Archive(tmp_path / "archive").day_records()}
    assert records == {
        "2015-11-23": "non-sitting",
        "2015-11-24": "non-sitting",
        "2015-11-25": "non-sitting",
        "2015-11-26": "sitting",
        "2015-11-27": "non-sitting",
    }
    # Polite and honest: robots.txt first, then one identified request per page.
    assert site.hits[0].path == "/robots.txt"
    assert {hit.user_agent for hit in site.hits} == {USER_AGENT}
    assert PROJECT_URL in USER_AGENT and USER_AGENT.startswith("hansard-qa/")
    assert len(site.hits) == 1 + 5 + 1

    dump = hansard_cli("dump", data_dir=tmp_path)
    assert dump.returncode == 0, dump.stderr
    assert [Turn.from_json(line) for line in dump.stdout.splitlines()] == turns

    before = snapshot(tmp_path)  # also: nothing half-written
    mtimes = {p: p.stat().st_mtime_ns for p in (tmp_path / "archive").rglob("*") if p.is_file()}
    requests = len(site.hits)
    result, summary = crawl_cli(tmp_path, "2015-11-23", "2015-11-27")
    assert result.returncode == 0, result.stderr
    assert summary["skipped"] == 5 and summary["dates"] == 0 and summary["turns"] == 0
    assert len(site.hits) == requests  # nothing asked of the site
    assert snapshot(tmp_path) == before
    after = {p: p.stat().st_mtime_ns for p in (tmp_path / "archive").rglob("*") if p.is_file()}
    assert after == mtimes  # nothing even rewritten

    result, summary = crawl_cli(tmp_path, "2015-11-23", "2015-11-27", "--refresh")
    assert result.returncode == 0 and summary["dates"] == 5 and summary["turns"] == 4
    assert snapshot(tmp_path) == before  # crawled again: same turns, same ids, same pages


def test_three_days_archive_exactly_the_parsed_turns_dump_in_order_and_reparse(
    site, crawl_cli, hansard_cli, snapshot, tmp_path
) -> None:
    for date in ("2022-06-22", "2015-11-26", "1975-01-14"):
        result, summary = crawl_cli(tmp_path, date)
        assert result.returncode == 0, result.stderr
        expected = expected_turns(site, date)
        assert summary["turns"] == len(expected) and summary["failed"] == []
        assert archived(tmp_path, date) == expected
    assert len(expected_turns(site, "2022-06-22")) > 100
    assert len(expected_turns(site, "1975-01-14")) > 100
    before = snapshot(tmp_path)
    raw = sorted(v for k, v in before.items() if k.endswith("html.gz") and "OralAnswers" in k)
    assert raw == sorted((SITE / MANIFEST[path]).read_bytes() for path in SECTIONS.values())

    dump = hansard_cli("dump", data_dir=tmp_path)
    dates = [json.loads(line)["date"] for line in dump.stdout.splitlines()]
    assert dates == sorted(dates) and set(dates) == set(SECTIONS)
    assert len(dates) == sum(len(expected_turns(site, d)) for d in SECTIONS)
    some = hansard_cli("dump", "--from", "2015-01-01", "--to", "2015-12-31", data_dir=tmp_path)
    assert [json.loads(line)["date"] for line in some.stdout.splitlines()] == ["2015-11-26"] * 4
    lords = hansard_cli("dump", "--house", "lords", data_dir=tmp_path)
    assert lords.returncode == 0 and lords.stdout == ""

    for path in (tmp_path / "archive" / "turns").rglob("*.jsonl"):
        path.write_text("", encoding="utf-8")  # as if an older parser had found nothing
    site.stop()  # no network from here on
    result = hansard_cli("reparse", "--json", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"dates": 3, "turns": len(dates), "failed": []}
    assert snapshot(tmp_path) == before


def test_paths_forbidden_by_robots_are_not_fetched_and_are_reported(
    site, crawl_cli, tmp_path
) -> None:
    site.robots = "User-agent: *\nDisallow: /Commons/2015-11-26/debates/\n"
    result, summary = crawl_cli(tmp_path, "2015-11-26")
    assert result.returncode == 1
    assert [f["reason"] for f in summary["failed"]] == ["forbidden by robots.txt"]
    assert not site.hits_for(SECTIONS["2015-11-26"])
    assert archived(tmp_path, "2015-11-26") == []


def test_polite_defaults_for_the_live_site() -> None:
    settings = crawl_settings(CrawlOptions())
    assert settings["ROBOTSTXT_OBEY"] is True
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1
    assert settings["DOWNLOAD_DELAY"] >= 3 and settings["AUTOTHROTTLE_ENABLED"] is True
    assert settings["COOKIES_ENABLED"] is False and settings["HTTPCACHE_ENABLED"] is False
    assert {429, 503} <= set(settings["RETRY_HTTP_CODES"])
    assert settings["DOWNLOAD_TIMEOUT"] > 0


def test_retry_after_is_read_as_seconds_or_as_an_http_date() -> None:
    import datetime as dt

    now = dt.datetime(2026, 11, 29, 12, 0, 0, tzinfo=dt.timezone.utc)
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds("Sun, 29 Nov 2026 12:00:30 GMT", now) == 30
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_backoff_doubles_yields_to_a_longer_retry_after_and_is_capped() -> None:
    assert [backoff_seconds(n, None, 10, 300) for n in range(4)] == [10, 20, 40, 80]
    assert backoff_seconds(0, 120, 10, 300) == 120
    assert backoff_seconds(0, 3600, 10, 300) == 300 and backoff_seconds(9, None, 10, 300) == 300


def test_paced_requests_and_a_day_that_says_it_did_not_sit(site, crawl_cli, tmp_path) -> None:
    site.add_page(
        "/Commons/2015-11-25",
        b"<html><body><h1>Commons</h1><p>The House did not sit on this day.</p></body></html>",
    )
    result, summary = crawl_cli(tmp_path, "2015-11-25", "2015-11-26", "--delay", "0.5")
    assert result.returncode == 0, result.stderr
    assert summary["non_sitting"] == 1 and summary["sitting"] == 1 and summary["failed"] == []
    record = Archive(tmp_path / "archive").read_day_record("Commons", "2015-11-25")
    assert record is not None and record.status == "non-sitting"

    arrivals = [hit.at for hit in site.hits]
    assert len(arrivals) == 4  # robots.txt, two day pages, one section: one at a time
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    # A lower bound the crawler enforces, not a speed measurement. Scrapy times the delay from
    # when it sends a request and the server stamps its arrival, so connection set-up on a loaded
    # machine can shave some milliseconds off a gap; unpaced requests would arrive ~0 s apart.
    assert min(gaps) >= 0.4


def test_a_contribution_on_a_section_page_and_its_question_page_is_one_turn(site) -> None:
    """The 2015 question page repeats the section's contributions (same ids): one turn each."""
    pages = [
        FetchedPage(site.base_url + path, 200, "t", (SITE / MANIFEST[path]).read_bytes())
        for path in (
            SECTIONS["2015-11-26"],
            "/Commons/2015-11-26/debates/15112625000015/StalkingAndHarassmentCases",
        )
    ]
    turns, failures = parse_pages(pages, web_parse())
    assert failures == [] and len(turns) == 4
    assert all("OralAnswersToQuestions" in t.url for t in turns)
    assert all(t.url.startswith(SITE_URL + "/Commons/2015-11-26/debates/") for t in turns)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2015-13-01"], "is not a date"),
        (["--from", "2015-11-27", "--to", "2015-11-23"], "before --from"),
        (["--from", "2015-11-26", "--base-url", "hansard.parliament.uk"], "--base-url"),
        (["--from", "2015-11-26", "--house", "senate"], "senate"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(hansard_cli, tmp_path, args, message) -> None:
    result = hansard_cli("crawl", *args, data_dir=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "archive" / "turns").exists()


def test_both_houses_and_an_existing_index_is_brought_up_to_date(site, crawl_cli, tmp_path) -> None:
    from hansard.datadir import index_dir
    from index.build import sync
    from index.manifest import MANIFEST, index_exists, read_manifest
    from index.schema import day_term

    sync(tmp_path)  # an index, still empty
    assert index_exists(tmp_path)

    result, summary = crawl_cli(tmp_path, "2015-11-26", "2015-11-26", "--house", "both")
    assert result.returncode == 0, result.stderr
    assert summary["dates"] == 2 and summary["sitting"] == 1 and summary["non_sitting"] == 1
    assert site.hits_for("/Lords/2015-11-26")  # the Lords day was asked for (a 404 here)
    assert summary["index_updated"] is True
    days = read_manifest(index_dir(tmp_path))["days"]
    assert day_term("Commons", "2015-11-26") in days and (index_dir(tmp_path) / MANIFEST).exists()


def test_a_lords_day_fetches_each_debate_and_keeps_the_oral_questions(
    site, crawl_cli, tmp_path
) -> None:
    """Lords questions are debates of their own: every debate of the day is fetched and the
    parser keeps those that are questions (here one question, one motion)."""
    question = (SITE / "reconstructed" / "Lords_2023-03-01_RuralBusServices.html").read_bytes()
    motion = question.replace(b"<p><em>Question</em></p>", b"<p><em>Motion to Agree</em></p>")
    base = "/Lords/2023-03-01/debates"
    question_path = f"{base}/0C3A51E2-6F0B-4B8E-9D27-1A2B3C4D5E60/RuralBusServices"
    site.add_page(question_path, question)
    site.add_page(f"{base}/AB12/ProceedsOfCrimeBill", motion)
    site.add_page(
        "/Lords/2023-03-01",
        f'<html><title>Lords: 1 March 2023 - Hansard</title><body><a href="{question_path}">'
        f'Rural Bus Services</a><a href="{base}/AB12/ProceedsOfCrimeBill">Proceeds of Crime '
        "Bill</a></body></html>".encode(),
    )
    result, summary = crawl_cli(tmp_path, "2023-03-01", "2023-03-01", "--house", "lords")
    assert result.returncode == 0, result.stderr
    expected = parse_page(question, SITE_URL + question_path)
    assert len(expected) > 5 and summary["turns"] == len(expected) and summary["pages"] == 3
    assert Archive(tmp_path / "archive").read_turns("Lords", "2023-03-01") == expected


def test_source_option_reaches_the_api_path_and_auto_keeps_the_web_when_it_works(
    site, crawl_cli, snapshot, tmp_path
) -> None:
    api_only = tmp_path / "api"
    result, summary = crawl_cli(api_only, "2015-11-26", "2015-11-26", "--source", "api",
                                "--api-url", site.base_url)  # fmt: skip
    assert result.returncode == 1  # this server has no API: the day fails, and says where
    [failure] = summary["failed"]
    assert "/overview/sectiontrees.json" in failure["url"] and summary["turns"] == 0

    web, auto = tmp_path / "web", tmp_path / "auto"
    assert crawl_cli(web, "2015-11-25", "2015-11-26")[0].returncode == 0
    result, summary = crawl_cli(auto, "2015-11-25", "2015-11-26", "--source", "auto",
                                "--api-url", site.base_url)  # fmt: skip
    assert result.returncode == 0 and summary["turns"] == 4
    assert snapshot(auto) == snapshot(web)
