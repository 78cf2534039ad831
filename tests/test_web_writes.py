"""Writes from the web: commitment marks and watch lists share the CLI's state, every POST
passes the CSRF check, off loopback writes need the token, and watch feeds validate and carry
the turns of a new crawl."""

from __future__ import annotations

import json

import pytest
from atom_check import atom_problems
from bs4 import BeautifulSoup
from conftest import FIXTURE_SITE, crawl, run_hansard
from lxml import etree
from webserver import InThread, Served

from hansard.devserver import SiteServer

ATOM = {"a": "http://www.w3.org/2005/Atom"}
DAY = {"from": "2022-06-22", "to": "2022-06-22"}


def first_mark_form(server, **filters: str) -> dict[str, str]:
    """The fields of the first commitment's mark form, as the browser would post them."""
    page = server.get("/commitments", **filters)
    assert page.status == 200
    form = BeautifulSoup(page.body, "html.parser").select_one("form.mark")
    fields = {
        i["name"]: i.get("value", "") for i in form.select("input") if i.get("type") != "radio"
    }
    fields.pop("token", None)
    return fields


def cli_marks(data_dir) -> dict[str, str]:
    result = run_hansard(
        "commitments",
        *("--from", DAY["from"], "--to", DAY["to"]),
        "--format",
        "json",
        data_dir=data_dir,
    )
    return {r["id"]: r for r in json.loads(result.stdout)}


def test_a_mark_made_on_the_page_is_the_cli_mark_and_back(web_data_copy) -> None:
    with Served(web_data_copy) as server:
        fields = first_mark_form(server, **DAY)
        posted = server.request(
            "/commitments/mark",
            {
                **fields,
                "status": "partly met",
                "note": "Letter sent <b>",
                "evidence": "https://example.org/x",
            },
        )
        assert posted.status == 303 and posted.headers["location"].startswith("/commitments")
        record = cli_marks(web_data_copy)[fields["id"]]
        assert (record["status"], record["note"], record["evidence"]) == (
            "partly met", "Letter sent <b>", "https://example.org/x",
        )  # fmt: skip
        again = server.request(
            "/commitments/mark", {**first_mark_form(server, **DAY), "status": "met"}
        )
        assert again.status == 303
        record = cli_marks(web_data_copy)[fields["id"]]
        assert record["status"] == "met" and record["note"] == "Letter sent <b>"
        assert len(record["history"]) == 2  # the unchanged note and evidence are not new entries
        marked = run_hansard("commitments", "mark", fields["id"], "dropped", data_dir=web_data_copy)
        assert marked.returncode == 0, marked.stderr
        api = server.get("/api/commitments", status="dropped").json()
        assert [r["id"] for r in api] == [fields["id"]]
        page = BeautifulSoup(server.get("/commitments", status="dropped").body, "html.parser")
        assert page.select_one(".commitment .status").get_text() == "dropped"
        assert "Letter sent <b>" in page.select_one(".commitment .note").get_text()


def test_marking_an_unknown_commitment_is_404_and_a_bad_status_400(web_data_copy) -> None:
    with Served(web_data_copy) as server:
        fields = first_mark_form(server, **DAY)
        unknown = server.request(
            "/commitments/mark", {**fields, "id": "NOPE:write:0", "status": "done"}
        )
        assert unknown.status == 404 and b"no commitment with id" in unknown.body
        bad = server.request("/commitments/mark", {**fields, "status": "finished"})
        assert bad.status == 400
        bad_evidence = server.request(
            "/commitments/mark", {**fields, "status": "done", "evidence": "javascript:alert(1)"}
        )
        assert bad_evidence.status == 400
        assert all(r["status"] == "open" for r in cli_marks(web_data_copy).values())


def test_writes_without_the_csrf_value_are_refused(web_data_copy) -> None:
    with Served(web_data_copy) as server:
        fields = first_mark_form(server, **DAY)
        for broken in (
            {**fields, "csrf": ""},
            {**fields, "csrf": "forged"},
        ):
            answer = server.request("/commitments/mark", {**broken, "status": "done"})
            assert answer.status == 403
            assert "CSRF" in BeautifulSoup(answer.body, "html.parser").select_one(".error").text
        foreign = server.request(
            "/commitments/mark",
            {**fields, "status": "done"},
            headers={"Origin": "http://evil.example"},
        )
        assert foreign.status == 403
        assert all(r["status"] == "open" for r in cli_marks(web_data_copy).values())
        assert server.request("/watches", {"name": "x", "q": "stalking"}).status == 403


def test_with_a_token_writes_need_it_once_per_browser(web_data_copy) -> None:
    with Served(web_data_copy, env={"HANSARD_TOKEN": "s3cret-token"}) as server:
        fields = first_mark_form(server, **DAY)
        refused = server.request("/commitments/mark", {**fields, "status": "done"})
        assert refused.status == 403 and b"token" in refused.body
        wrong = server.request("/commitments/mark", {**fields, "status": "done", "token": "guess"})
        assert wrong.status == 403
        assert all(r["status"] == "open" for r in cli_marks(web_data_copy).values())
        ok = server.request(
            "/commitments/mark", {**fields, "status": "done", "token": "s3cret-token"}
        )
        assert ok.status == 303 and server.cookie("hansard_token") == "s3cret-token"
        again = server.request("/commitments/mark", {**fields, "status": "dropped"})
        assert again.status == 303  # the cookie carries it now
        assert cli_marks(web_data_copy)[fields["id"]]["status"] == "dropped"
        bearer = Served.__new__(Served)  # a script: a bearer token and no cookies at all
        bearer.url = server.url
        bearer._start_client()
        answer = bearer.request(
            "/commitments/mark",
            {"id": fields["id"], "status": "open"},
            headers={"Authorization": "Bearer s3cret-token"},
        )
        assert answer.status == 303
        assert cli_marks(web_data_copy)[fields["id"]]["status"] == "open"


def test_off_loopback_without_a_token_reads_work_and_writes_are_refused(web_data_copy) -> None:
    from hansard.web.app import create_app

    with InThread(create_app(web_data_copy, host="0.0.0.0")) as server:
        assert server.get("/search", q="stalking").status == 200
        fields = first_mark_form(server, **DAY)
        answer = server.request("/commitments/mark", {**fields, "status": "done"})
        assert answer.status == 403
        message = BeautifulSoup(answer.body, "html.parser").select_one(".error").text
        assert "not loopback" in message and "--token" in message
    with InThread(create_app(web_data_copy, host="0.0.0.0", token="t0k")) as server:
        fields = first_mark_form(server, **DAY)
        assert server.request("/commitments/mark", {**fields, "status": "done"}).status == 403
        ok = server.request("/commitments/mark", {**fields, "status": "done", "token": "t0k"})
        assert ok.status == 303


def test_watches_added_listed_fed_and_removed(web_data_copy) -> None:
    with Served(web_data_copy) as server:
        search = BeautifulSoup(
            server.get("/search", q="stalking", role="answer").body, "html.parser"
        )
        watch_this = search.select_one("form.watch-this")
        proposed = {i["name"]: i["value"] for i in watch_this.select("input[type=hidden]")}
        assert proposed == {"q": "stalking", "role": "answer"}
        page = BeautifulSoup(server.get("/watches", **proposed).body, "html.parser")
        form = page.select_one("form.watch-add")
        fields = {i["name"]: i.get("value", "") for i in form.select("input")}
        assert fields["q"] == "stalking" and fields["role"] == "answer"
        assert server.request("/watches", {**fields, "name": "stalking answers"}).status == 400
        added = server.request("/watches", {**fields, "name": "stalking-answers"})
        assert added.status == 303
        listed = run_hansard("watch", "list", data_dir=web_data_copy).stdout
        assert listed.startswith("stalking-answers\t'stalking' --role 'answer'")
        feed = server.get("/watch/stalking-answers.atom")
        assert feed.status == 200 and feed.headers["content-type"].startswith(
            "application/atom+xml"
        )
        assert atom_problems(feed.body) == []
        entries = etree.fromstring(feed.body).xpath("a:entry", namespaces=ATOM)
        count = run_hansard(
            "search", "stalking", "--role", "answer", "--count", data_dir=web_data_copy
        )
        assert len(entries) == int(count.stdout) > 0
        content = entries[0].findtext("a:content", namespaces=ATOM)
        assert "Question" in content and "HC Deb" in content  # the question comes with the answer
        assert server.get("/watch/nope.atom").status == 404
        token = BeautifulSoup(server.get("/watches").body, "html.parser").select_one(
            "form[action='/watches/stalking-answers/remove'] input[name=csrf]"
        )["value"]
        assert server.request("/watches/stalking-answers/remove", {"csrf": token}).status == 303
        assert "no watches yet" in run_hansard("watch", "list", data_dir=web_data_copy).stdout


def test_a_watch_feed_carries_the_turns_of_a_new_crawl(tmp_path) -> None:
    data_dir = tmp_path / "data"
    with SiteServer(FIXTURE_SITE) as site:
        assert crawl(site, data_dir, "2015-11-26")[0].returncode == 0
        assert run_hansard("index", data_dir=data_dir).returncode == 0
        added = run_hansard("watch", "add", "ireland", "Ireland", data_dir=data_dir)
        assert added.returncode == 0, added.stderr
        with Served(data_dir) as server:
            before = server.get("/watch/ireland.atom")
            assert atom_problems(before.body) == []
            assert not etree.fromstring(before.body).xpath("a:entry", namespaces=ATOM)
            result, summary = crawl(site, data_dir, "2022-06-22")
            assert result.returncode == 0 and summary["index_updated"]
            after = server.get("/watch/ireland.atom")
            assert atom_problems(after.body) == []
            ids = [
                e.findtext("a:id", namespaces=ATOM)
                for e in etree.fromstring(after.body).xpath("a:entry", namespaces=ATOM)
            ]
            new = run_hansard("watch", "run", "ireland", "--format", "json", data_dir=data_dir)
            assert new.returncode == 3
            new_urls = [t["url"] for t in json.loads(new.stdout)]
            assert ids and set(ids) <= set(new_urls) and len(ids) == min(50, len(new_urls))


@pytest.mark.parametrize("path", ["/commitments/mark", "/watches/x/remove"])
def test_writes_are_posts_only(web_data, path) -> None:
    from hansard.web.app import create_app

    with InThread(create_app(web_data)) as server:
        assert server.get(path).status == 405
