"""``hansard member``: a member's questions, supplementaries and answers, offices and subjects.

Built from the member's turns as the search finds them (``--member`` semantics: a name however
printed, or an id), so the profile and ``hansard search --member`` always agree.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hansard.errors import HansardError
from hansard.records import MemberProfile, OfficeHeld, SearchRequest, Turn
from search import engine

ROLES = ("question", "supplementary", "answer", "other")


def member_profile(data_dir: Path, who: str, latest: int = 5) -> MemberProfile:
    result = engine.search(data_dir, SearchRequest(member=who, sort="date", limit=None))
    turns = [hit.turn for hit in result.hits]
    if not turns:
        raise HansardError(
            f"no turns of a member {who!r} in the index; list names with `hansard members`"
        )
    names = Counter(t.speaker_name for t in turns if t.speaker_name)
    by_year: dict[str, dict[str, int]] = {}
    for turn in turns:
        role = turn.role if turn.role in ROLES else "other"
        year = by_year.setdefault(turn.date[:4], dict.fromkeys(ROLES, 0))
        year[role] += 1
    return MemberProfile(
        name=_display_name(names),
        member_ids=tuple(sorted({t.member_id for t in turns if t.member_id is not None})),
        names_printed=tuple(name for name, _n in names.most_common()),
        turns=len(turns),
        by_year=by_year,
        offices=_offices(turns),
        departments_asked=_departments_asked(turns),
        latest=tuple(reversed(turns[-latest:])) if latest else (),
    )


def _departments_asked(turns: list[Turn]) -> tuple[tuple[str, int], ...]:
    asked = Counter(
        t.department for t in turns if t.role in ("question", "supplementary") and t.department
    )
    return tuple(sorted(asked.items(), key=lambda pair: (-pair[1], pair[0])))


def _display_name(names: Counter) -> str:
    """The name printed most often, without honorifics ("Mr Peter Bone" -> "Peter Bone")."""
    from index.schema import display_name

    plain: Counter = Counter()
    for name, n in names.items():
        plain[display_name(name)] += n
    return min(plain.items(), key=lambda kv: (-kv[1], -len(kv[0].split()), kv[0]))[0]


def _offices(turns: list[Turn]) -> tuple[OfficeHeld, ...]:
    seen: dict[str, list] = {}
    for turn in turns:
        if turn.speaker_office and turn.role in ("answer", "chair"):
            entry = seen.setdefault(turn.speaker_office, [turn.date, turn.date, 0])
            entry[0], entry[1] = min(entry[0], turn.date), max(entry[1], turn.date)
            entry[2] += 1
    held = [OfficeHeld(office, first, last, n) for office, (first, last, n) in seen.items()]
    return tuple(sorted(held, key=lambda o: (o.first, o.office)))
