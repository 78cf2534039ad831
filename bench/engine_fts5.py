"""SQLite FTS5 doing the benchmark's workload: a reference for how fast the same job can be.

The schema mirrors what the Whoosh index holds: every turn field stored (a row), the text indexed
twice (Porter-stemmed for words, unstemmed for quoted phrases), and plain B-tree indexes for the
member, office, date and party filters. A day is replaced by deleting its rows and inserting the
new ones; triggers keep both full-text tables in step, as external-content FTS5 tables need.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hansard.archive import Archive
from hansard.datadir import archive_dir
from hansard.records import TURN_FIELDS, Turn

NAME = "fts5"
COLUMNS = [f for f in TURN_FIELDS]
TABLES = f"""
CREATE TABLE turns (rowid INTEGER PRIMARY KEY, {", ".join(COLUMNS)});
CREATE VIRTUAL TABLE turns_fts USING fts5(text, content='turns', content_rowid='rowid',
    tokenize='porter unicode61');
CREATE VIRTUAL TABLE turns_exact USING fts5(text, content='turns', content_rowid='rowid',
    tokenize='unicode61');
"""
INDEXES = """
CREATE UNIQUE INDEX turns_id ON turns(id);
CREATE INDEX turns_day ON turns(house, date);
CREATE INDEX turns_member ON turns(member_id, date);
CREATE INDEX turns_office ON turns(speaker_office, date);
CREATE INDEX turns_date ON turns(date);
CREATE TRIGGER turns_ai AFTER INSERT ON turns BEGIN
  INSERT INTO turns_fts(rowid, text) VALUES (new.rowid, new.text);
  INSERT INTO turns_exact(rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER turns_ad AFTER DELETE ON turns BEGIN
  INSERT INTO turns_fts(turns_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
  INSERT INTO turns_exact(turns_exact, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
"""
INSERT = f"INSERT INTO turns ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"


def store_path(workdir: Path) -> Path:
    return workdir / "fts5.sqlite"


def _rows(turns: Iterable[Turn]) -> Iterable[tuple]:
    for turn in turns:
        yield tuple(getattr(turn, f) for f in COLUMNS)


def build(data_dir: Path, workdir: Path) -> int:
    """Bulk load, then build the full-text and B-tree indexes once (faster than row by row)."""
    path = store_path(workdir)
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(TABLES)
    archive = Archive(archive_dir(data_dir))
    with db:
        db.executemany(INSERT, _rows(archive.iter_turns()))
        db.execute("INSERT INTO turns_fts(turns_fts) VALUES ('rebuild')")
        db.execute("INSERT INTO turns_exact(turns_exact) VALUES ('rebuild')")
        db.executescript(INDEXES)
    count = db.execute("SELECT count(*) FROM turns").fetchone()[0]
    db.close()
    return count


def update(data_dir: Path, workdir: Path, house: str, date: str) -> int:
    """Replace one day: delete its rows (triggers clean the FTS tables), insert the archive's."""
    turns = Archive(archive_dir(data_dir)).read_turns(house, date)
    db = sqlite3.connect(store_path(workdir))
    with db:
        db.execute("DELETE FROM turns WHERE house = ? AND date = ?", (house, date))
        db.executemany(INSERT, _rows(turns))
    db.close()
    return len(turns)


class Searcher:
    def __init__(self, workdir: Path) -> None:
        self.db = sqlite3.connect(store_path(workdir))

    def run(self, spec: dict[str, Any]) -> tuple[int, list[Turn], dict[str, list]]:
        """The spec's query: (total matches, top hits as Turns, facet counts)."""
        joins, where, params = [], [], []
        order = "t.date, t.rowid" if spec.get("sort") == "date" else "t.date DESC, t.rowid"
        if spec.get("words"):
            joins.append("JOIN turns_fts f ON f.rowid = t.rowid")
            where.append("turns_fts MATCH ?")
            params.append(spec["words"])
            order = "f.rank" if spec.get("sort", "relevance") == "relevance" else order
        if spec.get("phrase"):
            joins.append("JOIN turns_exact x ON x.rowid = t.rowid")
            where.append("turns_exact MATCH ?")
            params.append('"' + spec["phrase"] + '"')
            order = "x.rank"
        if spec.get("member"):
            where.append("t.member_id = ?")
            params.append(spec["member"]["id"])
        if spec.get("office"):
            where.append("t.speaker_office = ?")
            params.append(spec["office"])
        if spec.get("date_from"):
            where.append("t.date >= ?")
            params.append(spec["date_from"])
        if spec.get("date_to"):
            where.append("t.date <= ?")
            params.append(spec["date_to"])
        source = f"turns t {' '.join(joins)} WHERE {' AND '.join(where) or '1'}"
        total = self.db.execute(f"SELECT count(*) FROM {source}", params).fetchone()[0]
        rows = self.db.execute(
            f"SELECT {', '.join('t.' + c for c in COLUMNS)} FROM {source} ORDER BY {order} "
            f"LIMIT {int(spec.get('limit', 20))}",
            params,
        ).fetchall()
        hits = [Turn(**dict(zip(COLUMNS, row, strict=True))) for row in rows]
        facets: dict[str, list] = {}
        if spec.get("facet"):
            field = {"party": "party", "member": "member_id"}[spec["facet"]]
            facets[spec["facet"]] = self.db.execute(
                f"SELECT t.{field}, count(*) FROM {source} GROUP BY 1 ORDER BY 2 DESC", params
            ).fetchall()
        return total, hits, facets
