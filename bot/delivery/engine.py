"""Dispatching due deliveries exactly once, whatever happens to the process.

Deliveries follow the shared claim rules of `bot.delivery.claims`. The winner of a claim
sends, then records where it posted and the platform's message id. A claim left stale by a crash is settled against
the channel history (posts carry metadata naming their delivery) before anything is sent again.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, not_, or_, select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.context import Context
from bot.delivery.claims import (
    FAILED,
    MISSED,
    PENDING,
    ClaimedRows,
    Finder,
    Report,
    failure,
    in_reach,
)
from bot.delivery.jobs import COHORT_WEEK, Job
from bot.delivery.kinds import DELIVERY_KINDS
from bot.journal.evidence import send_due_follow_ups
from bot.messaging.addresses import PersonRef, Place, Reach
from bot.messaging.messenger import Message, Posted
from bot.messaging.refusals import MessengerError, Refusal
from bot.people.profiles import person_ref
from bot.people.roles import FACILITATOR
from bot.programme.calendar import PROMPT
from bot.programme.cohorts import place_of
from storage.models import Cohort, Delivery, Membership, Person

log = logging.getLogger(__name__)

RUNNING = "running"
CHANNEL_GAP_SECONDS = 1.0  # Slack allows about one post a second per channel
WORKERS = 48
# Refusals that trying again will not mend: the delivery fails and facilitators hear what to do.
WHAT_TO_DO = {
    Refusal.GONE: "the channel is archived, no longer exists or I can't see it. "
    "Unarchive it or give the cohort a new channel",
    Refusal.NOT_MEMBER: "I'm not in the channel and can't join it (private channels need an invitation). "
    "Type `/invite @cohortbot` in the channel",
    Refusal.NOT_ALLOWED: "the chat platform refused my access (a revoked token or a missing permission). "
    "An admin needs to reinstall or re-authorise the app",
}
MAX_ATTEMPTS = 5
GIVE_UP = frozenset(WHAT_TO_DO)
KEPT_FAILING = f"it still failed after {MAX_ATTEMPTS} tries. Check that I can post in the cohort's channel"


@dataclass
class TickReport(Report):
    follow_ups: int = 0
    outbox: Report | None = None
    elsewhere: int = 0  # cohorts with work due on a platform or workspace this process does not speak in

    def __str__(self) -> str:
        text = (
            f"{self.sent} sent, {self.failed} failed, {self.missed} missed, {self.skipped} skipped, "
            f"{self.retrying} to retry, {self.settled} settled after a crash, "
            f"{self.follow_ups} evidence follow-ups"
        )
        if self.outbox is not None and self.outbox.outcomes:
            text += f"; outbox: {self.outbox.sent} done, {self.outbox.retrying} to retry, {self.outbox.failed} failed"
        if self.elsewhere:
            cohorts = "cohort" if self.elsewhere == 1 else "cohorts"
            text += f"; left alone: {self.elsewhere} {cohorts} on another platform or workspace"
        return text


# Facilitators hear about what could not be sent


def _facilitators(ctx: Context, cohort_id: int) -> list[PersonRef]:
    with ctx.db.read() as session:
        query = (
            select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.cohort_id == cohort_id, Membership.role == FACILITATOR, Person.erased_at.is_(None))
        )
        return [person_ref(person) for person in session.scalars(query)]


def tell_facilitators(ctx: Context, cohort_id: int, message: Message) -> None:
    for person in _facilitators(ctx, cohort_id):
        try:
            ctx.messenger.send_dm(person, message)
        except MessengerError as error:
            log.warning("could not DM facilitator %s: %s", person, error)


def _already_told(ctx: Context, job: Job, reason: Refusal) -> bool:
    """Facilitators hear about a broken channel or token once, not every week."""
    with ctx.db.read() as session:
        query = select(Delivery.id).where(
            Delivery.cohort_id == job.cohort_id,
            Delivery.id != job.id,
            Delivery.status == FAILED,
            Delivery.error.like(f"%{failure(reason)}"),
        )
        return session.scalar(query.limit(1)) is not None


def _failure_message(job: Job, reason: Refusal) -> Message:
    what = DELIVERY_KINDS[job.kind].label
    advice = WHAT_TO_DO.get(reason, KEPT_FAILING)
    return Message(
        title=f"{job.cohort_name}: week {job.week} was not sent",
        text=f"I couldn't send the {what} for week {job.week}: {advice}. "
        f"Then run `/cohortbot cohort post-now {job.cohort_name}` if it is still needed.",
    )


# Deliveries as claimed rows


def _job(delivery: Delivery, cohort: Cohort) -> Job:
    return Job(
        id=delivery.id,
        cohort_id=cohort.id,
        cohort_name=cohort.name,
        place=place_of(cohort),
        week=delivery.week,
        weeks=cohort.weeks,
        kind=delivery.kind,
        prompt_id=delivery.prompt_id,
        claim_token=str(delivery.claim_token),
        attempts=delivery.attempts,
        subject_id=delivery.subject_id,
    )


def _live() -> ColumnElement[bool]:
    """Rows that may go now: a running cohort's weekly work, and anything about a 1-2-1 whatever the cohort's state."""
    return or_(Cohort.status == RUNNING, Delivery.subject_id != COHORT_WEEK)


class Deliveries(ClaimedRows[Job]):
    model = Delivery
    max_attempts = MAX_ATTEMPTS
    give_up_reasons = GIVE_UP

    def jobs(self, session: Session, token: str) -> list[Job]:
        query = select(Delivery, Cohort).join(Cohort, Delivery.cohort_id == Cohort.id).where(Delivery.claim_token == token)
        return [_job(delivery, cohort) for delivery, cohort in session.execute(query.order_by(Delivery.due_at, Delivery.id))]

    def reachable(self, reach: Reach) -> ColumnElement[bool]:
        return Delivery.cohort_id.in_(select(Cohort.id).where(in_reach(reach, Cohort)))

    def label(self, job: Job) -> str:
        return DELIVERY_KINDS[job.kind].label

    def send(self, ctx: Context, job: Job) -> Posted | None:
        return DELIVERY_KINDS[job.kind].sender(ctx, job)

    def finder(self, ctx: Context, job: Job) -> Finder | None:
        find = DELIVERY_KINDS[job.kind].find
        return None if find is None else lambda: find(ctx, job)

    def sent_values(self, job: Job, posted: Posted | None) -> dict[str, Any]:
        return {
            "sent_at": clock.now(),
            "conversation": posted.place.conversation if posted else None,
            "message_id": posted.message_id if posted else None,
        }

    def gave_up(self, ctx: Context, job: Job, reason: Refusal) -> None:
        if not _already_told(ctx, job, reason):
            tell_facilitators(ctx, job.cohort_id, _failure_message(job, reason))


DELIVERIES = Deliveries()


def claim_due(ctx: Context, now: datetime, *, only: int | None = None) -> list[Job]:
    """Claim what is due (or just delivery `only`); each row goes to exactly one caller."""
    due = (
        select(Delivery.id)
        .join(Cohort, Delivery.cohort_id == Cohort.id)
        .where(_live(), Delivery.status == PENDING, Delivery.due_at <= now)
    )
    if only is not None:
        due = due.where(Delivery.id == only)
    return DELIVERIES.claim(ctx, due, now)


def send_all(ctx: Context, jobs: list[Job], report: Report, *, settling: bool = False) -> None:
    """Send concurrently across channels; posts to one channel go one at a time, a second apart."""
    lanes: defaultdict[Place | str, list[Job]] = defaultdict(list)
    for job in jobs:
        lanes[job.place if job.kind == PROMPT and job.place else f"job:{job.id}"].append(job)

    def run_lane(lane: list[Job]) -> None:
        for index, job in enumerate(lane):
            if index:
                time.sleep(CHANNEL_GAP_SECONDS)
            DELIVERIES.carry_out(ctx, job, report, settling=settling)

    if len(lanes) <= 1:
        for lane in lanes.values():
            run_lane(lane)
        return
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(lanes)), thread_name_prefix="deliver") as pool:
        list(pool.map(run_lane, lanes.values()))


# The tick


def mark_missed(ctx: Context, now: datetime) -> list[Job]:
    """Pending work older than the catch-up grace is not sent late; facilitators are told about posts."""
    grace = timedelta(hours=ctx.settings.cohortbot_catch_up_hours)
    token = uuid.uuid4().hex
    old = (
        select(Delivery.id)
        .join(Cohort, Delivery.cohort_id == Cohort.id)
        .where(_live(), Delivery.status == PENDING, Delivery.due_at < now - grace, in_reach(ctx.messenger.reach, Cohort))
    )
    with ctx.db.write() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(old.scalar_subquery()), Delivery.status == PENDING)
            .values(status=MISSED, claim_token=token, error="fell due while the bot was not running")
            .execution_options(synchronize_session=False)
        )
        missed = DELIVERIES.jobs(session, token)
    by_cohort: defaultdict[int, list[Job]] = defaultdict(list)
    for job in missed:
        if job.kind == PROMPT:
            by_cohort[job.cohort_id].append(job)
    for cohort_id, jobs in by_cohort.items():
        weeks = ", ".join(str(job.week) for job in jobs)
        tell_facilitators(
            ctx,
            cohort_id,
            Message(
                title=f"{jobs[0].cohort_name}: missed while I was stopped",
                text=f"The weekly challenge for week(s) {weeks} fell due while I was not running and was not posted. "
                f"Run `/cohortbot cohort post-now {jobs[0].cohort_name}` to post the current week.",
            ),
        )
    return missed


def cohorts_elsewhere(ctx: Context, now: datetime) -> int:
    """How many cohorts have work due that this process leaves alone: its messenger does not reach them."""
    with ctx.db.read() as session:
        query = (
            select(func.count(func.distinct(Cohort.id)))
            .join(Delivery, Delivery.cohort_id == Cohort.id)
            .where(_live(), Delivery.status == PENDING, Delivery.due_at <= now, not_(in_reach(ctx.messenger.reach, Cohort)))
        )
        return session.scalar(query) or 0


def run_due(ctx: Context) -> TickReport:
    """One tick: settle stale claims, mark old misses, send everything due, then evidence follow-ups."""
    now = clock.now()
    report = TickReport(elsewhere=cohorts_elsewhere(ctx, now))
    send_all(ctx, DELIVERIES.take_over_stale(ctx, now), report, settling=True)
    for job in mark_missed(ctx, now):
        report.add(job.id, MISSED)
    send_all(ctx, claim_due(ctx, now), report)
    report.follow_ups = send_due_follow_ups(ctx, now)
    return report


def deliver_now(ctx: Context, delivery_id: int) -> TickReport:
    """Send one pending row at once (post-now), still through the claim."""
    report = TickReport()
    send_all(ctx, claim_due(ctx, clock.now(), only=delivery_id), report)
    return report
