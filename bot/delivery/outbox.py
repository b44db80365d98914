"""The outbox: what the bot must still say or do after answering a person.

Domain code writes a row with `enqueue`, in the same transaction as the change that
caused it, and hands the row's id back in its `Reply.queued`. Front ends drain those
rows right after answering; the tick drains whatever is left (`bot.delivery.drain`).
A crash, a redeploy or a platform outage only delays the work.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot import clock
from bot.delivery.claims import PENDING
from bot.messaging.addresses import Workspace
from storage.models import OutboxItem

SHARED_POST = "shared_post"
DELETE_POST = "delete_post"
EXPORT = "export"
POST_NOW = "post_now"
JOIN_CHANNEL = "join_channel"
SEND_EVALUATION = "send_evaluation"
ERASURE_NOTICE = "erasure_notice"
ERASURE_DONE = "erasure_done"
FACILITATOR_ALERT = "facilitator_alert"
COACH_ASSIGNED = "coach_assigned"
COACHING_REQUEST = "coaching_request"
COACHING_AGREED = "coaching_agreed"
COACHING_NOTES = "coaching_notes"
LATE_CANCELLATION = "session_late_cancellation"
SESSION_CHANGE = "session_change"
ROLE_GIVEN = "role_given"
SUGGESTION_ANSWER = "suggestion_answer"


def enqueue(session: Session, kind: str, scope: Workspace, **payload: Any) -> int:
    """Write work for after the answer, about people and places in `scope`, in the caller's transaction; returns the row's id.

    The payload names people and records by database id, never by a platform's id.
    """
    row = OutboxItem(
        kind=kind, payload=payload, platform=scope.platform, workspace=scope.id, due_at=clock.now(), status=PENDING, attempts=0
    )
    session.add(row)
    session.flush()
    return row.id
