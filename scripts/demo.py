"""`make demo`: the whole path on bundled pages, no network.

Starts the local stand-in for hansard.parliament.uk (the same server the tests use) on 127.0.0.1,
crawls three sitting days from it with the real `hansard` command into ./demo-data, and shows
what the archive holds. Every step is a subprocess call to `hansard`, as a user would type it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hansard.devserver import SiteServer  # noqa: E402

DATA_DIR = ROOT / "demo-data"
SITE = ROOT / "tests" / "fixtures" / "site"
DAYS = [("2015-11-23", "2015-11-27"), ("2022-06-22", "2022-06-22"), ("1975-01-14", "1975-01-14")]


def hansard(*args: str, head: int | None = None) -> None:
    """Run `hansard ARGS` against the demo data dir, echoing the command first."""
    print(f"\n$ hansard {shlex.join(args)}" + (f" | head -{head}" if head else ""), flush=True)
    env = {**os.environ, "HANSARD_DATA_DIR": str(DATA_DIR)}
    command = [sys.executable, "-m", "hansard", *args]
    if head is None:
        subprocess.run(command, env=env, check=True)
        return
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        for number, line in enumerate(process.stdout):
            if number >= head:
                break
            print(line[:300].rstrip() + (" …" if len(line) > 300 else ""))
        process.stdout.close()
        process.wait()


def main() -> None:
    with SiteServer(SITE) as site:
        print(f"Serving the bundled Hansard pages at {site.base_url} (no network).")
        for date_from, date_to in DAYS:
            hansard(
                "crawl", "--base-url", site.base_url, "--from", date_from, "--to", date_to,
                "--delay", "0",
            )  # fmt: skip

    hansard("dump", "--from", "2015-11-26", "--to", "2015-11-26", head=4)

    # --- index: the lead adds `hansard index` here ------------------------------------------
    # --- search: the lead adds `hansard search ...` here ------------------------------------
    # --- quote: the lead adds `hansard quote ...` here --------------------------------------

    print(f"\nThe archive is in {DATA_DIR}; crawl again and nothing changes (days are skipped).")


if __name__ == "__main__":
    main()
