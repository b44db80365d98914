"""The Sessions sheet and the attendance columns of Participation, checked against figures worked out by hand."""

from __future__ import annotations

import pytest

from storage.models import CohortSession, SessionInvitation
from tests.export.conftest import at, table

SESSION_FIGURES = ("Status", "Invited", "Going", "Declined", "Late cancellations", "Not answered", "Attended")
PARTICIPATION_FIGURES = ("Sessions invited", "Sessions attended", "Late cancellations")


@pytest.fixture
def sessions(seed):
    a = seed.cohort("Cohort A", people={"U1": "Alice Smith", "U2": "Bob Jones", "U3": "Carol King", "U4": "Erin Gone"})
    fay = seed.member(a, "UF", "Fay Facilitator", role="facilitator")
    alice, bob, carol, erin = (seed.person(u) for u in ("U1", "U2", "U3", "U4"))
    with seed.db.write() as session:
        session.get(type(erin), erin.id).erased_at = at(30)

    def planned(title, day, answers, status="planned"):
        (row,) = seed.add(CohortSession(cohort_id=a.id, title=title, starts_at=at(day, 14), minutes=90, status=status))
        seed.add(
            *(
                SessionInvitation(
                    session_id=row.id, person_id=person.id, role=role, answer=answer, late_cancellation=late, attended=came
                )
                for person, role, answer, late, came in answers
            )
        )

    planned(
        "Kick-off",
        8,
        [
            (alice, "delegate", "going", False, True),
            (bob, "delegate", "declined", True, None),
            (carol, "delegate", None, False, None),
            (erin, "delegate", "going", False, True),  # erased: left out
            (fay, "facilitator", "going", False, True),  # facilitators are not counted
        ],
    )
    planned(
        "Show and tell",
        22,
        [
            (alice, "delegate", "going", False, None),
            (bob, "delegate", "going", False, True),
            (carol, "delegate", "declined", False, None),
        ],
    )
    planned("Called off", 29, [(alice, "delegate", "going", False, None)], status="cancelled")
    return a


def test_sessions_sheet_counts_each_session(sessions, export):
    rows = {row["Session"]: row for row in table(export()["Sessions"])}
    assert [rows["Kick-off"][f] for f in SESSION_FIGURES] == ["planned", 3, 1, 1, 1, 1, 1]
    assert [rows["Show and tell"][f] for f in SESSION_FIGURES] == ["planned", 3, 2, 1, 0, 0, 1]
    assert [rows["Called off"][f] for f in SESSION_FIGURES] == ["cancelled", 1, 1, 0, 0, 0, 0]
    assert rows["Kick-off"]["Starts"].isoformat() == "2026-01-13T14:00:00"


def test_participation_has_each_delegates_attendance_and_late_cancellations(sessions, export):
    rows = {row["Delegate"]: row for row in table(export()["Participation"])}
    assert [rows["Alice Smith"][f] for f in PARTICIPATION_FIGURES] == [2, 1, 0]  # the cancelled one is left out
    assert [rows["Bob Jones"][f] for f in PARTICIPATION_FIGURES] == [2, 1, 1]
    assert [rows["Carol King"][f] for f in PARTICIPATION_FIGURES] == [2, 0, 0]


def test_a_date_range_keeps_the_sessions_inside_it(sessions, export):
    from datetime import date

    rows = table(export(date_from=date(2026, 1, 20))["Sessions"])
    assert [row["Session"] for row in rows] == ["Show and tell", "Called off"]


def test_the_summary_has_the_session_attendance_rate(sessions, export):
    sheet = export()["Summary"]
    (row,) = [r for r in table(sheet) if r["Cohort"] == "Cohort A"]
    assert row["Session attendance rate"] == pytest.approx(2 / 6)  # Alice 1 of 2, Bob 1 of 2, Carol 0 of 2
    column = [cell.value for cell in sheet[1]].index("Session attendance rate") + 1
    assert sheet.cell(row=2, column=column).number_format.endswith("%")


def test_the_outcomes_sheet_states_session_attendance(sessions, export):
    text = [row[0] for row in export()["Outcomes"].iter_rows(values_only=True) if isinstance(row[0], str)]
    # Alice 1 of 2, Bob 1 of 2, Carol 0 of 2, as in the Summary.
    assert "Delegates came to 2 of the 6 places they were invited to at sessions held (33%)." in text
