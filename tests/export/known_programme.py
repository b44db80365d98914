"""A known programme for the workbook tests: its figures are worked out by hand in test_known_programme.py.

North (6 weeks) posted weeks 1 (a CC BY 4.0 challenge), 2 (an "All rights reserved" one) and 4,
skipped week 3, was paused for one calendar week
before week 4 (its start date was moved on by the resume), missed week 5's post, and posted
week 6 on 16 February, a week that has not ended by NOW (20 February). South (4 weeks)
posted all four. Empty has no one and nothing.

North's delegates: Ann answered all three surveys, Ben two (baseline and final), Cat one
(baseline; she joined on 13 January, after week 2 went out), Dan none and did nothing.
South's one delegate, Eve, answered baseline and final.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.db import Database
from storage.models import Cohort
from tests.export.conftest import START, Seeder, at


def posted(week: int, *, paused_weeks: int = 0) -> datetime:
    """09:02 UTC (GMT) on the Monday of `week`, later by any calendar weeks paused before it."""
    return at(7 * (week - 1 + paused_weeks), 9).replace(minute=2)


def build_known(seed: Seeder, db: Database) -> tuple[Cohort, Cohort]:
    """North and South as the module says; returns them."""
    north = seed.cohort("North", weeks=6)
    south = seed.cohort("South", weeks=4)
    seed.cohort("Empty", weeks=6)
    with db.write() as session:
        session.get(type(north), north.id).start_date = START + timedelta(weeks=1)  # what resume does after a pause
    ann, ben, dan = (seed.member(north, u, n) for u, n in (("UANN", "Ann Archer"), ("UBEN", "Ben Bell"), ("UDAN", "Dan Dee")))
    cat = seed.member(north, "UCAT", "Cat Cole", enrolled_at=at(8))  # 13 January, 10:00: after week 2 was posted
    eve = seed.member(south, "UEVE", "Eve Eden")
    seed.member(north, "UFAC", "Fay Facilitator", role="facilitator")

    # North's calendar: the pause falls between week 3 (skipped) and week 4.
    users = seed.prompt("meet-your-users", "Meet your users", 1, author="Greater London Authority")
    method = seed.prompt("our-method", "Our method", 2, licence="All rights reserved", author="A Consultancy Ltd")
    seed.delivery(north, 1, status="sent", sent_at=posted(1), prompt_id=users.id)
    seed.delivery(north, 2, status="sent", sent_at=posted(2), prompt_id=method.id)
    seed.delivery(north, 3, status="skipped")
    seed.delivery(north, 4, status="sent", sent_at=posted(4, paused_weeks=1), due_at=posted(4, paused_weeks=1))
    seed.delivery(north, 5, status="missed", due_at=at(7 * 5, 9))
    seed.delivery(north, 6, status="sent", sent_at=posted(6, paused_weeks=1))
    seed.ran(south, 1, 2, 3, 4)

    # Reflections and evidence (North's week 4 entries are written in the week it was actually posted).
    for week in (1, 2, 3):  # week 3 was skipped: Ann's reflection shows, but the week counts for no one
        seed.reflection(north, ann, f"Ann, week {week}", week=week)
    seed.reflection(north, ann, "Ann, week 4", week=4, created_at=at(29))
    seed.reflection(north, ben, "Ben, week 1", week=1)
    seed.reflection(
        north, cat, "Ann Archer showed me how; thanks <@UANN>", week=4, created_at=at(29), open_content_consent=True
    )
    seed.evidence(north, ann, "Used a data dashboard", week=2, themes=["Data", "AI"], follow_up_used_again="yes")
    seed.evidence(north, ben, "Asked for the data", week=4, created_at=at(30), themes=["Data"], follow_up_used_again="no")
    seed.evidence(north, cat, "Read the data strategy", week=4, created_at=at(30), themes=["Data"])
    for week in (1, 3):
        seed.reflection(south, eve, f"Eve, week {week}", week=week)

    # Confidence and competence (decide-digital and talk-digital are confidence items; explain-user-centred competence).
    ratings = {
        (ann, "decide-digital"): {"baseline": 2, "midpoint": 3, "final": 4},
        (ann, "talk-digital"): {"baseline": 3, "final": 3},
        (ann, "explain-user-centred"): {"baseline": 2, "midpoint": 2, "final": 4},
        (ben, "decide-digital"): {"baseline": 3, "final": 2},
        (ben, "talk-digital"): {"baseline": 2, "final": 4},
        (ben, "explain-user-centred"): {"baseline": 3},
        (cat, "decide-digital"): {"baseline": 1},
        (cat, "explain-user-centred"): {"baseline": 1},
        (eve, "decide-digital"): {"baseline": 4, "final": 5},
    }
    phase_day = {"baseline": 1, "midpoint": 20, "final": 40}
    for (person, item), phases in ratings.items():
        cohort = south if person is eve else north
        for phase, rating in phases.items():
            seed.rating(cohort, person, phase, item, rating, created_at=at(phase_day[phase]))

    # The evaluation: Ben left applicability out; Dan and Cat did not answer.
    def answers(quality, relevance, effectiveness, applicability, comment=None):
        given = {"quality": quality, "relevance": relevance, "effectiveness": effectiveness, "applicability": applicability}
        out = {key: {"rating": rating} for key, rating in given.items() if rating is not None}
        if comment:
            out["quality"]["comment"] = comment
        return out

    seed.evaluation(north, ann, answers(5, 4, 4, 3, "Great"))
    seed.evaluation(north, ben, answers(3, 4, 2, None))
    seed.evaluation(south, eve, answers(4, 5, 5, 4, "Very relevant"))
    return north, south
