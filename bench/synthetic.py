"""A realistic synthetic archive for the index/search benchmark.

Real Hansard cannot be fetched in bulk here, and a benchmark on a handful of fixture pages says
nothing about 1M turns, so this builds an archive that has the statistical shape that matters to an
index: word frequencies follow Zipf's law with a long tail of rare words, turn lengths are
lognormal (median about 400 bytes), about 650 members ask and answer, ministers hold offices that
change at reshuffles and elections, sittings hold about 150 turns in exchanges of question, answer
and supplementaries, with topical questions and Prime Minister's Questions on Wednesdays.

Everything is drawn from one seeded ``random.Random``, so the same ``--turns`` and seed give the
same archive byte for byte, and the benchmark can name its query terms from the plan alone.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hansard.archive import Archive
from hansard.datadir import archive_dir
from hansard.records import Turn

SEED = 20260429
TURNS_PER_SITTING = 150
FIRST_DAY = dt.date(2006, 1, 2)
LAST_DAY = dt.date(2025, 12, 31)
MEDIAN_BYTES = {"question": 230, "supplementary": 330, "answer": 410, "chair": 60}
LENGTH_SIGMA = 0.55
ZIPF_S = 1.05
VOCAB_SIZE = 40_000


def _words(text: str) -> list[str]:
    """Whitespace-separated words: long word lists stay readable in the source."""
    return text.split()


# Ordered roughly by frequency in parliamentary English: the head of the Zipf curve.
HEAD_WORDS = _words("""
the of to and a that in is for we have it are on this be will with as not i by my hon friend
what has been government he at from they our all which do people can there more would minister
support right member an but very so important also year their was were who its about secretary
state work ensure local new public services house make sure take one or department country
funding issue national us any how uk many need if across agree years those community communities
continue further number system money million billion investment plan review last time first over
now should these up help working families whether constituency steps being help could just when
today her his out other such must some them than only into had programme policy sector point
assure provide support schools health care police business economy jobs growth security england
scotland wales northern ireland region regions budget spending tax taxes cost costs council
councils housing homes transport rail roads energy climate environment water farmers trade
exports industry workers wages pensions benefits children young parents teachers pupils
hospitals patients doctors nurses staff training veterans forces defence armed justice courts
prisons victims crime offenders safety fire rural urban small firms high street universities
students research science technology digital broadband data online safety women equality
disability carers older access rights review evidence report reports figures statistics
commitment commitments promise promised action measures legislation bill law consultation
strategy framework scheme schemes fund funds grant grants allocation allocated delivery deliver
delivering delivered improve improving improvement increase increased reduce reduced tackle
tackling address addressing concern concerns concerned recognise understand believe know clear
absolutely indeed welcome welcomes pleased grateful thank colleagues gentleman lady noble lord
baroness question questions answer answered asked asking matter matters case cases example weeks
months recent recently current currently previous future next since already still
""")


FIRST_NAMES = _words("""
James John Robert Michael William David Richard Thomas Charles Christopher Daniel Matthew
Anthony Mark Paul Steven Andrew Kenneth Joshua Kevin Brian George Edward Ronald Timothy Jason
Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Simon Philip Graham Alistair Iain Liam
Nadhim Kwasi Sajid Priti Nusrat Rushanara Yvette Harriet Diane Angela Emily Rachel Lucy Sarah
Karen Nancy Lisa Margaret Sandra Ashley Kimberly Donna Michelle Carol Amanda Melissa Deborah
Stephanie Rebecca Sharon Laura Cynthia Kathleen Amy Anna Shirley Helen Catherine Caroline
Theresa Andrea Esther Jacqueline Justine Kemi Bridget Preet Tulip Layla Wera Florence Jess
Bambos Clive Hilary Kim Meg Chris Pat Rosie Siobhan Stella Tobias Valerie Wendy Yasmin Zarah
Afzal Barry Bernard Conor Crispin Desmond Dominic Fabian
""")


SURNAMES = _words("""
Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker
White Roberts Green Hall Wood Jackson Clarke Patel Khan Lewis James Phillips Mason Mitchell Rose
Davis Rodriguez Cox Alexander Morgan Moore Martin Price Allen Bell Baker Cooper Shaw Lloyd Kelly
Hughes Edwards Ward Turner Parker Collins Stewart Morris Murphy Watson Harris Ghani Buckland
Hollobone Leigh Fox Burghart Mordaunt Badenoch Cleverly Zahawi Javid Hancock Gove Raab Truss
Sunak Starmer Reeves Rayner Lammy Cooper Streeting Phillipson Miliband Healey Kyle Nandy Reed
Benn McFadden Thornberry Abbott Burgon Lavery Pennycook Dodds Creagh Champion Onwurah Qureshi
Ribeiro-Addy Sobel Tami Vaz Whitehead Ashworth Bradshaw Brennan Cadbury Dhesi Eagle Farrelly
Gwynne Hendrick Jarvis Kinnock Lewell Madders Norris Owen Pollard Rimmer Sheerman Twigg Umunna
Vickers Walley Yorke
""")


PLACES = _words("""
Wealden Kettering Gainsborough Tonbridge Norwich Ipswich Hastings Bolton Wigan Dudley Walsall
Wolverhampton Stockport Oldham Rochdale Bury Salford Sefton Knowsley Wirral Gateshead Sunderland
Hartlepool Darlington Stockton Redcar Middlesbrough Durham Blyth Carlisle Penrith Barrow
Lancaster Preston Blackburn Burnley Pendle Rossendale Chorley Warrington Halton Crewe
Macclesfield Congleton Stafford Stone Lichfield Tamworth Nuneaton Rugby Warwick Stratford
Redditch Bromsgrove Worcester Hereford Ludlow Shrewsbury Telford Gloucester Cheltenham Stroud
Swindon Devizes Salisbury Bath Wells Taunton Yeovil Exeter Plymouth Torbay Truro Camborne
Penzance Poole Bournemouth Christchurch Dorset Romsey Eastleigh Winchester Basingstoke Aldershot
Woking Guildford Reigate Crawley Horsham Worthing Lewes Eastbourne Bexhill Folkestone Dover
Canterbury Thanet Sittingbourne Dartford Gravesham Chatham Maidstone Ashford Sevenoaks Bromley
Croydon Sutton Kingston Richmond Twickenham Ealing Harrow Brent Barnet Enfield Haringey
Islington Hackney Newham Ilford
""")


PARTIES_COMMONS = [("Con", 44), ("Lab", 40), ("LD", 7), ("SNP", 5), ("DUP", 1), ("PC", 1),
                   ("Green", 1), ("Ind", 1)]  # fmt: skip
PARTIES_LORDS = [("Con", 35), ("Lab", 25), ("LD", 12), ("XB", 24), ("Bp", 4)]

DEPARTMENTS = """
Health and Social Care|Home Office|Treasury|Education|Defence|Foreign, Commonwealth and
Development Office|Justice|Work and Pensions|Transport|Environment, Food and Rural
Affairs|Business and Trade|Energy Security and Net Zero|Housing, Communities and Local
Government|Culture, Media and Sport|Science, Innovation and Technology|Northern
Ireland|Scotland|Wales|Women and Equalities|Attorney General|Cabinet Office|Prime
Minister|International Development|Exiting the European Union|House of Commons
Commission|Church Commissioners|Public Accounts Commission|Leader of the House|Digital,
Culture, Media and Sport|Electoral Commission Committee
""".replace("\n", " ").split("|")
DEPARTMENTS = [" ".join(d.split()) for d in DEPARTMENTS]

# What exchanges are about: two-word phrases that recur verbatim (phrase queries find them).
TOPICS = """
waiting lists|social care|mental health|knife crime|police numbers|affordable housing|universal
credit|child poverty|climate change|net zero|energy bills|fuel poverty|free trade|armed
forces|school funding|special educational needs|further education|bus services|rail
fares|road safety|flood defences|food security|animal welfare|stalking and harassment|domestic
abuse|prison places|legal aid|court backlogs|state pension|disability benefits|small
businesses|business rates|broadband rollout|online safety|artificial intelligence|nuclear
power|offshore wind|water quality|sewage discharges|asylum seekers|small boats|visa
applications|cost of living|minimum wage|zero-hours contracts|apprenticeships|skills
shortages|youth services|local libraries|high streets|rural bus routes|coastal
communities|fishing industry|steel industry|defence procurement|overseas aid|human
rights|press freedom|electoral registration|devolution deals
""".replace("\n", " ").split("|")
TOPICS = [" ".join(t.split()) for t in TOPICS]

GOVERNMENTS = [(dt.date(2006, 1, 1), "Lab"), (dt.date(2010, 5, 11), "Con"),
               (dt.date(2024, 7, 5), "Lab")]  # fmt: skip
RESHUFFLE_DAYS = 730


@dataclass(frozen=True, slots=True)
class Member:
    member_id: int
    name: str
    printed: str
    """How the speaker line prints the name: sometimes with an honorific ("Sir Edward Leigh")."""
    house: str
    party: str
    constituency: str | None


@dataclass
class Plan:
    """What the generator made, so the benchmark can pick query terms that exist at this size."""

    seed: int = SEED
    turns: int = 0
    sittings: list[tuple[str, str]] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    offices: list[str] = field(default_factory=list)
    common_words: list[str] = field(default_factory=list)
    rare_words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    text_bytes: list[int] = field(default_factory=list)


def _pseudo_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """Pronounceable made-up words for the Zipf tail: rare terms an index must still find."""
    onsets = [
        "b",
        "bl",
        "br",
        "c",
        "ch",
        "cl",
        "cr",
        "d",
        "dr",
        "f",
        "fl",
        "fr",
        "g",
        "gl",
        "gr",
        "h",
        "j",
        "k",
        "l",
        "m",
        "n",
        "p",
        "pl",
        "pr",
        "qu",
        "r",
        "s",
        "sc",
        "sh",
        "sl",
        "sp",
        "st",
        "t",
        "th",
        "tr",
        "v",
        "w",
    ]
    vowels = _words("a e i o u ai ea ee ie oa ou")
    codas = _words("b ck d ft g l ld m n nd ng nt p r rd rn s ss st t th x")
    words: list[str] = []
    while len(words) < count:
        syllables = rng.choice((2, 2, 3, 3, 4))
        word = "".join(
            rng.choice(onsets)
            + rng.choice(vowels)
            + (rng.choice(codas) if rng.random() < 0.5 else "")
            for _ in range(syllables)
        )
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words


class Generator:
    """Draws members, offices, sittings and text from one seeded random stream."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        taken = set(HEAD_WORDS)
        head = list(dict.fromkeys(HEAD_WORDS))
        self.vocab = head + _pseudo_words(self.rng, VOCAB_SIZE - len(head), taken)
        weights = [1.0 / (rank + 2.7) ** ZIPF_S for rank in range(len(self.vocab))]
        total = sum(weights)
        self.probability = [w / total for w in weights]
        self.cum_weights = list(itertools.accumulate(self.probability))
        self.members = self._members()
        self.by_house = {
            house: [m for m in self.members if m.house == house] for house in ("Commons", "Lords")
        }
        self.department_topics = {
            dept: self.rng.sample(TOPICS, 6) for dept in DEPARTMENTS if dept != "Prime Minister"
        }
        self._ministries: dict[tuple[str, int, str], list[Member]] = {}

    # -- people --------------------------------------------------------------------------------

    def _members(self) -> list[Member]:
        rng = self.rng
        names = [f"{f} {s}" for f in FIRST_NAMES for s in SURNAMES]
        rng.shuffle(names)
        constituencies = [
            f"{prefix}{place}"
            for place in PLACES
            for prefix in ("", "North ", "South ", "East ", "West ", "Mid ")
        ]
        rng.shuffle(constituencies)
        members: list[Member] = []
        for index in range(650):
            house = "Commons" if index < 520 else "Lords"
            parties = PARTIES_COMMONS if house == "Commons" else PARTIES_LORDS
            party = rng.choices([p for p, _ in parties], [w for _, w in parties])[0]
            name = names[index]
            if house == "Lords":
                title = rng.choice(("Lord", "Baroness"))
                printed = f"{title} {name.split()[1]}"
                seat = None
            else:
                honorific = rng.choices(("", "Mr ", "Mrs ", "Ms ", "Dr ", "Sir ", "Dame "),
                                        (80, 6, 3, 3, 3, 3, 2))[0]  # fmt: skip
                printed = f"{honorific}{name}"
                seat = constituencies[index]
            members.append(Member(1000 + index * 7, name, printed, house, party, seat))
        return members

    def government(self, day: dt.date) -> str:
        return [party for start, party in GOVERNMENTS if start <= day][-1]

    def ministers(self, house: str, department: str, day: dt.date) -> list[Member]:
        """The department's ministers on that day: reshuffled every two years and at elections."""
        party = self.government(day)
        period = (day - FIRST_DAY).days // RESHUFFLE_DAYS
        key = (house, period, department + party)
        if key not in self._ministries:
            pool = [m for m in self.by_house[house] if m.party == party]
            picker = random.Random(f"{key}")
            self._ministries[key] = picker.sample(pool, 3 if house == "Commons" else 1)
        return self._ministries[key]

    @staticmethod
    def offices(department: str) -> list[str]:
        if department == "Prime Minister":
            return ["The Prime Minister"]
        if department == "Attorney General":
            return ["The Attorney General", "The Solicitor General"]
        if department in ("Scotland", "Wales", "Northern Ireland"):
            return [
                f"The Secretary of State for {department}",
                f"The Parliamentary Under-Secretary of State for {department}",
            ]
        return [
            f"The Secretary of State for {department}",
            f"The Minister of State, {department}",
            f"The Parliamentary Under-Secretary of State for {department}",
        ]

    # -- text ----------------------------------------------------------------------------------

    def text(self, role: str, topic: str, mention: Member | None = None) -> str:
        """Sentences of Zipf-drawn words, the exchange's topic phrase, and the odd figure."""
        rng = self.rng
        target = max(30, int(math.exp(rng.gauss(math.log(MEDIAN_BYTES[role]), LENGTH_SIGMA))))
        if role == "chair":
            return rng.choice(
                (
                    "Order.",
                    "Order. I call the Minister.",
                    "Order. Questions must be brief.",
                    "I call the shadow Minister.",
                )
            )
        words = rng.choices(self.vocab, cum_weights=self.cum_weights, k=target // 5 + 4)
        sentences: list[str] = []
        size = 0
        position = 0
        first = True
        while size < target and position < len(words):
            length = rng.randint(8, 24)
            chunk = words[position : position + length]
            position += length
            if first or rng.random() < 0.35:
                chunk.insert(rng.randint(0, len(chunk)), topic)
            if rng.random() < 0.12:
                chunk.insert(rng.randint(0, len(chunk)), f"£{rng.randint(1, 999)} million")
            if first and mention is not None and mention.constituency:
                chunk[0:0] = ["my", "hon.", "Friend", "the", "Member", "for", mention.constituency]
            first = False
            end = "?" if role != "answer" and size + 40 >= target else "."
            sentence = " ".join(chunk)
            sentences.append(sentence[0].upper() + sentence[1:] + end)
            size += len(sentence) + 2
        return " ".join(sentences)

    # -- sittings ------------------------------------------------------------------------------

    def sitting_days(self, count: int) -> list[tuple[str, str]]:
        """``count`` (house, date) sitting days spread over 20 years, weekdays only."""
        days = []
        day = FIRST_DAY
        while day <= LAST_DAY:
            if day.weekday() < 4 or (day.weekday() == 4 and day.day % 3 == 0):
                days.append(("Commons", day))
                days.append(("Lords", day))
            day += dt.timedelta(days=1)
        if count > len(days):
            raise ValueError(f"at most {len(days)} sittings fit in 20 years")
        picked = sorted(self.rng.sample(range(len(days)), count))
        return [(days[i][0], days[i][1].isoformat()) for i in picked]

    def sitting(self, house: str, date: str, size: int) -> list[Turn]:
        rng = self.rng
        day = dt.date.fromisoformat(date)
        departments = [d for d in DEPARTMENTS if d != "Prime Minister"]
        department = rng.choice(departments)
        pmqs = house == "Commons" and day.weekday() == 2
        debate_guid = _guid(rng)
        slug = "OralAnswersToQuestions"
        base_url = f"https://hansard.parliament.uk/{house}/{date}/debates/{debate_guid}/{slug}"
        volume = 440 + (day.year - 2006) * 12 + day.month // 2
        column = rng.randint(1, 1200)
        turns: list[Turn] = []
        asked = 0
        topical = 0
        while len(turns) < size:
            if pmqs and len(turns) > size * 0.6:
                dept, number, title = "Prime Minister", f"Q{asked + 1}", "Engagements"
            elif len(turns) > size * 0.45 and house == "Commons":
                topical += 1
                dept, number, title = department, f"T{topical}", "Topical Questions"
            else:
                dept, number = department, str(asked + 1)
                title = None
            topic = rng.choice(self.department_topics.get(dept) or TOPICS)
            title = title or topic[0].upper() + topic[1:]
            ministers = self.ministers(house, dept, day)
            offices = self.offices(dept)
            minister_index = rng.randrange(min(len(ministers), len(offices)))
            minister = ministers[minister_index]
            office = offices[-1] if house == "Lords" else offices[minister_index]
            asker = rng.choice(self.by_house[house])
            exchange_id = _guid(rng)
            roles = ["question", "answer"]
            for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
                roles += ["supplementary", "answer"]
            if rng.random() < 0.08:
                roles.insert(rng.randint(1, len(roles)), "chair")
            for position, role in enumerate(roles):
                if role == "question" or (role == "supplementary" and position == 2):
                    speaker, spoken_office = asker, None
                elif role == "supplementary":
                    speaker, spoken_office = rng.choice(self.by_house[house]), None
                elif role == "answer":
                    speaker, spoken_office = minister, office
                else:
                    speaker, spoken_office = None, None
                turn_id = _guid(rng)
                turns.append(
                    Turn(
                        id=turn_id,
                        house=house,
                        date=date,
                        volume=volume,
                        section="Oral Answers to Questions",
                        department=dept,
                        debate_title=title,
                        exchange_id=exchange_id,
                        question_number=number if role == "question" else None,
                        uin=f"{rng.randint(900000, 999999)}" if role == "question" else None,
                        role=role,  # type: ignore[arg-type]
                        member_id=speaker.member_id if speaker else None,
                        speaker_name=speaker.printed if speaker else "Mr Speaker",
                        speaker_office=spoken_office,
                        constituency=speaker.constituency if speaker else None,
                        party=speaker.party if speaker else None,
                        column=column,
                        text=self.text(role, topic, asker if role == "answer" else None),
                        url=f"{base_url}#contribution-{turn_id}",
                    )
                )
                column += rng.random() < 0.3
            asked += 1
        return turns[: max(size, 1)]

    def turns(self, days: list[tuple[str, str]], total: int) -> Iterator[tuple[str, str, list]]:
        """Each sitting's turns in order; sizes vary around 150 and add up to ``total``."""
        remaining = total
        for position, (house, date) in enumerate(days):
            left = len(days) - position
            size = remaining if left == 1 else max(1, int(remaining / left * rng_jitter(self.rng)))
            size = min(size, remaining - (left - 1))
            remaining -= size
            yield house, date, self.sitting(house, date, size)

    # -- what the benchmark asks for -----------------------------------------------------------

    def expected_doc_freq(self, rank: int, turns: int) -> float:
        words_per_turn = 70
        return turns * words_per_turn * self.probability[rank]

    def rare_words(self, turns: int, wanted: int = 10, target_df: float = 20.0) -> list[str]:
        """Tail words expected in about ``target_df`` turns at this size (never a head word)."""
        rank = len(HEAD_WORDS)
        while rank < len(self.vocab) - wanted and self.expected_doc_freq(rank, turns) > target_df:
            rank += 1
        return self.vocab[rank : rank + wanted]


def rng_jitter(rng: random.Random) -> float:
    return rng.uniform(0.8, 1.2)


def _guid(rng: random.Random) -> str:
    raw = f"{rng.getrandbits(128):032X}"
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


COMMON_WORDS = ["government", "funding", "schools", "police", "housing", "energy", "hospitals",
                "families", "investment", "transport"]  # fmt: skip


def generate(data_dir: Path, turns: int, seed: int = SEED) -> Plan:
    """Write ``turns`` synthetic turns to the archive under ``data_dir``; return what was made."""
    generator = Generator(seed)
    archive = Archive(archive_dir(data_dir))
    sittings = max(1, round(turns / TURNS_PER_SITTING))
    days = generator.sitting_days(sittings)
    plan = Plan(seed=seed, members=generator.members, common_words=COMMON_WORDS)
    for house, date, day_turns in generator.turns(days, turns):
        archive.write_turns(house, date, day_turns)
        plan.turns += len(day_turns)
        plan.sittings.append((house, date))
        plan.text_bytes.extend(len(t.text.encode()) for t in day_turns)
    plan.rare_words = generator.rare_words(turns)
    plan.phrases = [t for t in TOPICS if " " in t][:10]
    plan.offices = sorted({o for d in DEPARTMENTS for o in generator.offices(d)})
    return plan


def plan_from(meta: dict) -> Plan:
    """The plan of an archive generated before, from its ``plan.json`` (``--reuse-archive``):
    the members come again from the seed, the rest was saved."""
    generator = Generator(meta["seed"])
    return Plan(
        seed=meta["seed"],
        turns=meta["turns"],
        sittings=[tuple(s) for s in meta["sittings"]],
        members=generator.members,
        offices=meta["offices"],
        common_words=meta["common_words"],
        rare_words=meta["rare_words"],
        phrases=meta["phrases"],
    )


def new_sitting(data_dir: Path, taken: list[tuple[str, str]], seed: int = SEED) -> tuple:
    """One more sitting (about 150 turns) on a day the archive lacks: what a daily crawl adds."""
    generator = Generator(seed)
    generator.rng.seed(seed + 1)  # the same members and offices, but a sitting not yet drawn
    taken_set = set(taken)
    day = dt.date(2026, 1, 5)
    while ("Commons", day.isoformat()) in taken_set or day.weekday() > 3:
        day += dt.timedelta(days=1)
    house, date = "Commons", day.isoformat()
    turns = generator.sitting(house, date, TURNS_PER_SITTING)
    Archive(archive_dir(data_dir)).write_turns(house, date, turns)
    return house, date


def recrawl_sitting(data_dir: Path, house: str, date: str) -> int:
    """Rewrite an archived sitting with edited text, same ids: a re-crawl after a correction."""
    archive = Archive(archive_dir(data_dir))
    turns = archive.read_turns(house, date)
    edited = [
        Turn.from_dict({**t.to_dict(), "text": t.text + " [Official Report, corrected.]"})
        for t in turns
    ]
    archive.write_turns(house, date, edited)
    return len(edited)
