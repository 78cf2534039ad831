"""The web face in a real headless Chromium (see tests/browser.py for how it is found).

The walk a campaigner takes (search, narrow by a facet, open the exchange, copy a citation),
the hostile page (its text shown as text, no script run, no `javascript:` link), keyboard use,
pages without JavaScript, and a 360 px wide screen.
"""

from __future__ import annotations

import json
import shutil

import pytest
from atom_check import atom_problems
from browser import launch, require_chromium
from conftest import run_hansard
from webserver import ANSWER, HOSTILE_QUESTION, Served


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def served(web_data, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(web_data, data_dir)
    with Served(data_dir) as server:
        server.data_dir = data_dir
        yield server


@pytest.fixture
def page(browser, served):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.url)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def total(page) -> int:
    return int(page.locator("#total strong").inner_text())


def test_the_whole_walk(page, served) -> None:
    """search -> click a facet -> open an exchange -> copy a citation -> mark a commitment ->
    watch the search -> fetch the watch's feed."""
    page.goto(f"{served.url}/")
    page.get_by_label("Search words").fill("stalking")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search?q=stalking*")
    everything = total(page)
    assert everything >= 4
    party = page.locator("ul.facet[data-facet='party'] li").first
    expected = int(party.locator(".count").inner_text())
    party.locator("a").click()
    page.wait_for_url("**party=*")
    assert total(page) == expected < everything
    page.goto(f"{served.url}/search?q=stalking&minister=Solicitor+General")
    assert page.locator("section.exchange").count() == 1
    page.locator("section.exchange article a", has_text="Open exchange").first.click()
    page.wait_for_url(f"**/exchange/{ANSWER}*")
    chosen = page.locator("li.chosen")
    citation = chosen.locator(".citation").first.inner_text()
    assert citation.startswith("HC Deb 26 November 2015, vol 602")
    button = chosen.locator("button.copy").first
    assert button.is_visible()  # the script shows the buttons it can serve
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == citation
    assert button.inner_text() == "Copied"

    page.get_by_role("link", name="Commitments").click()
    page.get_by_label("From").fill("2022-06-22")
    page.get_by_label("To").fill("2022-06-22")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/commitments?*")
    first = page.locator("article.commitment").first
    commitment_id = first.locator("input[name=id]").input_value()
    first.get_by_label("met", exact=True).check()
    first.get_by_label("Note").fill("Letter placed in the Library")
    first.get_by_label("Evidence URL").fill("https://example.org/letter")
    first.get_by_role("button", name="Save mark").click()
    page.wait_for_load_state("load")
    marked = page.locator("article.commitment").first
    assert marked.locator(".status").first.text_content() == "met"
    assert "Letter placed in the Library" in marked.locator(".note").inner_text()
    listed = run_hansard(
        "commitments", "--status", "met", "--format", "json", data_dir=served.data_dir
    )
    assert [r["id"] for r in json.loads(listed.stdout)] == [commitment_id]

    page.goto(f"{served.url}/search?q=stalking&role=answer")
    page.get_by_role("button", name="Watch this search").click()
    page.get_by_label("Name (letters, digits, - _ .)").fill("stalking-answers")
    assert page.get_by_label("Search words").input_value() == "stalking"
    page.get_by_role("button", name="Add watch").click()
    page.wait_for_url("**/watches")
    assert page.locator("#watch-stalking-answers").count() == 1
    feed = page.request.get(f"{served.url}/watch/stalking-answers.atom")
    assert feed.ok and atom_problems(feed.body()) == []
    assert feed.body().count(b"<entry>") >= 2
    assert page.dialogs == []


def _assert_nothing_ran(page) -> None:
    assert page.evaluate("typeof window.hostileRan") == "undefined"
    assert page.dialogs == []
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    assert hrefs and not [h for h in hrefs if h.lower().startswith("javascript:")]
    assert page.locator("iframe, img").count() == 0


def test_the_hostile_page_shows_its_text_and_runs_nothing(page, served) -> None:
    page.goto(f"{served.url}/exchange/{HOSTILE_QUESTION}")
    page.wait_for_load_state("load")
    body = page.locator("main").inner_text()
    assert "<script>window.hostileRan = 1</script>" in body
    assert '<img src=x onerror="window.hostileRan=3">' in body
    assert 'javascript:alert("x")' in body
    assert "{{ 7*7 }}" in body
    assert page.locator("h1").inner_text() == (
        'Testing <img src=x onerror="window.hostileRan=6"> › '
        'Hostile <script>window.hostileRan=7</script> "Text"'
    )
    _assert_nothing_ran(page)
    for path in (
        "/search?q=hostile",
        "/search?q=javascript&view=flat",
        "/commitments?from=2016-01-14",
    ):
        page.goto(served.url + path)
        page.wait_for_load_state("load")
        assert "hostileRan" in page.locator("main").inner_text()
        _assert_nothing_ran(page)


def test_usable_by_keyboard(page, served) -> None:
    page.goto(f"{served.url}/search")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    page.locator("#q").focus()
    page.keyboard.type("stalking")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=stalking*")
    link = page.locator("section.results a", has_text="Open exchange").first
    link.focus()
    assert page.evaluate("document.activeElement.textContent") == "Open exchange"
    page.keyboard.press("Enter")
    page.wait_for_url("**/exchange/**")
    assert page.locator("ol.exchange-turns > li").count() >= 1


def test_pages_work_without_javascript(browser, served) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served.url}/search?q=stalking")
    assert total(page) >= 4 and page.locator("section.exchange").count() >= 1
    page.goto(f"{served.url}/exchange/{ANSWER}")
    assert not page.locator("button.copy").first.is_visible()  # no dead buttons
    assert page.locator("li.chosen .citation").first.is_visible()
    context.close()


@pytest.mark.parametrize("path", ["/search?q=minister", f"/exchange/{ANSWER}", "/commitments"])
def test_readable_at_360_px(browser, served, path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(served.url + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} scrolls sideways at 360 px ({width} px wide)"
    font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font >= 14
    for field in page.locator("main input:visible, main select:visible").all():
        box = field.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    context.close()


def test_without_chromium_the_browser_tests_skip_saying_how_to_install_it(monkeypatch) -> None:
    monkeypatch.setenv("HANSARD_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("HANSARD_REQUIRE_BROWSER", raising=False)
    monkeypatch.delenv("HANSARD_NO_SKIPS", raising=False)  # CI's; this test checks the skip
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        require_chromium()
    monkeypatch.setenv("HANSARD_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="HANSARD_REQUIRE_BROWSER=1 but no Chromium"):
        require_chromium()
