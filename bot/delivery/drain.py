"""Doing outbox work: right after the answer (the rows a reply queued) and on every tick (all that is due).

The same claim, finish and take-over rules as the weekly posts (`bot.delivery.claims`); a
try that fails for a reason that may pass (an outage, a rate limit) is tried again later,
each wait twice the one before, up to an hour, for as long as its kind says (`retry_for`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from bot import clock
from bot.context import Context
from bot.delivery.claims import CLAIM_BATCH, PENDING, ClaimedRows, Finder, Report, in_reach, may_send
from bot.delivery.engine import GIVE_UP
from bot.delivery.outbox_kinds import OUTBOX_KINDS, OutboxJob
from bot.messaging.addresses import Reach, Reaches
from bot.messaging.messenger import Posted
from storage.models import OutboxItem


class Outbox(ClaimedRows[OutboxJob]):
    model = OutboxItem
    give_up_reasons = GIVE_UP

    def jobs(self, session: Session, token: str) -> list[OutboxJob]:
        rows = session.scalars(select(OutboxItem).where(OutboxItem.claim_token == token).order_by(OutboxItem.id))
        return [OutboxJob(row.id, row.kind, dict(row.payload), token, row.created_at, row.attempts) for row in rows]

    def reachable(self, reach: Reach | Reaches) -> ColumnElement[bool]:
        return in_reach(reach, OutboxItem)

    def label(self, job: OutboxJob) -> str:
        return OUTBOX_KINDS[job.kind].label

    def send(self, ctx: Context, job: OutboxJob) -> Posted | None:
        return OUTBOX_KINDS[job.kind].do(ctx, job)

    def finder(self, ctx: Context, job: OutboxJob) -> Finder | None:
        find = OUTBOX_KINDS[job.kind].find
        return None if find is None else lambda: find(ctx, job)

    def repeatable(self, job: OutboxJob) -> bool:
        return OUTBOX_KINDS[job.kind].repeatable

    def retry_values(self, job: OutboxJob, next_try: datetime) -> dict[str, Any]:
        return {"due_at": next_try}

    def retry_until(self, ctx: Context, job: OutboxJob) -> datetime | None:
        retry_for = OUTBOX_KINDS[job.kind].retry_for
        return None if retry_for is None else job.created_at + retry_for

    def record(self, session: Session, job: OutboxJob, status: str, **values: Any) -> bool:
        """As for any claimed row; finished work also forgets its payload (it may name someone erased)."""
        if status != PENDING:
            values.update(finished_at=clock.now(), payload={})
        return super().record(session, job, status, **values)


OUTBOX = Outbox()


def drain(ctx: Context, only: Sequence[int] | None = None) -> Report:
    """Do the outbox work that is due: just rows `only` (right after an answer), or all of it, a batch at a time (the tick)."""
    now = clock.now()
    report = Report()
    if only is None:
        _carry_out(ctx, OUTBOX.take_over_dead(ctx, now), report, settling=True)
    # A kind this version does not know (written by a newer one) is left for a process that does.
    due = select(OutboxItem.id).where(
        OutboxItem.status == PENDING, OutboxItem.due_at <= now, OutboxItem.kind.in_(list(OUTBOX_KINDS))
    )
    if only is not None:
        _carry_out(ctx, OUTBOX.claim(ctx, due.where(OutboxItem.id.in_(only)), now), report)
        return report
    while may_send(ctx) and (jobs := OUTBOX.claim(ctx, due, now, batch=CLAIM_BATCH)):
        _carry_out(ctx, jobs, report)
    return report


def _carry_out(ctx: Context, jobs: list[OutboxJob], report: Report, *, settling: bool = False) -> None:
    for job in jobs:
        if not may_send(ctx):
            return  # this replica's lease may have lapsed: its claims are someone else's to settle
        OUTBOX.carry_out(ctx, job, report, settling=settling)
