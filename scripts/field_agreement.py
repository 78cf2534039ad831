"""Per-field agreement of turns with hand-checked ones: how the historic figures in README were got.

Usage::

    python scripts/field_agreement.py CHECKED.jsonl PAGE.html        # the parser as it is now
    python scripts/field_agreement.py CHECKED.jsonl OTHER.jsonl      # turns made elsewhere

To score a page the parser has never seen: parse it (``hansard parse PAGE --format jsonl``),
correct that output by hand turn by turn into CHECKED.jsonl, and run this before changing any
rule. Turns are paired by id; a turn missing on either side counts against every field.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FIELDS = (
    "role",
    "speaker_office",
    "speaker_name",
    "speaker_full_name",
    "debate_title",
    "department",
    "question_number",
    "exchange_id",
    "member_id",
    "column",
    "end_column",
    "text",
)


def _turns(path: Path) -> dict[str, dict]:
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        return {t["id"]: t for t in map(json.loads, filter(None, lines))}
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from crawler.page import parse_page

    return {t.id: t.to_dict() for t in parse_page(path.read_bytes())}


def main(checked_path: str, other_path: str) -> None:
    checked, other = _turns(Path(checked_path)), _turns(Path(other_path))
    ids = list(dict.fromkeys([*checked, *other]))
    print(f"{len(checked)} checked turns, {len(other)} scored, {len(ids)} in all")
    for field in FIELDS:
        same = sum(
            i in checked and i in other and checked[i].get(field) == other[i].get(field)
            for i in ids
        )
        print(f"{field:18} {same:5}/{len(ids)} = {same / len(ids):.3f}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
