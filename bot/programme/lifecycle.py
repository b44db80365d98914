"""A cohort's life: planned, running (or paused), then finished by itself, or archived by a facilitator.

Only a running cohort's weekly work is posted. A finished or archived cohort keeps all its
data; whatever was still to be sent for it is skipped, with the reason.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.delivery.claims import PENDING, SKIPPED
from bot.surveys.confidence import FINAL_GRACE_WEEKS
from storage.models import Cohort, Delivery

PLANNED, RUNNING, PAUSED, FINISHED, ARCHIVED = "planned", "running", "paused", "finished", "archived"
ENDED = (FINISHED, ARCHIVED)


def ends_at(cohort: Cohort) -> datetime:
    """Midnight, locally, after the last week and the final survey's grace weeks."""
    last_day = cohort.start_date + timedelta(weeks=cohort.weeks + FINAL_GRACE_WEEKS)
    return datetime.combine(last_day, datetime.min.time(), tzinfo=ZoneInfo(cohort.timezone))


def stop_pending(session: Session, cohort: Cohort, reason: str) -> None:
    """Skip everything still to be sent for the cohort: its weeks, its 1-2-1s and its sessions."""
    session.execute(
        update(Delivery)
        .where(Delivery.cohort_id == cohort.id, Delivery.status == PENDING)
        .values(status=SKIPPED, error=reason)
        .execution_options(synchronize_session=False)
    )


def finish_ended(session: Session, now: datetime) -> list[str]:
    """Mark finished every running or paused cohort whose programme and grace weeks are over; their names."""
    finished = []
    # A cohort runs a week at least: those started since cannot have ended (a day's margin for any timezone),
    # so a tick does not load every running cohort.
    started_by = now.date() + timedelta(days=1) - timedelta(weeks=1 + FINAL_GRACE_WEEKS)
    live = select(Cohort).where(Cohort.status.in_((RUNNING, PAUSED)), Cohort.start_date <= started_by)
    for cohort in session.scalars(live):
        if now >= ends_at(cohort):
            cohort.status = FINISHED
            stop_pending(session, cohort, "the programme had finished")
            finished.append(cohort.name)
    return finished
