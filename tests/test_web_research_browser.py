"""The research pages in a real headless Chromium: the walk search -> member page -> trends ->
find-quote, scripts off, and a 360 px wide screen."""

from __future__ import annotations

from urllib.parse import quote as urlquote
from urllib.parse import unquote

import pytest
from test_web_browser import browser, page, served  # noqa: F401 (fixtures)
from test_web_research import DONE_WHEN
from webserver import SECOND_ANSWER


def test_search_member_trends_find_quote_walk(page, served) -> None:  # noqa: F811
    page.goto(f"{served.url}/search?q=stalking&minister=Solicitor+General")
    page.locator(".speaker a", has_text="Robert Buckland").first.click()
    page.wait_for_url("**/member/**")
    assert page.locator("h1").inner_text() == "Robert Buckland"
    who = unquote(page.url.rsplit("/", 1)[1])  # the member id, or the name when it has none
    assert page.locator("table.by-year tbody tr").count() >= 1

    page.get_by_role("link", name="Their turns per year").click()
    page.wait_for_url("**/trends?**")
    assert page.get_by_label("Member").input_value() == who
    assert int(page.locator("#total strong").first.inner_text()) >= 2
    assert page.locator("svg.chart rect").count() == page.locator("table.trends tbody tr").count()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find a quote").click()
    page.wait_for_url("**/find-quote")
    page.get_by_label("Quote").fill(DONE_WHEN)
    page.get_by_role("button", name="Find").click()
    page.wait_for_url("**/find-quote?**")
    first = page.locator(".match").first
    assert "Robert Buckland" in first.locator(".speaker").inner_text()
    assert first.locator(".differences ins").count() >= 1
    first.get_by_role("link", name="Exchange").click()
    page.wait_for_url("**/exchange/**")
    assert page.locator(f"li#t-{SECOND_ANSWER}").count() == 1


def test_research_pages_work_without_javascript(browser, served) -> None:  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{served.url}/trends")
    tab.get_by_label("Query").fill("minister")
    tab.get_by_label("Per", exact=True).select_option("month")
    tab.get_by_role("button", name="Count").click()
    tab.wait_for_url("**/trends?**")
    assert tab.locator("table.trends tbody tr").count() >= 1
    tab.goto(f"{served.url}/kwic")
    tab.get_by_label("Word or phrase").fill("stalking")
    tab.get_by_role("button", name="Show lines").click()
    tab.wait_for_url("**/kwic?**")
    assert tab.locator("table.kwic tbody tr").count() >= 1
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/trends?q=minister&by=month&split=party",
        f"/find-quote?quote={urlquote(DONE_WHEN)}",
        "/kwic?term=stalking&width=60",
        "/coverage",
        "/member/Robert%20Buckland",
        "/search?q=stalking",
    ],
)
def test_research_pages_readable_at_360_px(browser, served, path) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 360, "height": 740})
    tab = context.new_page()
    tab.goto(served.url + path)
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} scrolls sideways at 360 px ({width} px wide)"
    for field in tab.locator("main input:visible, main select:visible, textarea").all():
        box = field.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    context.close()
