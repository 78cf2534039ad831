"""Screenshot of the web face's search page for the README, made by headless Chromium.

Serves the demo data (`make demo` makes it) with the real `hansard serve` on 127.0.0.1, opens a
search in Debian's Chromium through Playwright and saves a PNG. Nothing is drawn by hand.

    python scripts/screenshot.py [--data-dir demo-data] [--output docs/search-page.png]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import launch  # noqa: E402
from webserver import Served  # noqa: E402

QUERY = "/search?q=minister+OR+stalking"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT / "demo-data")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "search-page.png")
    parser.add_argument("--path", default=QUERY, help="the page to shoot")
    args = parser.parse_args()
    if not (args.data_dir / "index").exists():
        sys.exit(f"no index in {args.data_dir}: run `make demo` first")
    from playwright.sync_api import sync_playwright

    args.output.parent.mkdir(parents=True, exist_ok=True)
    with Served(args.data_dir, "--quiet") as server, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(server.url + args.path)
        page.screenshot(path=str(args.output), full_page=False)
        browser.close()
    print(f"saved {args.output}")


if __name__ == "__main__":
    main()
