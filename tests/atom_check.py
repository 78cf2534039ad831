"""Validate an Atom document as RFC 4287 defines it, offline, for every feed test.

The RELAX NG grammar of RFC 4287 Appendix B (``fixtures/atom/atom.rng``, converted from the
appendix's compact syntax) checks structure and types; its two Schematron rules, and RFC 3339's
demand for a time zone (``xsd:dateTime`` does not make one compulsory), are checked here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

SCHEMA = Path(__file__).parent / "fixtures" / "atom" / "atom.rng"
NS = {"a": "http://www.w3.org/2005/Atom"}
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@lru_cache(maxsize=1)
def _grammar() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def atom_problems(document: bytes) -> list[str]:
    """Every way ``document`` breaks RFC 4287 (an empty list for a valid feed)."""
    try:
        root = etree.fromstring(document)
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    grammar = _grammar()
    problems = [] if grammar.validate(root) else [str(e) for e in grammar.error_log]
    feed_has_author = bool(root.xpath("a:author", namespaces=NS))
    for entry in root.xpath("a:entry", namespaces=NS):
        entry_id = entry.findtext("a:id", namespaces=NS)
        if not (feed_has_author or entry.xpath("a:author or a:source/a:author", namespaces=NS)):
            problems.append(f"entry {entry_id}: no author in the entry or the feed")
        if not entry.xpath(
            "a:link[@rel='alternate'] or a:link[not(@rel)] or a:content", namespaces=NS
        ):
            problems.append(f"entry {entry_id}: neither an alternate link nor content")
    for stamp in root.xpath("//a:updated | //a:published", namespaces=NS):
        if not RFC3339.match(stamp.text or ""):
            problems.append(f"{stamp.text!r} is not an RFC 3339 date-time with a time zone")
    return problems
