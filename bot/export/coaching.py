"""1-2-1 support: per delegate, the 1-2-1s held, their minutes, and the actions agreed and what became of them.

Counts only: the notes of a 1-2-1 belong to the coach and the delegate and never reach the workbook.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from bot.coaching.actions import DONE, DROPPED, OPEN
from bot.coaching.meetings import HELD
from bot.export.context import Cells, ExportContext
from bot.export.sheet import PERSON, Column, SheetSpec
from bot.people.roles import DELEGATE
from storage.models import CoachAssignment, CoachingAction, CoachingMeeting, Membership, Person

COLUMNS = (
    *PERSON,
    Column("Coach", 22, "The delegate's coach, or their pseudonym in a pseudonymised export; blank if none is assigned."),
    Column("1-2-1s held", 9, "1-2-1s the coach logged as held (in the date range, if one was given)."),
    Column("Minutes", 9, "Total minutes of those 1-2-1s."),
    Column("Actions agreed", 9, "Actions agreed at those 1-2-1s."),
    Column("Done", 8, "Actions the delegate said were done."),
    Column("Dropped", 8, "Actions the delegate said were dropped."),
    Column("Open", 8, "Actions not yet done or dropped."),
)


SUMMARY_COLUMNS = (
    Column("1-2-1s held", 9, "1-2-1s logged as held with the cohort's delegates."),
    Column("Delegates supported", 10, "Delegates who had at least one 1-2-1."),
)


@dataclass
class Support:
    held: int = 0
    minutes: int = 0
    actions: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def support_by_delegate(ctx: ExportContext) -> dict[tuple[int, int], Support]:
    """(cohort id, delegate's person id) -> the 1-2-1 support they received."""
    support: dict[tuple[int, int], Support] = defaultdict(Support)
    held = (
        select(CoachingMeeting.cohort_id, CoachingMeeting.delegate_id, func.count(), func.sum(CoachingMeeting.minutes))
        .where(CoachingMeeting.status == HELD, *ctx.in_scope(CoachingMeeting.cohort_id))
        .where(*ctx.in_window(CoachingMeeting.starts_at))
        .group_by(CoachingMeeting.cohort_id, CoachingMeeting.delegate_id)
    )
    for cohort_id, delegate_id, count, minutes in ctx.session.execute(held):
        support[cohort_id, delegate_id].held, support[cohort_id, delegate_id].minutes = count, int(minutes or 0)
    actions = (
        select(CoachingMeeting.cohort_id, CoachingMeeting.delegate_id, CoachingAction.status, func.count())
        .join(CoachingMeeting, CoachingAction.meeting_id == CoachingMeeting.id)
        .where(CoachingMeeting.status == HELD, *ctx.in_scope(CoachingMeeting.cohort_id))
        .where(*ctx.in_window(CoachingMeeting.starts_at))
        .group_by(CoachingMeeting.cohort_id, CoachingMeeting.delegate_id, CoachingAction.status)
    )
    for cohort_id, delegate_id, status, count in ctx.session.execute(actions):
        support[cohort_id, delegate_id].actions[status] = count
    return support


def support_figures(ctx: ExportContext) -> dict[int, tuple[int, int]]:
    """Cohort id -> (1-2-1s held, delegates with at least one), erased people left out."""
    erased = set(ctx.session.scalars(select(Person.id).where(Person.erased_at.is_not(None))))
    figures: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for (cohort_id, delegate_id), got in support_by_delegate(ctx).items():
        if delegate_id not in erased and got.held:
            figures[cohort_id][0] += got.held
            figures[cohort_id][1] += 1
    return {cohort_id: (held, supported) for cohort_id, (held, supported) in figures.items()}


def coaching_sheet(ctx: ExportContext) -> SheetSpec:
    coach = aliased(Person)

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        cells = Cells(sheet, ctx.identity)
        support = support_by_delegate(ctx)
        for cohort in ctx.cohorts:
            delegates = ctx.session.execute(
                select(Person.id, Person.platform_user_id, Person.display_name, coach.platform_user_id, coach.display_name)
                .join(Membership, Membership.person_id == Person.id)
                .outerjoin(
                    CoachAssignment,
                    (CoachAssignment.delegate_id == Person.id) & (CoachAssignment.cohort_id == cohort.id),
                )
                .outerjoin(coach, CoachAssignment.coach_id == coach.id)
                .where(Membership.cohort_id == cohort.id, Membership.role == DELEGATE, Person.erased_at.is_(None))
                .order_by(Person.id)
            )
            for person_id, user_id, name, coach_id, coach_name in delegates:
                got = support.get((cohort.id, person_id), Support())
                agreed = sum(got.actions.values())
                yield [
                    cells.text(cohort.name),
                    *cells.person(user_id, name),
                    cells.text(ctx.identity.name(coach_id, coach_name)) if coach_id else None,
                    got.held,
                    got.minutes,
                    agreed,
                    got.actions[DONE],
                    got.actions[DROPPED],
                    got.actions[OPEN],
                ]

    return SheetSpec(
        "1-2-1 support",
        COLUMNS,
        rows,
        "1-2-1 support each delegate received: how many, how long, and the actions agreed. Counts only, never notes.",
    )
