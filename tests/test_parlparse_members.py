"""ParlParse member data: Members API ids and ministers' offices on imported turns.

The real subsets of ParlParse's members/ files (tests/fixtures/parlparse-members) are copied
under the names ParlParse gives them into a folder, as a user downloads them, and the real
``hansard import-parlparse --members`` is run on the real 26 October 2009 file.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from crawler.parlparse import file_turns, read_parlparse, read_parlparse_file
from crawler.parlparse_members import load_member_data
from hansard.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
MEMBERS = FIXTURES / "parlparse-members"
XML = FIXTURES / "twfy-parlparse-xml"
OLD = XML / "debates2009-10-26b.xml"
NEW = XML / "debates2025-09-01_EXCERPT_first-speeches.xml"
PEOPLE_XML = MEMBERS / "people.xml.2015-03-31.speakers-subset.xml"
MINISTERS_2010 = MEMBERS / "ministers-2010.json.2020-10-21.speakers-subset.json"
MINISTERS = MEMBERS / "ministers.json.offices-held-2009-10-26.subset.json"
PEOPLE_JSON = MEMBERS / "people.json.derived-from-people.xml-subset.json"
HOME_OFFICE_MINISTERS = {
    "Alan Johnson",
    "David Hanson",
    "Meg Hillier",
    "Alan Campbell",
    "Phil Woolas",
}


def members_folder(root: Path, files: dict[str, Path]) -> Path:
    """A members/ folder as ParlParse names its files ("people.xml", "ministers-2010.json")."""
    folder = root / "members"
    folder.mkdir(parents=True)
    for name, source in files.items():
        shutil.copyfile(source, folder / name)
    return folder


def full_folder(root: Path) -> Path:
    return members_folder(
        root,
        {
            "people.xml": PEOPLE_XML,
            "ministers-2010.json": MINISTERS_2010,
            "ministers.json": MINISTERS,
        },
    )


def ids_by_regex() -> dict[str, int]:
    """member id -> Members API id, read from the fixture files by plain text matching (an
    independent check of the reader): a person's offices in people.xml, and the person ids
    beside ministers-2010.json's "uk.parliament.data/Member/<N>/..." ids."""
    xml = PEOPLE_XML.read_text(encoding="latin-1")
    mnis: dict[str, int] = {}
    persons: dict[str, str] = {}
    for person, body in re.findall(r'<person id="([^"]+)"[^>]*>(.*?)</person>', xml, re.S):
        for office in re.findall(r'<office id="([^"]+)"', body):
            if office.startswith("uk.org.publicwhip/member/"):
                persons[office] = person
            found = re.match(r"uk\.parliament\.data/Member/(\d+)/", office)
            if found:
                mnis.setdefault(person, int(found.group(1)))
    for item in json.loads(MINISTERS_2010.read_text(encoding="utf-8"))["memberships"]:
        found = re.match(r"uk\.parliament\.data/Member/(\d+)/", item["id"])
        if found:
            mnis.setdefault(item["person_id"], int(found.group(1)))
    return {member: mnis[p] for member, p in persons.items() if p in mnis}


def test_every_speaker_the_files_cover_carries_the_members_api_id(tmp_path: Path) -> None:
    folder = full_folder(tmp_path)
    data = tmp_path / "data"
    result = CliRunner().invoke(
        cli, ["import-parlparse", str(OLD), "--members", str(folder), "--data-dir", str(data)]
    )
    assert result.exit_code == 0, result.output
    assert "37 of 55 speakers mapped to Members API ids" in result.stdout
    dumped = CliRunner().invoke(cli, ["dump", "--data-dir", str(data)])
    turns = [json.loads(line) for line in dumped.stdout.splitlines()]
    speaker_of = dict(re.findall(r'id="uk\.org\.publicwhip/debate/([^"]+)" speakerid="([^"]+)"',
                                 OLD.read_text(encoding="utf-8")))  # fmt: skip
    expected = ids_by_regex()
    in_file = set(re.findall(r'speakerid="(uk\.org\.publicwhip/member/\d+)"', OLD.read_text()))
    assert len(in_file) == 100 and len(in_file & expected.keys()) == 72
    for turn in turns:
        assert turn["member_id"] == expected.get(speaker_of.get(turn["id"], "")), turn["id"]
    by_name = {(t["speaker_name"], t["member_id"]) for t in turns if t["speaker_name"]}
    assert {("Alan Johnson", 376), ("David Hanson", 533), ("Meg Hillier", 1524)} <= by_name
    for turn in turns:
        if turn["speaker_name"] in HOME_OFFICE_MINISTERS:
            assert turn["speaker_office"] and turn["role"] == "answer", turn["id"]


def test_a_minister_printed_without_office_gets_the_office_held_that_day(tmp_path: Path) -> None:
    """New-format files print no offices: the ministers files give them, by date."""
    bare = re.sub(r' speakeroffice="[^"]*"', "", OLD.read_text(encoding="utf-8"))
    members = load_member_data(full_folder(tmp_path))
    turns = file_turns(read_parlparse(bare.encode("utf-8"), "bare.xml"), members)
    offices = {t.speaker_name: t.speaker_office for t in turns if t.speaker_office}
    assert offices["Alan Johnson"] == "The Secretary of State for the Home Department"
    assert offices["David Hanson"] == "Minister of State (Home Office) (Crime and Policing)"
    # Meg Hillier answered that day, but the files show her out of office from 6 August to 9
    # November 2009 (maternity leave): only the printed office can say she answered.
    assert "Meg Hillier" not in offices
    others = HOME_OFFICE_MINISTERS - {"Meg Hillier"}
    assert {t.role for t in turns if t.speaker_name in others} == {"answer"}
    assert not any(t.speaker_office for t in turns if t.speaker_name == "Chris Grayling")


def test_offices_are_not_guessed_after_the_files_end(tmp_path: Path) -> None:
    """The 2020 ministers file shows Helen Whately's 2020 post as still held; in 2025 she was
    in opposition, so a 2025 turn gets no office from it (Alison McGovern's "Start Answer"
    still makes hers an answer)."""
    members = load_member_data(full_folder(tmp_path))
    turns = file_turns(read_parlparse_file(NEW), members)
    whately = [t for t in turns if t.speaker_name == "Helen Whately"]
    assert whately and all(t.speaker_office is None for t in whately)
    assert {t.member_id for t in turns if t.speaker_name == "Alison McGovern"} == {4083}


def test_people_json_gives_the_ids_people_xml_gives(tmp_path: Path) -> None:
    from_xml = load_member_data(members_folder(tmp_path / "x", {"people.xml": PEOPLE_XML}))
    from_json = load_member_data(members_folder(tmp_path / "j", {"people.json": PEOPLE_JSON}))
    assert from_json.files == ["people.json"] and from_xml.files == ["people.xml"]
    ids = set(re.findall(r'speakerid="(uk\.org\.publicwhip/member/\d+)"', OLD.read_text()))
    mapped = {i: from_xml.member_id(i) for i in ids}
    assert sum(v is not None for v in mapped.values()) == 68  # 72 with ministers-2010.json
    assert {i: from_json.member_id(i) for i in ids} == mapped
    assert from_json.member_id("uk.org.publicwhip/member/1605") == 1524  # Meg Hillier


def test_members_folder_without_member_files_is_a_usage_error(tmp_path: Path) -> None:
    empty = tmp_path / "members"
    empty.mkdir()
    result = CliRunner().invoke(
        cli, ["import-parlparse", str(OLD), "--members", str(empty), "--data-dir", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "holds none of people.json, people.xml" in result.stderr
    assert "Traceback" not in result.output


def test_a_broken_member_file_is_one_line_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "members"
    folder.mkdir()
    (folder / "people.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["import-parlparse", str(OLD), "--members", str(folder), "--data-dir", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "people.json: not a ParlParse people.json file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_without_members_nothing_changes() -> None:
    turns = file_turns(read_parlparse_file(OLD))
    assert all(t.member_id is None for t in turns)


def test_lords_seat_ids_map_like_commons_ones(tmp_path: Path) -> None:
    folder = tmp_path / "members"
    folder.mkdir()
    popolo = {
        "persons": [
            {
                "id": "uk.org.publicwhip/person/13000",
                "identifiers": [{"scheme": "datadotparl_id", "identifier": "9001"}],
            }
        ],
        "memberships": [
            {"id": "uk.org.publicwhip/lord/100900", "person_id": "uk.org.publicwhip/person/13000"},
            {"id": "uk.org.publicwhip/moffice/77", "person_id": "uk.org.publicwhip/person/13000"},
        ],
    }
    (folder / "people.json").write_text(json.dumps(popolo), encoding="utf-8")
    members = load_member_data(folder)
    assert members.member_id("uk.org.publicwhip/lord/100900") == 9001
    assert members.member_id("uk.org.publicwhip/person/13000") == 9001
    assert members.member_id("uk.org.publicwhip/moffice/77") is None
    assert members.member_id("unknown") is None
