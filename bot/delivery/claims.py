"""Doing rows of work exactly once, whatever happens to the process: deliveries and the outbox alike.

A row is claimed by a conditional UPDATE (pending -> claimed, with a fresh token and the
replica's id), so of two processes only one can win it; on PostgreSQL the rows are picked
in batches with FOR UPDATE SKIP LOCKED, so replicas claiming at once share the work
instead of queueing on each other's rows. The outcome is recorded only if the claim is
still ours. A claim is dead once its replica's lease has lapsed (`bot.delivery.leases`),
or, for a process that held no lease (a command run once, an older version), once it is
older than STALE_CLAIM: it is taken over and settled against the platform (where an
earlier copy can be found) before anything is sent again.
"""

from __future__ import annotations

import logging
import threading
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.context import Context
from bot.delivery.jobs import NothingToSend, NotYet
from bot.delivery.leases import lapsed_holder
from bot.messaging.addresses import Reach, Reaches
from bot.messaging.messenger import Posted
from bot.messaging.refusals import MessengerError, Refusal
from storage.models import ClaimedWork, InWorkspace

log = logging.getLogger(__name__)

PENDING, CLAIMED, SENT, FAILED, MISSED, SKIPPED = "pending", "claimed", "sent", "failed", "missed", "skipped"
RETRYING, SETTLED = "retrying", "settled"
STALE_CLAIM = timedelta(minutes=5)
CLAIM_BATCH = 500  # rows claimed at a time by a tick: what a replica killed mid-work leaves to others, at most
FIRST_WAIT = timedelta(seconds=30)
NOT_RESENT = "interrupted while sending; not resent, to avoid sending twice"
LOST_ANSWER = "the platform's answer was lost; not resent, to avoid sending twice"
TOO_LATE = "still failing when it was too late to send"


class Claimed(Protocol):
    """A claimed row, detached from the session that claimed it."""

    @property
    def id(self) -> int: ...

    @property
    def claim_token(self) -> str: ...

    @property
    def attempts(self) -> int: ...  # this one included


Job = TypeVar("Job", bound=Claimed)


def failure(reason: Refusal) -> str:
    """How a failed row ends its `error`, so the next failure for the same reason is recognised."""
    return f"not sent ({reason})"


Finder = Callable[[], Posted | None]


def may_send(ctx: Context) -> bool:
    """Whether this process's claims are surely still its own: always, for a process holding no lease."""
    return ctx.replica is None or ctx.replica.alive


def claimed_by(ctx: Context) -> str | None:
    return None if ctx.replica is None else ctx.replica.id


def in_reach(reach: Reach | Reaches, model: type[InWorkspace]) -> ColumnElement[bool]:
    """The rows of `model` (people, cohorts, outbox work) in the workspaces `reach` covers (all of them, for several)."""
    if isinstance(reach, Reaches):
        return or_(false(), *(in_reach(part, model) for part in reach.parts))
    if reach.platform is None:
        return false()
    same_platform = model.platform == reach.platform
    if reach.workspaces is not None:
        same_platform = and_(same_platform, model.workspace.in_(reach.workspaces))
    return same_platform if reach.workspace is None else and_(same_platform, model.workspace == reach.workspace)


@dataclass
class Report:
    """What one pass over claimed rows did, row by row."""

    sent: int = 0
    failed: int = 0
    missed: int = 0
    skipped: int = 0
    retrying: int = 0
    settled: int = 0
    outcomes: list[tuple[int, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def done(self) -> bool:
        """Nothing left to try again, and nothing given up."""
        return not (self.retrying or self.failed)

    def add(self, row_id: int, status: str) -> None:
        with self._lock:
            self.outcomes.append((row_id, status))
            setattr(self, status, getattr(self, status) + 1)


class ClaimedRows(ABC, Generic[Job]):
    """The claim, finish and take-over rules over one table of work; each table says how its rows are sent."""

    model: ClassVar[type[ClaimedWork]]
    longest_wait: ClassVar[timedelta] = timedelta(hours=1)  # between tries after a passing failure
    give_up_reasons: ClassVar[frozenset[Refusal]] = frozenset()  # refusals that trying again will not mend

    @abstractmethod
    def jobs(self, session: Session, token: str) -> list[Job]:
        """The rows holding claim `token`, in the order to send them."""

    @abstractmethod
    def reachable(self, reach: Reach | Reaches) -> ColumnElement[bool]:
        """The rows whose people and places are within `reach`: the only ones a process with that messenger takes."""

    @abstractmethod
    def label(self, job: Job) -> str:
        """What the row sends, in a few words, for errors and logs."""

    @abstractmethod
    def send(self, ctx: Context, job: Job) -> Posted | None: ...

    def finder(self, ctx: Context, job: Job) -> Finder | None:
        """How to look for a copy already sent; None when the platform cannot find one."""
        return None

    def repeatable(self, job: Job) -> bool:
        """Whether doing the work twice is harmless, so an interrupted try is simply done again."""
        return False

    def sent_values(self, job: Job, posted: Posted | None) -> dict[str, Any]:
        return {}

    @abstractmethod
    def retry_values(self, job: Job, next_try: datetime) -> dict[str, Any]:
        """The columns that keep a row waiting until `next_try`."""

    def retry_until(self, ctx: Context, job: Job) -> datetime | None:
        """The last moment a try that failed for a passing reason is still worth repeating; None: until it is done."""
        return None

    def too_late(self, ctx: Context, job: Job) -> bool:
        """Whether a row tried before is no longer worth sending now (looked at just before each retry)."""
        return False

    def gave_up(self, session: Session, job: Job, reason: Refusal) -> None:
        """Tell someone, if anyone needs to know, that the work was given up (in the transaction that records it)."""

    def wait_before_try(self, attempts: int) -> timedelta:
        """How long to wait after the `attempts`-th failed try: twice as long each time, up to `longest_wait`."""
        return min(FIRST_WAIT * 2 ** (attempts - 1), self.longest_wait)

    # Claiming and finishing

    def claim(self, ctx: Context, due: Select[tuple[int]], now: datetime, *, batch: int | None = None) -> list[Job]:
        """Claim the pending rows among `due` that the messenger reaches, oldest first, `batch` at most;
        each goes to exactly one caller. Rows another replica is claiming at this moment are skipped."""
        model, token, holder = self.model, uuid.uuid4().hex, claimed_by(ctx)
        picked = due.where(model.status == PENDING, self.reachable(ctx.messenger.reach)).order_by(model.due_at, model.id)
        picked = picked.limit(batch).with_for_update(skip_locked=True, of=model)  # SQLite: one writer, no FOR UPDATE
        with ctx.db.write() as session:
            # Picked first, then claimed: as a subquery of the UPDATE, PostgreSQL may run it more than once.
            ids = session.scalars(picked).all()
            session.execute(
                update(model)
                .where(model.id.in_(ids), model.status == PENDING)
                .values(status=CLAIMED, claim_token=token, claimed_at=now, claimed_by=holder, attempts=model.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            return self.jobs(session, token)

    def finish(self, ctx: Context, job: Job, status: str, **values: Any) -> bool:
        """Record the outcome, only if the claim is still ours."""
        with ctx.db.write() as session:
            return self.record(session, job, status, **values)

    def record(self, session: Session, job: Job, status: str, **values: Any) -> bool:
        """Record the outcome in `session`'s transaction, only if the claim is still ours."""
        model = self.model
        values["status"] = status
        if status == PENDING:
            values.update(claim_token=None, claimed_at=None, claimed_by=None)
        result = session.execute(
            update(model)
            .where(model.id == job.id, model.claim_token == job.claim_token, model.status == CLAIMED)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)

    def take_over_dead(self, ctx: Context, now: datetime) -> list[Job]:
        """Take over the claims of replicas whose lease lapsed, and claims older than STALE_CLAIM held by no lease,
        a claim (one batch) at a time, among the rows the messenger reaches."""
        model = self.model
        dead = or_(lapsed_holder(model.claimed_by, now), model.claimed_at < now - STALE_CLAIM)
        with ctx.db.read() as session:
            tokens = session.scalars(
                select(model.claim_token).distinct().where(model.status == CLAIMED, dead, self.reachable(ctx.messenger.reach))
            ).all()
        jobs: list[Job] = []
        for old_token in tokens:
            token = uuid.uuid4().hex
            with ctx.db.write() as session:
                won = session.execute(
                    update(model)
                    .where(model.claim_token == old_token, model.status == CLAIMED, self.reachable(ctx.messenger.reach))
                    .values(claim_token=token, claimed_at=now, claimed_by=claimed_by(ctx), attempts=model.attempts + 1)
                    .execution_options(synchronize_session=False)
                ).rowcount
                if won:
                    jobs.extend(self.jobs(session, token))
        return jobs

    # Sending

    def carry_out(self, ctx: Context, job: Job, report: Report, *, settling: bool = False) -> None:
        """Send one claimed row (after a crash or a failed try, first look for the copy already sent) and record it."""
        find = self.finder(ctx, job)
        try:
            if settling and find is None and not self.repeatable(job):
                self.lose(ctx, job, NOT_RESENT, report)
                return
            # After a crash or a failed try, the post may have reached the platform all the same: look first.
            if (settling or job.attempts > 1) and find is not None:
                ref = find()
                if ref is not None:
                    self.finish(ctx, job, SENT, **self.sent_values(job, ref))
                    report.add(job.id, SETTLED)
                    return
            if job.attempts > 1 and self.too_late(ctx, job):
                self.give_up(ctx, job, Refusal.TEMPORARY, TOO_LATE, report)
                return
            ref = self.send(ctx, job)
        except NothingToSend as reason:
            self.finish(ctx, job, SKIPPED, error=str(reason))
            report.add(job.id, SKIPPED)
        except NotYet as reason:
            self.retry_later(ctx, job, Refusal.TEMPORARY, str(reason), report)
        except MessengerError as error:
            log.warning("%s (row %s) failed: %s", self.label(job), job.id, error)
            what_happened = error.detail or error.reason
            if error.reason in self.give_up_reasons:
                self.give_up(ctx, job, error.reason, what_happened, report)
            elif error.reason is Refusal.UNKNOWN_OUTCOME and find is None and not self.repeatable(job):
                # The answer was lost, so it may have been sent; with no way to look, once at most.
                self.lose(ctx, job, LOST_ANSWER, report)
            else:
                self.retry_later(ctx, job, error.reason, what_happened, report)
        except Exception as error:  # noqa: BLE001 - one bad row must not stop the others
            log.exception("%s (row %s) failed", self.label(job), job.id)
            self.retry_later(ctx, job, Refusal.TEMPORARY, type(error).__name__, report)
        else:
            if self.finish(ctx, job, SENT, **self.sent_values(job, ref)):
                report.add(job.id, SENT)

    def give_up(self, ctx: Context, job: Job, reason: Refusal, what_happened: str, report: Report) -> None:
        with ctx.db.write() as session:
            if not self.record(session, job, FAILED, error=f"{what_happened}: {self.label(job)} {failure(reason)}"):
                return
            self.gave_up(session, job, reason)
        report.add(job.id, FAILED)

    def lose(self, ctx: Context, job: Job, why: str, report: Report) -> None:
        """Record work that may or may not have been done (there is no way to look) as missed, never to be
        sent again by itself, and tell whoever needs to know in the same transaction: once."""
        with ctx.db.write() as session:
            if not self.record(session, job, MISSED, error=why):
                return
            self.may_have_sent(session, job)
        report.add(job.id, MISSED)

    def may_have_sent(self, session: Session, job: Job) -> None:
        """Tell someone, if anyone needs to know, that the work was perhaps done and will not be tried again."""

    def retry_later(self, ctx: Context, job: Job, reason: Refusal, what_happened: str, report: Report) -> None:
        """Wait a little longer after each passing failure, and give up once no try would still be in time."""
        now, deadline = clock.now(), self.retry_until(ctx, job)
        if deadline is not None and now >= deadline:
            self.give_up(ctx, job, reason, what_happened, report)
            return
        next_try = now + self.wait_before_try(job.attempts)
        if deadline is not None:
            next_try = min(next_try, deadline)
        if self.finish(ctx, job, PENDING, error=f"{what_happened}: will try again", **self.retry_values(job, next_try)):
            report.add(job.id, RETRYING)
