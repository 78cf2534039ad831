"""ParlParse's member data: who a ParlParse speaker is (Members API id) and what office they held.

ParlParse speeches name their speaker by ParlParse's own ids: ``speakerid``
("uk.org.publicwhip/member/1605", one per seat held) in old files, ``person_id``
("uk.org.publicwhip/person/11971", one per person) in new ones. Searching one member across an
import and a crawl needs the Members API ("data.parliament", MNIS) id, which ParlParse's
``members/`` folder carries. This module reads whichever of its files are present:

* ``people.json`` (Popolo, 2015 on): ``persons[].identifiers`` with scheme ``datadotparl_id``
  give the Members API id; ``memberships[]`` map member ids to ``person_id``.
* ``people.xml`` (before 2015): each ``<person>`` lists ``<office id=...>``: member ids, and
  post ids ``uk.parliament.data/Member/<N>/...`` whose N is the Members API id.
* ``ministers-2010.json``: posts from Parliament's data, 1980s to today; its membership ids
  embed the Members API id too (``uk.parliament.data/Member/<N>/GovernmentPost/...``), and
  ``source`` "datadotparl/governmentpost" marks a government office.
* ``ministers.json``: offices 1997-2010 (``role`` within an ``organization_id``, by date).

Only government offices count as a speaker's office (the office a minister answers in):
opposition posts, committees, party and parliamentary posts do not. On one date the offices are
split across the two ministers files, so both are read.

Nothing here touches the network; the files are read from a folder the user downloaded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from hansard.errors import HansardError, UsageError

__all__ = ["MEMBER_FILES", "MemberData", "Office", "load_member_data"]

MEMBER_FILES = ("people.json", "people.xml", "ministers.json", "ministers-2010.json")
_MNIS_IN_ID = re.compile(r"^uk\.parliament\.data/Member/(\d+)/")
_PERSON_PREFIX = "uk.org.publicwhip/person/"
_SEAT_ID = re.compile(r"^uk\.org\.publicwhip/(?:member|lord|royal|ni|msp)/\d+$")
"""A seat's id, as a speech's ``speakerid`` names it: Commons "member", Lords "lord" and the
others ParlParse keeps (not "moffice": an office id)."""
_NOT_MINISTERIAL = re.compile(
    r"^(?:shadow|spokesperson|pps|chair|deputy chair|member|opposition|"
    r"parliamentary private secretary)\b",
    re.IGNORECASE,
)
_NON_GOVERNMENT_BODIES = frozenset(
    {"shadow-minister", "house-of-commons", "house-of-lords", "parliament", "whips"}
)
"""ministers.json organisations whose posts are not ministers answering for a department:
opposition spokespeople sit under "house-of-commons", shadow ministers under their own body."""


@dataclass(frozen=True, slots=True)
class Office:
    """A government office held from ``start`` to ``end`` (ISO dates; ``end`` None: still held)."""

    person_id: str
    name: str
    start: str
    end: str | None


@dataclass
class MemberData:
    """ParlParse ids -> Members API ids, and the government offices held by date."""

    person_of_member: dict[str, str] = field(default_factory=dict)
    """seat id ("uk.org.publicwhip/member/1605", ".../lord/100001") -> person id."""
    mnis_of_person: dict[str, int] = field(default_factory=dict)
    offices: dict[str, list[Office]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    """The files read, for the summary line."""
    known_until: str = ""
    """The latest date the ministers files mention: an office they show as still held is
    only known to be held up to then (a 2020 file cannot tell who was a minister in 2025)."""

    def person(self, speaker_id: str | None) -> str | None:
        """The person id of a ``speakerid`` (member id) or ``person_id``."""
        if not speaker_id:
            return None
        if speaker_id.startswith(_PERSON_PREFIX):
            return speaker_id
        return self.person_of_member.get(speaker_id)

    def member_id(self, speaker_id: str | None) -> int | None:
        """The Members API id of a ParlParse speaker, None when the files do not give it."""
        person = self.person(speaker_id)
        return self.mnis_of_person.get(person) if person else None

    def office_on(self, speaker_id: str | None, date: str) -> str | None:
        """The government office the speaker held on ``date`` (the latest begun, if several)."""
        person = self.person(speaker_id)
        held = [
            o
            for o in self.offices.get(person or "", [])
            if o.start <= date and (date <= o.end if o.end else date <= self.known_until)
        ]
        return max(held, key=lambda o: o.start).name if held else None


def load_member_data(directory: Path) -> MemberData:
    """Read every ParlParse member file present in ``directory``.

    Raises :class:`UsageError` naming the folder when it holds none of them, and
    :class:`HansardError` for a file that is not what its name says.
    """
    if not directory.is_dir():
        raise UsageError(f"--members {directory}: not a folder; give ParlParse's members/ folder")
    data = MemberData()
    readers = {
        "people.json": _read_people_json,
        "people.xml": _read_people_xml,
        "ministers-2010.json": _read_ministers_2010,
        "ministers.json": _read_ministers,
    }
    for name, reader in readers.items():
        path = directory / name
        if not path.is_file():
            continue
        try:
            reader(path, data)
        except (ValueError, KeyError, TypeError, AttributeError, etree.XMLSyntaxError) as error:
            raise HansardError(
                f"{path}: not a ParlParse {name} file ({type(error).__name__}: {error}); "
                "download it again from ParlParse's members/ folder"
            ) from None
        data.files.append(name)
    if not data.files:
        raise UsageError(
            f"--members {directory}: holds none of {', '.join(MEMBER_FILES)}; give the folder "
            "of ParlParse's members/ files"
        )
    return data


def _read_people_json(path: Path, data: MemberData) -> None:
    popolo = json.loads(path.read_text(encoding="utf-8"))
    for person in popolo.get("persons", []):
        for identifier in person.get("identifiers") or []:
            if identifier.get("scheme") == "datadotparl_id":
                value = str(identifier.get("identifier", "")).strip()
                if value.isdigit():
                    data.mnis_of_person.setdefault(person["id"], int(value))
    for membership in popolo.get("memberships", []):
        member, person = membership.get("id", ""), membership.get("person_id")
        if _SEAT_ID.match(member) and person:
            data.person_of_member.setdefault(member, person)


def _read_people_xml(path: Path, data: MemberData) -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(path), parser).getroot()
    for person in root.iter("person"):
        person_id = person.get("id", "")
        for office in person.iter("office"):
            office_id = office.get("id", "")
            if _SEAT_ID.match(office_id):
                data.person_of_member.setdefault(office_id, person_id)
            mnis = _MNIS_IN_ID.match(office_id)
            if mnis:
                data.mnis_of_person.setdefault(person_id, int(mnis.group(1)))


def _read_ministers_2010(path: Path, data: MemberData) -> None:
    memberships = json.loads(path.read_text(encoding="utf-8"))["memberships"]
    _note_dates(data, memberships)
    for membership in memberships:
        person = membership["person_id"]
        mnis = _MNIS_IN_ID.match(membership.get("id", ""))
        if mnis:
            data.mnis_of_person.setdefault(person, int(mnis.group(1)))
        role = (membership.get("role") or "").strip()
        if membership.get("source") == "datadotparl/governmentpost" and role:
            _add_office(data, person, role, membership)


def _read_ministers(path: Path, data: MemberData) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    bodies = {o["id"]: o.get("name", o["id"]) for o in document.get("organizations", [])}
    _note_dates(data, document["memberships"])
    for membership in document["memberships"]:
        role = (membership.get("role") or "").strip()
        body = membership.get("organization_id", "")
        if not role or _NOT_MINISTERIAL.match(role) or "committee" in body:
            continue
        if body in _NON_GOVERNMENT_BODIES:
            continue
        name = f"{role}, {bodies.get(body, body)}" if body else role
        _add_office(data, membership["person_id"], name, membership)


def _add_office(data: MemberData, person: str, name: str, membership: dict) -> None:
    office = Office(person, name, membership["start_date"], membership.get("end_date") or None)
    data.offices.setdefault(person, []).append(office)


def _note_dates(data: MemberData, memberships: list[dict]) -> None:
    for membership in memberships:
        for key in ("start_date", "end_date"):
            value = membership.get(key) or ""
            if value[:4].isdigit() and value[:4] != "9999" and value > data.known_until:
                data.known_until = value
