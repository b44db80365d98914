"""Dispatching due deliveries exactly once, whatever happens to the process.

A row is claimed by a conditional UPDATE (pending -> claimed, with a fresh token), so
of two processes only one can win it. The winner sends, then records where it posted and
the platform's message id. A claim left stale by a crash is settled against the channel history (posts
carry metadata naming their delivery) before anything is sent again.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.context import Context
from bot.delivery.jobs import CLAIMED, COHORT_WEEK, FAILED, MISSED, PENDING, SENT, SKIPPED, Job, NothingToSend
from bot.delivery.kinds import DELIVERY_KINDS
from bot.journal.evidence import send_due_follow_ups
from bot.messaging.addresses import PersonRef, Place
from bot.messaging.messenger import Message, Posted
from bot.messaging.refusals import MessengerError, Refusal
from bot.people.profiles import person_ref
from bot.people.roles import FACILITATOR
from bot.programme.calendar import PROMPT
from bot.programme.cohorts import place_of
from storage.models import Cohort, Delivery, Membership, Person

log = logging.getLogger(__name__)

RUNNING = "running"
STALE_CLAIM = timedelta(minutes=5)
MAX_ATTEMPTS = 5
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
KEPT_FAILING = f"it still failed after {MAX_ATTEMPTS} tries. Check that I can post in the cohort's channel"


@dataclass
class TickReport:
    sent: int = 0
    failed: int = 0
    missed: int = 0
    skipped: int = 0
    retrying: int = 0
    settled: int = 0
    follow_ups: int = 0
    outcomes: list[tuple[int, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, delivery_id: int, status: str) -> None:
        with self._lock:
            self.outcomes.append((delivery_id, status))
            setattr(self, status, getattr(self, status) + 1)

    def __str__(self) -> str:
        return (
            f"{self.sent} sent, {self.failed} failed, {self.missed} missed, {self.skipped} skipped, "
            f"{self.retrying} to retry, {self.settled} settled after a crash, "
            f"{self.follow_ups} evidence follow-ups"
        )


# Claiming and finishing rows


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


def _claimed(session: Session, token: str) -> list[Job]:
    query = select(Delivery, Cohort).join(Cohort, Delivery.cohort_id == Cohort.id).where(Delivery.claim_token == token)
    return [_job(delivery, cohort) for delivery, cohort in session.execute(query.order_by(Delivery.due_at, Delivery.id))]


def claim_due(ctx: Context, now: datetime, *, only: int | None = None) -> list[Job]:
    """Claim what is due (or just delivery `only`); each row goes to exactly one caller."""
    token = uuid.uuid4().hex
    due = (
        select(Delivery.id)
        .join(Cohort, Delivery.cohort_id == Cohort.id)
        .where(_live(), Delivery.status == PENDING, Delivery.due_at <= now)
    )
    if only is not None:
        due = due.where(Delivery.id == only)
    with ctx.db.write() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(due.scalar_subquery()), Delivery.status == PENDING)
            .values(status=CLAIMED, claim_token=token, claimed_at=now, attempts=Delivery.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        return _claimed(session, token)


def _finish(ctx: Context, job: Job, status: str, *, posted: Posted | None = None, error: str | None = None) -> bool:
    """Record the outcome, only if the claim is still ours."""
    values: dict[str, object] = {"status": status, "error": error}
    if status == SENT:
        values.update(
            sent_at=clock.now(),
            conversation=posted.place.conversation if posted else None,
            message_id=posted.message_id if posted else None,
        )
    if status == PENDING:
        values.update(claim_token=None, claimed_at=None)
    with ctx.db.write() as session:
        result = session.execute(
            update(Delivery)
            .where(Delivery.id == job.id, Delivery.claim_token == job.claim_token, Delivery.status == CLAIMED)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)


# Sending


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


def _failure(reason: Refusal) -> str:
    """How a failed row ends its `error`, so the next failure for the same reason is recognised."""
    return f"not sent ({reason})"


def _already_told(ctx: Context, job: Job, reason: Refusal) -> bool:
    """Facilitators hear about a broken channel or token once, not every week."""
    with ctx.db.read() as session:
        query = select(Delivery.id).where(
            Delivery.cohort_id == job.cohort_id,
            Delivery.id != job.id,
            Delivery.status == FAILED,
            Delivery.error.like(f"%{_failure(reason)}"),
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


def _give_up(ctx: Context, job: Job, reason: Refusal, what_happened: str, report: TickReport) -> None:
    told = _already_told(ctx, job, reason)
    label = DELIVERY_KINDS[job.kind].label
    if _finish(ctx, job, FAILED, error=f"{what_happened}: {label} {_failure(reason)}"):
        report.add(job.id, FAILED)
        if not told:
            tell_facilitators(ctx, job.cohort_id, _failure_message(job, reason))


def _retry_later(ctx: Context, job: Job, reason: Refusal, what_happened: str, report: TickReport) -> None:
    with ctx.db.read() as session:
        attempts = session.scalar(select(Delivery.attempts).where(Delivery.id == job.id)) or 0
    if attempts >= MAX_ATTEMPTS:
        _give_up(ctx, job, reason, what_happened, report)
    elif _finish(ctx, job, PENDING, error=f"{what_happened}: will try again"):
        report.add(job.id, "retrying")


def deliver(ctx: Context, job: Job, report: TickReport, *, settling: bool = False) -> None:
    """Send one claimed job (after a crash, first look for the copy already sent) and record the outcome."""
    kind = DELIVERY_KINDS[job.kind]
    try:
        if settling and kind.find is None:
            _finish(ctx, job, MISSED, error="interrupted while sending; not resent, to avoid sending twice")
            report.add(job.id, MISSED)
            return
        # After a crash or a failed try, the post may have reached Slack all the same: look first.
        if (settling or job.attempts > 1) and kind.find is not None:
            posted = kind.find(ctx, job)
            if posted is not None:
                _finish(ctx, job, SENT, posted=posted)
                report.add(job.id, "settled")
                return
        posted = kind.sender(ctx, job)
    except NothingToSend as reason:
        _finish(ctx, job, SKIPPED, error=str(reason))
        report.add(job.id, SKIPPED)
    except MessengerError as error:
        log.warning("delivery %s (%s week %s) failed: %s", job.id, job.cohort_name, job.week, error)
        what_happened = error.detail or error.reason
        if error.reason in WHAT_TO_DO:
            _give_up(ctx, job, error.reason, what_happened, report)
        else:
            _retry_later(ctx, job, error.reason, what_happened, report)
    except Exception as error:  # noqa: BLE001 - one bad row must not stop the others
        log.exception("delivery %s failed", job.id)
        _retry_later(ctx, job, Refusal.TEMPORARY, type(error).__name__, report)
    else:
        if _finish(ctx, job, SENT, posted=posted):
            report.add(job.id, SENT)


def send_all(ctx: Context, jobs: list[Job], report: TickReport, *, settling: bool = False) -> None:
    """Send concurrently across channels; posts to one channel go one at a time, a second apart."""
    lanes: defaultdict[Place | str, list[Job]] = defaultdict(list)
    for job in jobs:
        lanes[job.place if job.kind == PROMPT and job.place else f"job:{job.id}"].append(job)

    def run_lane(lane: list[Job]) -> None:
        for index, job in enumerate(lane):
            if index:
                time.sleep(CHANNEL_GAP_SECONDS)
            deliver(ctx, job, report, settling=settling)

    if len(lanes) <= 1:
        for lane in lanes.values():
            run_lane(lane)
        return
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(lanes)), thread_name_prefix="deliver") as pool:
        list(pool.map(run_lane, lanes.values()))


# The tick


def _take_over_stale(ctx: Context, now: datetime) -> list[Job]:
    """Claims older than STALE_CLAIM belong to a process that died; take them over one by one."""
    with ctx.db.read() as session:
        stale = list(
            session.execute(
                select(Delivery.id, Delivery.claim_token).where(
                    Delivery.status == CLAIMED, Delivery.claimed_at < now - STALE_CLAIM
                )
            )
        )
    jobs = []
    for delivery_id, old_token in stale:
        token = uuid.uuid4().hex
        with ctx.db.write() as session:
            won = session.execute(
                update(Delivery)
                .where(Delivery.id == delivery_id, Delivery.claim_token == old_token, Delivery.status == CLAIMED)
                .values(claim_token=token, claimed_at=now, attempts=Delivery.attempts + 1)
                .execution_options(synchronize_session=False)
            ).rowcount
            if won:
                jobs.extend(_claimed(session, token))
    return jobs


def mark_missed(ctx: Context, now: datetime) -> list[Job]:
    """Pending work older than the catch-up grace is not sent late; facilitators are told about posts."""
    grace = timedelta(hours=ctx.settings.cohortbot_catch_up_hours)
    token = uuid.uuid4().hex
    old = (
        select(Delivery.id)
        .join(Cohort, Delivery.cohort_id == Cohort.id)
        .where(_live(), Delivery.status == PENDING, Delivery.due_at < now - grace)
    )
    with ctx.db.write() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(old.scalar_subquery()), Delivery.status == PENDING)
            .values(status=MISSED, claim_token=token, error="fell due while the bot was not running")
            .execution_options(synchronize_session=False)
        )
        missed = _claimed(session, token)
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


def run_due(ctx: Context) -> TickReport:
    """One tick: settle stale claims, mark old misses, send everything due, then evidence follow-ups."""
    now = clock.now()
    report = TickReport()
    send_all(ctx, _take_over_stale(ctx, now), report, settling=True)
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
