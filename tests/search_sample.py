"""A small, realistic archive for the index and search tests.

The 2015 stalking exchange as Hansard printed it, an earlier exchange where Robert Buckland asked
as a backbencher, a PMQ exchange, names printed with honorifics, a historic day whose speakers
have no member id, and a Lords exchange.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hansard.archive import Archive
from hansard.datadir import archive_dir
from hansard.records import Turn

BASE = "https://hansard.parliament.uk"


def turn(
    turn_id: str,
    date: str,
    role: str,
    text: str,
    *,
    name: str | None,
    member_id: int | None,
    office: str | None = None,
    party: str | None = None,
    constituency: str | None = None,
    exchange: str | None = None,
    department: str | None = "Attorney General",
    title: str | None = "Stalking and Harassment Cases",
    house: str = "Commons",
    column: int | str | None = 407,
    volume: int | None = 602,
    number: str | None = None,
    uin: str | None = None,
) -> Turn:
    page = f"{BASE}/{house}/{date}/debates/{(exchange or turn_id)}/Debate"
    return Turn(
        id=turn_id,
        house=house,
        date=date,
        volume=volume,
        section="Oral Answers to Questions",
        department=department,
        debate_title=title,
        exchange_id=exchange,
        question_number=number,
        uin=uin,
        role=role,  # type: ignore[arg-type]
        member_id=member_id,
        speaker_name=name,
        speaker_office=office,
        constituency=constituency,
        party=party,
        column=column,
        text=text,
        url=f"{page}#contribution-{turn_id}",
    )


STALKING_Q = (
    "What steps the Crown Prosecution Service has taken to enable its prosecutors effectively to "
    "prosecute stalking and harassment cases."
)


def day_2015_11_26() -> list[Turn]:
    ex = "SG-Q5"
    other = "AG-Q6"
    return [
        turn(ex, "2015-11-26", "question", STALKING_Q, name="Nusrat Ghani", member_id=4460,
             party="Con", constituency="Wealden", exchange=ex, number="5", uin="902346"),
        turn("SG-A1", "2015-11-26", "answer",
             "The CPS launched a joint stalking protocol with the police in September 2014, and "
             "has revised its legal guidance to prosecutors, which led to a 15.1% rise in the "
             "level of prosecutions last year.",
             name="Robert Buckland", office="The Solicitor General", member_id=4106, exchange=ex),
        turn("SG-S1", "2015-11-26", "supplementary",
             "The national stalking helpline responded to 2,800 calls last year. Does my hon. "
             "and learned Friend agree that restraining orders must be given?",
             name="Nusrat Ghani", member_id=4460, exchange=ex, column=408),
        turn("SG-A2", "2015-11-26", "answer",
             "My hon. Friend is right to emphasise the seriousness of stalking—it is no joke. "
             "The CPS legal guidance urges prosecutors to apply for restraining orders.",
             name="Robert Buckland", office="The Solicitor General", member_id=4106,
             exchange=ex, column=408),
        turn(other, "2015-11-26", "question",
             "What recent assessment he has made of the effectiveness of the Crown Prosecution "
             "Service in prosecuting rural crime.",
             name="Mr Peter Bone", member_id=4099, party="Con", constituency="Wellingborough",
             exchange=other, title="Rural Crime", number="6", column=409),
        turn("AG-A1", "2015-11-26", "answer",
             "Rural crime matters a great deal, and the CPS has appointed a rural crime lead in "
             "every area.",
             name="Jeremy Wright", office="The Attorney General", member_id=3933, exchange=other,
             title="Rural Crime", column=409),
        turn("AG-C1", "2015-11-26", "chair", "Order. I call Mr Bone.",
             name="Mr Speaker", member_id=17, office="Mr Speaker", exchange=other,
             title="Rural Crime", column=409),
        turn("AG-S1", "2015-11-26", "supplementary",
             "= Will my right hon. and learned Friend look at the figures for Northamptonshire?",
             name="Mr Bone", member_id=4099, exchange=other, title="Rural Crime", column=409),
    ]  # fmt: skip


def day_2012_03_08() -> list[Turn]:
    ex = "B-Q1"
    return [
        turn(ex, "2012-03-08", "question",
             "What steps he is taking to reduce reoffending by young adults.",
             name="Robert Buckland", member_id=4106, party="Con", constituency="South Swindon",
             exchange=ex, department="Justice", title="Young Adult Offenders", volume=541,
             column=1001),
        turn("B-A1", "2012-03-08", "answer",
             "We are piloting new approaches to young adult offenders across the country.",
             name="Crispin Blunt", office="The Parliamentary Under-Secretary of State for Justice",
             member_id=104, exchange=ex, department="Justice", title="Young Adult Offenders",
             volume=541, column=1001),
    ]  # fmt: skip


def day_2016_01_13() -> list[Turn]:
    ex = "PMQ-Q1"
    return [
        turn(ex, "2016-01-13", "question",
             "If he will list his official engagements for Wednesday 13 January.",
             name="Dr James Davies", member_id=4476, party="Con", constituency="Vale of Clwyd",
             exchange=ex, department="Prime Minister", title="Engagements", volume=604,
             column=887, number="Q1"),
        turn("PMQ-A1", "2016-01-13", "answer",
             "This morning I had meetings with ministerial colleagues and others. In addition to "
             "my duties in this House, I shall have further such meetings later today.",
             name="David Cameron", office="The Prime Minister", member_id=1446, exchange=ex,
             department="Prime Minister", title="Engagements", volume=604, column=887),
        turn("PMQ-S1", "2016-01-13", "supplementary",
             "Will the Prime Minister join me in welcoming the fall in unemployment in Wales?",
             name="Dr James Davies", member_id=4476, exchange=ex, department="Prime Minister",
             title="Engagements", volume=604, column=887),
        turn("PMQ-A2", "2016-01-13", "answer",
             "I certainly join my hon. Friend; unemployment in Wales has fallen.",
             name="David Cameron", office="The Prime Minister", member_id=1446, exchange=ex,
             department="Prime Minister", title="Engagements", volume=604, column=888),
        turn("PMQ-S2", "2016-01-13", "supplementary",
             "The Prime Minister says unemployment has fallen, but what about stalking victims?",
             name="Jeremy Corbyn", member_id=185, party="Lab", constituency="Islington North",
             exchange="PMQ-S2", department="Prime Minister", title="Engagements", volume=604,
             column=888),
    ]  # fmt: skip


def day_1975_01_14() -> list[Turn]:
    ex = "H-Q1"
    return [
        turn(ex, "1975-01-14", "question",
             "asked the Secretary of State for Defence what progress has been made with the "
             "defence review.",
             name="Mr. Hurd", member_id=None, exchange=ex, department="Defence",
             title="Defence Review", volume=884, column="1"),
        turn("H-A1", "1975-01-14", "answer",
             "The defence review is nearly complete and I hope to report to the House soon.",
             name="Mr. Mason", office="The Secretary of State for Defence", member_id=None,
             exchange=ex, department="Defence", title="Defence Review", volume=884, column="2"),
    ]  # fmt: skip


def day_lords_2020_01_09() -> list[Turn]:
    ex = "L-Q1"
    return [
        turn(ex, "2020-01-09", "question",
             "To ask Her Majesty's Government what plans they have to tackle stalking online.",
             name="Baroness Bertin", member_id=4570, party="Con", exchange=ex,
             department="Home Office", title="Stalking: Online", house="Lords", volume=801,
             column=None),
        turn("L-A1", "2020-01-09", "answer",
             "My Lords, the Government take online stalking very seriously.",
             name="Baroness Williams of Trafford", office="The Minister of State, Home Office",
             member_id=4282, party="Con", exchange=ex, department="Home Office",
             title="Stalking: Online", house="Lords", volume=801, column=None),
    ]  # fmt: skip


DAYS = {
    ("Commons", "2015-11-26"): day_2015_11_26,
    ("Commons", "2012-03-08"): day_2012_03_08,
    ("Commons", "2016-01-13"): day_2016_01_13,
    ("Commons", "1975-01-14"): day_1975_01_14,
    ("Lords", "2020-01-09"): day_lords_2020_01_09,
}


def write_sample(data_dir: Path) -> Archive:
    archive = Archive(archive_dir(data_dir))
    for (house, date), make in DAYS.items():
        archive.write_turns(house, date, make())
    return archive


def all_turns() -> list[Turn]:
    return [t for make in DAYS.values() for t in make()]


def repeated_turns(first: int, last: int) -> list[Turn]:
    """Copies ``first`` to ``last - 1`` of every sample turn, each copy in its own year (2000 +
    copy), so an index has terms long enough to span several posting blocks."""
    return [
        dataclasses.replace(turn, id=f"{turn.id}-{copy}", date=f"{2000 + copy}{turn.date[4:]}")
        for copy in range(first, last)
        for turn in all_turns()
    ]


def two_segment_index(path: Path, copies: int):
    """A Whoosh index of ``copies`` repeated samples in two segments, the first sitting deleted:
    terms span several posting blocks, and every block-reading shortcut meets deletions."""
    from whoosh import index as whoosh_index

    from index import build  # noqa: F401  (the build's writer patches, as the index is built)
    from index.schema import build_schema, day_documents, day_term, group_by_day

    ix = whoosh_index.create_in(str(path), build_schema())
    for first, last in ((0, copies // 2), (copies // 2, copies)):
        writer = ix.writer()
        for day in group_by_day(repeated_turns(first, last)):
            for doc in day_documents(day):
                writer.add_document(**doc)
        writer.commit(merge=False)
    writer = ix.writer()
    first_day = next(iter(group_by_day(repeated_turns(0, 1))))[0]
    assert writer.delete_by_term("day", day_term(first_day.house, first_day.date)) > 0
    writer.commit(merge=False)
    return ix
