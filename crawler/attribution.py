"""Who spoke, in what capacity, and in which exchange: the attribution rules for oral questions.

Every source (a web page, the Hansard API, ParlParse XML) reduces a sitting to a sequence of
:class:`~hansard.records.Contribution` and calls :func:`attribute`, so the rules live in one place
and cannot drift between sources. Nothing here knows about HTML.

The rules follow how Hansard prints question time:

* A speaker line is "Name (Constituency) (Party)" the first time a backbencher speaks in a section,
  "Office (Name)" the first time a minister speaks, and then just a name or just an office. So what
  a line says must be completed from what earlier lines in the same department's questions said.
* A tabled question carries its number ("5.", "T1.", "Q1."); consecutive numbered questions were
  grouped by the Table Office and are answered together, so they share one exchange.
* Lords oral questions carry no number: each is its own section, opened by an unattributed line
  ("Question"), and the first member to speak is the one who tabled it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from hansard.records import Contribution, PageContext, Turn

__all__ = [
    "LORDS_QUESTION_LINES",
    "SpeakerLine",
    "attribute",
    "is_question_opening",
    "parse_speaker_line",
]

LORDS_QUESTION_LINES = ("question", "commons urgent question", "private notice question")
"""First unattributed lines that mark a Lords section as an oral question (lower case)."""

_CHAIR = re.compile(
    r"^(?:(?:Mr\.?|Madam|Madame)\s+(?:Deputy\s+)?Speaker(?:-Elect)?"
    r"|The\s+(?:Lord\s+|Deputy\s+|Senior\s+Deputy\s+)?Speaker"
    r"|(?:The\s+|Mr\.?\s+|Madam\s+)?(?:First\s+|Second\s+|Third\s+)?(?:Deputy\s+)?Chairman"
    r"(?:\s+of\s+(?:Ways\s+and\s+Means|Committees))?"
    r"|(?:The\s+)?Deputy\s+Chairman\s+of\s+Committees"
    r"|The\s+(?:Temporary\s+)?Chair)$",
    re.IGNORECASE,
)
_COLLECTIVE = re.compile(
    r"^(?:several\s+|some\s+|an?\s+|other\s+)?(?:right\s+)?(?:hon\.?|noble)\s+"
    r"(?:members?|lords?|baronesses|lords\s+and\s+baronesses)\.?$",
    re.IGNORECASE,
)
_PEERAGE = re.compile(
    r"^The\s+(?:Earl|Countess|Duke|Duchess|Marquess|Marquis|Marchioness|Viscount|Lord\s+Bishop"
    r"|Lord\s+Archbishop|Archbishop|Bishop)\b",
    re.IGNORECASE,
)
_PARTIES = frozenset(
    {
        "con",
        "lab",
        "ld",
        "lib dem",
        "snp",
        "dup",
        "sdlp",
        "pc",
        "green",
        "alliance",
        "uup",
        "lab/co-op",
        "lab co-op",
        "cb",
        "non-afl",
        "bp",
        "ind",
        "independent",
        "sf",
        "reform",
        "ruk",
        "respect",
        "ukip",
        "speaker",
        "lib",
        "ind con",
        "ind lab",
        "ind ld",
        "ind uu",
        "alba",
        "ts",
        "tig",
        "change uk",
        "ccf",
        "plaid cymru",
        "lab ind",
        "con ind",
        "other",
    }
)
_ROSE = re.compile(r"^rose\s*[—–-]*\s*(?:\[[^\]]*\]\s*)*$", re.IGNORECASE)
"""A turn that only records a member rising: "rose—", "rose—[Interruption.]"."""
_POINT_OF_ORDER = re.compile(
    r"^(?:point\s+of\s+order"
    r"|[^.?!]{0,40}?\b(?:on|raise|raising|rise\s+on|make|put)\s+(?:a|one|another|a\s+\w+)"
    r"\s+point\s+of\s+order"
    r"|further\s+to\s+(?:that|the|this|his|her|my)\s+point\s+of\s+order)",
    re.IGNORECASE,
)
"""A point of order raised in the turn's first words: "On a point of order", "Further to that
point of order", "May I raise a short point of order, Mr. Speaker?", "I rise on a point of
order" (not a question that mentions one: "Following yesterday's points of order, will...")."""
_ASKED = re.compile(r"^asked\s+the\s+[A-Z]")
"""Historic print of a tabled question: "Mr. Farr asked the Minister of Education if..."."""
_HONORIFIC = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Rev|Rt\.?\s+Hon|Hon|Lord|Lady|Baroness|Professor|Prof"
    r"|Captain|Major|Colonel|Commander|Rear-Admiral|Vice-Admiral|Admiral|General|Brigadier"
    r"|Lieut\.?-Colonel|Lieut\.?-Commander|Sqn\.?\s+Ldr|Wing\s+Commander|Air\s+Commodore)\.?\s+)+",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class SpeakerLine:
    """A speaker line taken apart: what it names, and in what capacity."""

    raw: str
    name: str | None
    """The personal name as printed ("Robert Buckland", "Mr. Mason"), None if the line has none."""
    office: str | None
    """The office as printed ("The Solicitor General", "Mr Speaker"), None for a member."""
    constituency: str | None
    party: str | None
    is_chair: bool = False
    is_collective: bool = False
    """"Hon. Members", "Several hon. Members": the House, not one member."""


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _peel_brackets(line: str) -> tuple[str, list[str]]:
    """Split "Head (A) (B)" into ("Head", ["A", "B"]), respecting nested brackets.

    Constituencies can contain brackets of their own ("Richmond (Yorks)"), so the groups are
    matched from the end by depth, not by a regular expression.
    """
    groups: list[str] = []
    rest = line.rstrip()
    while rest.endswith(")"):
        depth = 0
        for i in range(len(rest) - 1, -1, -1):
            if rest[i] == ")":
                depth += 1
            elif rest[i] == "(":
                depth -= 1
                if depth == 0:
                    break
        else:
            break
        if depth != 0:
            break
        inner = rest[i + 1 : -1].strip()
        head = rest[:i].rstrip()
        if not head:
            break
        groups.insert(0, inner)
        rest = head
    return rest, groups


def _looks_like_party(text: str) -> bool:
    return text.strip().lower().rstrip(".") in _PARTIES


def parse_speaker_line(line: str | None) -> SpeakerLine:
    """Read a speaker line as Hansard prints it.

    "The Secretary of State for Northern Ireland (Brandon Lewis)" is an office with the holder's
    name in brackets; "Nusrat Ghani (Wealden) (Con)" a member with constituency and party; a Lords
    minister is "The Minister of State, Home Office (Lord Sharpe of Epsom) (Con)". A line starting
    "The" is an office unless it is a peerage ("The Earl of Clancarty"), because Hansard writes
    personal names without an article. The chair ("Mr Speaker", "Madam Deputy Speaker") is an
    office of its own kind.
    """
    raw = _clean(line or "")
    if not raw:
        return SpeakerLine(raw, None, None, None, None)
    head, groups = _peel_brackets(raw)
    head = head.rstrip(":").strip()
    if _COLLECTIVE.match(head):
        return SpeakerLine(raw, None, None, None, None, is_collective=True)
    if groups and groups[-1].lower() == "in the chair":
        # Westminster Hall and committees: "Sir Roger Gale (in the Chair)".
        return SpeakerLine(raw, head or None, None, None, None, is_chair=True)
    if _CHAIR.match(head):
        name = groups[0] if groups and not _looks_like_party(groups[0]) else None
        party = next((g for g in groups if _looks_like_party(g)), None)
        return SpeakerLine(raw, name, head, None, party, is_chair=True)
    if head.lower().startswith("the ") and not _PEERAGE.match(head):
        name = groups[0] if groups else None
        party = groups[1] if len(groups) > 1 else None
        if name is not None and _looks_like_party(name) and len(groups) == 1:
            name, party = None, name
        return SpeakerLine(raw, name, head, None, party)
    constituency = party = None
    if len(groups) >= 2:
        constituency, party = groups[-2], groups[-1]
    elif len(groups) == 1:
        if _looks_like_party(groups[0]):
            party = groups[0]
        else:
            constituency = groups[0]
    return SpeakerLine(raw, head or None, None, constituency, party)


def is_question_opening(line: str) -> bool:
    """Whether an unattributed line opens a Lords oral question ("Question" and the like)."""
    return _clean(line).rstrip(".").lower() in LORDS_QUESTION_LINES


_PARTICLES = frozenset({"du", "de", "da", "di", "van", "von", "der", "den", "le", "la", "ap"})
"""Lower-case words that belong to a surname ("Mr. du Cann", "Mr. de Freitas")."""


def _name_parts(name: str) -> tuple[tuple[str, ...], str]:
    """(given names or initials, surname) without honorifics, lower case: "Sir D. Eccles" ->
    (("d",), "eccles"); "Mr. Edward du Cann" -> (("edward",), "du cann")."""
    bare = _HONORIFIC.sub("", name.strip())
    bare = re.sub(r"\s+of\s+.*$", "", bare)  # "Lord Sharpe of Epsom" -> "Sharpe"
    words = [w.strip(".,").lower() for w in bare.replace(".", ". ").split()]
    words = [w for w in words if w]
    if not words:
        return (), ""
    start = len(words) - 1
    while start > 0 and words[start - 1] in _PARTICLES:
        start -= 1
    return tuple(words[:start]), " ".join(words[start:])


def _ocr_fold(word: str) -> str:
    """A word with the letter groups scanning confuses made one ("rn" and "nn" read as "m")."""
    return word.replace("rn", "m").replace("nn", "m")


def _surname(name: str) -> str:
    return _name_parts(name)[1]


def _is_short_form(name: str) -> bool:
    """ "Mr. Mason", "Mr. du Cann": an honorific and a surname only, as historic Hansard prints
    every later turn of a member."""
    return bool(_HONORIFIC.match(name.strip())) and not _name_parts(name)[0]


def _compatible(printed: str, other: str) -> bool:
    """Whether two printed names can be one person: the same surname, and given names that do
    not disagree where both print one ("D." fits "David"; "Sir D. Eccles", "Sir David Eccles"
    and "Sir Eccles" are one name; "Mr. G. Thomas" and "Mr. Peter Thomas" are not)."""
    given, surname = _name_parts(printed)
    other_given, other_surname = _name_parts(other)
    if not surname or surname != other_surname:
        return False
    for mine, theirs in zip(given, other_given, strict=False):
        if len(mine) == 1 or len(theirs) == 1:
            if mine[0] != theirs[0]:
                return False
        elif mine != theirs:
            return False
    return True


def _same_person(printed: str, other: str) -> bool:
    """Two full forms of one name ("Mr. William T. Rodgers", "Mr. William Rodgers"); a bare
    surname is matched more carefully, by :meth:`_Offices.by_member`."""
    if _clean(printed) == _clean(other):
        return True
    if _is_short_form(printed) or _is_short_form(other):
        return False
    return _compatible(printed, other)


def _fuller(name: str, other: str) -> str:
    """The form of one person's name that says more: "Sir David Eccles" over "Sir D. Eccles"."""
    size = sum(len(w) for w in _name_parts(name)[0])
    return other if sum(len(w) for w in _name_parts(other)[0]) > size else name


def _norm_office(office: str) -> str:
    """Offices are printed inconsistently ("Solicitor-General", "Solicitor General")."""
    return re.sub(r"[\s\-‐–]+", " ", office).strip().lower()


@dataclass(slots=True)
class _OfficeHolder:
    office: str
    name: str | None
    member_id: int | None
    department: object = None


class _Offices:
    """The office holders seen so far on the page.

    A minister named by office once keeps that office, because Hansard then prints them by name
    alone; keyed by member id when there is one (two members can share a name), else by the
    printed name, else by surname for historic short forms.

    The memory outlasts a heading: historic pages print one department's questions under
    several headings of their own ("India", "Sierra Leone" inside Commonwealth Relations
    questions), so a minister's run of answers goes on across them. It ends when a heading's
    questions print an office line of their own (a new department's minister, named by office
    on the first answer): then only that office's holder is kept, so "The Prime Minister" keeps
    his name from one heading to the next.
    """

    def __init__(self) -> None:
        self.holders: list[_OfficeHolder] = []
        self.department: object = None
        self.department_has_office = False

    def enter(self, department: object) -> None:
        """Note the department of the next turn (a new heading may start a new run)."""
        if department != self.department:
            self.department = department
            self.department_has_office = False

    def learn(
        self, office: str, name: str | None, member_id: int | None, department: object = None
    ) -> _OfficeHolder:
        holder = self.by_office(office, member_id, name, department)
        if not self.department_has_office:
            self.department_has_office = True
            self.holders = [h for h in self.holders if h is holder or h.department == department]
        if holder is None:
            if name is None and member_id is not None:
                # A shorter title for someone already known ("The Deputy Prime Minister" after
                # "The Deputy Prime Minister and Secretary of State for Justice (Dominic Raab)").
                known = next((h for h in self.holders if h.member_id == member_id and h.name), None)
                name = known.name if known else None
            holder = _OfficeHolder(office, name, member_id, department)
        else:
            self.holders.remove(holder)
        # Most recently printed last: a name-only line carries the office its speaker was last
        # printed with (a Lords minister answers one question for one department, the next for
        # another).
        self.holders.append(holder)
        holder.department = department
        if name:
            holder.name = _fuller(holder.name, name) if holder.name else name
        if member_id is not None and holder.member_id is None:
            holder.member_id = member_id
        return holder

    def by_office(
        self,
        office: str,
        member_id: int | None,
        name: str | None = None,
        department: object = None,
    ) -> _OfficeHolder | None:
        """The holder of ``office``; the latest one when two hold one title (two Ministers of
        State) and the line names neither, preferring one seen in this department."""
        wanted = _norm_office(office)
        found = [
            holder
            for holder in self.holders
            if _norm_office(holder.office) == wanted
            and (member_id is None or holder.member_id in (None, member_id))
            and (name is None or holder.name is None or _compatible(holder.name, name))
        ]
        here = [h for h in found if h.department == department]
        return (here or found)[-1] if found else None

    def by_member(
        self, member_id: int | None, name: str | None, other_surnames: set[str] = frozenset()
    ) -> _OfficeHolder | None:
        """The office holder this turn's speaker is, if any.

        A printed name matches an office holder's name whole, or as another form of it
        ("Sir D. Eccles", "Mr. du Cann" for "Mr. Edward du Cann") when exactly one holder fits.
        ``other_surnames`` are surnames of members already seen speaking for themselves: a name
        matching one of them is that member, so it is not matched approximately.
        """
        if member_id is not None:
            return next((h for h in reversed(self.holders) if h.member_id == member_id), None)
        if not name:
            return None
        named = [h for h in self.holders if h.name]
        exact = [h for h in named if _same_person(h.name or "", name)]
        if exact:
            return exact[-1]
        given, surname = _name_parts(name)
        fits = [h for h in named if h.member_id is None and _compatible(h.name or "", name)]
        people = {_clean(h.name or "") for h in fits}
        if len(people) == 1:
            return fits[-1]
        if fits or surname in other_surnames or len(surname) < 5:
            return None
        # Digitised pages misread letters ("Mr. Biifen", "Mr. Riffen" for Mr. Biffen, "Mr. du
        # Cum" for Mr. du Cann): a surname this close to exactly one office holder's, with given
        # names that do not disagree, is that holder.
        close = {
            _clean(h.name or ""): h
            for h in named
            if h.member_id is None
            and _compatible(h.name or "", " ".join((*given, _surname(h.name or ""))))
            and difflib.SequenceMatcher(
                None, _ocr_fold(_surname(h.name or "")), _ocr_fold(surname)
            ).ratio()
            >= 0.75
        }
        return next(iter(close.values())) if len(close) == 1 else None


def attribute(context: PageContext, contributions: Sequence[Contribution]) -> list[Turn]:
    """Turn a source's contributions into turns: role, exchange, office, name, party.

    Rules, in the order they decide a turn's role:

    * The chair (Mr Speaker, Madam/Mr Deputy Speaker, the Lord Speaker...) is ``chair``.
    * "Hon. Members" and the like (the House, not a member) are ``other``.
    * A turn carrying a tabled question number is a ``question``, and so is a historic turn
      printed in the third person ("asked the Chancellor of the Exchequer whether..."), which
      only a tabled question is, even when its number is misprinted; in a Lords question
      section, which has no numbers, the first member to speak is the ``question``.
    * A turn that raises a point of order in its first words ("On a point of order", "Further
      to that point of order", "May I raise a short point of order, Mr. Speaker?") is
      ``other``, and so is a turn that only records a member rising ("rose—"): it asks and
      answers nothing.
    * A turn by the Government (an office holder, or a member who appeared with an office earlier
      in the same department's questions) is an ``answer``.
    * Every other turn is a ``supplementary``.

    Exchanges: within one question heading, a numbered question that does not directly follow
    another numbered question starts a new exchange, whose id is that turn's id; every turn until
    the next one belongs to it. So grouped questions share one exchange, each topical (T2, T3...)
    and each Prime Minister's question (Q3, Q4...) starts its own, and the Leader of the
    Opposition's questions fall in the exchange they follow.

    Names: an office-only line ("The Solicitor General") gets the name learned earlier for that
    office on the page. Historic pages have no member ids and print later turns as "Mr. Mason",
    "Sir D. Eccles" or misprinted ("Mr. du Cum"); such a form is matched to an office holder
    (only when exactly one fits, see :meth:`_Offices.by_member`). ``speaker_name`` stays as
    printed and ``speaker_full_name`` carries the fuller name learned with the office ("Mr. Roy
    Mason"), so search finds every turn of one minister under one name. Backbenchers' short
    forms are left alone: two members may share a surname ("Mr. Wyn Roberts", "Mr. Gwilym
    Roberts") and nothing on the page tells them apart.

    Constituency and party are as printed; a member's later turns carry what their first turn on
    the page printed (matched by member id, else by the exact printed name).
    """
    turns: list[Turn] = []
    offices = _Offices()
    chairs = _Offices()
    identities: dict[object, tuple[str | None, str | None]] = {}
    department: object = None
    block: object = object()
    exchange_id: str | None = None
    previous_numbered = False
    lords_question_block = False
    asker_found = False
    backbench_surnames: set[str] = set()

    for contribution in contributions:
        line = parse_speaker_line(contribution.speaker)
        member_id = contribution.member_id
        department = contribution.department
        offices.enter(department)
        this_block = (contribution.department, contribution.debate_title)
        if this_block != block:
            block = this_block
            exchange_id = None
            previous_numbered = False
            lords_question_block = context.house == "Lords"
            asker_found = False
        if context.house == "Lords" and any(
            is_question_opening(p) for p in contribution.procedural_before
        ):
            lords_question_block = True
            asker_found = False
            exchange_id = None

        name, office = line.name, line.office
        full_name: str | None = None
        constituency, party = line.constituency, line.party
        government = False
        if line.is_chair:
            holder = chairs.by_office(office or "", member_id) if office else None
            if holder is None and (name or member_id is not None) and office:
                holder = chairs.learn(office, name, member_id)
            name = name or (holder.name if holder else None)
        elif office:
            holder = offices.learn(office, name, member_id, department)
            full_name = _full_name(name, holder.name)
            name = name or holder.name
            government = True
        elif not line.is_collective:
            # A tabled question is never a minister's, whatever name it shares with one.
            tabled = contribution.question_number is not None or bool(
                contribution.paragraphs and _ASKED.match(contribution.paragraphs[0])
            )
            holder = None if tabled else offices.by_member(member_id, name, backbench_surnames)
            if holder is not None:
                office = holder.office
                government = True
                full_name = _full_name(name, holder.name)
            elif name:
                backbench_surnames.add(_surname(name))

        key: object = ("id", member_id) if member_id is not None else ("name", name)
        if not line.is_chair and not line.is_collective and (member_id is not None or name):
            known = identities.get(key)
            if constituency or party or known is None:
                identities[key] = (
                    constituency or (known[0] if known else None),
                    party or (known[1] if known else None),
                )
            elif known:
                constituency, party = known

        text = "\n\n".join(contribution.paragraphs)
        numbered = contribution.question_number is not None
        if line.is_chair:
            role = "chair"
        elif line.is_collective:
            role = "other"
        elif numbered or (
            not government
            and (bool(_ASKED.match(text)) or (lords_question_block and not asker_found))
        ):
            role = "question"
            numbered = True
        elif _POINT_OF_ORDER.match(text) or _ROSE.match(text):
            role = "other"
        elif government:
            role = "answer"
        else:
            role = "supplementary"
        if role == "question" and lords_question_block:
            asker_found = True

        if (numbered and not previous_numbered) or exchange_id is None:
            exchange_id = contribution.id
        previous_numbered = numbered

        turns.append(
            Turn(
                id=contribution.id,
                house=context.house,
                date=context.date,
                volume=context.volume,
                section=context.section,
                department=contribution.department,
                debate_title=contribution.debate_title,
                exchange_id=exchange_id,
                question_number=contribution.question_number,
                uin=contribution.uin,
                role=role,
                member_id=member_id,
                speaker_name=name,
                speaker_office=office,
                constituency=constituency,
                party=party,
                column=contribution.column,
                text=text,
                url=f"{context.url}#contribution-{contribution.id}",
                end_column=contribution.end_column,
                speaker_full_name=full_name,
            )
        )
    return turns


def _full_name(printed: str | None, known: str | None) -> str | None:
    """The fuller name the page gave the speaker elsewhere, if the printed one says less."""
    if not printed or not known or _clean(printed) == _clean(known):
        return None
    fuller = _fuller(printed, known)
    if fuller == printed and _surname(printed) == _surname(known):
        return None
    return known
