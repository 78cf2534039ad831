"""A misbehaving site: each fault must end in the truth (summary, exit status) and, once the site
behaves again, in exactly the archive a clean run makes. Nothing is ever half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE_SITE, archive_state, crawl

from hansard.archive import Archive
from hansard.devserver import Fault, SiteServer

DAY = "/Commons/2015-11-26"
SECTION = "/Commons/2015-11-26/debates/15112625000001/OralAnswersToQuestions"
RANGE = ("2015-11-25", "2015-11-26")  # a non-sitting day, then the day with four turns


@pytest.fixture(scope="module")
def server():
    """One server for the module, so every run's URLs (and so its archive) can be compared."""
    with SiteServer(FIXTURE_SITE) as running:
        yield running


@pytest.fixture
def site(server):
    server.clear_faults()
    server.hits.clear()
    yield server
    server.clear_faults()


@pytest.fixture(scope="module")
def clean(server, tmp_path_factory) -> dict:
    data_dir = tmp_path_factory.mktemp("clean")
    result, summary = crawl(server, data_dir, *RANGE)
    assert result.returncode == 0 and summary["turns"] == 4
    return archive_state(data_dir)


def record(data_dir: Path, date: str = "2015-11-26"):
    return Archive(data_dir / "archive").read_day_record("Commons", date)


@pytest.mark.parametrize(
    ("path", "status", "retry_after"),
    [(SECTION, 503, "1"), (DAY, 429, None)],
    ids=["503-section-retry-after", "429-day-page"],
)
def test_a_server_error_twice_then_success_is_retried(
    site, clean, tmp_path, path: str, status: int, retry_after: str | None
) -> None:
    site.add_fault(path, Fault("status", times=2, status=status, retry_after=retry_after))
    result, summary = crawl(site, tmp_path, *RANGE)
    assert result.returncode == 0, result.stderr
    assert summary["failed"] == [] and summary["turns"] == 4
    hits = site.hits_for(path)
    assert [hit.status for hit in hits] == [status, status, 200]
    if retry_after:  # waited as the server asked (the test's own backoff is 0)
        assert hits[1].at - hits[0].at >= 0.9 and hits[2].at - hits[1].at >= 0.9
    assert archive_state(tmp_path) == clean


def test_a_response_slower_than_the_timeout_is_retried(site, clean, tmp_path) -> None:
    site.add_fault(SECTION, Fault("slow", times=1, seconds=1.0))
    result, summary = crawl(site, tmp_path, *RANGE, "--timeout", "0.5")
    assert result.returncode == 0, result.stderr
    assert summary["failed"] == [] and summary["turns"] == 4
    assert len(site.hits_for(SECTION)) == 2
    assert archive_state(tmp_path) == clean


def test_a_response_always_too_slow_fails_that_day_and_a_later_run_repairs_it(
    site, clean, tmp_path
) -> None:
    site.add_fault(SECTION, Fault("slow", times=None, seconds=1.0))
    result, summary = crawl(site, tmp_path, *RANGE, "--retries", "1", "--timeout", "0.5")
    assert result.returncode == 1
    assert summary["non_sitting"] == 1 and summary["turns"] == 0
    [failure] = summary["failed"]
    assert failure["date"] == "2015-11-26" and failure["url"].endswith(SECTION)
    assert failure["reason"].startswith("timed out")
    assert record(tmp_path).status == "failed"
    assert Archive(tmp_path / "archive").read_turns("Commons", "2015-11-26") == []

    site.clear_faults()
    result, summary = crawl(site, tmp_path, *RANGE)  # no --refresh: failed days are redone
    assert result.returncode == 0 and summary["skipped"] == 1 and summary["turns"] == 4
    assert archive_state(tmp_path) == clean


@pytest.mark.parametrize(
    ("path", "kind"), [(DAY, "truncate"), (SECTION, "truncate"), (SECTION, "cut")]
)
def test_a_truncated_body_is_fetched_again(site, clean, tmp_path, path: str, kind: str) -> None:
    """A "truncate" fault breaks its Content-Length; "cut" sends none, so only the end of the
    HTML missing shows the body is incomplete."""
    site.add_fault(path, Fault(kind, times=1))
    result, summary = crawl(site, tmp_path, *RANGE)
    assert result.returncode == 0, result.stderr
    assert summary["failed"] == [] and summary["turns"] == 4
    assert len(site.hits_for(path)) == 2
    assert archive_state(tmp_path) == clean


def test_a_body_truncated_every_time_is_reported_not_archived(site, clean, tmp_path) -> None:
    site.add_fault(SECTION, Fault("truncate", times=None))
    result, summary = crawl(site, tmp_path, *RANGE)
    assert result.returncode == 1
    assert [f["reason"] for f in summary["failed"]] == [
        "connection dropped mid-response (truncated body)"
    ]
    assert Archive(tmp_path / "archive").read_turns("Commons", "2015-11-26") == []
    archive_state(tmp_path)  # no temp files


def test_a_day_page_that_is_not_hansard_is_a_failure_not_a_quiet_day(site, clean, tmp_path) -> None:
    site.add_fault(DAY, Fault("not-hansard", times=1))
    result, summary = crawl(site, tmp_path, *RANGE)
    assert result.returncode == 1
    [failure] = summary["failed"]
    assert "not a Hansard sitting-day page" in failure["reason"]
    assert summary["non_sitting"] == 1 and record(tmp_path).status == "failed"
    result, _ = crawl(site, tmp_path, *RANGE)
    assert result.returncode == 0
    assert archive_state(tmp_path) == clean


def test_a_section_page_that_is_not_hansard_is_kept_raw_and_reported(site, clean, tmp_path) -> None:
    site.add_fault(SECTION, Fault("not-hansard", times=1))
    result, summary = crawl(site, tmp_path, *RANGE)
    assert result.returncode == 1
    [failure] = summary["failed"]
    assert failure["url"].endswith(SECTION) and failure["reason"].startswith("could not parse")
    assert record(tmp_path).status == "unparsed"
    [kept] = [
        page
        for page in Archive(tmp_path / "archive").iter_pages("Commons", "2015-11-26")
        if page.url.endswith(SECTION)
    ]
    assert b"Just a moment" in kept.body
    result, _ = crawl(site, tmp_path, *RANGE)
    assert result.returncode == 0
    assert archive_state(tmp_path) == clean


def test_a_date_failing_every_time_beside_one_that_works(site, tmp_path) -> None:
    site.add_fault("/Commons/2022-06-21", Fault("always-fail", times=None, status=500))
    result, summary = crawl(site, tmp_path, "2022-06-21", "2022-06-22")
    assert result.returncode == 1
    assert summary["dates"] == 2 and summary["sitting"] == 1 and summary["turns"] > 100
    assert summary["failed"] == [
        {
            "house": "Commons",
            "date": "2022-06-21",
            "url": f"{site.base_url}/Commons/2022-06-21",
            "reason": "HTTP 500 after 2 retries",
        }
    ]
    assert len(site.hits_for("/Commons/2022-06-21")) == 3
    archive = Archive(tmp_path / "archive")
    assert archive.days() == [("Commons", "2022-06-22")]
    assert record(tmp_path, "2022-06-21").status == "failed"
    assert "Commons 2022-06-22" not in result.stdout  # --json: stdout is the JSON alone


def test_a_failed_refresh_keeps_the_turns_already_archived(site, clean, tmp_path) -> None:
    crawl(site, tmp_path, *RANGE)
    site.add_fault(SECTION, Fault("always-fail", times=None, status=503))
    result, summary = crawl(site, tmp_path, *RANGE, "--refresh")
    assert result.returncode == 1 and len(summary["failed"]) == 1
    archive = Archive(tmp_path / "archive")
    assert len(archive.read_turns("Commons", "2015-11-26")) == 4
    assert record(tmp_path).status == "failed"  # so the next run tries the day again
    state = archive_state(tmp_path)
    assert (
        state["turns/Commons/2015/2015-11-26.jsonl"] == clean["turns/Commons/2015/2015-11-26.jsonl"]
    )


def test_a_long_retry_after_stops_the_crawl_and_a_later_run_resumes(site, clean, tmp_path) -> None:
    site.add_fault("/Commons/2015-11-25", Fault("status", times=1, status=429, retry_after="3600"))
    result, summary = crawl(site, tmp_path, *RANGE)
    assert result.returncode == 1
    assert "Retry-After" in summary["stopped"] and not summary["interrupted"]
    [failure] = summary["failed"]
    assert failure["date"] == "2015-11-25" and "Retry-After 3600" in failure["reason"]
    assert [hit.path for hit in site.hits] == ["/robots.txt", "/Commons/2015-11-25"]  # no more

    result, summary = crawl(site, tmp_path, *RANGE)
    assert result.returncode == 0 and summary["turns"] == 4
    assert archive_state(tmp_path) == clean


def test_a_bug_on_one_day_is_reported_and_the_other_days_go_on(site, tmp_path, monkeypatch) -> None:
    """A crash while reading one day's page (here: a planted one) fails that day, loudly."""
    import crawler.spider

    real = crawler.spider.read_day_page

    def crash_on_the_26th(html, url, house, date):
        if date == "2015-11-26":
            raise RuntimeError("planted bug")
        return real(html, url, house, date)

    monkeypatch.setattr(crawler.spider, "read_day_page", crash_on_the_26th)  # the fork inherits
    result, summary = crawl(site, tmp_path, *RANGE)
    assert result.returncode == 1 and summary["non_sitting"] == 1
    [failure] = summary["failed"]
    assert failure["date"] == "2015-11-26" and "planted bug" in failure["reason"]
    assert record(tmp_path).status == "failed"
