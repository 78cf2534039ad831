"""Evaluate ``hansard find-quote``: top-1 accuracy, false attributions, and warm speed.

\b
Example:
    .venv/bin/python bench/findquote_eval.py                 # the labelled set on the fixtures
    .venv/bin/python bench/findquote_eval.py --regenerate    # rebuild bench/findquote_set.json
    .venv/bin/python bench/findquote_eval.py --synthetic 100000 --keep /tmp/fq100k   # speed

The archive is every turn of the bundled fixture pages (their expected JSON Lines), indexed as
``hansard index`` does. The labelled set (bench/findquote_set.json) is
drawn from those turns with a seeded generator, one group per kind of change a newspaper makes:
exact, dropped words, changed words, lost punctuation, "…" cuts, [bracketed insertions],
reported speech, a sentence from the middle of a long turn, and two changes at once. The
negatives are quotes that must not be attributed to anyone: invented ones, two speakers' halves
spliced together, and real quotes searched under another member's name or outside their dates.

A positive is right when the first result is its turn (or a turn with the same speaker and the
same text). A false attribution is any result for a negative, or a wrong first result for a
positive. The speed part builds a synthetic archive (bench/synthetic.py) and times warm calls.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from hansard.archive import Archive  # noqa: E402
from hansard.datadir import archive_dir  # noqa: E402
from hansard.records import SearchRequest, Turn  # noqa: E402
from hansard.research.align import sentences  # noqa: E402

SET_PATH = HERE / "findquote_set.json"
FIXTURES = ROOT / "tests" / "fixtures" / "site"
SEED = 20261206
PER_KIND = 22
KINDS = ("exact", "dropped", "changed", "punctuation", "cut", "bracket", "reported", "middle",
         "combined")  # fmt: skip

SYNONYMS = {
    "important": "vital", "government": "administration", "people": "citizens",
    "support": "back", "help": "assist", "increase": "rise", "make": "create",
    "very": "really", "believe": "think", "think": "believe", "ensure": "make sure",
    "new": "fresh", "work": "effort", "country": "nation", "money": "funding",
    "continue": "keep", "issue": "matter", "want": "wish", "clear": "plain",
    "number": "amount", "committed": "pledged", "provide": "give", "always": "ever",
    "across": "throughout", "many": "numerous", "need": "require", "problem": "issue",
    "whether": "if", "already": "now", "look": "examine", "take": "adopt", "give": "offer",
    "good": "fine", "great": "huge", "significant": "major", "particular": "specific",
    "absolutely": "entirely", "said": "stated", "serious": "grave", "deal": "cope",
    "said.": "stated.", "recent": "latest", "steps": "measures", "plans": "proposals",
}  # fmt: skip
REPORTED = {
    "i": "he", "my": "his", "we": "they", "our": "their", "me": "him", "us": "them",
    "will": "would", "am": "was", "is": "was", "are": "were", "have": "had", "has": "had",
    "can": "could", "shall": "should", "i'm": "he was", "we're": "they were",
    "i'll": "he would", "we'll": "they would", "myself": "himself", "ourselves": "themselves",
}  # fmt: skip
PRONOUNS = ("we", "i", "it", "they", "he", "she", "this")
INSERTIONS = ("[the Government]", "[the Minister]", "[the scheme]", "[the Bill]", "[in 2015]")
INVENTED = [
    "The Government will abolish the television licence fee before the next general election.",
    "I can confirm that every hospital in England will receive a new helicopter landing pad.",
    "We have no plans whatsoever to privatise the Royal Navy's submarine fleet.",
    "My department has asked the Bank of England to print money for the railways.",
    "The Chancellor told me that income tax will fall to ten pence in the pound next spring.",
    "Every primary school pupil will be given a free laptop and a bicycle by 2030.",
    "I have personally written to every farmer in Cumbria about the badger vaccination trial.",
    "The Minister admitted that the motorway widening scheme had been a costly mistake.",
    "We will ban the sale of fireworks to anyone under the age of twenty-five.",
    "The Prime Minister has ordered a review of parking charges at all coastal car parks.",
    "Our new immigration computer system cost three times its budget and still does not work.",
    "The Secretary of State promised to move the Treasury to Darlington within a year.",
    "I regret that the fishing quota negotiations collapsed because of a broken ferry.",
    "We intend to double the number of magistrates courts in rural Wales by next year.",
    "The national grid will be powered entirely by tidal lagoons within a decade.",
    "He said that the housing target had been quietly abandoned over the summer recess.",
    "The hon. Lady is wrong: no minister has ever met the lobbyists from the betting firms.",
    "I will publish the full correspondence with the supermarket chains before Christmas.",
    "The army will recruit ten thousand cyber specialists from universities this autumn.",
    "She said the Government would scrap tuition fees for nursing students in Scotland.",
    "Our museums will open free of charge every Sunday evening from next April.",
    "The inquiry into the collapse of the bus company will report to Parliament in June.",
    "Ministers have agreed to fund a new bridge across the Severn estuary at Aust.",
    "The pilot scheme for four-day weeks in the civil service has been a great success.",
    "We are determined to end the scandal of unpaid carers waiting months for benefits.",
    "The minister said that potholes on rural roads would be repaired within a fortnight.",
]


def fixture_sources() -> list[str]:
    """Every fixture page's expected turns file, relative to the fixture site."""
    return sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*.expected.jsonl"))


def fixture_turns(sources: list[str] | None = None) -> list[Turn]:
    """The turns of the fixture pages (all, or ``sources``), each id once (two pages share the
    2015 exchange)."""
    found: dict[str, Turn] = {}
    for name in sources if sources is not None else fixture_sources():
        path = FIXTURES / name
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                turn = Turn.from_json(line)
                found.setdefault(turn.id, turn)
    return list(found.values())


def build_archive(data_dir: Path, turns: list[Turn]) -> None:
    from index.build import rebuild

    archive = Archive(archive_dir(data_dir))
    by_day: dict[tuple[str, str], list[Turn]] = {}
    for turn in turns:
        by_day.setdefault((turn.house, turn.date), []).append(turn)
    for (house, date), day in by_day.items():
        archive.write_turns(house, date, day)
    rebuild(data_dir)


# -- the labelled set --------------------------------------------------------------------------


def _words(sentence: str) -> list[str]:
    return sentence.split()


def _drop(rng: random.Random, words: list[str], n: int) -> list[str]:
    words = list(words)
    for _ in range(n):
        if len(words) > 6:
            del words[rng.randrange(1, len(words) - 1)]
    return words


def _change(rng: random.Random, words: list[str], vocabulary: list[str]) -> list[str] | None:
    words = list(words)
    spots = [i for i, w in enumerate(words) if w.lower().strip(",.;:") in SYNONYMS]
    if not spots:
        spots = [rng.randrange(1, len(words) - 1)]
        words[spots[0]] = rng.choice(vocabulary)
        return words
    for i in rng.sample(spots, min(2, len(spots))):
        bare = words[i].lower().strip(",.;:")
        words[i] = SYNONYMS[bare]
    return words


def _strip_punctuation(sentence: str) -> str:
    import re

    return re.sub(r"[^\w\s'’-]", "", sentence).lower()


def _cut(rng: random.Random, words: list[str]) -> list[str] | None:
    if len(words) < 12:
        return None
    size = rng.randint(2, min(6, len(words) - 9))
    start = rng.randint(3, len(words) - size - 3)
    return [*words[:start], "…", *words[start + size :]]


def _bracket(rng: random.Random, words: list[str]) -> list[str]:
    words = list(words)
    spots = [i for i, w in enumerate(words) if w.lower() in PRONOUNS]
    if spots:
        words[rng.choice(spots)] = rng.choice(INSERTIONS)
    else:
        words.insert(rng.randrange(1, len(words)), rng.choice(INSERTIONS))
    return words


def _reported(words: list[str]) -> list[str] | None:
    shifted, changed = [], 0
    for word in words:
        bare = word.lower().strip(",.;:?!")
        if bare in REPORTED:
            tail = word[len(word.rstrip(",.;:?!")) :]
            shifted.append(REPORTED[bare] + tail)
            changed += 1
        else:
            shifted.append(word)
    if not changed:
        return None
    return ["he", "said", *shifted] if shifted[0].lower() not in ("he", "they") else shifted


def make_positive(rng: random.Random, kind: str, turn: Turn, vocabulary: list[str]) -> str | None:
    parts = [s for s in sentences(turn.text) if 8 <= len(s.split()) <= 60]
    if kind == "middle":
        every = sentences(turn.text)
        parts = [s for s in every[1:-1] if 8 <= len(s.split()) <= 60] if len(every) >= 4 else []
    if not parts:
        return None
    sentence = rng.choice(parts)
    words = _words(sentence)
    if kind == "exact":
        return sentence
    if kind == "dropped":
        return " ".join(_drop(rng, words, rng.randint(1, 3)))
    if kind == "changed":
        changed = _change(rng, words, vocabulary)
        return " ".join(changed) if changed else None
    if kind == "punctuation":
        return _strip_punctuation(sentence)
    if kind == "cut":
        cut = _cut(rng, words)
        return " ".join(cut) if cut else None
    if kind == "bracket":
        return " ".join(_bracket(rng, words))
    if kind == "reported":
        shifted = _reported(words)
        return " ".join(shifted) if shifted else None
    if kind == "middle":
        return " ".join(_drop(rng, words, 1))
    if kind == "combined":
        first, second = rng.sample(["dropped", "changed", "punctuation", "cut", "bracket"], 2)
        once = make_positive_from(rng, first, sentence, vocabulary)
        return make_positive_from(rng, second, once, vocabulary) if once else None
    raise ValueError(kind)


def make_positive_from(rng, kind: str, sentence: str, vocabulary: list[str]) -> str | None:
    turn = Turn.from_dict({**_BLANK, "text": sentence})
    inner = random.Random(rng.random())
    if kind == "exact":
        return sentence
    # one sentence: make_positive picks it again
    return make_positive(inner, kind, turn, vocabulary)


_BLANK = {f: None for f in ("id", "house", "date", "volume", "section", "department",
                            "debate_title", "exchange_id", "question_number", "uin",
                            "member_id", "speaker_name", "speaker_office", "constituency",
                            "party", "column", "url")}  # fmt: skip
_BLANK.update(id="", house="Commons", date="", role="other", url="")


def eligible(turn: Turn) -> bool:
    return turn.role in ("question", "answer", "supplementary") and len(turn.text.split()) >= 10


def build_set(sources: list[str] | None = None) -> dict:
    """The labelled set, drawn from ``sources`` (default: every fixture page now bundled; the
    set records its sources, so later fixtures do not change it)."""
    rng = random.Random(SEED)
    sources = fixture_sources() if sources is None else sources
    turns = fixture_turns(sources)
    pool = [t for t in turns if eligible(t)]
    vocabulary = sorted({w.strip(",.;:").lower() for t in turns for w in t.text.split()
                         if w.isalpha() and len(w) > 5})  # fmt: skip
    positives = []
    for kind in KINDS:
        made = 0
        for turn in rng.sample(pool, len(pool)):
            if made == PER_KIND:
                break
            quote = make_positive(rng, kind, turn, vocabulary)
            if quote and len(quote.split()) >= 6:
                positives.append({"kind": kind, "quote": quote, "turn_id": turn.id,
                                  "speaker": turn.speaker_name, "date": turn.date})  # fmt: skip
                made += 1
    negatives = [{"kind": "invented", "quote": q, "filters": {}} for q in INVENTED]
    named = [t for t in pool if t.member_id is not None and t.speaker_name]
    for _ in range(15):  # two speakers' halves spliced
        a, b = rng.sample(pool, 2)
        if a.speaker_name == b.speaker_name:
            continue
        sa, sb = rng.choice(sentences(a.text)).split(), rng.choice(sentences(b.text)).split()
        if len(sa) < 8 or len(sb) < 8:
            continue
        quote = " ".join(sa[: len(sa) // 2] + sb[len(sb) // 2 :])
        negatives.append({"kind": "spliced", "quote": quote, "filters": {}})
    for _ in range(20):  # real words, another member's name
        turn = rng.choice(named)
        other = rng.choice([t for t in named if t.member_id != turn.member_id])
        parts = [s for s in sentences(turn.text) if len(s.split()) >= 8]
        if not parts:
            continue
        negatives.append({"kind": "other-member", "quote": rng.choice(parts),
                          "filters": {"member": str(other.member_id)},
                          "said_by": turn.speaker_name, "put_to": other.speaker_name})  # fmt: skip
    for _ in range(8):  # real words, searched outside their dates
        turn = rng.choice(named)
        parts = [s for s in sentences(turn.text) if len(s.split()) >= 8]
        if not parts:
            continue
        year = int(turn.date[:4])
        negatives.append({"kind": "other-dates", "quote": rng.choice(parts),
                          "filters": {"date_from": f"{year + 1}-01-01"}})  # fmt: skip
    return {"seed": SEED, "sources": sources, "positives": positives, "negatives": negatives}


# -- evaluation --------------------------------------------------------------------------------


def evaluate(data_dir: Path, labelled: dict) -> dict:
    from search.quotes import find_quote

    turns = {t.id: t for t in fixture_turns()}
    by_kind: dict[str, list[int]] = {}
    wrong, missing, false_attributions, timings = [], [], [], []
    for item in labelled["positives"]:
        started = time.perf_counter()
        matches = find_quote(data_dir, item["quote"], SearchRequest(), limit=3)
        timings.append(time.perf_counter() - started)
        expected = turns[item["turn_id"]]
        top = matches[0].turn if matches else None
        tied = [m.turn for m in matches if m.score == matches[0].score]
        right = top is not None and any(
            t.id == expected.id
            or (t.text == expected.text and t.speaker_name == expected.speaker_name)
            for t in tied
        )  # the same words said by two members (grouped questions) rank equal, both shown
        by_kind.setdefault(item["kind"], []).append(int(right))
        if top is None:
            missing.append(item)
        elif not right:
            wrong.append({**item, "found": top.id, "found_speaker": top.speaker_name,
                          "scores": [m.score for m in matches]})  # fmt: skip
    by_neg: dict[str, list[int]] = {}
    for item in labelled["negatives"]:
        request = SearchRequest(**item["filters"])
        started = time.perf_counter()
        matches = find_quote(data_dir, item["quote"], request, limit=3)
        timings.append(time.perf_counter() - started)
        by_neg.setdefault(item["kind"], []).append(int(bool(matches)))
        if matches:
            false_attributions.append({**item, "found": matches[0].turn.id,
                                       "speaker": matches[0].turn.speaker_name,
                                       "score": matches[0].score})  # fmt: skip
    positives = [x for values in by_kind.values() for x in values]
    return {
        "positives": len(positives),
        "top1_accuracy": round(sum(positives) / len(positives), 4),
        "by_kind": {k: f"{sum(v)}/{len(v)}" for k, v in by_kind.items()},
        "not_found": len(missing),
        "wrong_top1": len(wrong),
        "negatives": len(labelled["negatives"]),
        "negatives_by_kind": {k: f"{sum(v)} attributed of {len(v)}" for k, v in by_neg.items()},
        "false_attributions": len(false_attributions) + len(wrong),
        "warm_ms_p50": round(statistics.median(timings) * 1000, 1),
        "warm_ms_max": round(max(timings) * 1000, 1),
        "misses": [{"kind": m["kind"], "quote": m["quote"]} for m in missing],
        "wrong": wrong,
        "attributed_negatives": false_attributions,
    }


def synthetic_speed(turns: int, keep: Path | None, queries: int = 60) -> dict:
    """Warm latency of find_quote on a synthetic archive of ``turns`` turns."""
    import synthetic

    from index.build import rebuild
    from search.quotes import find_quote

    data_dir = keep or Path(tempfile.mkdtemp(prefix="findquote-"))
    built = 0.0
    if not (data_dir / "index").exists():
        synthetic.generate(data_dir, turns)
        started = time.perf_counter()
        rebuild(data_dir)
        built = time.perf_counter() - started
    archive = Archive(archive_dir(data_dir))
    days = archive.days()
    rng = random.Random(SEED)
    samples = []
    for house, date in rng.sample(days, min(queries, len(days))):
        day = [t for t in archive.read_turns(house, date) if len(t.text.split()) >= 20]
        if day:
            turn = rng.choice(day)
            words = turn.text.split()
            start = rng.randrange(0, max(1, len(words) - 14))
            quote = _drop(rng, words[start : start + 14], 1)
            samples.append((" ".join(quote), turn.id))
    find_quote(data_dir, samples[0][0])  # open the index: the rest are warm
    timings, right = [], 0
    for quote, turn_id in samples:
        started = time.perf_counter()
        matches = find_quote(data_dir, quote)
        timings.append(time.perf_counter() - started)
        right += bool(matches) and matches[0].turn.id == turn_id
    timings.sort()
    others = other_instruments(data_dir, archive, rng)
    return {
        **others,
        "turns": turns,
        "build_s": round(built, 1),
        "queries": len(samples),
        "top1": f"{right}/{len(samples)}",
        "warm_ms_p50": round(statistics.median(timings) * 1000, 1),
        "warm_ms_p95": round(timings[max(0, round(0.95 * len(timings)) - 1)] * 1000, 1),
        "warm_ms_max": round(timings[-1] * 1000, 1),
        "data_dir": str(data_dir),
    }


def other_instruments(data_dir: Path, archive: Archive, rng: random.Random) -> dict:
    """Warm time (best of three, ms) of trends, kwic and member on the same archive."""
    from search.kwic import kwic
    from search.profile import member_profile
    from search.trends import trends

    house, date = rng.choice(archive.days())
    sample = rng.choice([t for t in archive.read_turns(house, date) if t.speaker_name])
    word = max(sample.text.split(), key=len).strip(".,;:?!")
    calls = {
        "trends_all_turns_split_party_ms": lambda: trends(
            data_dir, SearchRequest(limit=None), "year", "party", True
        ),
        "trends_word_by_month_ms": lambda: trends(
            data_dir, SearchRequest(query=word, limit=None), "month"
        ),
        "kwic_word_ms": lambda: kwic(data_dir, word, limit=200),
        "kwic_word_sorted_left_ms": lambda: kwic(data_dir, word, sort="left", limit=200),
        "member_profile_ms": lambda: member_profile(data_dir, sample.speaker_name or ""),
    }
    timings = {}
    for name, call in calls.items():
        call()
        best = min(_timed(call) for _ in range(3))
        timings[name] = round(best * 1000, 1)
    return timings


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--regenerate", action="store_true", help="rewrite the labelled set")
    parser.add_argument("--synthetic", type=int, default=0, help="also time on N synthetic turns")
    parser.add_argument("--keep", type=Path, help="data dir for the synthetic archive (reused)")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    if args.regenerate or not SET_PATH.exists():
        SET_PATH.write_text(json.dumps(build_set(), indent=1, ensure_ascii=False) + "\n")
    labelled = json.loads(SET_PATH.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        build_archive(Path(tmp), fixture_turns())
        report = evaluate(Path(tmp), labelled)
    if not args.verbose:
        for key in ("misses", "wrong", "attributed_negatives"):
            report[key] = len(report[key])
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.synthetic:
        print(json.dumps(synthetic_speed(args.synthetic, args.keep), indent=1))


if __name__ == "__main__":
    main()
