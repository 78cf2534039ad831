"""`--backend postgresql://...` through the real commands: index, update, search, show, quote,
stats, crawl; and the one-line errors of a missing, older or unreachable backend."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from search_sample import day_2015_11_26, turn, write_sample

from hansard.archive import Archive
from hansard.cli import cli
from hansard.datadir import archive_dir
from index.pg_schema import PG_SCHEMA_VERSION


def run(data_dir: Path, *args: str, env: dict | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)], env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def indexed(tmp_path, pg_url):
    """The sample archive indexed by both Whoosh and PostgreSQL."""
    write_sample(tmp_path)
    assert run(tmp_path, "index")[0] == 0
    code, out, err = run(tmp_path, "index", "--backend", pg_url)
    assert code == 0, err
    assert out.startswith("indexed 19 turns from 5 sittings")
    return tmp_path, pg_url


def test_done_when_the_same_two_answers_and_the_same_show_and_quote(indexed):
    data_dir, url = indexed
    asked = ("search", "stalking", "--minister", "Solicitor General", "--format", "json")
    outputs = {}
    for backend in (None, url):
        extra = ("--backend", backend) if backend else ()
        code, out, err = run(data_dir, *asked, *extra)
        assert code == 0, err
        outputs[backend] = out
    by_whoosh = json.loads(outputs[None])
    by_pg = json.loads(outputs[url])
    assert {r["id"] for r in by_pg} == {r["id"] for r in by_whoosh} == {"SG-A1", "SG-A2"}
    assert {r["speaker_name"] for r in by_pg} == {"Robert Buckland"}
    for command in (
        ("show", "SG-A1"),
        ("show", "SG-A1", "--format", "json"),
        ("quote", "SG-A2", "--with-question"),
        ("quote", "SG-A2", "--style", "compact", "--match", "restraining", "--format", "md"),
    ):
        whoosh = run(data_dir, *command)
        pg = run(data_dir, *command, "--backend", url)
        assert whoosh[0] == pg[0] == 0, (command, pg[2])
        assert pg[1] == whoosh[1], command
        assert "Solicitor General" in pg[1]


def test_exports_and_exchange_groups_carry_the_same_questions_on_both_backends(indexed):
    """The question fields of every export, and ``--group exchange``, read the chosen backend:
    with PostgreSQL and the Whoosh index moved away they still find each exchange's question."""
    data_dir, url = indexed
    asked = {
        "export": ("search", "stalking OR restraining", "--format", "json", "--sort", "date"),
        "groups": ("search", "stalking OR restraining", "--group", "exchange", "--format", "json"),
    }
    whoosh = {name: run(data_dir, *args) for name, args in asked.items()}
    (data_dir / "index").rename(data_dir / "index.away")
    try:
        pg = {name: run(data_dir, *args, "--backend", url) for name, args in asked.items()}
    finally:
        (data_dir / "index.away").rename(data_dir / "index")
    for name in asked:
        assert whoosh[name][0] == pg[name][0] == 0, (name, pg[name][2])
    exported = json.loads(pg["export"][1])
    assert exported == json.loads(whoosh["export"][1])
    answer = next(r for r in exported if r["id"] == "SG-A1")
    assert answer["question_speaker"] == "Nusrat Ghani"
    by_whoosh = json.loads(whoosh["groups"][1])
    by_pg = json.loads(pg["groups"][1])
    assert {g["exchange_id"] for g in by_pg} == {g["exchange_id"] for g in by_whoosh}
    for group in by_pg:
        assert group["question"] is None or group["question"]["id"] == group["exchange_id"]


def test_the_environment_names_the_backend_and_stats_says_so(indexed):
    data_dir, url = indexed
    code, out, _err = run(data_dir, "search", "--count", "stalking", env={"HANSARD_BACKEND": url})
    assert (code, out) == (0, "7\n")
    code, out, _err = run(data_dir, "stats", "--format", "json", env={"HANSARD_BACKEND": url})
    index = json.loads(out)["index"]
    assert (index["backend"], index["turns"], index["sittings"]) == ("postgresql", 19, 5)
    assert index["schema_version"] == PG_SCHEMA_VERSION and index["server"].endswith("(primary)")
    code, out, _err = run(data_dir, "stats", "--backend", url)
    assert "19 turns from 5 sittings in PostgreSQL" in out


def test_an_update_replaces_a_sitting_and_the_warning_says_when_it_is_due(indexed):
    data_dir, url = indexed
    archive = Archive(archive_dir(data_dir))
    changed = day_2015_11_26()
    changed[0] = turn("SG-Q5", "2015-11-26", "question", "What steps on cyberstalking?",
                      name="Nusrat Ghani", member_id=4460, exchange="SG-Q5")  # fmt: skip
    archive.write_turns("Commons", "2015-11-26", changed)
    code, out, err = run(data_dir, "search", "--count", "cyberstalking", "--backend", url)
    assert (code, out) == (0, "0\n")
    assert "the archive is newer than the PostgreSQL tables" in err
    code, out, err = run(data_dir, "index", "--backend", url)
    assert out.startswith("indexed 8 turns from 1 sittings")
    code, out, err = run(data_dir, "search", "--count", "cyberstalking", "--backend", url)
    assert (code, out, err) == (0, "1\n", "")
    code, out, _err = run(data_dir, "search", "--count", "--backend", url)
    assert out == "19\n"  # replaced, never duplicated
    archive.turns_path("Commons", "2012-03-08").unlink()
    code, out, _err = run(data_dir, "index", "--backend", url)
    assert "removed 1 sittings" in out
    assert run(data_dir, "search", "--count", "--backend", url)[1] == "17\n"
    assert run(data_dir, "search", "--count", "--backend", url, "--topic", "offenders")[1] == "0\n"


def test_a_rebuild_swaps_in_fresh_tables(indexed):
    data_dir, url = indexed
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DELETE FROM hansard.turns WHERE id = 'SG-A1'")  # damage a derived table
    code, out, err = run(data_dir, "index", "--backend", url, "--rebuild")
    assert code == 0, err
    assert out.startswith("indexed 19 turns from 5 sittings")
    with psycopg.connect(url, autocommit=True) as conn:
        schemas = {r[0] for r in conn.execute("SELECT nspname FROM pg_namespace").fetchall()}
        assert "hansard" in schemas and not {"hansard_building", "hansard_old"} & schemas
        assert conn.execute("SELECT count(*) FROM hansard.turns").fetchone()[0] == 19


def test_tables_of_another_schema_ask_for_a_rebuild_in_one_line(indexed):
    data_dir, url = indexed
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE hansard.meta SET value = '0' WHERE key = 'schema_version'")
    for command in (("search", "stalking"), ("index",)):
        code, _out, err = run(data_dir, *command, "--backend", url)
        assert code == 1, command
        assert err.count("\n") == 1 and "Traceback" not in err
        assert "schema 0" in err and "hansard index --backend URL --rebuild" in err
    assert run(data_dir, "index", "--backend", url, "--rebuild")[0] == 0
    assert run(data_dir, "search", "--count", "stalking", "--backend", url)[1] == "7\n"


def test_no_tables_yet_says_how_to_build_them(tmp_path, pg_url):
    code, _out, err = run(tmp_path, "search", "stalking", "--backend", pg_url)
    assert code == 1
    assert "no search tables yet" in err and "hansard index --backend URL" in err
    code, out, _err = run(tmp_path, "stats", "--backend", pg_url)
    assert code == 0 and "index: none yet; run `hansard index --backend URL`" in out


def test_an_unreachable_server_or_an_unknown_backend_is_one_line(tmp_path):
    code, _out, err = run(
        tmp_path, "search", "stalking", "--backend", "postgresql://nobody:secret@127.0.0.1:1/x"
    )
    assert code == 1 and err.count("\n") == 1
    assert "cannot reach PostgreSQL at postgresql://nobody:***@127.0.0.1:1/x" in err
    assert "secret" not in err
    code, _out, err = run(tmp_path, "index", "--backend", "postgresql://127.0.0.1:1/x")
    assert code == 1 and "cannot write to PostgreSQL" in err
    code, _out, err = run(tmp_path, "search", "x", "--backend", "mysql://db/hansard")
    assert code == 2 and "unknown backend 'mysql://db/hansard'" in err


def test_a_crawl_updates_the_postgresql_tables(tmp_path, pg_url, crawl_cli, monkeypatch):
    code, out, _err = run(tmp_path, "index", "--backend", pg_url)
    assert (code, out.split(" ")[1]) == (0, "0")
    monkeypatch.setenv("HANSARD_BACKEND", pg_url)
    result, summary = crawl_cli(tmp_path, "2015-11-26")
    assert result.returncode == 0, result.stderr
    assert summary["index_updated"] is True
    code, out, _err = run(tmp_path, "search", "stalking", "--minister", "Solicitor General",
                         "--format", "json", "--backend", pg_url)  # fmt: skip
    answers = json.loads(out)
    assert code == 0 and len(answers) == 2
    assert {a["speaker_name"] for a in answers} == {"Robert Buckland"}
    assert run(tmp_path, "search", "--count", "--backend", pg_url)[2] == ""  # not stale


def test_a_long_lived_reader_notices_tables_dropped_or_of_another_schema(indexed):
    """The schema is checked once per connection; tables dropped meanwhile still give the one
    line, not a database error."""
    from hansard.errors import HansardError
    from hansard.records import SearchRequest
    from search.backend import open_backend

    data_dir, url = indexed
    backend = open_backend(data_dir, url)
    assert backend.count(SearchRequest("stalking")) == 7
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA hansard CASCADE")
    with pytest.raises(HansardError, match="no search tables yet"):
        backend.count(SearchRequest("stalking"))
    backend.close()
