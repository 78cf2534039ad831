"""`make demo`: the whole path on bundled pages, no network.

Starts the local stand-in for hansard.parliament.uk (the same server the tests use) on 127.0.0.1,
crawls a week of 2015 and two more sitting days from it with the real `hansard` command into
./demo-data, then indexes, searches, shows an exchange, quotes with a citation, lists
commitments and exports CSV. Every step is a subprocess call to `hansard`, as a user would type it.
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
NUSRAT_GHANI_QUESTION = "5B3E2C11-0A6D-4F0E-9C1B-2015112600A1"
BUCKLAND_FIRST_ANSWER = "5B3E2C11-0A6D-4F0E-9C1B-2015112600A2"
BUCKLAND_SECOND_ANSWER = "5B3E2C11-0A6D-4F0E-9C1B-2015112600A4"
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

    hansard("index")
    hansard("search", "stalking", "--minister", "Solicitor General")
    hansard("search", "--member", "Nusrat Ghani", "--format", "md")
    hansard("search", '"Northern Ireland protocol"', "--from", "2022-01-01", "--count")
    hansard("search", "protocol", "--facet", "party")
    hansard("show", NUSRAT_GHANI_QUESTION)
    hansard("quote", BUCKLAND_FIRST_ANSWER, "--with-question")
    hansard("quote", BUCKLAND_SECOND_ANSWER, "--style", "compact", "--match", "restraining orders")
    hansard("commitments", "--overdue", "--today", "2023-01-01", "--from", "2022-06-22")
    hansard("search", "engagements", "--format", "csv", "--output", str(DATA_DIR / "pmqs.csv"))
    research()

    print(
        f"\nThe archive and index are in {DATA_DIR} (exported CSV: {DATA_DIR / 'pmqs.csv'})."
        "\nRun `make demo` again: every day is skipped, nothing changes."
    )


PRESS_QUOTE = (
    "the CPS legal guidance urges prosecutors to apply for restraining orders on conviction "
    "and … on acquittal"
)


def research() -> None:
    """The research instruments: grouped results, trends, find-quote, kwic, coverage, member."""
    hansard("search", "stalking", "--group", "exchange", head=12)
    hansard("trends", "minister", "--split", "party", "--plot", str(DATA_DIR / "trends.svg"))
    hansard("find-quote", PRESS_QUOTE)
    hansard("kwic", "Northern Ireland", "--width", "30", head=6)
    hansard("coverage", "--from", "2015-11-16", "--to", "2015-11-30")
    hansard("member", "Brandon Lewis", "--latest", "1")
    hansard("cited-by", BUCKLAND_SECOND_ANSWER)


if __name__ == "__main__":
    main()
