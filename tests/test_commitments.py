"""Finding ministers' undertakings: the phrase table, the formulas it skips, and its accuracy
against hand-labelled real Hansard answers."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from crawler.page import parse_page
from crawler.parlparse import file_turns, read_parlparse_file
from hansard.commitments import (
    PATTERNS,
    find_in_turn,
    find_in_turns,
    split_sentences,
    undertaking_kind,
)
from hansard.records import Turn

FIXTURES = Path(__file__).parent / "fixtures"
LABELS = json.loads((FIXTURES / "commitments_labels.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("I will write to the hon. Gentleman with the details.", "write"),
        ("I shall be writing to him this week.", "write"),
        ("Perhaps I can write to the hon. Lady.", "write"),
        ("I shall be happy to write to my hon. Friend.", "write"),
        ("I will certainly write to him.", "write"),
        ("I'll write to her.", "write"),
        ("I’ll write to her.", "write"),
        ("Let me write to him on that point.", "write"),
        ("I will give my hon. Friend the figures.", "write"),
        ("I will place a copy in the Library.", "library"),
        ("I shall see that copies are placed in the Library of the House.", "library"),
        ("We will publish the review in the spring.", "publish"),
        ("We shall publish the figures.", "publish"),
        ("I undertake to keep the matter under review.", "look_into"),
        ("I undertake to do that.", "undertake"),
        ("I can give the hon. Gentleman that undertaking.", "undertake"),
        ("I will look into the case.", "look_into"),
        ("I will look at that again.", "look_into"),
        ("I will be looking very carefully at the evidence.", "look_into"),
        ("I will meet the hon. Member.", "meet"),
        ("I am happy to meet him.", "meet"),
        ("I would be happy to meet the hon. Lady and her constituents.", "meet"),
        ("I shall be meeting the delegation next week.", "meet"),
        ("Either I or a member of my ministerial team will meet my hon. Friend.", "meet"),
        ("I will make sure that the Department replies.", "make_sure"),
        ("We will bring forward legislation.", "bring_forward"),
        ("As soon as parliamentary time allows, we will introduce legislation.", "bring_forward"),
        ("We will be consulting on the proposals.", "consult"),
        ("We will set out our plans in due course.", "set_out"),
        ("I will update the House in due course.", "report_back"),
        ("I shall refer my hon. Friend's comments to the Department.", "pass_on"),
        ("The Minister will write to him.", "write"),
        (
            "The Department for Business, Innovation and Skills will meet the hon. Gentleman.",
            "meet",
        ),
        ("I am very happy to discuss them with my hon. Friend.", "meet"),
        ("I am happy to say that we will absolutely do that.", "agree_to_request"),
    ],
)
def test_each_kind_of_undertaking_is_found(sentence: str, kind: str) -> None:
    assert undertaking_kind(sentence) == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "In addition to my duties in this House I shall have further such meetings later today.",
        "I shall be having further meetings with ministerial colleagues and others today.",
        "I will tell the right hon. Gentleman what we are doing.",
        "I will come to that.",
        "I will give way.",
        "As the answer is in the form of a chart, I will, with permission, publish it in the "
        "Official Report.",
        "I would refer my hon. Friend to the answer I gave on 4th November.",
        "I will be travelling to the Commonwealth Heads of Government meeting in Rwanda.",
        "We will ensure that its single market is protected.",
        "We will continue to negotiate with the EU.",
        "I will not meet him.",
        "I cannot give my hon. Friend any undertaking about when that will be.",
        "I give no undertakings at all as to the outcome of that review.",
        "We hope to have something in the White Paper.",
        "An advantage of taking back control is that we can look at our relationships abroad.",
    ],
)
def test_formulas_refusals_and_policy_statements_are_not_undertakings(sentence: str) -> None:
    assert undertaking_kind(sentence) is None


def test_every_pattern_has_a_name_and_a_note() -> None:
    names = [p.kind for p in PATTERNS]
    assert len(names) == len(set(names))
    assert all(p.note for p in PATTERNS)


def test_sentences_do_not_end_at_honourable_abbreviations() -> None:
    text = (
        "I thank the right hon. Gentleman. Mr. Mason said No. 10 agreed. "
        "It was 3½ per cent. or less. “I will write.” Will he?"
    )
    assert split_sentences(text) == [
        "I thank the right hon. Gentleman.",
        "Mr. Mason said No. 10 agreed.",
        "It was 3½ per cent. or less.",
        "“I will write.”",
        "Will he?",
    ]


def _turn(**changes) -> Turn:
    base = Turn(
        id="A1",
        house="Commons",
        date="2015-11-26",
        volume=602,
        section="Oral Answers to Questions",
        department="Attorney General",
        debate_title="Stalking",
        exchange_id="Q1",
        question_number=None,
        uin=None,
        role="answer",
        member_id=4106,
        speaker_name="Robert Buckland",
        speaker_office="The Solicitor General",
        constituency=None,
        party=None,
        column=407,
        text="I thank my hon. Friend. I will write to her with the figures.",
        url="https://hansard.parliament.uk/x#contribution-A1",
    )
    return dataclasses.replace(base, **changes)


def test_commitment_carries_minister_asker_question_and_citation() -> None:
    question = _turn(
        id="Q1", role="question", speaker_name="Nusrat Ghani", speaker_office=None, text="What?"
    )
    found = list(find_in_turns([question, _turn()]))
    assert len(found) == 1
    c = found[0]
    assert c.id == "A1:write:1"
    assert (c.minister, c.office, c.date) == (
        "Robert Buckland",
        "The Solicitor General",
        "2015-11-26",
    )
    assert (c.asker, c.question, c.question_turn_id) == ("Nusrat Ghani", "What?", "Q1")
    assert c.sentence == "I will write to her with the figures."
    assert c.citation == "HC Deb 26 November 2015, vol 602, col 407"


def test_only_answers_are_scanned() -> None:
    assert find_in_turn(_turn(role="supplementary")) == []
    assert find_in_turn(_turn(role="question")) == []


def test_commitment_id_is_stable_across_runs() -> None:
    assert [c.id for c in find_in_turn(_turn())] == [c.id for c in find_in_turn(_turn())]


# -- accuracy on hand-labelled real pages ------------------------------------------------------


def _turns_of(source: str) -> list[Turn]:
    path = FIXTURES / source
    if source.endswith(".xml"):
        return file_turns(read_parlparse_file(path))
    manifest = json.loads((FIXTURES / "site" / "manifest.json").read_text(encoding="utf-8"))
    site_path = next(p for p, f in manifest.items() if "site/" + f == source or f == source)
    html = path.read_text(encoding="utf-8")
    return parse_page(html, "https://hansard.parliament.uk" + site_path)


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _score(sources: list[str]) -> tuple[float, float, list, list]:
    labels = [u for u in LABELS["undertakings"] if _source(u["page"]) in sources]
    found = [c for s in sources for c in find_in_turns(_turns_of(s))]

    def same(c, label) -> bool:
        a, b = _normal(c.sentence), _normal(label["sentence"])
        return c.turn_id.lower() == label["contribution_id"].lower() and (a in b or b in a)

    false_positives = [c for c in found if not any(same(c, u) for u in labels)]
    missed = [u for u in labels if not any(same(c, u) for c in found)]
    precision = (len(found) - len(false_positives)) / len(found) if found else 0.0
    recall = (len(labels) - len(missed)) / len(labels)
    return precision, recall, false_positives, missed


def _source(page: str) -> str:
    return page if page.startswith("twfy") else "site/" + page


def test_label_set_is_not_trivial() -> None:
    assert len(LABELS["undertakings"]) >= 20
    assert len({u["page"] for u in LABELS["undertakings"]}) >= 5


@pytest.mark.parametrize(
    "subset",
    ["all", "held_out"],
)
def test_precision_and_recall_on_hand_labelled_real_answers(subset: str) -> None:
    sources = [_source(p) for p in LABELS["pages"]]
    if subset == "held_out":
        sources = [s for s in sources if s.endswith(".xml")]
    precision, recall, false_positives, missed = _score(sources)
    print(f"\n{subset}: precision {precision:.2f} recall {recall:.2f}")
    assert precision >= 0.8, [c.sentence for c in false_positives]
    assert recall >= 0.8, [u["sentence"] for u in missed]


@pytest.mark.parametrize("day", ["sentences_2009_10_28", "sentences_2009_10_27"])
def test_precision_and_recall_on_typed_sentences_of_other_real_days(day: str) -> None:
    rows = LABELS[day]["sentences"]
    found = [(row, undertaking_kind(row["sentence"])) for row in rows]
    true_positives = sum(1 for row, kind in found if kind and row["kind"])
    detected = sum(1 for _, kind in found if kind)
    labelled = sum(1 for row in rows if row["kind"])
    precision, recall = true_positives / detected, true_positives / labelled
    print(f"\n{day}: precision {precision:.2f} recall {recall:.2f}")
    assert precision >= 0.8 and recall >= 0.8, [(r["sentence"], k) for r, k in found]


def test_a_bare_indeed_to_a_real_request() -> None:
    request = LABELS["sentences_2009_10_27"]["request_2009_10_27"]
    asked = _turn(id="Q", role="supplementary", speaker_office=None, text=request["question"])
    answer = _turn(text=request["answer"])
    assert [c.kind for c in find_in_turn(answer, asked)] == [request["kind"]]


def test_a_bare_yes_is_an_undertaking_only_when_the_question_asked_for_one() -> None:
    asked = _turn(
        id="Q1",
        role="supplementary",
        speaker_name="Jeff Ennis",
        speaker_office=None,
        text="Will the Minister agree to meet me and my constituents to discuss this issue?",
    )
    yes = _turn(text="Yes. The campaign continues.")
    [found] = find_in_turn(yes, asked)
    assert (found.kind, found.sentence, found.asker) == ("meet", "Yes.", "Jeff Ennis")
    told = dataclasses.replace(
        asked, text="Will he tell us what measures the Government will take?"
    )
    assert find_in_turn(_turn(text="Certainly I shall. We are acting."), told) == []
    assert find_in_turn(yes, None) == []
