"""``hansard import-parlparse`` and ``hansard members``, run as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.page import parse_page
from hansard.archive import Archive
from hansard.cli import cli
from hansard.datadir import archive_dir, index_dir
from index import schema
from index.build import sync
from index.manifest import read_manifest

FIXTURES = Path(__file__).parent / "fixtures"
XML = FIXTURES / "twfy-parlparse-xml"
OLD = XML / "debates2009-10-26b.xml"
SUPERSEDED = XML / "debates2009-10-26a.xml"
PMQS_2022 = FIXTURES / "site" / "real" / "Commons_2022-06-22_OralAnswersToQuestions_1825FDB2.html"
MEMBER_467 = FIXTURES / "members-api-json" / "member_467.json"


def run(*args: str, data_dir: Path):
    result = CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)])
    return result


def archived(data_dir: Path, date: str = "2009-10-26"):
    return Archive(archive_dir(data_dir)).read_turns("Commons", date)


# -- import-parlparse -------------------------------------------------------------------------


def test_import_a_day_then_again_without_duplicates(tmp_path):
    result = run("import-parlparse", str(OLD), data_dir=tmp_path)
    assert result.exit_code == 0, result.output
    assert "imported 149 turns on 1 day(s)" in result.output
    turns = archived(tmp_path)
    assert len(turns) == 149
    assert turns[0].speaker_name == "David Taylor" and turns[0].role == "question"
    assert any(t.question_number == "T1" for t in turns)
    again = run("import-parlparse", str(OLD), data_dir=tmp_path)
    assert again.exit_code == 0
    assert len(archived(tmp_path)) == 149


def test_import_a_directory_reads_only_the_latest_version(tmp_path):
    result = run("import-parlparse", str(XML), data_dir=tmp_path)
    assert result.exit_code == 0, result.output
    assert "debates2009-10-26a.xml: skipped, superseded by debates2009-10-26b.xml" in result.output
    turns = archived(tmp_path)
    assert len(turns) == 149 and all(t.id.startswith("2009-10-26b.") for t in turns)
    assert len({t.id for t in turns}) == len(turns)
    assert Archive(archive_dir(tmp_path)).days() == [
        ("Commons", "2009-10-26"),
        ("Commons", "2025-09-01"),
    ]


def test_a_superseded_file_alone_is_refused_with_one_line(tmp_path):
    result = run("import-parlparse", str(SUPERSEDED), data_dir=tmp_path)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("hansard: error:")]
    assert len(errors) == 1 and "superseded" in errors[0] and "latest" in errors[0]
    assert "Traceback" not in result.output
    assert archived(tmp_path) == []


def test_an_older_version_never_replaces_a_newer_one(tmp_path):
    assert run("import-parlparse", str(OLD), data_dir=tmp_path).exit_code == 0
    older = tmp_path / "older"
    older.mkdir()
    text = OLD.read_text(encoding="iso-8859-1").replace("2009-10-26b.", "2009-10-26a.")
    (older / "debates2009-10-26a.xml").write_text(
        text.replace('scrapeversion="b"', 'scrapeversion="a"'), encoding="iso-8859-1"
    )
    result = run("import-parlparse", str(older), data_dir=tmp_path)
    assert result.exit_code == 0
    assert "kept the archive's later version 'b'" in result.output
    assert archived(tmp_path)[0].id == "2009-10-26b.1.7"


def test_a_broken_file_fails_the_run_but_not_the_others(tmp_path):
    folder = tmp_path / "xml"
    folder.mkdir()
    shutil.copy(OLD, folder / OLD.name)
    (folder / "debates2009-10-27a.xml").write_text("<publicwhip><speech>", encoding="utf-8")
    result = run("import-parlparse", str(folder), data_dir=tmp_path / "data")
    assert result.exit_code == 1
    assert "hansard: error: debates2009-10-27a.xml: not well-formed XML" in result.output
    assert len(archived(tmp_path / "data")) == 149


def test_crawled_days_are_kept_unless_replace(tmp_path):
    archive = Archive(archive_dir(tmp_path))
    crawled = parse_page(PMQS_2022.read_bytes())[:3]
    crawled = [t.__class__.from_dict(t.to_dict() | {"date": "2009-10-26"}) for t in crawled]
    archive.write_turns("Commons", "2009-10-26", crawled)
    kept = run("import-parlparse", str(OLD), data_dir=tmp_path)
    assert kept.exit_code == 0
    assert "kept the crawled turns" in kept.output and "--replace" in kept.output
    assert archived(tmp_path) == crawled
    replaced = run("import-parlparse", str(OLD), "--replace", data_dir=tmp_path)
    assert replaced.exit_code == 0
    assert len(archived(tmp_path)) == 149


def test_import_updates_an_existing_index(tmp_path):
    archive = Archive(archive_dir(tmp_path))
    archive.write_turns("Commons", "2022-06-22", parse_page(PMQS_2022.read_bytes()))
    sync(tmp_path)
    result = run("import-parlparse", str(OLD), data_dir=tmp_path)
    assert result.exit_code == 0, result.output
    assert "index updated" in result.output
    days = read_manifest(index_dir(tmp_path))["days"]
    assert schema.day_term("Commons", "2009-10-26") in days


def test_no_index_no_index_work(tmp_path):
    result = run("import-parlparse", str(OLD), data_dir=tmp_path)
    assert "index updated" not in result.output
    assert not index_dir(tmp_path).exists()


def test_import_help_has_an_example():
    result = CliRunner().invoke(cli, ["import-parlparse", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
    assert "hansard import-parlparse" in result.output


# -- members ----------------------------------------------------------------------------------


@pytest.fixture
def archive_2022(tmp_path):
    Archive(archive_dir(tmp_path)).write_turns(
        "Commons", "2022-06-22", parse_page(PMQS_2022.read_bytes())
    )
    return tmp_path


def test_members_lists_ids_and_name_forms_with_the_cache(archive_2022):
    cache = archive_2022 / "cache" / "members"
    cache.mkdir(parents=True)
    shutil.copy(MEMBER_467, cache / "467.json")
    result = run("members", "hoyle", "--format", "json", data_dir=archive_2022)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["member_id"] for r in rows] == [467]
    speaker = rows[0]
    assert speaker["name"] == "Sir Lindsay Hoyle"
    assert "Hoyle, Sir Lindsay" in speaker["api_names"]
    assert speaker["offices"] == ["Mr Speaker"]
    assert speaker["turns"] == 12


def test_members_text_filter_without_cache(archive_2022):
    result = run("members", "lewis", data_dir=archive_2022)
    assert result.exit_code == 0, result.output
    assert "Brandon Lewis" in result.output
    assert "Secretary of State for Northern Ireland" in result.output
    everyone = run("members", data_dir=archive_2022)
    assert len(everyone.output.splitlines()) > len(result.output.splitlines())
    chair = run("members", "speaker", data_dir=archive_2022)
    assert "467  Mr Speaker [name not known: try --fetch]  (12 turns" in chair.output
    nobody = run("members", "zzzz-no-such-member", data_dir=archive_2022)
    assert nobody.exit_code == 0 and nobody.output == "no members found\n"


def test_members_fetch_with_unreachable_api_warns_and_lists(archive_2022):
    result = run(
        "members", "hoyle", "--fetch", "--members-api", "http://127.0.0.1:9", data_dir=archive_2022
    )
    assert result.exit_code == 0
    assert "Members API unreachable" in result.output
    assert "467" in result.output


def test_members_enrich_writes_cached_names_into_the_archive(archive_2022):
    cache = archive_2022 / "cache" / "members"
    cache.mkdir(parents=True)
    shutil.copy(MEMBER_467, cache / "467.json")
    before = archived(archive_2022, "2022-06-22")
    result = run("members", "--enrich", data_dir=archive_2022)
    assert result.exit_code == 0, result.output
    assert "enriched 1 day(s)" in result.output
    after = archived(archive_2022, "2022-06-22")
    chair = [t for t in after if t.member_id == 467]
    assert chair and {t.speaker_name for t in chair} == {"Sir Lindsay Hoyle"}
    unchanged = [(a, b) for a, b in zip(before, after, strict=True) if a.member_id != 467]
    assert all(a == b for a, b in unchanged)
    again = run("members", "--enrich", data_dir=archive_2022)
    assert "enriched 0 day(s)" in again.output


def test_members_help_has_an_example():
    result = CliRunner().invoke(cli, ["members", "--help"])
    assert result.exit_code == 0 and "hansard members ghani" in result.output


# -- hansard crawl --source api|auto ------------------------------------------------------------

QUESTION_PAGE = (
    FIXTURES / "site" / "reconstructed" / "Commons_2015-11-26_StalkingAndHarassmentCases.html"
)
FAST = ("--delay", "0", "--timeout", "2", "--retries", "0", "--backoff", "0")


def test_crawl_source_api_gives_the_web_turns(tmp_path):
    from test_api_source import ApiServer

    with ApiServer() as api:
        args = ["crawl", "--source", "api", "--api-url", api.url, "--from", "2015-11-26"]
        result = run(*args, *FAST, "--json", data_dir=tmp_path)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert (summary["sitting"], summary["turns"], summary["failed"]) == (1, 4, [])
    assert archived(tmp_path, "2015-11-26") == parse_page(QUESTION_PAGE.read_bytes())


def test_crawl_source_api_refuses_lords_days_with_a_reason(tmp_path):
    from test_api_source import ApiServer

    with ApiServer() as api:
        args = ["crawl", "--source", "api", "--api-url", api.url, "--from", "2015-11-26"]
        result = run(*args, "--house", "lords", *FAST, data_dir=tmp_path)
    assert result.exit_code == 1
    assert "Commons oral questions only" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("fault", ["403", "challenge"])
def test_crawl_auto_falls_back_to_the_api_when_the_site_blocks(tmp_path, site, hansard_cli, fault):
    from test_api_source import ApiServer

    from hansard.devserver import Fault

    if fault == "403":
        site.add_fault("/Commons/2015-11-26", Fault("always-fail", times=None, status=403))
    else:
        site.add_fault("/Commons/2015-11-26", Fault("not-hansard", times=None))
    with ApiServer() as api:
        result = hansard_cli(
            "crawl", "--source", "auto", "--api-url", api.url, "--base-url", site.base_url,
            "--from", "2015-11-26", *FAST, "--json", data_dir=tmp_path,
        )  # fmt: skip
        api_requests = list(api.requests)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["failed"], summary["sitting"], summary["turns"]) == ([], 1, 4)
    assert any("/debates/debate/15112625000001.json" in r for r in api_requests)
    assert archived(tmp_path, "2015-11-26") == parse_page(QUESTION_PAGE.read_bytes())


def test_crawl_auto_leaves_days_the_site_serves_to_the_web(tmp_path, site, hansard_cli):
    from test_api_source import ApiServer

    with ApiServer() as api:
        result = hansard_cli(
            "crawl", "--source", "auto", "--api-url", api.url, "--base-url", site.base_url,
            "--from", "2015-11-26", *FAST, "--json", data_dir=tmp_path,
        )  # fmt: skip
        api_requests = list(api.requests)
    assert result.returncode == 0, result.stderr
    assert api_requests == []
    assert json.loads(result.stdout)["turns"] == 4
