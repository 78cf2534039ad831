"""Member names from the Members API: cached on disk, usable offline, never blocking a crawl."""

from __future__ import annotations

import dataclasses
import json
import shutil
import socket
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from standin import Answer, StandIn

from crawler.page import parse_page
from hansard.archive import Archive
from hansard.members import MemberResolver, enrich_turns, needs_name

FIXTURES = Path(__file__).parent / "fixtures"
MEMBER_467 = FIXTURES / "members-api-json" / "member_467.json"
PMQS_2022 = FIXTURES / "site" / "real" / "Commons_2022-06-22_OralAnswersToQuestions_1825FDB2.html"
QUESTION_2015 = (
    FIXTURES / "site" / "reconstructed" / "Commons_2015-11-26_StalkingAndHarassmentCases.html"
)

# A /api/Members/History item built in the swagger's MemberHistory shape (members-api_swagger_v1:
# partyHistory, houseMembershipHistory, nameHistory with start and end dates). Reconstructed: the
# seats are as FORMATS.md gives them (Wealden in 2015, Sussex Weald now), the dates approximate.
GHANI_HISTORY = {
    "value": {
        "id": 4460,
        "thumbnailUrl": None,
        "partyHistory": [
            {
                "startDate": "2015-05-07T00:00:00",
                "endDate": None,
                "party": {"id": 4, "name": "Conservative", "abbreviation": "Con"},
            }
        ],
        "houseMembershipHistory": [
            {
                "membershipFrom": "Sussex Weald",
                "house": 1,
                "membershipStartDate": "2024-07-04T00:00:00",
                "membershipEndDate": None,
            },
            {
                "membershipFrom": "Wealden",
                "house": 1,
                "membershipStartDate": "2015-05-07T00:00:00",
                "membershipEndDate": "2024-05-30T00:00:00",
            },
        ],
        "nameHistory": [
            {
                "startDate": "2015-05-07T00:00:00",
                "endDate": None,
                "nameDisplayAs": "Ms Nusrat Ghani",
                "nameListAs": "Ghani, Ms Nusrat",
                "nameFullTitle": "Ms Nusrat Ghani MP",
            }
        ],
    },
    "links": [],
}


class MembersServer(StandIn):
    """members-api.parliament.uk stand-in: /api/Members/History?ids=... from ``histories``."""

    def __init__(self, histories: dict[int, dict], html: bool = False) -> None:
        self.histories = histories
        self.html = html
        super().__init__()

    def respond(self, path: str) -> Answer:
        if self.html:
            return 200, {"Content-Type": "text/html"}, b"<html><body>Members</body></html>"
        ids = parse_qs(urlsplit(path).query).get("ids", [])
        items = [self.histories[int(i)] for i in ids if int(i) in self.histories]
        return 200, {"Content-Type": "application/json"}, json.dumps(items).encode()


@pytest.fixture
def members_api():
    server = MembersServer({4460: GHANI_HISTORY})
    yield server
    server.close()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def cache_with_467(tmp_path: Path) -> Path:
    cache = tmp_path / "cache" / "members"
    cache.mkdir(parents=True)
    shutil.copy(MEMBER_467, cache / "467.json")
    return cache


# -- the done-when ----------------------------------------------------------------------------


def test_cached_record_gives_mr_speaker_his_name_offline(tmp_path):
    turns = parse_page(PMQS_2022.read_bytes())
    chair = [t for t in turns if t.speaker_office == "Mr Speaker"]
    assert chair and all(t.member_id == 467 and t.speaker_name is None for t in chair)
    resolver = MemberResolver(cache_with_467(tmp_path), offline=True)
    enriched = enrich_turns(turns, resolver)
    speaker_turns = [e for e in enriched if e.speaker_office == "Mr Speaker"]
    assert {t.speaker_name for t in speaker_turns} == {"Sir Lindsay Hoyle"}
    # his seat since 1997 covers the sitting; his party record is undated, so it is not claimed
    assert {t.constituency for t in speaker_turns} == {"Chorley"}
    assert {t.party for t in speaker_turns} == {None}
    # nothing else changed: other members are not in the cache, and printed names stay
    others = [(a, b) for a, b in zip(turns, enriched, strict=True) if a.member_id != 467]
    assert all(a == b for a, b in others)
    assert resolver.requests == 0


def test_enrichment_never_overwrites_what_was_printed(tmp_path):
    resolver = MemberResolver(cache_with_467(tmp_path), offline=True)
    turn = parse_page(PMQS_2022.read_bytes())[0]
    printed = dataclasses.replace(
        turn, member_id=467, speaker_name="Lindsay Hoyle", party="Lab", constituency="Somewhere"
    )
    assert enrich_turns([printed], resolver) == [printed]


def test_office_only_and_chair_turns_need_names():
    turn = parse_page(QUESTION_2015.read_bytes())[1]
    assert not needs_name(turn)
    assert needs_name(dataclasses.replace(turn, speaker_name=None))
    assert needs_name(dataclasses.replace(turn, speaker_name="The Solicitor General"))
    assert needs_name(dataclasses.replace(turn, speaker_name="Madam Deputy Speaker"))


# -- online, then cached ---------------------------------------------------------------------


def test_history_is_fetched_once_cached_and_read_for_the_sitting_date(tmp_path, members_api):
    cache = tmp_path / "members"
    resolver = MemberResolver(cache, api_url=members_api.url)
    resolver.prefetch([4460, 999999])
    assert len(members_api.requests) == 1  # one batch for both ids
    assert resolver.lookup(999999, "2015-11-26") is None
    assert resolver.lookup(999999, "2016-01-01") is None
    assert len(members_api.requests) == 1  # an id the API does not know is not asked again
    assert "ids=4460" in members_api.requests[0] and "ids=999999" in members_api.requests[0]
    assert (cache / "history" / "4460.json").exists()

    offline = MemberResolver(cache, offline=True)
    in_2015 = offline.lookup(4460, "2015-11-26")
    assert (in_2015.name, in_2015.constituency, in_2015.party, in_2015.house) == (
        "Ms Nusrat Ghani",
        "Wealden",
        "Con",
        "Commons",
    )
    assert offline.lookup(4460, "2025-01-15").constituency == "Sussex Weald"
    assert offline.lookup(4460, "2024-06-15").constituency is None  # dissolution: no seat
    assert offline.lookup(999999, "2015-11-26") is None
    assert "Ghani, Ms Nusrat" in offline.name_forms(4460)


def test_office_only_turn_gets_the_name_on_its_date(tmp_path, members_api):
    turn = parse_page(QUESTION_2015.read_bytes())[0]
    bare = dataclasses.replace(turn, speaker_name=None, constituency=None, party=None)
    resolver = MemberResolver(tmp_path / "members", api_url=members_api.url)
    (enriched,) = enrich_turns([bare], resolver)
    assert (enriched.speaker_name, enriched.constituency, enriched.party) == (
        "Ms Nusrat Ghani",
        "Wealden",
        "Con",
    )
    enrich_turns([bare], resolver)
    assert len(members_api.requests) == 1  # the second run answers from the cache


# -- never block a crawl ----------------------------------------------------------------------


def test_unreachable_api_leaves_fields_as_printed_and_stops_asking(tmp_path):
    turns = parse_page(PMQS_2022.read_bytes())
    resolver = MemberResolver(tmp_path / "members", api_url=closed_port_url(), timeout=1.0)
    assert enrich_turns(turns, resolver) == turns
    assert resolver.unreachable
    assert resolver.requests == 1  # many members, one failed request, no retry storm


def test_api_answering_html_is_treated_as_unreachable(tmp_path):
    server = MembersServer({}, html=True)
    try:
        resolver = MemberResolver(tmp_path / "members", api_url=server.url)
        assert resolver.lookup(4460, "2015-11-26") is None
        assert "HTML" in resolver.unreachable
        assert not (tmp_path / "members" / "history").exists()
    finally:
        server.close()


def test_offline_resolver_never_touches_the_network(tmp_path, members_api):
    resolver = MemberResolver(tmp_path / "members", api_url=members_api.url, offline=True)
    assert resolver.lookup(4460, "2015-11-26") is None
    assert members_api.requests == []


def test_a_crawl_names_mr_speaker_from_the_cache_without_asking_the_network(tmp_path, crawl_cli):
    """The crawl enriches as it archives; against a local stand-in it never goes online."""
    cache_with_467(tmp_path)  # <data-dir>/cache/members/467.json, as `members --fetch` leaves it
    result, summary = crawl_cli(tmp_path, "2022-06-22")
    assert result.returncode == 0, result.stderr
    assert summary["turns"] == 133
    turns = Archive(tmp_path / "archive").read_turns("Commons", "2022-06-22")
    chair = [t for t in turns if t.speaker_office == "Mr Speaker"]
    assert len(chair) == 12 and {t.speaker_name for t in chair} == {"Sir Lindsay Hoyle"}
    # the others are as the page printed them: nobody else is in the cache
    printed = {t.id: t for t in parse_page(PMQS_2022.read_bytes())}
    assert all(t == printed[t.id] for t in turns if t.member_id != 467)
