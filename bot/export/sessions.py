"""Cohort sessions: each session's invitations, answers, late cancellations and attendance; per delegate, for Participation.

Delegates only: facilitators are invited too, but the figures are about the delegates' attendance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import Select, select

from bot.export.context import Cells, ExportContext
from bot.export.sheet import COHORT, Column, SheetSpec
from bot.people.roles import DELEGATE
from storage.models import CohortSession, Person, SessionInvitation

COLUMNS = (
    COHORT,
    Column("Session", 28, "The session's title."),
    Column("Starts", 17, "When it starts, in the cohort's timezone."),
    Column("Minutes", 8, "How long it was planned to last."),
    Column("Status", 10, "planned, or cancelled."),
    Column("Invited", 8, "Delegates invited (erased people left out)."),
    Column("Going", 8, "Delegates whose last answer was Going."),
    Column("Declined", 8, "Delegates whose last answer was Can't make it."),
    Column("Late cancellations", 11, "Delegates who said Can't make it within the late-cancellation window before it started."),
    Column("Not answered", 9, "Delegates who never answered."),
    Column("Attended", 9, "Delegates marked as there, by a facilitator or by checking in."),
)
ATTENDANCE_COLUMNS = (
    Column(
        "Sessions invited", 9, "Cohort sessions held by the export that the delegate was invited to (cancelled ones left out)."
    ),
    Column("Sessions attended", 9, "Sessions the delegate was marked as attending."),
    Column("Late cancellations", 11, "Sessions the delegate cancelled within the late-cancellation window."),
)


@dataclass
class Attendance:
    invited: int = 0
    attended: int = 0
    late: int = 0


def _invitations(ctx: ExportContext) -> Select[Any]:
    return (
        select(SessionInvitation, CohortSession, Person.platform_user_id)
        .join(CohortSession, SessionInvitation.session_id == CohortSession.id)
        .join(Person, SessionInvitation.person_id == Person.id)
        .where(SessionInvitation.role == DELEGATE, Person.erased_at.is_(None))
        .where(*ctx.in_scope(CohortSession.cohort_id), *ctx.in_window(CohortSession.starts_at))
    )


def attendance_by_delegate(ctx: ExportContext) -> dict[tuple[int, str], Attendance]:
    """(cohort id, user id) -> sessions invited to, attended, and cancelled late."""
    found: dict[tuple[int, str], Attendance] = defaultdict(Attendance)
    query = _invitations(ctx).where(CohortSession.status != "cancelled", CohortSession.starts_at <= ctx.as_of)
    for invitation, planned, user_id in ctx.session.execute(query):
        counts = found[planned.cohort_id, user_id]
        counts.invited += 1
        counts.attended += bool(invitation.attended)
        counts.late += invitation.late_cancellation
    return found


SUMMARY_COLUMNS = (Column("Session attendance rate", 11, "Delegates' attendance at sessions held: attended divided by invited."),)


def attendance_totals(ctx: ExportContext) -> dict[int, tuple[int, int]]:
    """Cohort id -> (delegate invitations to sessions held that ended in attendance, all such invitations)."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for (cohort_id, _), attendance in attendance_by_delegate(ctx).items():
        totals[cohort_id][0] += attendance.attended
        totals[cohort_id][1] += attendance.invited
    return {cohort_id: (attended, invited) for cohort_id, (attended, invited) in totals.items()}


def attendance_cells(attendance: Attendance | None) -> list[int]:
    attendance = attendance or Attendance()
    return [attendance.invited, attendance.attended, attendance.late]


def sessions_sheet(ctx: ExportContext) -> SheetSpec:
    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        cells = Cells(sheet, ctx.identity)
        counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for invitation, planned, _ in ctx.session.execute(_invitations(ctx)):
            tally = counts[planned.id]
            tally["invited"] += 1
            tally[invitation.answer or "none"] += 1
            tally["late"] += invitation.late_cancellation
            tally["attended"] += bool(invitation.attended)
        for cohort in ctx.cohorts:
            query = select(CohortSession).where(CohortSession.cohort_id == cohort.id, *ctx.in_window(CohortSession.starts_at))
            for planned in ctx.session.scalars(query.order_by(CohortSession.starts_at, CohortSession.id)):
                tally = counts[planned.id]
                yield [
                    cells.text(cohort.name),
                    cells.text(planned.title),
                    cells.date(planned.starts_at, cohort.timezone),
                    planned.minutes,
                    planned.status,
                    tally["invited"],
                    tally["going"],
                    tally["declined"],
                    tally["late"],
                    tally["none"],
                    tally["attended"],
                ]

    return SheetSpec(
        "Sessions",
        COLUMNS,
        rows,
        "Each cohort session: who was invited, their answers, late cancellations and who came (delegates only).",
    )
