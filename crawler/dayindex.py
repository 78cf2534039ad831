"""Read a sitting-day page (``/Commons/YYYY-MM-DD``): which pages hold the day's oral questions.

No saved copy of a real day page exists, so nothing here keys on layout classes. A section is
recognised by what cannot change without breaking the site's own URLs: a link whose target is
``/<House>/<date>/debates/<id>/<Slug>`` for this house and date, and whose title (or slug) is
"Oral Answers to Questions". The rules, most specific first:

1. Every "Oral Answers to Questions" section of the day (usually one; a day may print several).
   Links to its departments and questions are not followed: the section page already holds them,
   and fetching a question page as well would only repeat the same contributions.
2. Else a whole-chamber page (slug ``CommonsChamber``/``LordsChamber``): the parser picks the oral
   questions out of the whole sitting.
3. Else, in the Lords only, every debate of the day: each Lords oral question is a debate of its
   own, recognised by the parser from its first line ("Question").

A day is not sitting when its page says the House "did not sit"/"will not sit" and lists no
debates of that date (a 404 is handled by the caller). A 200 page with neither is not a Hansard
day page at all (a bot-protection page, a wrong ``--base-url``): "unrecognised", an error for the
caller to report, never a quiet day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

ORAL_TITLE = re.compile(r"^\s*oral\s+answers?\s+to\s+questions\b", re.IGNORECASE)
ORAL_SLUG = "oralanswerstoquestions"
NOT_SITTING = re.compile(
    r"\b(?:did|will|does|is)\s+not\s+sit(?:ting)?\b"
    r"|\bno\s+(?:business|sittings?|debates)\s+(?:was\s+|were\s+)?(?:held|recorded|found|on|for)\b",
    re.IGNORECASE,
)
"""The site's own words are "did not sit"/"will not sit" (from public scrapers); the near variants
are guesses at wording not yet seen, safe because they count only on a page listing no debates."""


@dataclass(frozen=True, slots=True)
class DayLink:
    url: str
    title: str
    slug: str


@dataclass(frozen=True, slots=True)
class DayIndex:
    """What a sitting-day page says: whether the House sat, and which pages to fetch."""

    sitting: bool
    debates: tuple[DayLink, ...]
    """Every debate link of this house and date, in page order, without repeats."""
    targets: tuple[DayLink, ...]
    """The pages that hold the day's oral questions (rules 1-3 above); empty when none."""
    rule: str
    """How targets were chosen: "oral-section", "chamber", "lords-debates", "none" (a sitting
    day without oral questions), "non-sitting", or "unrecognised" (not a Hansard day page)."""


def day_path(house: str, date: str) -> str:
    return f"/{house}/{date}"


def debate_path_pattern(house: str, date: str) -> re.Pattern[str]:
    return re.compile(
        rf"^/+{re.escape(house)}/{re.escape(date)}/debates/([^/]+)/([^/?#]+)/?$", re.IGNORECASE
    )


def read_day_page(html: str | bytes, page_url: str, house: str, date: str) -> DayIndex:
    """Classify a fetched day page (status 200). Pure: no network, no archive."""
    soup = BeautifulSoup(html, "lxml")
    debates = _debate_links(soup, page_url, house, date)
    if not debates:
        if NOT_SITTING.search(soup.get_text(" ")):
            return DayIndex(False, (), (), "non-sitting")
        return DayIndex(False, (), (), "unrecognised")
    oral = tuple(link for link in debates if _is_oral_section(link))
    if oral:
        return DayIndex(True, debates, oral, "oral-section")
    chamber = tuple(link for link in debates if link.slug.lower() == f"{house.lower()}chamber")
    if chamber:
        return DayIndex(True, debates, chamber[:1], "chamber")
    if house.lower() == "lords":
        return DayIndex(True, debates, debates, "lords-debates")
    return DayIndex(True, debates, (), "none")


def _debate_links(soup: BeautifulSoup, page_url: str, house: str, date: str) -> tuple[DayLink, ...]:
    pattern = debate_path_pattern(house, date)
    origin = urlsplit(page_url)
    seen: dict[str, DayLink] = {}
    for anchor in soup.find_all("a", href=True):
        path = urlsplit(urljoin(page_url, anchor["href"].strip())).path
        match = pattern.match(path)
        if not match:
            continue
        # Fetch from the host we were given (a mirror, a test server) even if the page spells
        # out the canonical host; keep the site's own path, case and all.
        canonical = f"{origin.scheme}://{origin.netloc}/{path.strip('/')}"
        title = _link_title(anchor)
        key = canonical.lower()  # the site's paths are case-insensitive: one section, one fetch
        if key not in seen or (title and not seen[key].title):
            seen[key] = DayLink(seen[key].url if key in seen else canonical, title, match.group(2))
    return tuple(seen.values())


def _link_title(anchor) -> str:
    """The link's own words; the first block inside it when it nests several (title, subtitle)."""
    blocks = [
        child.get_text(" ", strip=True)
        for child in anchor.find_all(["div", "span", "p", "h2", "h3", "h4", "strong"])
        if child.get_text(strip=True)
    ]
    text = blocks[0] if blocks else anchor.get_text(" ", strip=True)
    return " ".join(text.split()) or " ".join((anchor.get("title") or "").split())


def _is_oral_section(link: DayLink) -> bool:
    return link.slug.lower() == ORAL_SLUG or bool(ORAL_TITLE.match(link.title))
