"""Which programme weeks ran for a cohort inside the export's dates, and who was expected to take part.

A week ran when its challenge was posted, inside the export's dates, and the whole week
had ended by the end of those dates (or the export). Weeks a facilitator skipped, weeks
whose post was missed or failed, and weeks still to come never count against anyone.
A pause posts nothing and loses no week: the weeks after it simply go out later, so the
calendar weeks it took are counted from the gaps between posts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.delivery.claims import FAILED, MISSED, SENT, SKIPPED
from bot.export.context import ExportContext
from bot.programme.calendar import PROMPT
from storage.models import Cohort, Delivery

WEEK = timedelta(weeks=1)
# What a programme week was, for the export.
RAN = "ran"
RUNNING = "running"  # posted, but the week had not ended by the end of the export's dates
SKIPPED_WEEK = "skipped"
MISSED_WEEK = "missed"
OUTSIDE = "outside dates"
TO_COME = "to come"
_STATUS = {SKIPPED: SKIPPED_WEEK, MISSED: MISSED_WEEK, FAILED: MISSED_WEEK}


@dataclass(frozen=True)
class ProgrammeWeek:
    number: int
    status: str
    posted_at: datetime | None


@dataclass(frozen=True)
class CohortWeeks:
    cohort: Cohort
    weeks: dict[int, ProgrammeWeek]  # every week of the programme, 1..cohort.weeks

    def ran(self) -> list[int]:
        return [number for number, week in self.weeks.items() if week.status == RAN]

    def count(self, status: str) -> int:
        return sum(1 for week in self.weeks.values() if week.status == status)

    def first_post(self) -> date | None:
        """The local day week 1 (or the first week posted) went out: the programme's real start."""
        posted = [week.posted_at for week in self.weeks.values() if week.posted_at is not None]
        return min(posted).astimezone(ZoneInfo(self.cohort.timezone)).date() if posted else None

    def paused_weeks(self) -> int:
        """Calendar weeks between posts beyond those the programme's own weeks account for."""
        posted = sorted((week.number, week.posted_at) for week in self.weeks.values() if week.posted_at is not None)
        paused = 0
        for (week, at), (next_week, next_at) in zip(posted, posted[1:]):
            paused += max(0, round((next_at - at) / WEEK) - (next_week - week))
        return paused

    def expected(self, enrolled_at: datetime) -> list[int]:
        """The weeks that ran on or after the local day this delegate was enrolled."""
        zone = ZoneInfo(self.cohort.timezone)
        enrolled = enrolled_at.astimezone(zone).date()
        return [
            number
            for number in self.ran()
            if (posted := self.weeks[number].posted_at) is not None and posted.astimezone(zone).date() >= enrolled
        ]


def _status(ctx: ExportContext, status: str, due_at: datetime, sent_at: datetime | None) -> str:
    at = sent_at if status == SENT and sent_at is not None else due_at
    if (ctx.start is not None and at < ctx.start) or (ctx.end is not None and at >= ctx.end):
        return OUTSIDE
    if status == SENT:
        return RAN if at + WEEK <= ctx.as_of else RUNNING
    return _STATUS.get(status, TO_COME)


def cohort_weeks(ctx: ExportContext, cohort: Cohort) -> CohortWeeks:
    posts = ctx.session.execute(
        select(Delivery.week, Delivery.status, Delivery.due_at, Delivery.sent_at).where(
            Delivery.cohort_id == cohort.id, Delivery.kind == PROMPT
        )
    )
    weeks = {number: ProgrammeWeek(number, TO_COME, None) for number in range(1, cohort.weeks + 1)}
    for number, status, due_at, sent_at in posts:
        if number in weeks:
            posted_at = sent_at if status == SENT else None
            weeks[number] = ProgrammeWeek(number, _status(ctx, status, due_at, sent_at), posted_at)
    return CohortWeeks(cohort, weeks)
