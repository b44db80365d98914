"""Rows about one thing rather than a cohort's week (a 1-2-1, an agreed action), planned when it happens.

They go through the same claim and send as the weekly posts; these helpers only write
and withdraw the rows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.delivery.claims import CLAIMED, PENDING, SKIPPED
from storage.models import Delivery


def plan(session: Session, *, cohort_id: int, kind: str, subject_id: int, due_at: datetime, round_: int = 0) -> None:
    """Make the row due at `due_at`; a row already sent (e.g. for a time since moved) is sent again."""
    row = session.scalar(
        select(Delivery).where(
            Delivery.cohort_id == cohort_id, Delivery.week == round_, Delivery.kind == kind, Delivery.subject_id == subject_id
        )
    )
    if row is None:
        session.add(Delivery(cohort_id=cohort_id, week=round_, kind=kind, subject_id=subject_id, due_at=due_at))
    elif row.status != CLAIMED:
        row.status, row.due_at, row.error, row.claim_token, row.sent_at, row.retry_at = PENDING, due_at, None, None, None, None
    session.flush()


def withdraw(session: Session, *, kind: str, subject_id: int, reason: str) -> None:
    """Pending rows of `kind` about `subject_id` will not be sent."""
    session.execute(
        update(Delivery)
        .where(Delivery.kind == kind, Delivery.subject_id == subject_id, Delivery.status == PENDING)
        .values(status=SKIPPED, error=reason)
        .execution_options(synchronize_session=False)
    )
