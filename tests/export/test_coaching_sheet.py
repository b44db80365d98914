"""The 1-2-1 support sheet: counts worked out by hand, never a word of the notes."""

from __future__ import annotations

from datetime import date

import pytest

from storage.models import CoachAssignment, CoachingAction, CoachingMeeting
from tests.export.conftest import at, table

NOTES = "SECRET: talked about her manager"


@pytest.fixture
def coaching(seed):
    """Cohort A: Alice and Bob coached by Cleo (a facilitator), Erin (erased); Dana has no coach."""
    a = seed.cohort("Cohort A", people={"U1": "Alice Smith", "U2": "Bob Jones", "U3": "Erin Gone", "U5": "Dana Lee"})
    cleo = seed.member(a, "UC", "Cleo Coach", role="facilitator")
    alice, bob, erin = (seed.person(u) for u in ("U1", "U2", "U3"))
    with seed.db.write() as session:
        session.get(type(erin), erin.id).erased_at = at(30)
    seed.add(*(CoachAssignment(cohort_id=a.id, delegate_id=p.id, coach_id=cleo.id) for p in (alice, bob, erin)))

    def meeting(person, day, minutes, statuses=(), status="held"):
        seed.add(
            CoachingMeeting(
                cohort_id=a.id,
                delegate_id=person.id,
                coach_id=cleo.id,
                status=status,
                starts_at=at(day, 14),
                minutes=minutes if status == "held" else None,
                notes=NOTES,
                actions=[CoachingAction(text=f"{NOTES} action {n}", status=s) for n, s in enumerate(statuses)],
            )
        )

    meeting(alice, 3, 30, ("done", "dropped"))  # week 1
    meeting(alice, 17, 45, ("open",))  # week 3
    meeting(alice, 45, None, status="agreed")  # booked, not held: not counted
    meeting(bob, 10, 60, ("done",))
    meeting(erin, 4, 50, ("done",))  # erased: left out
    return a


def test_support_per_delegate_is_counted_by_hand(coaching, export):
    rows = {row["Delegate"]: row for row in table(export()["1-2-1 support"])}
    assert set(rows) == {"Alice Smith", "Bob Jones", "Dana Lee"}
    figures = ("Coach", "1-2-1s held", "Minutes", "Actions agreed", "Done", "Dropped", "Open")
    assert [rows["Alice Smith"][f] for f in figures] == ["Cleo Coach", 2, 75, 3, 1, 1, 1]
    assert [rows["Bob Jones"][f] for f in figures] == ["Cleo Coach", 1, 60, 1, 1, 0, 0]
    assert [rows["Dana Lee"][f] for f in figures] == [None, 0, 0, 0, 0, 0, 0]


def test_a_date_range_counts_only_the_1_2_1s_inside_it(coaching, export):
    rows = {row["Delegate"]: row for row in table(export(date_from=date(2026, 1, 15))["1-2-1 support"])}
    assert (rows["Alice Smith"]["1-2-1s held"], rows["Alice Smith"]["Minutes"], rows["Alice Smith"]["Open"]) == (1, 45, 1)
    assert rows["Bob Jones"]["1-2-1s held"] == 1


def test_notes_and_actions_never_reach_the_workbook(coaching, export):
    for book in (export(), export(pseudonymise=True)):
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                assert not any(isinstance(value, str) and "SECRET" in value for value in row), sheet.title


def test_a_pseudonymised_export_hides_the_coach_too(coaching, export):
    rows = table(export(pseudonymise=True)["1-2-1 support"])
    assert {row["Coach"] for row in rows} - {None} and not {row["Coach"] for row in rows} & {"Cleo Coach"}
    assert {row["Slack ID"] for row in rows} == {None}


def test_the_summary_counts_support_received(coaching, export):
    (row,) = [r for r in table(export()["Summary"]) if r["Cohort"] == "Cohort A"]
    assert (row["1-2-1s held"], row["Delegates supported"]) == (3, 2)  # Alice 2, Bob 1; Erin is erased


def test_the_outcomes_sheet_states_the_support_received(coaching, export):
    text = [row[0] for row in export()["Outcomes"].iter_rows(values_only=True) if isinstance(row[0], str)]
    assert "Support: 1-2-1s and sessions" in text
    # Alice (2 held) and Bob (1 held) were supported, Dana had none; Erin is erased, so not counted.
    assert "2 of 3 delegates had at least one 1-2-1 with their coach (3 1-2-1s held)." in text
