"""The query language, in the manner of TheyWorkForYou's, parsed by hand so errors are precise.

Grammar (operators are upper case; lower-case "and"/"or"/"not" are ordinary words)::

    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary (["AND"] unary)*          adjacent terms must all match
    unary   := "NOT" unary | "-" atom | atom
    atom    := "(" query ")" | "phrase" | word | field ":" value

- ``word``: stemmed, in the spoken text ("prosecute" finds "prosecuted", "prosecutions").
- ``"a phrase"``: verbatim, in the spoken text (no stemming, stop words kept).
- ``field:value`` or ``field:"several words"``. Fields: ``member`` (a name however printed, or a
  member id), ``minister`` (an office such as "Solicitor General", or a minister's name: their
  answers), ``office`` (any turn spoken as an office: "Speaker", "Prime Minister"), ``topic``
  (the exchange's heading and question, stemmed), ``title`` (debate heading), ``department``,
  ``party`` (as printed: Con, Lab, LD, SNP, CB...), ``role`` (question, answer, supplementary,
  chair, other), ``house`` (commons, lords), ``id``, ``date``, ``from``, ``to``.
- Dates: ``date:2015-11-26`` (a day), ``date:2015-11`` (a month), ``date:2015`` (a year),
  ``date:2015-01-01..2015-12-31`` (inclusive; either end may be left open: ``date:..2015-06-30``),
  ``from:2015-01-01`` and ``to:2015-12-31`` (inclusive).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from whoosh import query as wq

from hansard.dates import parse_day
from hansard.errors import UsageError
from hansard.records import HOUSES, ROLES
from index.schema import (
    date_number,
    name_analyzer,
    normalise_name,
    normalise_office,
    plain_analyzer,
    stemming_analyzer,
)
from search.datespan import DateSpan
from search.phrase import ExactPhrase

FIELDS = (
    "member", "minister", "office", "topic", "title", "department", "party", "role", "house",
    "id", "date", "from", "to",
)  # fmt: skip

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<minus>-)(?=[A-Za-z_]+:|\(|")
  | (?P<field>[A-Za-z_]+):
  | (?P<phrase>"[^"]*")
  | (?P<quote>")
  | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str
    value: str
    pos: int


MAX_DEPTH = 50
"""Brackets nested deeper are refused: no real query needs them, and the parser recurses."""


def tokenize(text: str) -> list[Token]:
    """The query's tokens, with words of symbols alone ("&", "–", an emoji) left out.

    Such a word analyses to no terms, so it can neither match nor rule out anything: it is
    dropped with the operator, ``NOT`` or brackets that only it used. A query of nothing else is
    refused, and so are wildcards (stemming does their work) and brackets nested too deep.
    """
    tokens: list[Token] = []
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "word"
        if kind == "space":
            continue
        if kind == "quote":
            raise UsageError(
                f"unbalanced quote at position {match.start() + 1} in query {text!r}; "
                'close the phrase with another "'
            )
        value = match.group(kind)
        if kind == "phrase":
            value = value[1:-1]
        elif kind == "word" and value in ("AND", "OR", "NOT"):
            kind = value.lower()
        elif kind == "word" and "*" in value:
            raise UsageError(
                f"wildcards are not supported ({value!r} in query {text!r}); words are stemmed, "
                "so 'stalk' already finds 'stalking' and 'stalked'"
            )
        elif kind == "lparen":
            depth += 1
            if depth > MAX_DEPTH:
                raise UsageError(
                    f"brackets nested more than {MAX_DEPTH} deep in query {text!r}; "
                    "remove the extra brackets"
                )
        elif kind == "rparen":
            depth = max(depth - 1, 0)
        after_field = bool(tokens) and tokens[-1].kind == "field"
        if kind in ("word", "phrase") and not after_field and _is_void(value):
            kind = "void"
        tokens.append(Token(kind, value, match.start()))
    if any(t.kind == "void" for t in tokens):
        tokens = _drop_voids(tokens)
        if not tokens:
            raise UsageError(
                f"the query {text!r} has no words to search for (symbols alone match nothing); "
                'use words, "phrases" or field:value filters'
            )
    return tokens


def _is_void(word: str) -> bool:
    """A word of symbols alone (also after a leading "-"): it analyses to no terms at all."""
    return not _analyse(plain_analyzer, word.lstrip("-") if len(word) > 1 else word)


def _drop_voids(tokens: list[Token]) -> list[Token]:
    """Remove void words with the syntax that only they used, until nothing changes."""
    kinds = [t.kind for t in tokens]
    changed = True
    while changed:
        changed = False
        for n, kind in enumerate(kinds):
            after = kinds[n + 1] if n + 1 < len(kinds) else None
            before = kinds[n - 1] if n else None
            if kind in ("not", "minus") and after == "void":
                del kinds[n], tokens[n]  # NOT nothing is nothing
            elif (
                kind == "lparen"
                and after == "void"
                and n + 2 < len(kinds)
                and (kinds[n + 2] == "rparen")
            ):
                del kinds[n + 2], tokens[n + 2], kinds[n], tokens[n]
            elif kind == "void" and after in ("and", "or"):
                del kinds[n : n + 2], tokens[n : n + 2]
            elif kind == "void" and before in ("and", "or"):
                del kinds[n - 1 : n + 1], tokens[n - 1 : n + 1]
            else:
                continue
            changed = True
            break
    return [t for t in tokens if t.kind != "void"]


Resolver = Callable[[str], wq.Query]


class Parser:
    """Turns query text into a Whoosh query; member/minister/department go through resolvers.

    The resolvers come from the engine because they need the index: a name is resolved to the
    member ids it belongs to (so turns printed under another form of the name match too), an
    office or department to the whole values in the index that contain its words.
    """

    def __init__(self, text: str, resolvers: dict[str, Resolver]) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.at = 0
        self.resolvers = resolvers

    def parse(self) -> wq.Query | None:
        if not self.tokens:
            return None
        result = self._or()
        if self.at < len(self.tokens):
            token = self.tokens[self.at]
            if token.kind == "rparen":
                raise UsageError(
                    f"unbalanced bracket: ')' at position {token.pos + 1} has no '(' "
                    f"in query {self.text!r}"
                )
            raise UsageError(f"unexpected {token.value!r} in query {self.text!r}")
        return result

    def _peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _or(self) -> wq.Query:
        parts = [self._and()]
        while (token := self._peek()) and token.kind == "or":
            self.at += 1
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def _and(self) -> wq.Query:
        parts = [self._unary()]
        while (token := self._peek()) and token.kind not in ("or", "rparen"):
            if token.kind == "and":
                self.at += 1
            parts.append(self._unary())
        return parts[0] if len(parts) == 1 else wq.And(parts)

    def _unary(self) -> wq.Query:
        token = self._peek()
        if token is None:
            raise UsageError(f"the query {self.text!r} ends where a word was expected")
        if token.kind == "not":
            self.at += 1
            return wq.Not(self._unary())
        if token.kind == "minus":
            self.at += 1
            return wq.Not(self._atom())
        if token.kind == "word" and token.value.startswith("-") and len(token.value) > 1:
            self.at += 1
            return wq.Not(self._word(token.value[1:]))
        return self._atom()

    def _atom(self) -> wq.Query:
        token = self._peek()
        if token is None:
            raise UsageError(f"the query {self.text!r} ends where a word was expected")
        self.at += 1
        if token.kind == "lparen":
            inner = self._or()
            closing = self._peek()
            if closing is None or closing.kind != "rparen":
                raise UsageError(
                    f"unbalanced bracket: '(' at position {token.pos + 1} is never closed "
                    f"in query {self.text!r}"
                )
            self.at += 1
            return inner
        if token.kind == "rparen":
            raise UsageError(
                f"unbalanced bracket: ')' at position {token.pos + 1} has no '(' "
                f"in query {self.text!r}"
            )
        if token.kind == "phrase":
            return phrase_query(token.value)
        if token.kind == "field":
            value = self._peek()
            if value is None or value.kind not in ("word", "phrase", "and", "or", "not"):
                raise UsageError(f"{token.value}: needs a value in query {self.text!r}")
            self.at += 1
            return self.field(token.value, value.value)
        if token.kind in ("and", "or"):
            raise UsageError(
                f"{token.value} at position {token.pos + 1} needs words on both sides "
                f"in query {self.text!r}"
            )
        return self._word(token.value)

    def _word(self, word: str) -> wq.Query:
        if word.startswith('"') and word.endswith('"') and len(word) > 1:
            return phrase_query(word[1:-1])
        return word_query(word)

    def field(self, name: str, value: str) -> wq.Query:
        name = name.lower()
        if name not in FIELDS:
            raise UsageError(
                f"unknown field {name!r} in query {self.text!r}; known fields: " + ", ".join(FIELDS)
            )
        return field_query(name, value, self.resolvers)


# -- building blocks ---------------------------------------------------------------------------


def _analyse(analyzer, text: str) -> list[str]:
    return [t.text for t in analyzer(text)]


def word_query(word: str) -> wq.Query:
    terms = _analyse(stemming_analyzer, word)
    if not terms:  # a stop word alone, or punctuation: matches as a verbatim word
        terms = _analyse(plain_analyzer, word)
        if not terms:
            return wq.Every()
        return _all_terms("exact", terms)
    return _all_terms("text", terms)


def phrase_query(text: str) -> wq.Query:
    words = _analyse(plain_analyzer, text)
    if not words:
        return wq.Every()
    if len(words) == 1:
        return wq.Term("exact", words[0])
    return ExactPhrase("exact", words)


def stemmed_query(fieldname: str, text: str) -> wq.Query:
    terms = _analyse(stemming_analyzer, text)
    return _all_terms(fieldname, terms) if terms else wq.Every()


def name_phrase(fieldname: str, text: str) -> wq.Query:
    words = _analyse(name_analyzer, text)
    if not words:
        return wq.NullQuery
    return wq.Term(fieldname, words[0]) if len(words) == 1 else wq.Phrase(fieldname, words)


def name_words(fieldname: str, text: str) -> wq.Query:
    words = _analyse(name_analyzer, text)
    return _all_terms(fieldname, words) if words else wq.NullQuery


def _all_terms(fieldname: str, terms: list[str]) -> wq.Query:
    if len(terms) == 1:
        return wq.Term(fieldname, terms[0])
    return wq.And([wq.Term(fieldname, t) for t in terms])


def field_query(name: str, value: str, resolvers: dict[str, Resolver]) -> wq.Query:
    """A ``field:value`` filter; member, minister and department resolve against the index."""
    value = value.strip()
    if not value:
        raise UsageError(f"{name}: needs a value")
    if name not in ("id", "date", "from", "to") and _is_void(value):
        raise UsageError(
            f"{name}: {value!r} has no words to look for (symbols alone match nothing)"
        )
    if name in resolvers:
        return resolvers[name](value)
    if name == "topic":
        return stemmed_query("topic", value)
    if name == "title":
        return stemmed_query("title", value)
    if name == "party":
        return party_query(value)
    if name == "role":
        return role_query(value)
    if name == "house":
        return house_query(value)
    if name == "id":
        return wq.Term("id", value)
    if name == "date":
        return date_query(value)
    if name == "from":
        return date_range(parse_date(value, "from"), None)
    return date_range(None, parse_date(value, "to"))


_PARTY_ALIASES = {
    "conservative": "con", "conservatives": "con", "tory": "con", "labour": "lab",
    "liberal democrat": "ld", "liberal democrats": "ld", "lib dem": "ld", "libdem": "ld",
    "crossbench": "cb", "crossbencher": "cb", "green": "green", "independent": "ind",
    "plaid cymru": "pc", "labour co-op": "labco-op", "lab/co-op": "lab/co-op",
}  # fmt: skip


def party_query(value: str) -> wq.Query:
    key = value.strip().lower()
    return wq.Term("party", _PARTY_ALIASES.get(key, key))


def role_query(value: str) -> wq.Query:
    role = value.strip().lower()
    if role not in ROLES:
        raise UsageError(f"unknown role {value!r}; use one of: {', '.join(ROLES)}")
    return wq.Term("role", role)


def house_query(value: str) -> wq.Query:
    house = value.strip().lower()
    if house not in (h.lower() for h in HOUSES):
        raise UsageError(f"unknown house {value!r}; use one of: {', '.join(HOUSES)}")
    return wq.Term("house", house)


def parse_date(value: str, what: str) -> str:
    day = parse_day(value)
    if day is None:
        raise UsageError(
            f"{what}: {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2015-11-26"
        )
    return day.isoformat()


def date_query(value: str) -> wq.Query:
    """A day, month, year, or an inclusive ``start..end`` range (either end may be open)."""
    if ".." in value:
        start, _, end = value.partition("..")
        return date_range(
            parse_date(start, "date") if start else None, parse_date(end, "date") if end else None
        )
    if re.fullmatch(r"\d{4}", value):
        return date_range(f"{value}-01-01", f"{value}-12-31")
    if re.fullmatch(r"\d{4}-\d{2}", value):
        start = parse_date(f"{value}-01", "date")
        year, month = int(value[:4]), int(value[5:])
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return date_range(start, (following - dt.timedelta(days=1)).isoformat())
    day = parse_date(value, "date")
    return date_range(day, day)


def date_range(start: str | None, end: str | None) -> wq.Query:
    if start and end and start > end:
        raise UsageError(f"the date range {start}..{end} ends before it starts")
    return DateSpan(date_number(start) if start else None, date_number(end) if end else None)


__all__ = [
    "FIELDS",
    "Parser",
    "date_range",
    "field_query",
    "house_query",
    "name_phrase",
    "name_words",
    "normalise_name",
    "normalise_office",
    "party_query",
    "phrase_query",
    "role_query",
    "stemmed_query",
    "tokenize",
]
