"""The syntax tree of a query (``search.syntax``) compiled to Whoosh queries.

The grammar, its errors and the checking of field values live in ``search.syntax``, shared with
the PostgreSQL compiler (``search.pg_query``); here each node becomes the Whoosh query that
answers it. Member, minister, department, office and topic need the index to resolve, so they
go through resolvers the engine supplies.

Whoosh's own ``normalize`` treats an ``Every`` or a ``NullQuery`` inside ``And``/``Or``/``Not``
oddly (``And([Every(), x])`` becomes ``Every()``; ``Not(NullQuery)`` matches nothing), so the
compiler settles those cases itself and hands Whoosh only compounds of real queries.
"""

from __future__ import annotations

from collections.abc import Callable

from whoosh import query as wq

from index.schema import (
    date_number,
    name_analyzer,
    normalise_name,
    normalise_office,
    plain_analyzer,
    stemming_analyzer,
)
from search import syntax as s
from search.datespan import DateSpan
from search.phrase import ExactPhrase

Resolver = Callable[[str], wq.Query]


def compile_node(node: s.Node, resolvers: dict[str, Resolver]) -> wq.Query:
    """The Whoosh query answering a syntax-tree node."""
    if isinstance(node, s.Word):
        return word_query(node.text)
    if isinstance(node, s.Phrase):
        return phrase_query(node.text)
    if isinstance(node, s.Field):
        return field_query(node.name, node.value, resolvers)
    if isinstance(node, s.DateRange):
        return date_span(node.start, node.end)
    if isinstance(node, s.Not):
        inner = compile_node(node.part, resolvers)
        if inner is wq.NullQuery:
            return wq.Every()
        if isinstance(inner, wq.Every):
            return wq.NullQuery
        return wq.Not(inner)
    parts = [compile_node(part, resolvers) for part in node.parts]
    if isinstance(node, s.And):
        if any(p is wq.NullQuery for p in parts):
            return wq.NullQuery
        parts = [p for p in parts if not isinstance(p, wq.Every)]
        if not parts:
            return wq.Every()
        return parts[0] if len(parts) == 1 else wq.And(parts)
    if any(isinstance(p, wq.Every) for p in parts):
        return wq.Every()
    parts = [p for p in parts if p is not wq.NullQuery]
    if not parts:
        return wq.NullQuery
    return parts[0] if len(parts) == 1 else wq.Or(parts)


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
    """A checked ``Field`` node; member, minister, department, office and topic resolve."""
    if name in resolvers:
        return resolvers[name](value)
    if name == "topic":
        return stemmed_query("topic", value)
    if name == "title":
        return stemmed_query("title", value)
    if name == "id":
        return wq.Term("id", value)
    return wq.Term(name, value)  # party, role, house: checked and lower-cased by the parser


def date_span(start: str | None, end: str | None) -> wq.Query:
    return DateSpan(date_number(start) if start else None, date_number(end) if end else None)


__all__ = [
    "compile_node",
    "date_span",
    "field_query",
    "name_phrase",
    "name_words",
    "normalise_name",
    "normalise_office",
    "phrase_query",
    "stemmed_query",
    "word_query",
]
