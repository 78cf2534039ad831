"""The query language parsed once into a small syntax tree that any engine can compile.

The tree is plain frozen dataclasses and imports no engine: ``search.query`` compiles it to
Whoosh queries, ``search.pg_query`` to SQL. Everything that does not need the index is decided
here, once, so the two engines cannot disagree about it: the grammar and its errors, which
field names exist, roles, houses and dates (checked and normalised), and the party aliases.
What needs the index (which members a name means, which whole offices contain some words) is
resolved by each engine's compiler.

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
from dataclasses import dataclass
from typing import Union

from hansard.dates import parse_day
from hansard.errors import UsageError
from hansard.records import HOUSES, ROLES, SearchRequest

FIELDS = (
    "member", "minister", "office", "topic", "title", "department", "party", "role", "house",
    "id", "date", "from", "to",
)  # fmt: skip


# -- the tree ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A free word: stemmed; a stop word alone matches verbatim."""

    text: str


@dataclass(frozen=True)
class Phrase:
    """Words that must stand together, verbatim (no stemming, stop words kept)."""

    text: str


@dataclass(frozen=True)
class Field:
    """``name:value`` for every field but dates. ``role`` and ``house`` come checked and lower
    case, ``party`` with its alias resolved ("Labour" -> "lab"); the others as written."""

    name: str
    value: str


@dataclass(frozen=True)
class DateRange:
    """Inclusive ISO dates; None leaves that end open."""

    start: str | None
    end: str | None


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Node = Union[Word, Phrase, Field, DateRange, And, Or, Not]  # noqa: UP007 (a runtime alias)

TEXT_NODES = (Word, Phrase)
"""The nodes that rank and that snippets mark; everything else only filters."""


# -- tokens ------------------------------------------------------------------------------------

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

_WORD = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")
"""How both engines split words (Whoosh's default tokenizer, as ``index.textfields.WORD``)."""


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
        if kind in ("word", "phrase") and not after_field and is_void(value):
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


def is_void(word: str) -> bool:
    """A word of symbols alone (also after a leading "-"): it analyses to no terms at all."""
    return not _WORD.search(word.lstrip("-") if len(word) > 1 else word)


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


# -- parsing -----------------------------------------------------------------------------------


class Parser:
    """Query text -> a syntax tree (None for no query); a malformed query -> UsageError."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.at = 0

    def parse(self) -> Node | None:
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

    def _or(self) -> Node:
        parts = [self._and()]
        while (token := self._peek()) and token.kind == "or":
            self.at += 1
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def _and(self) -> Node:
        parts = [self._unary()]
        while (token := self._peek()) and token.kind not in ("or", "rparen"):
            if token.kind == "and":
                self.at += 1
            parts.append(self._unary())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def _unary(self) -> Node:
        token = self._peek()
        if token is None:
            raise UsageError(f"the query {self.text!r} ends where a word was expected")
        if token.kind == "not":
            self.at += 1
            return Not(self._unary())
        if token.kind == "minus":
            self.at += 1
            return Not(self._atom())
        if token.kind == "word" and token.value.startswith("-") and len(token.value) > 1:
            self.at += 1
            return Not(self._word(token.value[1:]))
        return self._atom()

    def _atom(self) -> Node:
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
            return Phrase(token.value)
        if token.kind == "field":
            value = self._peek()
            if value is None or value.kind not in ("word", "phrase", "and", "or", "not"):
                raise UsageError(f"{token.value}: needs a value in query {self.text!r}")
            self.at += 1
            name = token.value.lower()
            if name not in FIELDS:
                raise UsageError(
                    f"unknown field {name!r} in query {self.text!r}; known fields: "
                    + ", ".join(FIELDS)
                )
            return field_node(name, value.value)
        if token.kind in ("and", "or"):
            raise UsageError(
                f"{token.value} at position {token.pos + 1} needs words on both sides "
                f"in query {self.text!r}"
            )
        return self._word(token.value)

    def _word(self, word: str) -> Node:
        if word.startswith('"') and word.endswith('"') and len(word) > 1:
            return Phrase(word[1:-1])
        return Word(word)


def parse(text: str) -> Node | None:
    return Parser(text).parse()


# -- fields ------------------------------------------------------------------------------------

_PARTY_ALIASES = {
    "conservative": "con", "conservatives": "con", "tory": "con", "labour": "lab",
    "liberal democrat": "ld", "liberal democrats": "ld", "lib dem": "ld", "libdem": "ld",
    "crossbench": "cb", "crossbencher": "cb", "green": "green", "independent": "ind",
    "plaid cymru": "pc", "labour co-op": "labco-op", "lab/co-op": "lab/co-op",
}  # fmt: skip


def field_node(name: str, value: str) -> Node:
    """A checked ``name:value`` (a known field name, lower case); bad values -> UsageError."""
    value = value.strip()
    if not value:
        raise UsageError(f"{name}: needs a value")
    if name not in ("id", "date", "from", "to") and is_void(value):
        raise UsageError(
            f"{name}: {value!r} has no words to look for (symbols alone match nothing)"
        )
    if name == "party":
        key = value.lower()
        return Field("party", _PARTY_ALIASES.get(key, key))
    if name == "role":
        role = value.lower()
        if role not in ROLES:
            raise UsageError(f"unknown role {value!r}; use one of: {', '.join(ROLES)}")
        return Field("role", role)
    if name == "house":
        house = value.lower()
        if house not in (h.lower() for h in HOUSES):
            raise UsageError(f"unknown house {value!r}; use one of: {', '.join(HOUSES)}")
        return Field("house", house)
    if name == "date":
        return date_node(value)
    if name == "from":
        return date_range(parse_date(value, "from"), None)
    if name == "to":
        return date_range(None, parse_date(value, "to"))
    return Field(name, value)


def parse_date(value: str, what: str) -> str:
    day = parse_day(value)
    if day is None:
        raise UsageError(
            f"{what}: {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2015-11-26"
        )
    return day.isoformat()


def date_node(value: str) -> DateRange:
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


def date_range(start: str | None, end: str | None) -> DateRange:
    if start and end and start > end:
        raise UsageError(f"the date range {start}..{end} ends before it starts")
    return DateRange(start, end)


# -- a whole request ---------------------------------------------------------------------------

OPTION_FIELDS = ("member", "minister", "topic", "department", "party", "role", "house")


def request_nodes(request: SearchRequest) -> tuple[Node | None, list[Node]]:
    """(the query text's tree or None, one node per filter option), in that order of checks."""
    words = parse(request.query or "")
    filters: list[Node] = []
    for name in OPTION_FIELDS:
        value = getattr(request, name)
        if value:
            filters.append(field_node(name, value))
    if request.date_from or request.date_to:
        start = parse_date(request.date_from, "--from") if request.date_from else None
        end = parse_date(request.date_to, "--to") if request.date_to else None
        filters.append(date_range(start, end))
    return words, filters


FACETS = ("member", "minister", "department", "party", "year")
SORTS = ("relevance", "date", "-date")


def check_request(request: SearchRequest) -> None:
    """The parts of a request every engine checks alike: sort, facets and limit."""
    if request.sort not in SORTS:
        raise UsageError(f"unknown sort {request.sort!r}; use one of: {', '.join(SORTS)}")
    unknown = [f for f in request.facets if f not in FACETS]
    if unknown:
        raise UsageError(f"unknown facet {unknown[0]!r}; use any of: {', '.join(FACETS)}")
    if request.limit is not None and request.limit < 0:
        raise UsageError("the limit must be 0 or more")


def positive_text(node: Node | None) -> list[Word | Phrase]:
    """The words and phrases a match must (or may) contain: those not under a NOT.

    They are what snippets mark and what a ranking weighs.
    """
    found: list[Word | Phrase] = []

    def walk(item: Node) -> None:
        if isinstance(item, (Word, Phrase)):
            found.append(item)
        elif isinstance(item, (And, Or)):
            for part in item.parts:
                walk(part)

    if node is not None:
        walk(node)
    return found


__all__ = [
    "FIELDS",
    "And",
    "DateRange",
    "Field",
    "Node",
    "Not",
    "Or",
    "Parser",
    "Phrase",
    "Word",
    "check_request",
    "date_node",
    "date_range",
    "field_node",
    "parse",
    "parse_date",
    "positive_text",
    "request_nodes",
    "tokenize",
]
