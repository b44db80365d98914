"""Participation: who reflected or logged evidence in which week, and who is drifting.

Activity is gathered per cohort and grouped by delegate and week in the database, so
memory follows delegates x weeks (a few hundred cells a cohort), never the entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import select

from bot.export.cells import percent_cell
from bot.export.context import Cells, ExportContext
from bot.export.sessions import ATTENDANCE_COLUMNS, attendance_by_delegate, attendance_cells
from bot.export.sheet import PERSON, Column, SheetSpec
from bot.people.roles import DELEGATE
from storage.models import Cohort, Evidence, Membership, Person, Reflection

REFLECTED = "reflected"
EVIDENCE = "evidence"
BOTH = "both"
NOTHING = "nothing"
MISSED_IN_A_ROW = 2


def weeks_run(cohort: Cohort, as_of: datetime) -> int:
    """Whole programme weeks that had ended by `as_of`, in the cohort's timezone."""
    local_day = as_of.astimezone(ZoneInfo(cohort.timezone)).date()
    return max(0, min(cohort.weeks, (local_day - cohort.start_date).days // 7))


@dataclass
class DelegateWeeks:
    user_id: str
    name: str
    kinds: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))

    def mark(self, week: int) -> str:
        kinds = self.kinds.get(week, set())
        if len(kinds) == 2:
            return BOTH
        return next(iter(kinds)) if kinds else NOTHING

    def engaged(self, weeks: int) -> int:
        return sum(1 for week in range(1, weeks + 1) if self.kinds.get(week))

    def did(self, kind: str, weeks: int) -> int:
        return sum(1 for week in range(1, weeks + 1) if kind in self.kinds.get(week, ()))

    def longest_gap(self, weeks: int) -> int:
        longest = current = 0
        for week in range(1, weeks + 1):
            current = 0 if self.kinds.get(week) else current + 1
            longest = max(longest, current)
        return longest


@dataclass
class CohortActivity:
    cohort: Cohort
    weeks_run: int
    delegates: list[DelegateWeeks]

    def rate(self, count: int) -> float | None:
        possible = len(self.delegates) * self.weeks_run
        return count / possible if possible else None


def cohort_activity(ctx: ExportContext, cohort: Cohort) -> CohortActivity:
    delegates = {
        person_id: DelegateWeeks(user_id, name)
        for person_id, user_id, name in ctx.session.execute(
            select(Person.id, Person.platform_user_id, Person.display_name)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.cohort_id == cohort.id, Membership.role == DELEGATE, Person.erased_at.is_(None))
            .order_by(Person.id)
        )
    }
    for kind, model in ((REFLECTED, Reflection), (EVIDENCE, Evidence)):
        query = (
            select(model.person_id, model.week)
            .where(model.cohort_id == cohort.id, model.deleted_at.is_(None), model.week.is_not(None))
            .where(*ctx.in_window(model.created_at))
            .distinct()
        )
        for person_id, week in ctx.session.execute(query):
            if person_id in delegates:
                delegates[person_id].kinds[week].add(kind)
    return CohortActivity(cohort, weeks_run(cohort, ctx.as_of), list(delegates.values()))


def activities(ctx: ExportContext) -> Iterator[CohortActivity]:
    for cohort in ctx.cohorts:
        yield cohort_activity(ctx, cohort)


def participation_columns(weeks: int) -> tuple[Column, ...]:
    grid = [
        Column(
            f"Week {week}",
            9,
            f"Week {week}: {REFLECTED}, {EVIDENCE} (logged evidence), {BOTH} or {NOTHING}; blank if not yet run.",
        )
        for week in range(1, weeks + 1)
    ]
    return (
        *PERSON,
        Column("Weeks run", 8, "Whole programme weeks that had ended by the time of the export (or the --to date)."),
        Column("Weeks engaged", 9, "Weeks run in which the delegate reflected or logged evidence."),
        Column("Engagement rate", 10, "Weeks engaged divided by weeks run."),
        Column("Longest gap", 8, "The most weeks in a row with nothing."),
        Column(
            "Drifting",
            9,
            f"yes if the delegate missed {MISSED_IN_A_ROW} or more weeks in a row: worth a friendly word.",
        ),
        *ATTENDANCE_COLUMNS,
        *grid,
    )


def participation_sheet(ctx: ExportContext) -> SheetSpec:
    weeks = max((cohort.weeks for cohort in ctx.cohorts), default=0)

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        cells = Cells(sheet, ctx.identity)
        attendance = attendance_by_delegate(ctx)
        for activity in activities(ctx):
            run = activity.weeks_run
            for delegate in activity.delegates:
                gap = delegate.longest_gap(run)
                grid = [delegate.mark(week) if week <= run or delegate.kinds.get(week) else None for week in range(1, weeks + 1)]
                yield [
                    cells.text(activity.cohort.name),
                    *cells.person(delegate.user_id, delegate.name),
                    run,
                    delegate.engaged(run),
                    percent_cell(sheet, delegate.engaged(run) / run if run else None),
                    gap,
                    "yes" if gap >= MISSED_IN_A_ROW else "no",
                    *attendance_cells(attendance.get((activity.cohort.id, delegate.user_id))),
                    *grid,
                ]

    return SheetSpec(
        "Participation",
        participation_columns(weeks),
        rows,
        "Who took part each week, each delegate's engagement rate, who missed two or more weeks in a row, "
        "and their attendance at cohort sessions.",
        freeze="D2",
    )
