"""The local stand-in for the site: real paths, real headers, and faults that really happen."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from hansard.devserver import Fault, parse_fault

DAY = "/Commons/2015-11-26"


def get(site, path: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(site.base_url + path, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_pages_are_served_at_their_site_paths_any_case_else_404(site) -> None:
    status, headers, body = get(site, DAY)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert body == (site.root / "reconstructed" / "day_Commons_2015-11-26.html").read_bytes()
    assert get(site, "/commons/2015-11-26")[2] == body
    assert get(site, "/Commons/2015-11-25")[0] == 404
    assert get(site, "/robots.txt")[2].startswith(b"User-agent: *")


def test_a_status_fault_counts_down_and_sends_retry_after(site) -> None:
    site.add_fault(DAY, Fault("status", times=2, status=503, retry_after="7"))
    first, second, third = get(site, DAY), get(site, DAY), get(site, DAY)
    assert [first[0], second[0], third[0]] == [503, 503, 200]
    assert first[1]["Retry-After"] == "7"
    assert [hit.status for hit in site.hits_for(DAY)] == [503, 503, 200]


def test_truncate_breaks_its_promised_length(site) -> None:
    site.add_fault(DAY, Fault("truncate"))
    host, port = urlsplit(site.base_url).hostname, urlsplit(site.base_url).port
    connection = http.client.HTTPConnection(host, port, timeout=5)
    connection.request("GET", DAY)
    response = connection.getresponse()
    with pytest.raises(http.client.IncompleteRead):
        response.read()
    connection.close()


def test_not_hansard_replaces_the_page_once(site) -> None:
    site.add_fault(DAY, Fault("not-hansard"))
    assert b"Just a moment" in get(site, DAY)[2]
    assert b"Oral Answers to Questions" in get(site, DAY)[2]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("/a=status:503:2:30", ("/a", Fault("status", 2, 503, "30"))),
        ("/a=slow:4.5:3", ("/a", Fault("slow", 3, seconds=4.5))),
        ("/a=always-fail:502", ("/a", Fault("always-fail", None, status=502))),
        ("/a=cut", ("/a", Fault("cut", 1))),
    ],
)
def test_fault_specs_from_the_command_line(spec: str, expected) -> None:
    assert parse_fault(spec) == expected


def test_a_bad_fault_spec_says_how_to_write_one() -> None:
    with pytest.raises(ValueError, match="PATH=KIND"):
        parse_fault("/a=explode")
