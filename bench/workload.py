"""The queries the benchmark times, as engine-neutral specs, chosen from what the generator made.

Each kind has several variants (different words, members, offices) so a timing is not one cached
answer repeated; every engine runs exactly the same specs.
"""

from __future__ import annotations

from typing import Any

from synthetic import Plan

KINDS = (
    "common_word",
    "rare_word",
    "phrase",
    "member_word",
    "minister_dates",
    "member_sorted",
    "facet_party",
)
VARIANTS = 8
FOUR_YEARS = [("2006-01-01", "2009-12-31"), ("2010-06-01", "2014-05-31"),
              ("2014-01-01", "2017-12-31"), ("2018-01-01", "2021-12-31"),
              ("2021-01-01", "2025-12-31")]  # fmt: skip


def build(plan: Plan) -> dict[str, list[dict[str, Any]]]:
    commons = [m for m in plan.members if m.house == "Commons"]
    members = [commons[(i * 37) % len(commons)] for i in range(VARIANTS)]
    offices = [o for o in plan.offices if o.startswith("The Secretary of State for")]
    words = plan.common_words
    workload: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for i in range(VARIANTS):
        member = {"id": members[i].member_id, "name": members[i].name}
        word = words[i % len(words)]
        date_from, date_to = FOUR_YEARS[i % len(FOUR_YEARS)]
        workload["common_word"].append({"words": word})
        workload["rare_word"].append({"words": plan.rare_words[i % len(plan.rare_words)]})
        workload["phrase"].append({"phrase": plan.phrases[i % len(plan.phrases)]})
        workload["member_word"].append({"member": member, "words": word})
        workload["minister_dates"].append(
            {"office": offices[(i * 5) % len(offices)], "date_from": date_from, "date_to": date_to}
        )
        workload["member_sorted"].append({"member": member, "sort": "date"})
        workload["facet_party"].append({"words": word, "facet": "party"})
    return workload
