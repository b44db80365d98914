"""Dispatching due deliveries exactly once, whatever happens to the process.

Deliveries follow the shared claim rules of `bot.delivery.claims`. The winner of a claim
sends, then records where it posted and the platform's message id. A claim left stale by a crash is settled against
the channel history (posts carry metadata naming their delivery) before anything is sent again.
"""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, not_, or_, select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.config import Settings
from bot.context import Context
from bot.delivery.alerts import alert_facilitators
from bot.delivery.claims import (
    CLAIM_BATCH,
    FAILED,
    MISSED,
    PENDING,
    SENT,
    ClaimedRows,
    Finder,
    Report,
    failure,
    in_reach,
    may_send,
)
from bot.delivery.jobs import COHORT_WEEK, Job
from bot.delivery.kinds import DELIVERY_KINDS
from bot.journal.evidence import send_due_follow_ups
from bot.messaging.addresses import Place, Reach, Reaches
from bot.messaging.messenger import Message, Posted
from bot.messaging.refusals import Refusal
from bot.programme.calendar import PROMPT
from bot.programme.cohorts import place_of
from bot.programme.lifecycle import RUNNING, finish_ended
from bot.programme.missed import missed_message, resend_button
from storage.models import Cohort, Delivery

CHANNEL_GAP_SECONDS = 1.0  # Slack allows about one post a second per channel
WORKERS = 48
# Refusals that trying again will not mend: the delivery fails and facilitators hear what to do.
WHAT_TO_DO = {
    Refusal.GONE: "the channel is archived, no longer exists or I can't see it. "
    "Unarchive it or give the cohort a new channel",
    Refusal.NOT_MEMBER: "I'm not in the channel and can't join it (private channels need an invitation). "
    "Type `/invite @cohortbot` in the channel (in Teams, add the cohortbot app to the channel's team)",
    Refusal.NOT_ALLOWED: "the chat platform refused my access (a revoked token or a missing permission). "
    "An admin needs to reinstall or re-authorise the app",
}
GIVE_UP = frozenset(WHAT_TO_DO)
KEPT_FAILING = (
    "the chat platform kept failing (an outage, or too many requests) until it was too late to send it. "
    "Check that I can post in the cohort's channel"
)
LONGEST_WAIT = timedelta(minutes=10)  # between tries of a post that failed for a passing reason


@dataclass
class TickReport(Report):
    follow_ups: int = 0
    outbox: Report | None = None
    elsewhere: int = 0  # cohorts with work due on a platform or workspace this process does not speak in
    led: bool = True  # whether this process kept house (it leads, or runs on its own)

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
        if not self.led:
            text += "; housekeeping left to the leading process"
        return text


# Facilitators hear about what could not be sent


def _already_told(session: Session, job: Job, reason: Refusal) -> bool:
    """Facilitators hear about a broken channel or token once, not every week; each outage that beat a post, each time."""
    if reason not in GIVE_UP:
        return False
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
    text = f"I couldn't send the {what} for week {job.week}: {advice}."
    if job.kind != PROMPT:
        return Message(title=f"{job.cohort_name}: week {job.week} was not sent", text=text)
    return Message(
        title=f"{job.cohort_name}: week {job.week} was not sent",
        text=f'{text} Then press the button, or run `/cohortbot cohort resend "{job.cohort_name}" {job.week}`, '
        "if it is still needed.",
        buttons=(resend_button(job.cohort_id, job.week),),
    )


def _lost_message(job: Job) -> Message:
    """A weekly post sent without an answer, on a platform where the channel cannot be read back to check."""
    return Message(
        title=f"{job.cohort_name}: week {job.week} may not have been posted",
        text=f"I sent the weekly challenge for week {job.week}, but the chat platform did not answer, and I can't "
        "read the channel back to check whether it arrived. I have not sent it again, so nobody sees it twice. "
        f"Look in the cohort's channel: if week {job.week} is not there, press the button or run "
        f'`/cohortbot cohort resend "{job.cohort_name}" {job.week}`.',
        buttons=(resend_button(job.cohort_id, job.week),),
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
        due_at=delivery.due_at,
        timezone=cohort.timezone,
        attempts=delivery.attempts,
        subject_id=delivery.subject_id,
    )


def next_slot(job: Job) -> datetime:
    """The same local wall-clock time a week after the row fell due: next week's slot, across clock changes."""
    zone = ZoneInfo(job.timezone)
    local = job.due_at.astimezone(zone).replace(tzinfo=None) + timedelta(weeks=1)
    return local.replace(tzinfo=zone).astimezone(UTC)


def useful_until(settings: Settings, job: Job) -> datetime:
    """Until when a delivery that failed for a passing reason is still worth sending (COHORTBOT_RETRY_HOURS may cut it short)."""
    useful_for = DELIVERY_KINDS[job.kind].useful_for
    until = next_slot(job) if useful_for is None else job.due_at + useful_for
    if settings.cohortbot_retry_hours is not None:
        until = min(until, job.due_at + timedelta(hours=settings.cohortbot_retry_hours))
    return until


def _live() -> ColumnElement[bool]:
    """Rows that may go now: a running cohort's weekly work, and anything about a 1-2-1 whatever the cohort's state."""
    return or_(Cohort.status == RUNNING, Delivery.subject_id != COHORT_WEEK)


class Deliveries(ClaimedRows[Job]):
    model = Delivery
    longest_wait = LONGEST_WAIT
    give_up_reasons = GIVE_UP

    def jobs(self, session: Session, token: str) -> list[Job]:
        query = select(Delivery, Cohort).join(Cohort, Delivery.cohort_id == Cohort.id).where(Delivery.claim_token == token)
        return [_job(delivery, cohort) for delivery, cohort in session.execute(query.order_by(Delivery.due_at, Delivery.id))]

    def reachable(self, reach: Reach | Reaches) -> ColumnElement[bool]:
        return Delivery.cohort_id.in_(select(Cohort.id).where(in_reach(reach, Cohort)))

    def label(self, job: Job) -> str:
        return DELIVERY_KINDS[job.kind].label

    def send(self, ctx: Context, job: Job) -> Posted | None:
        return DELIVERY_KINDS[job.kind].sender(ctx, job)

    def finder(self, ctx: Context, job: Job) -> Finder | None:
        find = DELIVERY_KINDS[job.kind].find
        if find is None or (job.place is not None and not ctx.messenger.can_find_posts(job.place)):
            return None
        return lambda: find(ctx, job)

    def sent_values(self, job: Job, posted: Posted | None) -> dict[str, Any]:
        return {
            "sent_at": clock.now(),
            "conversation": posted.place.conversation if posted else None,
            "message_id": posted.message_id if posted else None,
        }

    def retry_values(self, job: Job, next_try: datetime) -> dict[str, Any]:
        return {"retry_at": next_try}

    def retry_until(self, ctx: Context, job: Job) -> datetime:
        return useful_until(ctx.settings, job)

    def too_late(self, ctx: Context, job: Job) -> bool:
        return clock.now() >= useful_until(ctx.settings, job)

    def gave_up(self, session: Session, job: Job, reason: Refusal) -> None:
        if not _already_told(session, job, reason):
            alert_facilitators(session, job.cohort_id, _failure_message(job, reason))

    def may_have_sent(self, session: Session, job: Job) -> None:
        if job.kind == PROMPT:
            alert_facilitators(session, job.cohort_id, _lost_message(job))


DELIVERIES = Deliveries()


def claim_due(ctx: Context, now: datetime, *, only: int | None = None, batch: int | None = None) -> list[Job]:
    """Claim what is due, `batch` rows at most (or just delivery `only`); each row goes to exactly one caller."""
    due = (
        select(Delivery.id)
        .join(Cohort, Delivery.cohort_id == Cohort.id)
        .where(
            _live(),
            Delivery.status == PENDING,
            Delivery.due_at <= now,
            or_(Delivery.retry_at.is_(None), Delivery.retry_at <= now),
        )
    )
    if only is not None:
        due = due.where(Delivery.id == only)
    return DELIVERIES.claim(ctx, due, now, batch=batch)


def _lanes(jobs: list[Job]) -> list[list[Job]]:
    """The jobs by channel: weekly posts to one channel go one after the other; anything else alone."""
    lanes: defaultdict[Place | str, list[Job]] = defaultdict(list)
    for job in jobs:
        lanes[job.place if job.kind == PROMPT and job.place else f"job:{job.id}"].append(job)
    return list(lanes.values())


def _run_lane(ctx: Context, lane: list[Job], report: Report, settling: bool = False) -> None:
    """Send one channel's jobs a second apart."""
    for index, job in enumerate(lane):
        if index:
            time.sleep(CHANNEL_GAP_SECONDS)
        if not may_send(ctx):
            return  # this replica's lease may have lapsed: its claims are someone else's to settle
        DELIVERIES.carry_out(ctx, job, report, settling=settling)


def send_all(ctx: Context, jobs: list[Job], report: Report, *, settling: bool = False) -> None:
    """Send concurrently across channels; posts to one channel go one at a time, a second apart."""
    lanes = _lanes(jobs)
    if len(lanes) <= 1:
        for lane in lanes:
            _run_lane(ctx, lane, report, settling)
        return
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(lanes)), thread_name_prefix="deliver") as pool:
        list(pool.map(lambda lane: _run_lane(ctx, lane, report, settling), lanes))


def send_due(ctx: Context, now: datetime, report: Report, keep: Callable[[Job], bool]) -> list[Job]:
    """Claim and send what is due a batch at a time, claiming the next batch while the last is still going out,
    so that no more than a batch and the jobs in hand are claimed at once; the jobs `keep` picks out."""
    kept: list[Job] = []
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="deliver") as pool:
        sending: set[Future[None]] = set()
        while may_send(ctx) and (due := claim_due(ctx, now, batch=CLAIM_BATCH)):
            kept += filter(keep, due)
            sending |= {pool.submit(_run_lane, ctx, lane, report) for lane in _lanes(due)}
            while len(sending) > WORKERS:
                _, sending = wait(sending, return_when=FIRST_COMPLETED)
        wait(sending)
    return kept


# The tick


def mark_missed(ctx: Context, now: datetime) -> list[Job]:
    """Pending work older than the catch-up grace (its next try too, if it had one) is not sent late.

    A try that keeps failing while the bot runs is not a miss: it goes on until it is too late
    (`useful_until`). Facilitators hear of misses from `tell_of_misses`.
    """
    since = now - timedelta(hours=ctx.settings.cohortbot_catch_up_hours)
    token = uuid.uuid4().hex
    old = (
        select(Delivery.id)
        .join(Cohort, Delivery.cohort_id == Cohort.id)
        .where(
            _live(),
            Delivery.status == PENDING,
            Delivery.due_at < since,
            or_(Delivery.retry_at.is_(None), Delivery.retry_at < since),
            in_reach(ctx.messenger.reach, Cohort),
        )
    )
    with ctx.db.write() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(old.scalar_subquery()), Delivery.status == PENDING)
            .values(status=MISSED, claim_token=token, error="fell due while the bot was not running")
            .execution_options(synchronize_session=False)
        )
        return DELIVERIES.jobs(session, token)


def tell_of_misses(ctx: Context, missed: list[Job], sent: list[Job]) -> None:
    """Facilitators hear which weekly posts were missed and which this tick caught up, cohort by cohort."""
    weeks: defaultdict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    names = {}
    for jobs, index in ((missed, 0), (sent, 1)):
        for job in jobs:
            if job.kind == PROMPT:
                weeks[job.cohort_id][index].append(job.week)
                names[job.cohort_id] = job.cohort_name
    with ctx.db.write() as session:
        for cohort_id, (missed_weeks, caught_up) in weeks.items():
            if missed_weeks:
                alert_facilitators(session, cohort_id, missed_message(cohort_id, names[cohort_id], missed_weeks, caught_up))


def cohorts_elsewhere(ctx: Context, now: datetime) -> int:
    """How many cohorts have work due that this process leaves alone: its messenger does not reach them."""
    with ctx.db.read() as session:
        query = (
            select(func.count(func.distinct(Cohort.id)))
            .join(Delivery, Delivery.cohort_id == Cohort.id)
            .where(_live(), Delivery.status == PENDING, Delivery.due_at <= now, not_(in_reach(ctx.messenger.reach, Cohort)))
        )
        return session.scalar(query) or 0


def run_due(ctx: Context, *, housekeeping: bool = True) -> TickReport:
    """One tick's deliveries: settle dead claims, mark old misses, send what is due a batch at a time, then tell.

    With `housekeeping` (the leader, or a process on its own) also finish ended cohorts first and
    send evidence follow-ups last. Replicas running this at once share the due rows between them.
    """
    now = clock.now()
    report = TickReport(elsewhere=cohorts_elsewhere(ctx, now))
    if housekeeping:
        with ctx.db.write() as session:
            finish_ended(session, now)
    send_all(ctx, DELIVERIES.take_over_dead(ctx, now), report, settling=True)
    missed = mark_missed(ctx, now)
    for job in missed:
        report.add(job.id, MISSED)
    missed_cohorts = {job.cohort_id for job in missed}
    candidates = send_due(ctx, now, report, keep=lambda job: job.cohort_id in missed_cohorts)
    sent = {row_id for row_id, status in report.outcomes if status == SENT}
    caught_up = [job for job in candidates if job.id in sent]
    tell_of_misses(ctx, missed, caught_up)
    if housekeeping:
        report.follow_ups = send_due_follow_ups(ctx, now)
    return report


def deliver_now(ctx: Context, delivery_id: int) -> TickReport:
    """Send one pending row at once (post-now), still through the claim."""
    report = TickReport()
    send_all(ctx, claim_due(ctx, clock.now(), only=delivery_id), report)
    return report
