"""Participation: who reflected or logged evidence in which week, and who is drifting.

Only weeks that ran for the cohort, inside the export's dates and while the delegate was
enrolled, are expected of a delegate (see `bot.export.weeks`); the other weeks show why not.
Activity is grouped by delegate and week in the database, so memory follows delegates x
weeks (a few hundred cells a cohort), never the entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import Select, case, func, literal, select

from bot.export.cells import date_cell, percent_cell
from bot.export.context import Cells, ExportContext
from bot.export.peer_support import PEER_COLUMNS, peer_cells, peer_support_by_delegate
from bot.export.sessions import ATTENDANCE_COLUMNS, attendance_by_delegate, attendance_cells
from bot.export.sheet import PERSON, Column, SheetSpec
from bot.export.weeks import MISSED_WEEK, OUTSIDE, RAN, RUNNING, SKIPPED_WEEK, TO_COME, CohortWeeks, cohort_weeks
from bot.people.roles import DELEGATE
from storage.models import Cohort, Evidence, Membership, Person, Reflection

REFLECTED = "reflected"
EVIDENCE = "evidence"
BOTH = "both"
NOTHING = "nothing"
NOT_ENROLLED = "not enrolled"
MISSED_IN_A_ROW = 2
USED_AGAIN = "yes"
# Fill colours for the grid: taking part in greens, nothing in amber, weeks that did not count in grey.
GRID_COLOURS = {
    BOTH: "63BE7B",
    REFLECTED: "C6EFCE",
    EVIDENCE: "C6EFCE",
    NOTHING: "FFC7CE",
    SKIPPED_WEEK: "D9D9D9",
    MISSED_WEEK: "D9D9D9",
    OUTSIDE: "D9D9D9",
    NOT_ENROLLED: "D9D9D9",
    RUNNING: "FFFFFF",
}


@dataclass
class DelegateWeeks:
    user_id: str
    name: str
    enrolled_at: datetime
    expected: list[int] = field(default_factory=list)  # weeks that ran while they were enrolled, in order
    kinds: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    reflections: int = 0
    evidence: int = 0
    used_again: int = 0

    def activity(self, week: int) -> str:
        kinds = self.kinds.get(week, set())
        if len(kinds) == 2:
            return BOTH
        return next(iter(kinds)) if kinds else NOTHING

    def engaged(self) -> int:
        return sum(1 for week in self.expected if self.kinds.get(week))

    def did(self, kind: str) -> int:
        return sum(1 for week in self.expected if kind in self.kinds.get(week, ()))

    def rate(self) -> float | None:
        return self.engaged() / len(self.expected) if self.expected else None

    def longest_gap(self) -> int:
        """The most expected weeks in a row with nothing (weeks that did not run do not break or lengthen a run)."""
        longest = current = 0
        for week in self.expected:
            current = 0 if self.kinds.get(week) else current + 1
            longest = max(longest, current)
        return longest


@dataclass
class CohortActivity:
    calendar: CohortWeeks
    delegates: list[DelegateWeeks]

    @property
    def cohort(self) -> Cohort:
        return self.calendar.cohort

    def expected(self) -> int:
        """Delegate-weeks expected: the denominator of every rate."""
        return sum(len(delegate.expected) for delegate in self.delegates)

    def rate(self, count: int) -> float | None:
        possible = self.expected()
        return count / possible if possible else None

    def mark(self, delegate: DelegateWeeks, week: int) -> str | None:
        """What the grid shows for a week: what they did if it counted, else why it did not count."""
        if week in delegate.expected or delegate.kinds.get(week):
            return delegate.activity(week)
        status = self.calendar.weeks[week].status if week in self.calendar.weeks else TO_COME
        if status == RAN:
            return NOT_ENROLLED
        return None if status == TO_COME else status


@dataclass(frozen=True)
class Totals:
    """Participation added up over one cohort or several."""

    cohorts: int
    delegates: int
    expected: int  # delegate-weeks: what every rate divides by
    engaged: int
    reflected: int
    evidence: int
    reflections: int
    drifting: int
    ran: int
    skipped: int
    missed: int
    paused: int

    def rate(self, count: int) -> float | None:
        return count / self.expected if self.expected else None


def totals(parts: list[CohortActivity]) -> Totals:
    delegates = [delegate for part in parts for delegate in part.delegates]
    calendars = [part.calendar for part in parts]
    return Totals(
        cohorts=len(parts),
        delegates=len(delegates),
        expected=sum(len(delegate.expected) for delegate in delegates),
        engaged=sum(delegate.engaged() for delegate in delegates),
        reflected=sum(delegate.did(REFLECTED) for delegate in delegates),
        evidence=sum(delegate.did(EVIDENCE) for delegate in delegates),
        reflections=sum(delegate.reflections for delegate in delegates),
        drifting=sum(1 for delegate in delegates if delegate.longest_gap() >= MISSED_IN_A_ROW),
        ran=sum(len(calendar.ran()) for calendar in calendars),
        skipped=sum(calendar.count(SKIPPED_WEEK) for calendar in calendars),
        missed=sum(calendar.count(MISSED_WEEK) for calendar in calendars),
        paused=sum(calendar.paused_weeks() for calendar in calendars),
    )


def _entries(ctx: ExportContext, model: type[Reflection] | type[Evidence], cohort_id: int) -> Select[Any]:
    """Per delegate and week: how many entries, and how many of them were used again (evidence only)."""
    used_again = (
        func.sum(case((Evidence.follow_up_used_again == USED_AGAIN, 1), else_=0)) if model is Evidence else literal(0)
    )
    return (
        select(model.person_id, model.week, func.count(), used_again)
        .where(model.cohort_id == cohort_id, model.deleted_at.is_(None), *ctx.in_window(model.created_at))
        .group_by(model.person_id, model.week)
    )


def cohort_activity(ctx: ExportContext, cohort: Cohort) -> CohortActivity:
    calendar = cohort_weeks(ctx, cohort)
    delegates: dict[int, DelegateWeeks] = {}
    for person_id, user_id, name, enrolled_at in ctx.session.execute(
        select(Person.id, Person.platform_user_id, Person.display_name, Membership.created_at)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.cohort_id == cohort.id, Membership.role == DELEGATE, Person.erased_at.is_(None))
        .order_by(Person.id)
    ):
        delegates[person_id] = DelegateWeeks(user_id, name, enrolled_at, calendar.expected(enrolled_at))
    for kind, model in ((REFLECTED, Reflection), (EVIDENCE, Evidence)):
        for person_id, week, count, used_again in ctx.session.execute(_entries(ctx, model, cohort.id)):
            delegate = delegates.get(person_id)
            if delegate is None:
                continue
            if week is not None:
                delegate.kinds[week].add(kind)
            if kind == REFLECTED:
                delegate.reflections += count
            else:
                delegate.evidence += count
                delegate.used_again += used_again
    return CohortActivity(calendar, list(delegates.values()))


def activities(ctx: ExportContext) -> list[CohortActivity]:
    """Every cohort's activity, worked out once per export (delegates x weeks: small)."""
    return ctx.once(_activities)


def _activities(ctx: ExportContext) -> list[CohortActivity]:
    return [cohort_activity(ctx, cohort) for cohort in ctx.cohorts]


def participation_columns(weeks: int) -> tuple[Column, ...]:
    grid = [
        Column(
            f"Week {week}",
            9,
            f"Week {week}: {REFLECTED}, {EVIDENCE} (logged evidence), {BOTH} or {NOTHING} when it counted; otherwise why "
            f"not: {SKIPPED_WEEK}, {MISSED_WEEK} (the post did not go out), {OUTSIDE}, {NOT_ENROLLED}, {RUNNING} "
            "(not over yet); blank if still to come.",
        )
        for week in range(1, weeks + 1)
    ]
    return (
        *PERSON,
        Column("Enrolled", 11, "When the delegate was enrolled, in the cohort's timezone."),
        Column("Weeks expected", 9, "Weeks that ran for the cohort inside the export's dates while the delegate was enrolled."),
        Column("Weeks engaged", 9, "Weeks expected in which the delegate reflected or logged evidence."),
        Column("Engagement rate", 11, "Weeks engaged divided by weeks expected."),
        Column("Reflections", 11, "Reflections written inside the export's dates."),
        Column("Evidence entries", 9, "Evidence entries logged inside the export's dates (outcome 2)."),
        Column("Used again", 8, "Evidence entries whose follow-up answer says the delegate used it again."),
        Column("Longest gap", 8, "The most expected weeks in a row with nothing."),
        Column(
            "Drifting",
            9,
            f"yes if the delegate missed {MISSED_IN_A_ROW} or more expected weeks in a row: worth a friendly word.",
        ),
        *ATTENDANCE_COLUMNS,
        *PEER_COLUMNS,
        *grid,
    )


def _colour_rules(sheet: WriteOnlyWorksheet, columns: tuple[Column, ...], rows: int) -> None:
    """Colour the week grid, the engagement rate and the drifting flag, whatever sorting or filtering follows."""
    last_row = rows + 1
    place = {column.header: get_column_letter(index) for index, column in enumerate(columns, 1)}
    if "Week 1" in place:
        grid = f"{place['Week 1']}2:{get_column_letter(len(columns))}{last_row}"
        for mark, colour in GRID_COLOURS.items():
            fill = PatternFill("solid", start_color=colour, end_color=colour)
            sheet.conditional_formatting.add(grid, CellIsRule(operator="equal", formula=[f'"{mark}"'], fill=fill))
    rate = place["Engagement rate"]
    sheet.conditional_formatting.add(
        f"{rate}2:{rate}{last_row}",
        ColorScaleRule(start_type="num", start_value=0, start_color="F8696B", end_type="num", end_value=1, end_color="63BE7B"),
    )
    drifting = place["Drifting"]
    amber = PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C")
    sheet.conditional_formatting.add(
        f"{drifting}2:{drifting}{last_row}", CellIsRule(operator="equal", formula=['"yes"'], fill=amber)
    )


def participation_sheet(ctx: ExportContext) -> SheetSpec:
    weeks = max((cohort.weeks for cohort in ctx.cohorts), default=0)
    columns = participation_columns(weeks)
    cohort_activities = activities(ctx)

    def prepare(sheet: WriteOnlyWorksheet) -> None:
        rows = sum(len(activity.delegates) for activity in cohort_activities)
        if rows:
            _colour_rules(sheet, columns, rows)

    def rows(sheet: WriteOnlyWorksheet) -> Iterator[list[Any]]:
        cells = Cells(sheet, ctx.identity)
        attendance = attendance_by_delegate(ctx)
        peers = peer_support_by_delegate(ctx)
        for activity in cohort_activities:
            tz = activity.cohort.timezone
            for delegate in activity.delegates:
                gap = delegate.longest_gap()
                yield [
                    cells.text(activity.cohort.name),
                    *cells.person(delegate.user_id, delegate.name),
                    date_cell(sheet, delegate.enrolled_at, tz),
                    len(delegate.expected),
                    delegate.engaged(),
                    percent_cell(sheet, delegate.rate()),
                    delegate.reflections,
                    delegate.evidence,
                    delegate.used_again,
                    gap,
                    "yes" if gap >= MISSED_IN_A_ROW else "no",
                    *attendance_cells(attendance.get((activity.cohort.id, delegate.user_id))),
                    *peer_cells(peers.get((activity.cohort.id, delegate.user_id))),
                    *(activity.mark(delegate, week) for week in range(1, weeks + 1)),
                ]

    return SheetSpec(
        "Participation",
        columns,
        rows,
        "Who took part each week, each delegate's engagement rate over the weeks expected of them, their entries, "
        "who missed two or more expected weeks in a row, their attendance at cohort sessions and the peer support "
        "they gave. Weeks that did not run, or ran before the delegate joined, never count against anyone and are shown as such.",
        freeze="E2",
        prepare=prepare,
    )
