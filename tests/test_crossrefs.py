"""Cross-references: citations of earlier Hansard resolved to archived turns, shown as links by
`hansard show`, and listed in reverse by `hansard cited-by`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from research_archive import invoke as run
from search_sample import turn

from hansard.archive import Archive
from hansard.datadir import archive_dir
from hansard.research.references import find_references

CITED = dict(department="Justice", title="Prison Places", volume=669)
LATER = dict(department="Justice", title="Prison Capacity", volume=671)


def day_cited() -> list:
    return [
        turn("C-Q", "2020-01-15", "question", "What plans he has for new prison places.",
             name="Ann Asker", member_id=501, exchange="C-Q", column=1011, **CITED),
        turn("C-A", "2020-01-15", "answer", "We will build 10,000 new prison places by 2025.",
             name="Mark Minister", office="The Secretary of State for Justice", member_id=600,
             exchange="C-Q", column=1012, **CITED),
        turn("C-S", "2020-01-15", "supplementary", "Will they be ready on time?",
             name="Ann Asker", member_id=501, exchange="C-Q", column=1013, **CITED),
    ]  # fmt: skip


def day_citing() -> list:
    return [
        turn("L-Q", "2020-02-05", "question", "What progress has been made on prison places.",
             name="Bob Backbench", member_id=502, exchange="L-Q", column=300, **LATER),
        turn("L-A", "2020-02-05", "answer",
             "As I said in the answer I gave on 15 January, the programme is on track.",
             name="Mark Minister", office="The Secretary of State for Justice", member_id=600,
             exchange="L-Q", column=300, **LATER),
        turn("L-S", "2020-02-05", "supplementary",
             "The Secretary of State said “10,000 new prison places”.—[Official Report, "
             "15 January 2020; Vol. 669, c. 1012.] He also promised more in a debate.—[Official "
             "Report, 3 March 2019; Vol. 655, c. 20.]",
             name="Bob Backbench", member_id=502, exchange="L-Q", column=301, **LATER),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("data")
    archive = Archive(archive_dir(path))
    archive.write_turns("Commons", "2020-01-15", day_cited())
    archive.write_turns("Commons", "2020-02-05", day_citing())
    assert run("index", "--data-dir", str(path))[0] == 0
    return path


def test_both_forms_are_read():
    refs = find_references(day_citing()[2])
    assert [(r.kind, r.date, r.volume, r.column) for r in refs] == [
        ("official-report", "2020-01-15", 669, "1012"),
        ("official-report", "2019-03-03", 655, "20"),
    ]
    assert refs[0].text == "[Official Report, 15 January 2020; Vol. 669, c. 1012.]"
    (earlier,) = find_references(day_citing()[1])
    assert (earlier.kind, earlier.date, earlier.member_id) == ("earlier-answer", "2020-01-15", 600)


def test_real_page_citation_is_read():
    text = "“I do not love the protocol”.—[Official Report, 15 December 2021; Vol. 705, c. 374WH.]"
    (ref,) = find_references(turn("x", "2022-06-22", "answer", text, name="B", member_id=1))
    assert (ref.date, ref.volume, ref.column) == ("2021-12-15", 705, "374WH")


def test_show_prints_references_as_links(data_dir):
    code, out, err = run("show", "L-S", "--data-dir", str(data_dir))
    assert code == 0, err
    assert "↳ cites [Official Report, 15 January 2020; Vol. 669, c. 1012.]:" in out
    assert (
        "HC Deb 15 January 2020, vol 669, col 1012 · The Secretary of State for Justice "
        "(Mark Minister) · https://hansard.parliament.uk/Commons/2020-01-15/" in out
    )
    assert "#contribution-C-A  [C-A]" in out
    assert "↳ cites [Official Report, 3 March 2019; Vol. 655, c. 20.]: not in the archive" in out
    assert "↳ cites answer I gave on 15 January:" in out


def test_cited_by_lists_later_turns(data_dir):
    code, out, err = run("cited-by", "C-A", "--format", "json", "--data-dir", str(data_dir))
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["id"], r["reference"]) for r in rows] == [
        ("L-A", "answer I gave on 15 January"),
        ("L-S", "[Official Report, 15 January 2020; Vol. 669, c. 1012.]"),
    ]
    code, out, _ = run("cited-by", "C-S", "--data-dir", str(data_dir))
    assert code == 0 and "no later turn in the archive cites C-S" in out
    code, _out, err = run("cited-by", "NOPE", "--data-dir", str(data_dir))
    assert code == 1 and "no turn with id" in err


def test_a_real_pages_reference_outside_the_archive_says_so():
    from research_archive import crawled_archive
    from research_archive import run as run_in

    code, out, err = run_in("show", "1778DF05-019C-4105-A7CB-E86068F4ECD6",
                            data_dir=crawled_archive())  # fmt: skip
    assert code == 0, err
    assert ("↳ cites [Official Report, 15 December 2021; Vol. 705, c. 374WH.]: not in the "
            "archive (2021-12-15)") in out  # fmt: skip
