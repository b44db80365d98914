"""Peer support in Participation and the Outcomes sentence: meetings marked met, replies to shared reflections."""

from __future__ import annotations

from datetime import date

import pytest

from storage.models import PeerGroup, PeerGroupMember, PeerReply
from tests.export.conftest import at, table

FIGURES = ("Peer meetings", "Replies to reflections")


@pytest.fixture
def peers(seed):
    a = seed.cohort("Cohort A", people={"U1": "Alice Smith", "U2": "Bob Jones", "U3": "Carol King", "U4": "Dan Pike"})
    alice, bob, carol, dan = (seed.person(u) for u in ("U1", "U2", "U3", "U4"))

    def group(week, members, met_at):
        (row,) = seed.add(PeerGroup(cohort_id=a.id, week=week, met_at=met_at))
        seed.add(*(PeerGroupMember(group_id=row.id, person_id=p.id) for p in members))

    group(1, (alice, bob), at(2))
    group(1, (carol, dan), None)  # introduced, never said they met
    group(3, (alice, carol, dan), at(16))
    seed.add(
        *(
            PeerReply(cohort_id=a.id, person_id=who.id, week=week, conversation="C1", message_id=f"{n}.0", created_at=at(day))
            for n, (who, week, day) in enumerate([(bob, 1, 3), (bob, 1, 4), (carol, 2, 9)])
        )
    )
    return a


def test_participation_counts_each_delegates_peer_meetings_and_replies(peers, export):
    rows = {row["Delegate"]: row for row in table(export()["Participation"])}
    assert {name: [rows[name][f] for f in FIGURES] for name in rows} == {
        "Alice Smith": [2, 0],
        "Bob Jones": [1, 2],
        "Carol King": [1, 1],
        "Dan Pike": [1, 0],
    }


def test_a_date_range_counts_only_what_happened_inside_it(peers, export):
    rows = {row["Delegate"]: row for row in table(export(date_from=date(2026, 1, 12))["Participation"])}
    assert [rows["Alice Smith"][f] for f in FIGURES] == [1, 0]
    assert [rows["Carol King"][f] for f in FIGURES] == [1, 1]
    assert [rows["Bob Jones"][f] for f in FIGURES] == [0, 0]


def test_the_outcomes_participation_section_states_peer_support(peers, export):
    text = [row[0] for row in export()["Outcomes"].iter_rows(values_only=True) if isinstance(row[0], str)]
    assert (
        "4 of 4 delegates met at least one peer they were paired with, and delegates wrote 3 replies to each other's "
        "shared reflections."
    ) in text
