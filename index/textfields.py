"""Text fields that index exactly the terms Whoosh's analyzers give, at a fraction of the cost.

Whoosh analyses a value as a chain of generators passing one mutable ``Token`` per word
(tokenizer -> lowercase -> stop words -> stemmer), and every turn's text goes through that twice
(``exact`` and ``text``): about a third of the CPU time of a build. These fields produce the same
(term, frequency, weight, positions) postings with one ``re.findall``, a dict of positions or
counts, and a stem cache, and the spoken text is split into words once for both fields.

Queries still analyse with the Whoosh analyzers kept on the fields (``index.schema``); the
equivalence of the two paths is tested (``tests/test_index_speed.py``), so a query term always
meets the indexed term.
"""

from __future__ import annotations

import re

from whoosh.analysis import STOP_WORDS
from whoosh.fields import TEXT
from whoosh.lang.porter import stem
from whoosh.system import pack_uint

WORD = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")
"""Whoosh's default tokenizer pattern (``RegexTokenizer()``), its group made non-capturing."""
MIN_WORD = 2
"""``StopFilter``'s default: shorter words are dropped from stemmed fields."""

_last: list = [None, ()]
_stems: dict[str, str] = {}


def lowered_words(text: str) -> list[str]:
    """The words of ``text`` as ``RegexTokenizer() | LowercaseFilter()`` gives them, in order.

    The last answer is kept: the writer indexes ``exact`` and then ``text`` with the same string.
    """
    if _last[0] is text:
        return _last[1]
    words = [word.lower() for word in WORD.findall(text)]
    _last[0], _last[1] = text, words
    return words


def stemmed_words(text: str) -> list[str]:
    """The terms ``StemmingAnalyzer()`` indexes for ``text`` (stop words and 1-letter words out)."""
    stems = _stems
    out = []
    for word in lowered_words(text):
        if len(word) < MIN_WORD or word in STOP_WORDS:
            continue
        stemmed = stems.get(word)
        if stemmed is None:
            stemmed = stems[word] = stem(word)
        out.append(stemmed)
    return out


class PhraseText(TEXT):
    """Unstemmed words with positions, as ``TEXT(analyzer=plain_analyzer, phrase=True)``."""

    def __init__(self, analyzer) -> None:
        super().__init__(analyzer=analyzer, phrase=True)

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        positions: dict[str, list[int]] = {}
        for pos, word in enumerate(lowered_words(value)):
            found = positions.get(word)
            if found is None:
                positions[word] = [pos]
            else:
                found.append(pos)
        boost = self.format.field_boost
        encode = self.format.encode
        for word, poslist in positions.items():
            freq = len(poslist)
            yield word.encode("utf-8"), freq, freq * boost, encode(poslist)


class StemmedText(TEXT):
    """Stemmed words without positions, as ``TEXT(analyzer=StemmingAnalyzer(), phrase=False)``."""

    def __init__(self, analyzer) -> None:
        super().__init__(analyzer=analyzer, phrase=False)

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        counts: dict[str, int] = {}
        for term in stemmed_words(value):
            counts[term] = counts.get(term, 0) + 1
        boost = self.format.field_boost
        for term, freq in counts.items():
            yield term.encode("utf-8"), freq, freq * boost, pack_uint(freq)
