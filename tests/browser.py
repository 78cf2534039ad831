"""Headless Chromium for the browser tests: Debian's `chromium` driven by Playwright.

Playwright's own browser download cannot run here, so the system Chromium is launched by path.
Without it the tests skip, saying how to install it; with ``HANSARD_REQUIRE_BROWSER=1`` (set by
CI) that skip becomes a failure, so CI always runs them.
"""

from __future__ import annotations

import os
import shutil

from skips import skip_unless_required


def chromium_path() -> str:
    return os.environ.get("HANSARD_CHROMIUM", "/usr/bin/chromium")


ARGS = [
    "--no-sandbox",  # as root Chromium needs it, and without it exits 0 having done nothing
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = (
    "no Chromium at {path}: install it with `apt-get install -y chromium` (Debian) or set "
    "HANSARD_CHROMIUM to its path; CI sets HANSARD_REQUIRE_BROWSER=1 so these never skip there"
)


def require_chromium() -> None:
    """Skip (or fail, when the browser is required) unless Chromium and Playwright are here."""
    problem = None
    path = chromium_path()
    if not (os.path.exists(path) or shutil.which(path)):
        problem = INSTALL_HINT.format(path=path)
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "Playwright is not installed: pip install -e '.[dev]'"
    if problem is None:
        return
    skip_unless_required(problem, "HANSARD_REQUIRE_BROWSER")


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=ARGS, headless=True)
