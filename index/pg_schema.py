"""The PostgreSQL tables derived from the archive, and how a sitting's turns become their rows.

Why the tables look as they do (the PostgreSQL twin of ``index.schema``):

- Words are split and stemmed in Python, by the same code as the Whoosh index
  (``index.textfields``), and stored as ready-made ``tsvector`` values, so both engines match
  exactly the same turns. PostgreSQL's own ``english`` configuration stems differently (and
  drops "we will" from "we will publish"); here ``stems`` holds the stemmed words and ``exact``
  every word verbatim with its position, so a phrase is a ``<->`` query on ``exact``.
- Names, offices and departments are normalised as for Whoosh; ``member_words`` is the name's
  words (an array, GIN-indexed), ``minister_values`` the office and name of an answer.
- The topic is exchange-level: one ``topics`` row per exchange (a turn of no exchange is its
  own topic), joined on ``topic_key``.
- ``sittings`` is the manifest: which archived day (and which version of its file) is loaded;
  ``meta`` holds the schema version. All live in one PostgreSQL schema, ``hansard``, so a
  rebuild fills ``hansard_building`` and swaps the two names in one transaction.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from hansard.errors import HansardError
from hansard.records import Turn
from index.schema import (
    exchange_key,
    exchange_topics,
    name_analyzer,
    normalise_office,
    sort_key,
    speaker_names,
    turn_json,
)
from index.textfields import lowered_words, stemmed_words

PG_SCHEMA_VERSION = 2
"""Bump when the tables or what goes into them change; older tables must then be rebuilt.

2: ``member_words`` and the facets also hold ``speaker_full_name``, as Whoosh schema 3 does.
"""
SCHEMA = "hansard"
BUILDING = "hansard_building"
MAX_POSITION = 16383
"""PostgreSQL keeps word positions up to 16,383 (later words share that position)."""
MAX_LEXEME_BYTES = 2046

TURN_COLUMNS = (
    "id", "house", "date", "seq", "sort_key", "sort_key_desc", "role", "member_id", "party",
    "member_words", "office", "department", "minister_values", "exchange_id", "topic_key",
    "stems", "exact", "title", "member_facet", "minister_facet", "department_facet",
    "party_facet", "year", "turn",
)  # fmt: skip
TOPIC_COLUMNS = ("house", "date", "topic_key", "topic")

TABLES = """
CREATE TABLE {s}.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE {s}.sittings (
    house text NOT NULL, date date NOT NULL, stamp text NOT NULL, turns int NOT NULL,
    PRIMARY KEY (house, date));
CREATE TABLE {s}.turns (
    id text NOT NULL, house text NOT NULL, date date NOT NULL, seq int NOT NULL,
    sort_key bigint NOT NULL, sort_key_desc bigint NOT NULL, role text NOT NULL,
    member_id text, party text, member_words text[] NOT NULL, office text, department text,
    minister_values text[] NOT NULL, exchange_id text, topic_key bigint NOT NULL,
    stems tsvector NOT NULL, exact tsvector NOT NULL, title tsvector NOT NULL,
    member_facet text, minister_facet text, department_facet text, party_facet text,
    year text NOT NULL, turn text NOT NULL,
    PRIMARY KEY (house, date, seq));
CREATE TABLE {s}.topics (
    house text NOT NULL, date date NOT NULL, topic_key bigint NOT NULL, topic tsvector NOT NULL,
    PRIMARY KEY (house, date, topic_key));
CREATE TABLE {s}.lexicon (field text NOT NULL, value text NOT NULL, PRIMARY KEY (field, value));
"""

INDEXES = """
CREATE INDEX turns_id ON {s}.turns (id);
CREATE INDEX turns_sort ON {s}.turns (sort_key);
CREATE INDEX turns_sort_desc ON {s}.turns (sort_key_desc);
CREATE INDEX turns_date ON {s}.turns (date);
CREATE INDEX turns_member_id ON {s}.turns (member_id, sort_key_desc);
CREATE INDEX turns_topic_key ON {s}.turns (topic_key);
CREATE INDEX turns_exchange ON {s}.turns (house, date, exchange_id);
CREATE INDEX turns_office ON {s}.turns (office);
CREATE INDEX turns_department ON {s}.turns (department);
CREATE INDEX turns_party ON {s}.turns (party);
CREATE INDEX turns_stems ON {s}.turns USING gin (stems);
CREATE INDEX turns_exact ON {s}.turns USING gin (exact);
CREATE INDEX turns_title ON {s}.turns USING gin (title);
CREATE INDEX turns_member_words ON {s}.turns USING gin (member_words);
CREATE INDEX turns_minister_values ON {s}.turns USING gin (minister_values);
CREATE INDEX topics_topic ON {s}.topics USING gin (topic);
"""


# -- connecting --------------------------------------------------------------------------------


def is_postgres_url(url: str | None) -> bool:
    return bool(url) and url.split("://", 1)[0] in ("postgresql", "postgres")


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def require_psycopg():
    """The psycopg module, or a one-line error saying how to install it."""
    try:
        import psycopg
    except ImportError:
        raise HansardError(
            "the PostgreSQL backend needs psycopg: pip install 'hansard-qa[postgresql]'"
        ) from None
    return psycopg


def connect(url: str, *, write: bool):
    """A connection for reading (a standby if one answers, else the primary) or for writing
    (the primary only). The URL may name several hosts (libpq's multi-host form); its own
    ``target_session_attrs`` is replaced by what the purpose needs."""
    psycopg = require_psycopg()
    attrs = "read-write" if write else "prefer-standby"
    try:
        return psycopg.connect(url, target_session_attrs=attrs, connect_timeout=5)
    except psycopg.OperationalError as error:
        reason = str(error).strip().splitlines()[-1] if str(error).strip() else "no answer"
        if write:
            raise HansardError(
                f"cannot write to PostgreSQL at {safe_url(url)}: no primary accepts writes "
                f"({reason}); searches still work on the replicas, retry when the primary is back"
            ) from None
        raise HansardError(
            f"cannot reach PostgreSQL at {safe_url(url)} ({reason}); check the --backend URL "
            "and that the server is running"
        ) from None


# -- rows --------------------------------------------------------------------------------------


_POSITIONS = [str(n) for n in range(MAX_POSITION + 1)]


def _lexeme(word: str) -> str:
    if "'" in word or "\\" in word:
        word = word.replace("\\", "\\\\").replace("'", "''")
    return f"'{word}'"


def _too_long(word: str) -> bool:
    return len(word) * 4 > MAX_LEXEME_BYTES and len(word.encode("utf-8")) > MAX_LEXEME_BYTES


def tsvector(words: list[str]) -> str:
    """The ``tsvector`` text of these words, each with its positions (1-based, as in the text;
    PostgreSQL keeps at most 256 positions of a word, the last at 16,383)."""
    positions: dict[str, list[int]] = {}
    for pos, word in enumerate(words, 1):
        found = positions.get(word)
        if found is None:
            positions[word] = [pos if pos < MAX_POSITION else MAX_POSITION]
        elif len(found) < 256 and found[-1] < MAX_POSITION:
            found.append(pos if pos < MAX_POSITION else MAX_POSITION)
    names = _POSITIONS
    return " ".join(
        f"{_lexeme(w)}:{','.join([names[p] for p in found])}"
        for w, found in positions.items()
        if not _too_long(w)
    )


def lexemes(words: list[str]) -> str:
    """A ``tsvector`` of these words without positions (for filters that never rank)."""
    return " ".join(_lexeme(w) for w in dict.fromkeys(words) if not _too_long(w))


def tsquery_all(words: list[str]) -> str:
    """Every one of these lexemes (``&``)."""
    return " & ".join(_lexeme(w) for w in words)


def tsquery_phrase(words: list[str]) -> str:
    """These lexemes next to each other, in order (``<->``)."""
    return " <-> ".join(_lexeme(w) for w in words)


def name_words(name: str) -> list[str]:
    """A normalised name's words as the Whoosh ``member`` field holds them (accents folded)."""
    return [token.text for token in name_analyzer(name)]


def day_rows(turns: list[Turn]) -> tuple[list[tuple], list[tuple]]:
    """(turn rows, topic rows) of one sitting, in sitting order."""
    topics = exchange_topics(turns)
    turn_rows: list[tuple] = []
    topic_rows: list[tuple] = []
    titles: dict[str | None, str] = {}
    for seq, turn in enumerate(turns):
        if turn.exchange_id:
            key = exchange_key(turn.house, turn.date, turn.exchange_id)
            topic = topics.pop(turn.exchange_id, None)
        else:  # a turn of no exchange is its own topic
            key = exchange_key(turn.house, turn.date, "\0" + turn.id)
            topic = turn.debate_title or ""
        if topic is not None:
            topic_rows.append((turn.house, turn.date, key, lexemes(stemmed_words(topic))))
        title = titles.get(turn.debate_title)
        if title is None:
            title = titles[turn.debate_title] = lexemes(stemmed_words(turn.debate_title or ""))
        turn_rows.append(turn_row(turn, seq, key, title))
    return turn_rows, topic_rows


def turn_row(turn: Turn, seq: int, topic_key: int, title: str) -> tuple:
    names, shown = speaker_names(turn)
    office = normalise_office(turn.speaker_office)
    answer = turn.role == "answer"
    values = {
        "id": turn.id,
        "house": turn.house,
        "date": turn.date,
        "seq": seq,
        "sort_key": sort_key(turn.date, turn.house, seq),
        "sort_key_desc": sort_key(turn.date, turn.house, seq, newest_first=True),
        "role": turn.role,
        "member_id": str(turn.member_id) if turn.member_id is not None else None,
        "party": turn.party.lower() if turn.party else None,
        "member_words": name_words(" ".join(names)),
        "office": office or None,
        "department": normalise_office(turn.department) or None,
        "minister_values": [v for v in (office, *names) if v] if answer else [],
        "exchange_id": turn.exchange_id,
        "topic_key": topic_key,
        "stems": tsvector(stemmed_words(turn.text)),
        "exact": tsvector(lowered_words(turn.text)),
        "title": title,
        "member_facet": shown or None,
        "minister_facet": (turn.speaker_office or shown or None) if answer else None,
        "department_facet": turn.department or None,
        "party_facet": turn.party or None,
        "year": turn.date[:4],
        "turn": turn_json(turn),
    }
    return tuple(values[column] for column in TURN_COLUMNS)
