"""Build and update the PostgreSQL tables from the archive, one transaction per sitting.

The twin of ``index.build``: the ``sittings`` table is the manifest (which archived day, and
which version of its file, is loaded), so a rerun after a crash loads only what is missing or
changed. A sitting is replaced whole in one transaction (delete its rows, COPY the archive's),
so a reader never sees half a sitting and a re-crawl never duplicates a turn.

``--rebuild`` fills a second schema, ``hansard_building`` (tables first, indexes after the
load, which is several times faster than keeping GIN indexes up to date row by row), then swaps
the two names in one transaction: searches keep working on the old tables until then.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from hansard.archive import Archive
from hansard.datadir import archive_dir
from hansard.errors import HansardError
from index.build import _day_stamp, sync_summary
from index.pg_schema import (
    BUILDING,
    INDEXES,
    PG_SCHEMA_VERSION,
    SCHEMA,
    TABLES,
    TOPIC_COLUMNS,
    TURN_COLUMNS,
    connect,
    day_rows,
    safe_url,
)
from index.schema import day_term

Progress = Callable[[int, int], None]
LEXICON_FIELDS = (("office", "office"), ("department", "department"))


def _schema_version(conn, schema: str) -> int | None:
    exists = conn.execute("SELECT to_regclass(%s)", (f"{schema}.meta",)).fetchone()[0]
    if exists is None:
        return None
    row = conn.execute(f"SELECT value FROM {schema}.meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def _create(conn, schema: str, with_indexes: bool) -> None:
    conn.execute(f"CREATE SCHEMA {schema}")
    conn.execute(TABLES.format(s=schema))
    if with_indexes:
        conn.execute(INDEXES.format(s=schema))
    conn.execute(
        f"INSERT INTO {schema}.meta VALUES ('schema_version', %s), ('archive_changed', '0')",
        (str(PG_SCHEMA_VERSION),),
    )


def _writer(url: str):
    conn = connect(url, write=True)
    # A crash loses at most the last commits, never consistency: the manifest is in the same
    # transactions as the rows, so a rerun reloads exactly what was lost.
    conn.execute("SET synchronous_commit = off")
    conn.commit()
    return conn


def sync(data_dir: Path, url: str, progress: Progress | None = None) -> dict:
    """Bring the tables up to date with the archive (creating them on first use)."""
    with _writer(url) as conn:
        _ensure_schema(conn, url)
        return _sync_into(conn, SCHEMA, data_dir, progress)


def _ensure_schema(conn, url: str) -> None:
    """Create the tables on first use; refuse tables another version of hansard built."""
    version = _schema_version(conn, SCHEMA)
    if version is None:
        _create(conn, SCHEMA, with_indexes=True)
        conn.commit()
    elif version != PG_SCHEMA_VERSION:
        raise HansardError(
            f"the PostgreSQL tables at {safe_url(url)} were built by another version of "
            f"hansard (schema {version}, this one writes {PG_SCHEMA_VERSION}); run "
            f"`hansard index --backend URL --rebuild`"
        )


def rebuild(data_dir: Path, url: str, progress: Progress | None = None) -> dict:
    """Fresh tables from the whole archive, swapped in at the end in one transaction."""
    with _writer(url) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {BUILDING} CASCADE")
        _create(conn, BUILDING, with_indexes=False)
        conn.commit()
        stats = _sync_into(conn, BUILDING, data_dir, progress)
        conn.execute(INDEXES.format(s=BUILDING))
        conn.commit()
        conn.autocommit = True
        conn.execute(f"VACUUM (ANALYZE) {BUILDING}.turns")
        conn.execute(f"VACUUM (ANALYZE) {BUILDING}.topics")
        conn.autocommit = False
        conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA}_old CASCADE")
        if (
            _schema_version(conn, SCHEMA) is not None
            or conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (SCHEMA,)).fetchone()
        ):
            conn.execute(f"ALTER SCHEMA {SCHEMA} RENAME TO {SCHEMA}_old")
        conn.execute(f"ALTER SCHEMA {BUILDING} RENAME TO {SCHEMA}")
        conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA}_old CASCADE")
        conn.commit()
        return stats


def _stamps(conn, schema: str) -> dict[str, str]:
    rows = conn.execute(f"SELECT house, date::text, stamp FROM {schema}.sittings").fetchall()
    return {day_term(house, date): stamp for house, date, stamp in rows}


def _sync_into(conn, schema: str, data_dir: Path, progress: Progress | None) -> dict:
    archive = Archive(archive_dir(data_dir))
    archive_changed = archive.last_changed()
    loaded = _stamps(conn, schema)
    wanted = {day_term(h, d): (h, d) for h, d in archive.days()}
    stamps = {key: _day_stamp(archive, h, d) for key, (h, d) in wanted.items()}
    todo = [hd for key, hd in wanted.items() if loaded.get(key) != stamps[key]]
    gone = [key for key in loaded if key not in wanted]
    started = time.monotonic()
    for key in gone:
        house, _, date = key.partition(":")
        _replace_day(conn, schema, house, date, None, None)
    added = 0
    for n, (house, date) in enumerate(todo, 1):
        turns = archive.read_turns(house, date)
        _replace_day(conn, schema, house, date, turns, stamps[day_term(house, date)])
        added += len(turns)
        if progress:
            progress(len(wanted) - len(todo) + n, len(wanted))
    if todo or gone:
        _prune_lexicon(conn, schema)
    _set_archive_changed(conn, schema, archive_changed)
    _mark_indexed(conn, schema)
    conn.commit()
    if len(todo) > 50 and schema == SCHEMA:
        conn.autocommit = True
        conn.execute(f"VACUUM (ANALYZE) {schema}.turns")
        conn.autocommit = False
    return sync_summary(len(todo), len(gone), added, started)


def _set_archive_changed(conn, schema: str, changed: float) -> None:
    conn.execute(
        f"UPDATE {schema}.meta SET value = %s WHERE key = 'archive_changed'", (repr(changed),)
    )


def _mark_indexed(conn, schema: str) -> None:
    conn.execute(
        f"INSERT INTO {schema}.meta VALUES ('indexed_at', %s) "
        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        (repr(time.time()),),
    )


def _replace_day(conn, schema: str, house: str, date: str, turns, stamp: str | None) -> None:
    """One sitting's rows replaced by these turns (or removed, for None), in one transaction."""
    where = "WHERE house = %s AND date = %s"
    conn.execute(f"DELETE FROM {schema}.turns {where}", (house, date))
    conn.execute(f"DELETE FROM {schema}.topics {where}", (house, date))
    conn.execute(f"DELETE FROM {schema}.sittings {where}", (house, date))
    if turns is not None:
        turn_rows, topic_rows = day_rows(turns)
        with conn.cursor() as cur:
            columns = ", ".join(TURN_COLUMNS)
            with cur.copy(f"COPY {schema}.turns ({columns}) FROM STDIN") as copy:
                for row in turn_rows:
                    copy.write_row(row)
            with cur.copy(f"COPY {schema}.topics ({', '.join(TOPIC_COLUMNS)}) FROM STDIN") as copy:
                for row in topic_rows:
                    copy.write_row(row)
        conn.execute(
            f"INSERT INTO {schema}.sittings VALUES (%s, %s, %s, %s)",
            (house, date, stamp or "", len(turns)),
        )
        _add_lexicon(conn, schema, house, date)
    conn.commit()


def _add_lexicon(conn, schema: str, house: str, date: str) -> None:
    """The whole office, department and minister values this sitting brings."""
    day = "house = %s AND date = %s"
    conn.execute(
        f"INSERT INTO {schema}.lexicon "
        f"SELECT DISTINCT 'office', office FROM {schema}.turns WHERE {day} AND office IS NOT NULL "
        f"UNION SELECT DISTINCT 'department', department FROM {schema}.turns "
        f"WHERE {day} AND department IS NOT NULL "
        f"UNION SELECT DISTINCT 'minister', unnest(minister_values) FROM {schema}.turns "
        f"WHERE {day} ON CONFLICT DO NOTHING",
        (house, date) * 3,
    )


def _prune_lexicon(conn, schema: str) -> None:
    """Values no turn holds any more (their sittings were replaced or removed)."""
    conn.execute(
        f"DELETE FROM {schema}.lexicon l WHERE NOT CASE l.field "
        f"WHEN 'office' THEN EXISTS (SELECT 1 FROM {schema}.turns t WHERE t.office = l.value) "
        f"WHEN 'department' THEN EXISTS "
        f"(SELECT 1 FROM {schema}.turns t WHERE t.department = l.value) "
        f"ELSE EXISTS (SELECT 1 FROM {schema}.turns t WHERE t.minister_values @> ARRAY[l.value]) "
        "END"
    )


def update_days(data_dir: Path, url: str, days: Iterable[tuple[str, str]]) -> int:
    """Replace these sittings' rows with the archive's (a crawl calls this); returns turns added."""
    archive = Archive(archive_dir(data_dir))
    added = 0
    with _writer(url) as conn:
        _ensure_schema(conn, url)
        for house, date in dict.fromkeys(days):
            path = archive.turns_path(house, date)
            if path.exists():
                turns = archive.read_turns(house, date)
                _replace_day(conn, SCHEMA, house, date, turns, _day_stamp(archive, house, date))
                added += len(turns)
            else:
                _replace_day(conn, SCHEMA, house, date, None, None)
        if not set(_stamps(conn, SCHEMA)) ^ {day_term(h, d) for h, d in archive.days()}:
            _set_archive_changed(conn, SCHEMA, archive.last_changed())
        _mark_indexed(conn, SCHEMA)
        conn.commit()
    return added
