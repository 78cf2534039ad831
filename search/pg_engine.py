"""Search the PostgreSQL tables (``index.pg_schema``) and return plain records, as
``search.engine`` does for Whoosh.

- The query is parsed once (``search.syntax``) and compiled to one SQL condition
  (``search.pg_query``); counts, pages and facets (``GROUP BY``) all use it.
- Each call runs in one read-only REPEATABLE READ transaction, so a total, its page and its
  facets come from one snapshot even while a sitting is being replaced.
- Snippets are made in Python from the stored text with the Whoosh engine's code
  (``search.snippets``): ``ts_headline`` cost 136 ms for 20 results.
- Reads go to a standby when the URL names one (``prefer-standby``); a connection that breaks
  (its server stopped) is opened again once, on whichever host answers, and the call retried.
"""

from __future__ import annotations

import threading
from pathlib import Path

from hansard.errors import HansardError
from hansard.records import SearchHit, SearchRequest, SearchResult, Turn
from index.pg_schema import PG_SCHEMA_VERSION, SCHEMA, connect, require_psycopg, safe_url
from index.textfields import lowered_words, stemmed_words
from search import syntax
from search.pg_query import SqlCompiler, rank_expression
from search.snippets import snippet

FACET_COLUMNS = {
    "member": "member_facet",
    "minister": "minister_facet",
    "department": "department_facet",
    "party": "party_facet",
    "year": "year",
}


def mark_terms(words: syntax.Node | None) -> tuple[set[str], list[tuple[str, ...]]]:
    """(stems, verbatim phrases) to mark in snippets: what ``search.engine`` marks for Whoosh."""
    stems: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    for node in syntax.positive_text(words):
        if isinstance(node, syntax.Word) and (found := stemmed_words(node.text)):
            stems.update(found)
        elif isinstance(node, syntax.Word):
            phrases.extend((w,) for w in lowered_words(node.text))
        elif phrase := lowered_words(node.text):
            phrases.append(tuple(phrase))
    return stems, phrases


class NoTables(HansardError):
    """The database holds no hansard tables yet (``hansard index --backend URL`` makes them)."""


class PostgresSearch:
    """The reading side of one PostgreSQL backend URL (one connection, opened lazily, kept).

    Safe to share between threads (the web's thread pool): a lock lets one call at a time use
    the connection, so two threads' transactions never interleave on it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn = None
        self._checked = False
        self._lock = threading.RLock()

    # -- connection --------------------------------------------------------------------------

    def _connection(self):
        if self._conn is None or self._conn.closed:
            psycopg = require_psycopg()
            conn = connect(self.url, write=False)
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            self._conn = conn
        return self._conn

    def _read(self, work):
        """Run ``work(conn)`` in one read transaction; once more on a fresh connection if the
        server went away (a stopped replica: the next host answers)."""
        with self._lock:
            return self._read_locked(work)

    def _read_locked(self, work):
        psycopg = require_psycopg()

        for attempt in (1, 2):
            conn = self._connection()
            try:
                with conn.transaction():
                    if not self._checked:  # once per connection: two queries less per search
                        self._check_schema(conn)
                        self._checked = True
                    return work(conn)
            except psycopg.errors.UndefinedTable:
                self._checked = False  # the tables went away meanwhile: check, and say so
                if attempt == 2:
                    raise
            except psycopg.OperationalError as error:
                self.close()
                if attempt == 2:
                    raise HansardError(
                        f"PostgreSQL at {safe_url(self.url)} stopped answering ({error}); "
                        "retry, or check the servers"
                    ) from None
        raise AssertionError("unreachable")

    def close(self) -> None:
        with self._lock:
            self._checked = False
            if self._conn is not None:
                try:
                    self._conn.close()
                finally:
                    self._conn = None

    def _check_schema(self, conn) -> None:
        if conn.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.meta",)).fetchone()[0] is None:
            raise NoTables(
                f"no search tables yet in PostgreSQL at {safe_url(self.url)}: run "
                "`hansard index --backend URL` to build them from the archive"
            )
        row = conn.execute(
            f"SELECT value FROM {SCHEMA}.meta WHERE key = 'schema_version'"
        ).fetchone()
        version = int(row[0]) if row else None
        if version != PG_SCHEMA_VERSION:
            raise HansardError(
                f"the PostgreSQL tables at {safe_url(self.url)} were built by another version "
                f"of hansard (schema {version}, this one reads {PG_SCHEMA_VERSION}); run "
                "`hansard index --backend URL --rebuild`"
            )

    # -- search ------------------------------------------------------------------------------

    def _where(self, conn, request: SearchRequest) -> tuple[syntax.Node | None, str, list]:
        words, filters = syntax.request_nodes(request)
        compiler = SqlCompiler(conn, SCHEMA)
        parts = [compiler.compile(node) for node in ([words] if words else []) + filters]
        return words, " AND ".join(parts) if parts else "TRUE", compiler.params

    def search(self, request: SearchRequest) -> SearchResult:
        syntax.check_request(request)
        return self._read(lambda conn: self._search(conn, request))

    def _search(self, conn, request: SearchRequest) -> SearchResult:
        words, where, params = self._where(conn, request)
        table = f"{SCHEMA}.turns t"
        sort = request.sort
        if sort == "relevance" and words is None:
            sort = "-date"  # nothing to rank by: newest first, each sitting in order
        hits: list[SearchHit] = []
        if request.limit == 0:
            sql = f"SELECT count(*) FROM {table} WHERE {where}"
            total = conn.execute(sql, params).fetchone()[0]
        else:
            # The total rides along (a window over every match): one pass, not two.
            limit = "" if request.limit is None else f" LIMIT {int(request.limit)}"
            if sort == "relevance":
                score, score_params = rank_expression(words)
                order = "score DESC, t.sort_key"
            else:
                score, score_params = "0", []
                order = "t.sort_key" if sort == "date" else "t.sort_key_desc"
            # Rank and count on the keys, then fetch only the page's turns: the stored turn is
            # the widest column, and reading it for every match doubled a common word's time.
            page = (
                f"SELECT t.house, t.date, t.seq, t.sort_key, t.sort_key_desc, {score} AS score, "
                f"count(*) OVER () AS total FROM {table} WHERE {where} ORDER BY {order}{limit}"
            )
            sql = (
                f"SELECT t.turn, p.score, p.total FROM ({page}) p JOIN {SCHEMA}.turns t "
                "USING (house, date, seq) ORDER BY "
                + order.replace("score", "p.score").replace("t.sort_key", "p.sort_key")
            )
            rows = conn.execute(sql, score_params + params).fetchall()
            total = rows[0][2] if rows else 0
            marks = mark_terms(words)
            for text, score_value, _total in rows:
                turn = Turn.from_json(text)
                hits.append(
                    SearchHit(
                        turn=turn,
                        score=round(float(score_value or 0.0), 4),
                        snippet=snippet(turn.text, marks),
                    )
                )
        facets = {}
        for name in request.facets:
            column = f"t.{FACET_COLUMNS[name]}"
            rows = conn.execute(
                f"SELECT {column}, count(*) FROM {table} WHERE {where} "
                f"AND {column} IS NOT NULL AND {column} <> '' GROUP BY {column}",
                params,
            ).fetchall()
            facets[name] = tuple(sorted(((v, n) for v, n in rows), key=lambda kv: (-kv[1], kv[0])))
        return SearchResult(hits=tuple(hits), total=total, facets=facets)

    def count(self, request: SearchRequest) -> int:
        syntax.check_request(request)

        def work(conn) -> int:
            _words, where, params = self._where(conn, request)
            sql = f"SELECT count(*) FROM {SCHEMA}.turns t WHERE {where}"
            return conn.execute(sql, params).fetchone()[0]

        return self._read(work)

    # -- turns and exchanges -----------------------------------------------------------------

    def get_turn(self, turn_id: str) -> Turn | None:
        def work(conn):
            row = conn.execute(
                f"SELECT turn FROM {SCHEMA}.turns WHERE id = %s ORDER BY date DESC LIMIT 1",
                (turn_id,),
            ).fetchone()
            return Turn.from_json(row[0]) if row else None

        return self._read(work)

    def exchange(self, turn_id: str) -> list[Turn]:
        """Every turn of the exchange this turn belongs to, in sitting order ([] if none)."""
        turn = self.get_turn(turn_id)
        if turn is None:
            return []
        if not turn.exchange_id:
            return [turn]

        def work(conn):
            rows = conn.execute(
                f"SELECT turn FROM {SCHEMA}.turns WHERE house = %s AND date = %s "
                "AND exchange_id = %s ORDER BY seq",
                (turn.house, turn.date, turn.exchange_id),
            ).fetchall()
            return [Turn.from_json(text) for (text,) in rows]

        return self._read(work)

    def sittings(self) -> dict[str, str]:
        """Sitting key ("Commons:2015-11-26") -> the stamp of the archived day file loaded."""

        def work(conn) -> dict[str, str]:
            rows = conn.execute(f"SELECT house, date::text, stamp FROM {SCHEMA}.sittings")
            return {f"{house}:{date}": stamp for house, date, stamp in rows.fetchall()}

        return self._read(work)

    # -- stats -------------------------------------------------------------------------------

    def index_stats(self) -> dict:
        def work(conn) -> dict:
            meta = dict(conn.execute(f"SELECT key, value FROM {SCHEMA}.meta").fetchall())
            turns = conn.execute(f"SELECT count(*) FROM {SCHEMA}.turns").fetchone()[0]
            sittings = conn.execute(f"SELECT count(*) FROM {SCHEMA}.sittings").fetchone()[0]
            size = conn.execute(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relkind = 'r'",
                (SCHEMA,),
            ).fetchone()[0]
            standby = conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
            return {
                "backend": "postgresql",
                "path": safe_url(self.url),
                "server": f"{conn.info.host}:{conn.info.port}"
                + (" (standby)" if standby else " (primary)"),
                "turns": turns,
                "segments": None,
                "sittings": sittings,
                "schema_version": int(meta.get("schema_version", 0)) or None,
                "size_mb": round(float(size or 0) / 1e6, 2),
                "indexed_at": float(meta["indexed_at"]) if "indexed_at" in meta else None,
                "archive_changed": float(meta.get("archive_changed", 0.0)),
            }

        return self._read(work)

    def warning(self, data_dir: Path) -> str | None:
        """The "archive newer than the tables" warning, when this machine has the archive."""
        from hansard.archive import Archive
        from hansard.datadir import archive_dir

        changed = Archive(archive_dir(data_dir)).last_changed()
        if not changed:
            return None

        def work(conn) -> float:
            row = conn.execute(
                f"SELECT value FROM {SCHEMA}.meta WHERE key = 'archive_changed'"
            ).fetchone()
            return float(row[0]) if row else 0.0

        if changed > self._read(work) + 1e-6:
            return (
                "the archive is newer than the PostgreSQL tables; run "
                "`hansard index --backend URL` to bring them up to date"
            )
        return None
