"""Retention: what is kept only for COHORTBOT_RETENTION_DAYS (0 keeps everything for ever).

On every tick, what has been past its time for longer than that is deleted:
- entries people deleted (their text is kept until then, so a shared post can still be removed);
- cohorts that ended, with everything in them: a cohort ends when the final survey closes and
  its last delivery, session or 1-2-1 is past (a paused cohort has not ended: it may resume);
- people then named by nothing at all (no cohort, entry or 1-2-1), first seen before then,
  erasure markers included.
Each step deletes only rows past their time, so a second run, or another process running it
at the same moment, deletes nothing twice.

Whatever the setting, a file offered for the person's consent (Teams) and not answered within
FILE_OFFER_DAYS is withdrawn: the copy of the workbook waiting in the database is dropped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.context import Context
from bot.people.profiles import person_columns
from bot.programme.calendar import local_instant
from bot.programme.schedule import PAUSED
from bot.surveys.confidence import FINAL_GRACE_WEEKS
from storage.models import CoachingMeeting, Cohort, CohortSession, Delivery, Evidence, Person, Reflection, TeamsFileOffer

log = logging.getLogger(__name__)
FILE_OFFER_DAYS = 7
WITHDRAWN = "withdrawn"  # a file offer's answer when nobody answered it in time
# What happens in a cohort after its weeks, by when: each cohort ends after the last of these.
LAST_DAYS = (
    (Delivery.cohort_id, Delivery.due_at),
    (CohortSession.cohort_id, CohortSession.starts_at),
    (CoachingMeeting.cohort_id, func.coalesce(CoachingMeeting.starts_at, CoachingMeeting.created_at)),
)


@dataclass(frozen=True)
class Purged:
    entries: int = 0
    cohorts: int = 0
    people: int = 0

    def __str__(self) -> str:
        return f"{self.entries} deleted entries, {self.cohorts} ended cohorts and {self.people} people left with nothing"


def purge_expired(ctx: Context) -> Purged:
    """Delete what has been kept for longer than COHORTBOT_RETENTION_DAYS (nothing when it is 0), and withdraw
    file offers left unanswered."""
    withdraw_unanswered_files(ctx)
    days = ctx.settings.cohortbot_retention_days
    if not days:
        return Purged()
    cutoff = clock.now() - timedelta(days=days)
    with ctx.db.write() as session:
        purged = Purged(_deleted_entries(session, cutoff), _ended_cohorts(session, cutoff), _people_left(session, cutoff))
    if purged != Purged():
        log.info("retention (%s days): purged %s", days, purged)
    return purged


def withdraw_unanswered_files(ctx: Context) -> int:
    """Drop the bytes of files offered over FILE_OFFER_DAYS ago and never answered; the person can ask again."""
    cutoff = clock.now() - timedelta(days=FILE_OFFER_DAYS)
    unanswered = (TeamsFileOffer.answer.is_(None), TeamsFileOffer.created_at < cutoff)
    with ctx.db.write() as session:
        withdrawn = session.execute(update(TeamsFileOffer).where(*unanswered).values(answer=WITHDRAWN, content=None)).rowcount
    if withdrawn:
        log.info("withdrew %s file offer(s) not answered within %s days", withdrawn, FILE_OFFER_DAYS)
    return withdrawn


def _deleted_entries(session: Session, cutoff: datetime) -> int:
    # A deleted reflection whose channel post is still to be removed keeps the post's id until then.
    reflections = delete(Reflection).where(Reflection.deleted_at < cutoff, Reflection.shared_message_id.is_(None))
    evidence = delete(Evidence).where(Evidence.deleted_at < cutoff)
    return session.execute(reflections).rowcount + session.execute(evidence).rowcount


def _ended_cohorts(session: Session, cutoff: datetime) -> int:
    """Cohorts whose last day was before `cutoff`; the database's cascade takes everything in them."""
    last = [dict(session.execute(select(cohort, func.max(at)).group_by(cohort)).all()) for cohort, at in LAST_DAYS]
    ended = [
        cohort.id
        for cohort in session.scalars(select(Cohort).where(Cohort.status != PAUSED))
        if max([_survey_closes(cohort), *(found[cohort.id] for found in last if cohort.id in found)]) < cutoff
    ]
    return session.execute(delete(Cohort).where(Cohort.id.in_(ended))).rowcount if ended else 0


def _survey_closes(cohort: Cohort) -> datetime:
    """The final confidence survey takes answers until FINAL_GRACE_WEEKS after the last week, at local midnight."""
    return local_instant(cohort.start_date + timedelta(weeks=cohort.weeks + FINAL_GRACE_WEEKS), time(0), cohort.timezone)


def _people_left(session: Session, cutoff: datetime) -> int:
    named = [exists().where(column == Person.id) for column in person_columns()]
    return session.execute(delete(Person).where(Person.created_at < cutoff, *(~found for found in named))).rowcount
