"""Verbatim phrases, checked on positions with set arithmetic instead of Whoosh's span objects.

Whoosh answers a phrase with ``SpanNear2``: for every document holding all the words it builds a
``Span`` object per position of each word and compares them pairwise, about 80 µs per candidate,
most of a phrase search's time. A phrase of adjacent words needs far less: word k of the phrase
must stand at position p + k for some start p, so the starts are the intersection of each word's
positions shifted by its place. The candidates are still the intersection of the words' posting
lists (skipping through blocks), and the score is still the sum of the words' scores, as before.
"""

from __future__ import annotations

from whoosh import matching
from whoosh import query as wq
from whoosh.query.spans import Span, SpanWrappingMatcher
from whoosh.util import make_binary_tree


class ExactPhrase(wq.Phrase):
    """``Phrase(fieldname, words)`` with slop 1 (adjacent, in order), matched by positions."""

    def matcher(self, searcher, context=None):
        fieldname = self.fieldname
        if fieldname not in searcher.schema or self.slop != 1 or len(self.words) < 2:
            return super().matcher(searcher, context)
        field = searcher.schema[fieldname]
        reader = searcher.reader()
        terms = []
        for word in self.words:
            text = field.to_bytes(word)
            if (fieldname, text) not in reader:
                return matching.NullMatcher()
            terms.append(wq.Term(fieldname, text))
        matchers = [term.matcher(searcher, context) for term in terms]
        found = AdjacentMatcher(matchers)
        if self.boost != 1.0:
            return matching.WrappingMatcher(found, boost=self.boost)
        return found


class AdjacentMatcher(SpanWrappingMatcher):
    """Documents where the words stand next to each other in order; spans are the phrase's."""

    def __init__(self, matchers: list) -> None:
        self.matchers = matchers
        super().__init__(make_binary_tree(matching.IntersectionMatcher, matchers))

    def copy(self):
        return self.__class__([m.copy() for m in self.matchers])

    def _replacement(self, newchild):
        # the intersection was replaced (e.g. after a skip): keep checking positions on it
        return self

    def replace(self, minquality=0):
        return self if self.is_active() else matching.NullMatcher()

    def _get_spans(self) -> list[Span]:
        first, *rest = self.matchers
        starts = set(first.value_as("positions"))
        for offset, matcher in enumerate(rest, 1):
            if not starts:
                return []
            starts.intersection_update(p - offset for p in matcher.value_as("positions"))
        last = len(self.matchers) - 1
        return [Span(start, start + last) for start in sorted(starts)]
