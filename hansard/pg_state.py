"""The user's state (commitment marks, watch lists) in PostgreSQL, shared by every node.

The same API as the JSON files of ``hansard.state``: a table per (name, key), read whole,
changed under a lock. Here the table is a ``jsonb`` row of ``hansard_state.state`` (its own
schema, so ``hansard index --rebuild``, which replaces schema ``hansard``, never touches it);
the lock is the row's, taken with ``SELECT ... FOR UPDATE`` in a transaction on the primary, so
two nodes changing the same table at once are serialised and neither change is lost. Reads go
to the primary when it answers (a mark just made is seen at once), else to a replica.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

from hansard.errors import HansardError

SCHEMA = "hansard_state"
_CREATE = f"""
CREATE SCHEMA IF NOT EXISTS {SCHEMA};
CREATE TABLE IF NOT EXISTS {SCHEMA}.state (
    name text NOT NULL, key text NOT NULL, value jsonb NOT NULL, changed_at timestamptz,
    PRIMARY KEY (name, key));
"""


def _connect(url: str, *, write: bool):
    from index.pg_schema import connect

    return connect(url, write=write)


def _ensure_table(conn) -> None:
    if conn.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.state",)).fetchone()[0] is None:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (SCHEMA,))
            conn.execute(_CREATE)


def load_state(url: str, name: str, key: str) -> dict[str, Any]:
    try:
        conn = _connect(url, write=True)
    except HansardError:  # no primary: a replica's copy, perhaps a moment behind
        conn = _connect(url, write=False)
    with conn:
        if conn.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.state",)).fetchone()[0] is None:
            return {}
        row = conn.execute(
            f"SELECT value FROM {SCHEMA}.state WHERE name = %s AND key = %s", (name, key)
        ).fetchone()
    return dict(row[0]) if row else {}


@contextlib.contextmanager
def locked_state(url: str, name: str, key: str) -> Iterator[dict[str, Any]]:
    """The table, locked (its row, ``FOR UPDATE``) until the block ends; written back if it
    changed, nothing written if the block raises."""
    with _connect(url, write=True) as conn:
        from psycopg.types.json import Jsonb

        conn.autocommit = True
        _ensure_table(conn)
        with conn.transaction():
            conn.execute(
                f"INSERT INTO {SCHEMA}.state VALUES (%s, %s, '{{}}', now()) ON CONFLICT DO NOTHING",
                (name, key),
            )
            row = conn.execute(
                f"SELECT value FROM {SCHEMA}.state WHERE name = %s AND key = %s FOR UPDATE",
                (name, key),
            ).fetchone()
            table = dict(row[0])
            before = json.dumps(table, sort_keys=True)
            yield table
            if json.dumps(table, sort_keys=True) != before:
                conn.execute(
                    f"UPDATE {SCHEMA}.state SET value = %s, changed_at = now() "
                    "WHERE name = %s AND key = %s",
                    (Jsonb(table), name, key),
                )
