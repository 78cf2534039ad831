"""Aligning a quote as the press printed it with the words Hansard recorded.

A press quote differs from Hansard in known ways: words dropped or changed, punctuation lost,
"…" for cuts, "[the Government]" inserted, reported speech ("he would" for "I will"), a sentence
lifted from the middle of a long turn. So the comparison is of word sequences, not characters:

- both sides are cut into lower-case words; pronouns, possessives and auxiliaries fold into
  classes (I/he/she/we/they, will/would/shall, am/is/was ...), so reported speech still aligns;
- bracketed insertions are the journalist's words and are left out of the quote; "…" and "..."
  are cuts, and a cut may skip any number of Hansard's words;
- difflib's matcher finds the words of the quote in order in the turn; matches far from the
  main run (a stray "the" elsewhere in a long turn) are discarded;
- the score is the share of the quote's words so found, content words weighing more than
  function words, and the longest unbroken run must be long enough that chance cannot make it.

Nothing here knows about the index: ``search.quotes`` finds candidate turns, this scores them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from itertools import pairwise

_WORD = re.compile(r"[0-9a-z]+(?:'[a-z]+)?")
_BRACKETS = re.compile(r"\[[^\]]*\]")
_CUT = re.compile(r"…|\.\.\.|\. \. \.")
_SENTENCE_END = re.compile(r"(?<=[.?!])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")

_CLASSES = {
    "<pro>": "i he she we they",
    "<poss>": "my his her our their",
    "<obj>": "me him us them",
    "<self>": "myself himself herself ourselves themselves",
    "<will>": "will would shall should 'll",
    "<be>": "am is are was were 'm 're 's",
    "<have>": "have has had 've 'd",
    "<do>": "do does did",
    "<can>": "can could",
    "<may>": "may might",
    "<now>": "now then",
    "<this>": "this that these those",
    "<here>": "here there",
    "<today>": "today yesterday",
}
FOLD = {word: cls for cls, words in _CLASSES.items() for word in words.split()}

_STOPWORDS = """a an the and or but if of to in on at by for with from as into onto about that
    which who whom whose what when where why how not no it its it's be been being this these those
    there than so such very also too all any some each other more most own same just only can will
    would shall should may might must do does did done i we you he she they me us him her them my
    our your his their am is are was were has have had s hon friend right gentleman lady
    said says told added insisted claimed warned"""
STOPWORDS = frozenset(_STOPWORDS.split())
"""Words that weigh little in the score; the last line is the reporter's frame ("he said")."""

MIN_SCORE = 0.62
"""Below this a turn is not where the quote came from (tuned on bench/findquote_eval.py)."""
MIN_RUN = 4
"""The longest unbroken run of the quote's words found in the turn must be at least this long
(or the whole quote, when it is shorter)."""

MAX_GAP = 3
"""At most this many consecutive words of the quote may be missing from the turn."""


@dataclass(frozen=True, slots=True)
class Token:
    word: str
    """As folded for comparison."""
    start: int
    end: int
    """Character offsets in the text it came from."""


def tokens(text: str) -> list[Token]:
    lowered = text.lower().replace("’", "'").replace("‘", "'")
    found = []
    for match in _WORD.finditer(lowered):
        word = match.group()
        if word.endswith("'s") and word not in FOLD:
            word = word[:-2]
        found.append(Token(FOLD.get(word, word), match.start(), match.end()))
    return found


def quote_text(quote: str) -> str:
    """The quote without the journalist's bracketed insertions."""
    return _BRACKETS.sub(" ", quote)


def quote_fragments(quote: str) -> list[list[Token]]:
    """The quote's words, in fragments split at cuts, bracketed insertions left out."""
    without_brackets = _BRACKETS.sub(" … ", quote)
    return [t for part in _CUT.split(without_brackets) if (t := tokens(part))]


def weight(word: str) -> float:
    return 0.35 if word in STOPWORDS or word.startswith("<") else 1.0


@dataclass(frozen=True, slots=True)
class Alignment:
    score: float
    longest_run: int
    matched: tuple[tuple[int, int], ...]
    """(quote token index, turn token index) pairs, in order."""
    quote: tuple[Token, ...]
    turn: tuple[Token, ...]

    @property
    def span(self) -> tuple[int, int]:
        """First and last turn token index matched."""
        return self.matched[0][1], self.matched[-1][1]

    @property
    def longest_gap(self) -> int:
        """The most consecutive quote words not found in the turn: a clause the speaker did not
        say (a paraphrase, or words spliced in from elsewhere), where press edits change one
        or two words at a time."""
        pairs = set(self.matched)
        anchors = sorted(
            i
            for i, j in self.matched
            if weight(self.quote[i].word) == 1.0
            or (i - 1, j - 1) in pairs
            or (i + 1, j + 1) in pairs
        )  # a lone function word found nearby ("that" for "those") anchors nothing
        edges = [-1, *anchors, len(self.quote)]
        return max(b - a - 1 for a, b in pairwise(edges))

    def accepted(self) -> bool:
        needed = min(MIN_RUN, len(self.quote))
        return (
            self.score >= MIN_SCORE and self.longest_run >= needed and self.longest_gap <= MAX_GAP
        )


def align(quote: str, text: str, fragments: list[list[Token]] | None = None) -> Alignment | None:
    """How the quote's words sit in the text (None when no word of it is there); pass the
    quote's ``quote_fragments`` when aligning it with many texts."""
    fragments = quote_fragments(quote) if fragments is None else fragments
    quote_tokens = [t for fragment in fragments for t in fragment]
    turn_tokens = tokens(text)
    if not quote_tokens or not turn_tokens:
        return None
    a = [t.word for t in quote_tokens]
    b = [t.word for t in turn_tokens]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    blocks = [blk for blk in matcher.get_matching_blocks() if blk.size]
    if not blocks:
        return None
    blocks = _main_cluster(blocks, a)
    pairs = tuple((blk.a + k, blk.b + k) for blk in blocks for k in range(blk.size))
    total = sum(weight(w) for w in a)
    found = sum(weight(a[i]) for i, _j in pairs)
    return Alignment(
        score=round(found / total, 4),
        longest_run=_longest_run(pairs, fragments),
        matched=pairs,
        quote=tuple(quote_tokens),
        turn=tuple(turn_tokens),
    )


def _main_cluster(blocks: list, a: list[str]) -> list:
    """The blocks around the biggest one, dropping those far from it in the turn (a stray
    common word elsewhere in a long turn is not part of the quote). A lone function word must
    sit close; a run of words or a content word may be across a cut."""
    biggest = max(blocks, key=lambda blk: blk.size)
    kept = [biggest]
    low, high = biggest.b, biggest.b + biggest.size
    for blk in sorted(blocks, key=lambda blk: abs(blk.b - biggest.b)):
        if blk is biggest:
            continue
        lone_function_word = blk.size == 1 and weight(a[blk.a]) < 1
        allowance = 3 if lone_function_word else max(12, len(a))
        if blk.b + blk.size >= low - allowance and blk.b <= high + allowance:
            kept.append(blk)
            low, high = min(low, blk.b), max(high, blk.b + blk.size)
    return sorted(kept, key=lambda blk: blk.a)


def _longest_run(pairs: tuple[tuple[int, int], ...], fragments: list[list[Token]]) -> int:
    """The longest run of consecutive quote words found consecutively in the turn; a run may
    go on across a cut, where the turn may skip words."""
    boundaries = set()
    position = 0
    for fragment in fragments:
        position += len(fragment)
        boundaries.add(position)
    best = run = 0
    previous: tuple[int, int] | None = None
    for i, j in pairs:
        if previous and i == previous[0] + 1 and (j == previous[1] + 1 or i in boundaries):
            run += 1
        else:
            run = 1
        best = max(best, run)
        previous = (i, j)
    return best


_ABBREVIATED = "hon rt mr mrs ms dr st no nos col cols vol c cc gen lt sec etc e g i e op cit"
_ABBREVIATIONS = frozenset(_ABBREVIATED.split())


def sentence_breaks(text: str) -> list[re.Match]:
    """Where one sentence ends and the next begins ("hon. Friend" and "Mr. Mason" go on)."""
    breaks = []
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()].rstrip("\"'”’)")
        word = re.search(r"(\w+)\.$", before)
        if word and word.group(1).lower() in _ABBREVIATIONS:
            continue
        breaks.append(match)
    return breaks


def sentences(text: str) -> list[str]:
    """The text cut into sentences (for picking quotes and for showing where one came from)."""
    cuts = [0, *(m.end() for m in sentence_breaks(text)), len(text)]
    return [text[a:b].strip() for a, b in pairwise(cuts) if text[a:b].strip()]


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the whole sentences of ``text`` that overlap [start, end)."""
    first, last = 0, len(text)
    for match in sentence_breaks(text):
        if match.end() <= start:
            first = match.end()
        elif match.start() >= end:
            last = match.start()
            break
    return first, last


def passage_and_marks(alignment: Alignment, text: str) -> tuple[str, str]:
    """(the exact Hansard sentences the quote came from, the same with differences marked)."""
    i, j = alignment.span
    first, last = sentence_bounds(text, alignment.turn[i].start, alignment.turn[j].end)
    passage = text[first:last].strip()
    matched_turn = {tj for _qi, tj in alignment.matched}
    matched_quote = [qi for qi, _tj in alignment.matched]
    pieces: list[str] = []
    cursor = first
    quote_cursor = 0
    pending_quote: list[str] = []
    by_turn = dict((tj, qi) for qi, tj in alignment.matched)
    for index, token in enumerate(alignment.turn):
        if token.end <= first or token.start >= last:
            continue
        if index in matched_turn:
            qi = by_turn[index]
            pending_quote = [_quote_word(alignment, k) for k in range(quote_cursor, qi)]
            if pending_quote:
                pieces.append(text[cursor:token.start].rstrip() + " [-" + " ".join(pending_quote)
                              + "-] ")  # fmt: skip
                cursor = token.start
            quote_cursor = qi + 1
            continue
        pieces.append(text[cursor : token.start] + "{+" + text[token.start : token.end] + "+}")
        cursor = token.end
    rest = [_quote_word(alignment, k) for k in range(quote_cursor, len(alignment.quote))]
    tail = text[cursor:last]
    if rest and matched_quote:
        tail = tail.rstrip() + " [-" + " ".join(rest) + "-]"
    pieces.append(tail)
    return passage, _merge_marks("".join(pieces).strip())


def _quote_word(alignment: Alignment, index: int) -> str:
    token = alignment.quote[index]
    return token.word if not token.word.startswith("<") else "…"


def _merge_marks(text: str) -> str:
    """ "{+on+} {+this+} {+crime+}" -> "{+on this crime+}": one mark per run of words."""
    return re.sub(r"\+\}(\s+)\{\+", r"\1", text)
