"""Departments across machinery-of-government changes: a dated map of former and later names.

Hansard heads oral questions with the answering department's name on the day ("Energy and
Climate Change", "Business, Energy and Industrial Strategy", "Energy Security and Net Zero"). A
campaigner following a remit wants all three. :data:`CHANGES` lists each change with its date;
from it:

- :func:`lineage` gives the names that hold the same remit as a department: its predecessors
  (followed backwards, through every earlier change) and its successors (followed forwards), but
  never back and then forward again, so "Business and Trade" reaches BEIS, DECC and DTI, not its
  sibling "Energy Security and Net Zero".
- A split (BEIS in 2023 into Business and Trade; Energy Security and Net Zero; Science,
  Innovation and Technology) is treated generously: each successor inherits the whole
  predecessor, since a commitment of the old department may have passed to any of them; and the
  old name reaches all the successors. Narrow the result with words or ``--minister``.
- :func:`remit` names where a department's work is now (all the successors of a split).

A department that gave part of its work and went on (Defra's climate change to DECC in 2008) is
listed in ``also_from`` and not followed: its other work is no part of the remit.

Names are Hansard's headings, without "Department for/of" (which the headings leave out). To add
a change, append a row; nothing else changes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Change:
    date: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    note: str = ""
    also_from: tuple[str, ...] = ()
    """Departments that gave part of their work and went on (documented, never walked)."""


CHANGES: tuple[Change, ...] = (
    Change("1988-07-25", ("Health and Social Security",), ("Health", "Social Security")),
    Change("1995-07-05", ("Education", "Employment"), ("Education and Employment",)),
    Change("1997-06-16", ("Environment", "Transport"), ("Environment, Transport and the Regions",)),
    Change(
        "2001-06-08",
        ("Agriculture, Fisheries and Food", "Environment, Transport and the Regions"),
        ("Environment, Food and Rural Affairs", "Transport, Local Government and the Regions"),
        "MAFF and the environment to Defra; transport and the regions to DTLR",
    ),
    Change(
        "2001-06-08", ("Education and Employment",), ("Education and Skills", "Work and Pensions")
    ),
    Change("2001-06-08", ("Social Security",), ("Work and Pensions",)),
    Change(
        "2002-05-29",
        ("Transport, Local Government and the Regions",),
        ("Transport", "Deputy Prime Minister"),
        "Office of the Deputy Prime Minister took local government and the regions",
    ),
    Change("2006-05-05", ("Deputy Prime Minister",), ("Communities and Local Government",)),
    Change(
        "2007-06-28",
        ("Trade and Industry",),
        ("Business, Enterprise and Regulatory Reform",),
    ),
    Change(
        "2007-06-28",
        ("Education and Skills",),
        ("Children, Schools and Families", "Innovation, Universities and Skills"),
    ),
    Change(
        "2008-10-03",
        (),
        ("Energy and Climate Change",),
        "energy from BERR, climate change from Defra",
        also_from=(
            "Business, Enterprise and Regulatory Reform",
            "Environment, Food and Rural Affairs",
        ),
    ),
    Change(
        "2009-06-05",
        ("Business, Enterprise and Regulatory Reform", "Innovation, Universities and Skills"),
        ("Business, Innovation and Skills",),
    ),
    Change("2010-05-12", ("Children, Schools and Families",), ("Education",)),
    Change(
        "2016-07-14",
        ("Business, Innovation and Skills", "Energy and Climate Change"),
        ("Business, Energy and Industrial Strategy",),
        "higher education went back to Education",
    ),
    Change(
        "2016-07-14",
        (),
        ("International Trade",),
        also_from=("Business, Innovation and Skills", "Foreign and Commonwealth Office"),
    ),
    Change("2017-07-03", ("Culture, Media and Sport",), ("Digital, Culture, Media and Sport",)),
    Change("2018-01-08", ("Health",), ("Health and Social Care",)),
    Change(
        "2018-01-08",
        ("Communities and Local Government",),
        ("Housing, Communities and Local Government",),
    ),
    Change(
        "2020-09-02",
        ("Foreign and Commonwealth Office", "International Development"),
        ("Foreign, Commonwealth and Development Office",),
    ),
    Change(
        "2021-09-19",
        ("Housing, Communities and Local Government",),
        ("Levelling Up, Housing and Communities",),
    ),
    Change(
        "2023-02-07",
        ("Business, Energy and Industrial Strategy", "International Trade"),
        (
            "Business and Trade",
            "Energy Security and Net Zero",
            "Science, Innovation and Technology",
        ),
        "BEIS split; International Trade merged into Business and Trade",
    ),
    Change(
        "2023-02-07",
        ("Digital, Culture, Media and Sport",),
        ("Culture, Media and Sport",),
        "digital went to Science, Innovation and Technology",
    ),
    Change(
        "2024-07-08",
        ("Levelling Up, Housing and Communities",),
        ("Housing, Communities and Local Government",),
    ),
)


def _key(name: str) -> str:
    name = " ".join(name.lower().replace("&", "and").split())
    for prefix in ("department for ", "department of ", "the "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name


def _walk(start: str, forward: bool) -> set[str]:
    """Every name reached from ``start`` going only forward (to later names) or only back.

    Forward, every successor counts (a split hands its work to each). Back, a merger or rename
    is followed through any number of changes, but a split only as the first step: "Business
    and Trade" reaches BEIS (split in 2023) and then BEIS's own mergers, not everything that the
    departments before an earlier split once did."""
    reached, todo = {start}, [(start, True)]
    while todo:
        name, first = todo.pop()
        for change in CHANGES:
            source, target = (
                (change.before, change.after) if forward else (change.after, change.before)
            )
            if name not in {_key(n) for n in source}:
                continue
            if not forward and len(change.after) > 1 and not first:
                continue
            for other in map(_key, target):
                if other not in reached:
                    reached.add(other)
                    todo.append((other, False))
    return reached


def lineage(department: str) -> set[str]:
    """The names (normalised: lower case, no "Department for") holding this department's remit."""
    key = _key(department)
    return _walk(key, forward=False) | _walk(key, forward=True)


def _known_names() -> dict[str, str]:
    return {_key(n): n for change in CHANGES for n in (*change.before, *change.after)}


@functools.lru_cache(maxsize=64)
def matcher(query: str):
    """A predicate on a department name: does it hold the remit of the department(s) the user
    named? ``query`` may be part of a name ("Home", "Business"), as everywhere in the CLI."""
    wanted = _key(query)
    known = _known_names()
    starts = [wanted] if wanted in known else [key for key in known if wanted in key]
    names = {wanted}.union(*(lineage(key) for key in starts))

    def matches(department: str | None) -> bool:
        if not department:
            return False
        key = _key(department)
        return wanted in key or key in names

    return matches


def remit(department: str | None) -> str | None:
    """Where the department's work is now: its latest successors' names, " / " between them
    (the department itself when no change followed it). Changes are followed in date order, so
    a name that comes back (Housing, Communities and Local Government in 2024) ends the walk."""
    if not department:
        return None
    names = _known_names()
    ends: set[str] = set()
    todo = [(_key(department), "")]
    while todo:
        name, since = todo.pop()
        later = [c for c in CHANGES if c.date > since and name in {_key(n) for n in c.before}]
        if not later:
            ends.add(name)
            continue
        first = min(c.date for c in later)
        todo += [(_key(n), first) for c in later if c.date == first for n in c.after]
    if ends == {_key(department)}:
        return department
    return " / ".join(sorted(names.get(end, end) for end in ends))


def names_for(query: str) -> list[str]:
    """Hansard heading names that match ``query`` across renames (for a search filter)."""
    match = matcher(query)
    found = sorted(n for k, n in _known_names().items() if match(n))
    return found or [query]
