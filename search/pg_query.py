"""The syntax tree of a query (``search.syntax``) compiled to a SQL condition on ``turns t``.

Each node becomes a condition with ``%s`` parameters, meaning exactly what ``search.query``
makes it mean in Whoosh (the conformance suite holds the two to the same ids):

- a word: every stem of it in ``stems`` (a stop word alone: verbatim in ``exact``);
- a phrase: its words next to each other in ``exact`` (``'a' <-> 'b'``);
- member: the turns under that name, and every turn of the member ids that name belongs to;
- minister: answers given as an office or by a name (whole values containing the words);
- office, department: the whole values containing the words (``lexicon``);
- topic: every turn of the exchanges whose heading and question hold the stems (``topics``);
- NOT is ``IS NOT TRUE``, so a turn without the column (no party, no member id) is not lost.
"""

from __future__ import annotations

from hansard.errors import UsageError
from index.pg_schema import name_words, tsquery_all, tsquery_phrase
from index.schema import normalise_name, normalise_office
from index.textfields import lowered_words, stemmed_words
from search import syntax as s

TRUE, FALSE = "TRUE", "FALSE"


class SqlCompiler:
    """Compiles nodes, collecting parameters in order; ``conn`` answers lexicon look-ups."""

    def __init__(self, conn, schema: str) -> None:
        self.conn = conn
        self.schema = schema
        self.params: list = []

    def _param(self, value) -> str:
        self.params.append(value)
        return "%s"

    def compile(self, node: s.Node) -> str:
        if isinstance(node, s.Word):
            return self.word(node.text)
        if isinstance(node, s.Phrase):
            return self.phrase(node.text)
        if isinstance(node, s.Field):
            return self.field(node.name, node.value)
        if isinstance(node, s.DateRange):
            return self.dates(node.start, node.end)
        if isinstance(node, s.Not):
            return f"(({self.compile(node.part)}) IS NOT TRUE)"
        joiner = " AND " if isinstance(node, s.And) else " OR "
        return "(" + joiner.join(self.compile(part) for part in node.parts) + ")"

    # -- text --------------------------------------------------------------------------------

    def word(self, word: str) -> str:
        stems = stemmed_words(word)
        if stems:
            return f"t.stems @@ {self._param(tsquery_all(stems))}::tsquery"
        words = lowered_words(word)  # a stop word alone, or punctuation
        if not words:
            return TRUE
        return f"t.exact @@ {self._param(tsquery_all(words))}::tsquery"

    def phrase(self, text: str) -> str:
        words = lowered_words(text)
        if not words:
            return TRUE
        return f"t.exact @@ {self._param(tsquery_phrase(words))}::tsquery"

    def stemmed(self, column: str, text: str) -> str | None:
        stems = stemmed_words(text)
        return f"{column} @@ {self._param(tsquery_all(stems))}::tsquery" if stems else None

    # -- fields ------------------------------------------------------------------------------

    def field(self, name: str, value: str) -> str:
        if name == "member":
            return self.member(value)
        if name == "minister":
            return self.minister(value)
        if name in ("office", "department"):
            words = normalise_office(value)
            if not words:
                raise UsageError(f"{name}: {value!r} holds no name to look for")
            return self.any_value(name, self.values_containing(name, words))
        if name == "topic":
            found = self.stemmed("topic", value)
            if found is None:
                return TRUE
            return f"t.topic_key IN (SELECT topic_key FROM {self.schema}.topics WHERE {found})"
        if name == "title":
            return self.stemmed("t.title", value) or TRUE
        if name == "house":
            return f"t.house = {self._param(value.capitalize())}"
        if name in ("party", "role", "id"):
            return f"t.{name} = {self._param(value)}"
        raise UsageError(f"unknown field {name!r}")

    def dates(self, start: str | None, end: str | None) -> str:
        parts = []
        if start:
            parts.append(f"t.date >= {self._param(start)}::date")
        if end:
            parts.append(f"t.date <= {self._param(end)}::date")
        return "(" + " AND ".join(parts) + ")" if parts else TRUE

    def _ids_named(self, words: list[str], answers_only: bool) -> str | None:
        """``member_id = ANY(...)`` of the people these name words belong to (None if nobody):
        resolved first, as Whoosh does, so the planner can OR two index scans instead of
        checking a subquery row by row."""
        role = "role = 'answer' AND " if answers_only else ""
        rows = self.conn.execute(
            f"SELECT DISTINCT member_id FROM {self.schema}.turns WHERE {role}"
            "member_words @> %s::text[] AND member_id IS NOT NULL",
            (words,),
        ).fetchall()
        ids = sorted(member_id for (member_id,) in rows)
        return f"t.member_id = ANY({self._param(ids)}::text[])" if ids else None

    def member(self, value: str) -> str:
        if value.isdigit():
            return f"t.member_id = {self._param(value)}"
        words = name_words(normalise_name(value))
        if not words:
            raise UsageError(f"member: {value!r} holds no name to look for")
        by_name = f"t.member_words @> {self._param(words)}::text[]"
        by_id = self._ids_named(words, answers_only=False)
        return f"({by_name} OR {by_id})" if by_id else by_name

    def minister(self, value: str) -> str:
        """An office ("Solicitor General") or a name ("Robert Buckland"): answers only."""
        words = normalise_office(value)
        if not words:
            raise UsageError(f"minister: {value!r} holds no office or name to look for")
        name = normalise_name(value)
        values = self.values_containing("minister", words)
        if name and name != words:  # "Mr. Roy Mason" is stored as the name "roy mason"
            values += [v for v in self.values_containing("minister", name) if v not in values]
        parts = []
        if values:
            parts.append(f"t.minister_values && {self._param(values)}::text[]")
        named = name_words(name)
        by_id = self._ids_named(named, answers_only=True) if named else None
        if by_id:
            parts.append(f"(t.role = 'answer' AND {by_id})")
        return "(" + " OR ".join(parts) + ")" if parts else FALSE

    def any_value(self, column: str, values: list[str]) -> str:
        if not values:
            return FALSE
        return f"t.{column} = ANY({self._param(values)}::text[])"

    def values_containing(self, field: str, words: str) -> list[str]:
        """The whole values equal to these words, or else containing them in order (as Whoosh:
        "Prime Minister" is that office alone; "Home Office" finds every office of it)."""
        table = f"{self.schema}.lexicon"
        exact = self.conn.execute(
            f"SELECT 1 FROM {table} WHERE field = %s AND value = %s", (field, words)
        ).fetchone()
        if exact:
            return [words]
        rows = self.conn.execute(
            f"SELECT value FROM {table} WHERE field = %s "
            "AND strpos(' ' || value || ' ', ' ' || %s || ' ') > 0 ORDER BY value",
            (field, words),
        ).fetchall()
        return [value for (value,) in rows]


def rank_expression(words: s.Node | None) -> tuple[str, list]:
    """A relevance score from the words and phrases not under a NOT (``ts_rank`` per column)."""
    stems: list[str] = []
    exact: list[str] = []  # tsqueries on ``exact``
    for node in s.positive_text(words):
        if isinstance(node, s.Word) and (found := stemmed_words(node.text)):
            stems.extend(found)
        elif isinstance(node, s.Word):
            exact.extend(tsquery_all([w]) for w in lowered_words(node.text))
        elif phrase := lowered_words(node.text):
            exact.append(tsquery_phrase(phrase))
    parts: list[str] = []
    params: list = []
    if stems:
        parts.append("ts_rank(t.stems, %s::tsquery)")
        params.append(" | ".join(tsquery_all([w]) for w in dict.fromkeys(stems)))
    if exact:
        parts.append("ts_rank(t.exact, %s::tsquery)")
        params.append(" | ".join(f"({q})" for q in dict.fromkeys(exact)))
    return (" + ".join(parts) if parts else "0"), params
