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
import struct
from collections import Counter
from collections.abc import Callable

from whoosh.analysis import STOP_WORDS, IDTokenizer
from whoosh.fields import ID, KEYWORD, TEXT
from whoosh.formats import Existence, Positions
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map
from whoosh.system import _INT_SIZE, pack_uint

Columns = tuple[list[bytes], list[int], list[float], list[bytes]]
"""A document's postings in one field as four lists: terms, frequencies, weights, values (the
shape ``index.postings.CompactPool.add_columns`` takes, built without a Python step per term
where C can do it)."""

WORD = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")
"""Whoosh's default tokenizer pattern (``RegexTokenizer()``), its group made non-capturing."""
MIN_WORD = 2
"""``StopFilter``'s default: shorter words are dropped from stemmed fields."""

_last: list = [None, ()]
_stems: dict[str, str] = {}
"""lowered word -> its stem, or "" for a word the stemmed fields drop (stop words, 1 letter)."""


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
    words = lowered_words(text)
    stems = list(map(_stems.get, words))
    if None in stems:
        for i, word in enumerate(words):
            if stems[i] is None:
                dropped = len(word) < MIN_WORD or word in STOP_WORDS
                stems[i] = _stems[word] = "" if dropped else stem(word)
    return list(filter(None, stems))


def _counted(terms: list[str], boost: float) -> Columns:
    """Frequency-format columns of a document's terms (value: the frequency as 4 bytes)."""
    counts = Counter(terms)
    freqs = list(counts.values())
    weights = freqs if boost == 1.0 else [freq * boost for freq in freqs]
    return list(map(str.encode, counts)), freqs, weights, list(map(pack_uint, freqs))


class ArrayPositions(Positions):
    """Whoosh's ``Positions`` format with the positions stored as little-endian 32-bit integers
    after the count, instead of a pickled list of gaps.

    A phrase search reads the positions of every document holding all its words: unpickling a
    list per posting was most of its time, while these values of many postings are read as one
    array (``search.phrase``). The count keeps Whoosh's big-endian 4 bytes in front, so Whoosh's
    frequency and weight readers work unchanged, and Whoosh's own phrase and span queries decode
    the positions through this class. A one-position value is 8 bytes (Whoosh's: 13)."""

    def encode(self, poslist) -> bytes:
        return pack_uint(len(poslist)) + struct.pack(f"<{len(poslist)}I", *poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        count = (len(valuestring) - _INT_SIZE) // 4
        return list(struct.unpack(f"<{count}I", valuestring[_INT_SIZE : _INT_SIZE + 4 * count]))


_ONE_POSITION = [ArrayPositions().encode([pos]) for pos in range(4096)]
"""``ArrayPositions.encode([pos])`` for the first 4096 positions, where most words are."""


def _positions_value(poslist: list[int]) -> bytes:
    if len(poslist) == 1 and poslist[0] < len(_ONE_POSITION):
        return _ONE_POSITION[poslist[0]]
    return pack_uint(len(poslist)) + struct.pack(f"<{len(poslist)}I", *poslist)


class PhraseText(TEXT):
    """Unstemmed words with positions, as ``TEXT(analyzer=plain_analyzer, phrase=True)`` with
    ``ArrayPositions``."""

    def __init__(self, analyzer) -> None:
        super().__init__(analyzer=analyzer, phrase=True)
        self.format = ArrayPositions(field_boost=self.format.field_boost)

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        yield from zip(*self.columns(value), strict=True)

    def columns(self, value: str) -> Columns:
        positions: dict[str, list[int]] = {}
        for pos, word in enumerate(lowered_words(value)):
            found = positions.get(word)
            if found is None:
                positions[word] = [pos]
            else:
                found.append(pos)
        lists = list(positions.values())
        freqs = list(map(len, lists))
        boost = self.format.field_boost
        weights = freqs if boost == 1.0 else [freq * boost for freq in freqs]
        return (
            list(map(str.encode, positions)),
            freqs,
            weights,
            list(map(_positions_value, lists)),
        )


class StemmedText(TEXT):
    """Stemmed words without positions, as ``TEXT(analyzer=StemmingAnalyzer(), phrase=False)``."""

    def __init__(self, analyzer) -> None:
        super().__init__(analyzer=analyzer, phrase=False)

    def index(self, value, **kwargs):
        if not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        yield from zip(*self.columns(value), strict=True)

    def columns(self, value: str) -> Columns:
        return _counted(stemmed_words(value), self.format.field_boost)


class NameText(TEXT):
    """Names as ``TEXT(analyzer=name_analyzer, phrase=False)`` indexes them: words, lowercased,
    accents folded (``RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)``)."""

    def __init__(self, analyzer) -> None:
        super().__init__(analyzer=analyzer, phrase=False)

    def columns(self, value: str) -> Columns:
        words = [word.lower().translate(accent_map) for word in WORD.findall(value)]
        return _counted(words, self.format.field_boost)


WHOLE_VALUE = re.compile(r"[^|]+")


class WholeValues(KEYWORD):
    """Whole values separated by "|" ("minister of state, home office|robert buckland"), each
    one unscored term, as ``KEYWORD`` with ``RegexTokenizer(r"[^|]+")`` indexes them."""

    def __init__(self) -> None:
        from whoosh.analysis import RegexTokenizer

        super().__init__(scorable=False)
        self.analyzer = RegexTokenizer(WHOLE_VALUE.pattern)

    def columns(self, value: str) -> Columns:
        return _counted(WHOLE_VALUE.findall(value), self.format.field_boost)


def fast_columns(field) -> Callable[[str], Columns] | None:
    """How to index a string in ``field`` without Whoosh's analyzer chain, or None when only
    Whoosh's path gives its postings (other field types, spelling, vectors)."""
    if field.separate_spelling() or field.vector:
        return None
    columns = getattr(field, "columns", None)
    if columns is not None:
        return columns
    if (
        type(field) is ID
        and type(field.analyzer) is IDTokenizer
        and type(field.format) is Existence
    ):
        boost = field.format.field_boost
        return lambda value: ([value.encode()], [1], [boost], [b""])
    return None
