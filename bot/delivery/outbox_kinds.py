"""The one table of outbox work: each kind and the domain function that does it.

Add a kind here (a doer, and a finder if its copies can be found again, or `repeatable`
when doing it twice is harmless) and claiming, retrying and settling after a crash apply
to it unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.coaching import assignments as coaching_assignments
from bot.coaching import logs as coaching_logs
from bot.coaching import meetings as coaching_meetings
from bot.context import Context
from bot.delivery import outbox
from bot.delivery.alerts import send_alert
from bot.delivery.engine import deliver_now
from bot.export.command import find_workbook, send_workbook
from bot.journal.sharing import find_shared_post, posted_from_payload, remove_post, sync_shared_post
from bot.messaging.messenger import Posted
from bot.people import erasure, erasure_done
from bot.programme import suggestions
from bot.programme.mending import join_channel
from bot.programme.role_notices import tell_of_role
from bot.sessions import invitations as session_invitations
from bot.surveys.evaluation import send_evaluation_for


@dataclass(frozen=True)
class OutboxJob:
    """A claimed outbox row, detached from the session that claimed it."""

    id: int
    kind: str
    payload: dict[str, Any]
    claim_token: str
    created_at: datetime
    attempts: int = 1  # this one included


RETRY_FOR = timedelta(hours=3)
Doer = Callable[[Context, OutboxJob], Posted | None]
Finder = Callable[[Context, OutboxJob], Posted | None]


@dataclass(frozen=True)
class OutboxKind:
    """How one kind of outbox work is done.

    `find` looks for what an interrupted try already posted (by the metadata naming the row).
    A kind with neither a finder nor `repeatable` is not done again after a crash: at most
    once is kinder than twice for a DM. A try that fails for a passing reason is repeated
    for `retry_for` after the row was written (None: until it is done).
    """

    do: Doer
    label: str
    find: Finder | None = None
    repeatable: bool = False
    retry_for: timedelta | None = RETRY_FOR


def share(ctx: Context, job: OutboxJob) -> Posted | None:
    return sync_shared_post(ctx, job.payload["reflection_id"], job.id)


def find_share(ctx: Context, job: OutboxJob) -> Posted | None:
    return find_shared_post(ctx, job.payload["reflection_id"], job.id)


def delete_post(ctx: Context, job: OutboxJob) -> None:
    remove_post(ctx, posted_from_payload(job.payload))


def alert(ctx: Context, job: OutboxJob) -> None:
    send_alert(ctx, job.payload["person_id"], job.payload["message"])


def export(ctx: Context, job: OutboxJob) -> None:
    send_workbook(ctx, job.id, job.payload["person_id"], job.payload["cohort_ids"], job.payload["pseudonymise"])


def find_export(ctx: Context, job: OutboxJob) -> Posted | None:
    return find_workbook(ctx, job.id, job.payload["person_id"])


def post_now(ctx: Context, job: OutboxJob) -> None:
    deliver_now(ctx, job.payload["delivery_id"])


def join_cohort_channel(ctx: Context, job: OutboxJob) -> None:
    join_channel(ctx, job.payload["cohort_id"])


def send_evaluation(ctx: Context, job: OutboxJob) -> None:
    send_evaluation_for(ctx, job.payload["cohort_id"], job.payload["person_id"])


def tell_of_erasure(ctx: Context, job: OutboxJob) -> None:
    erasure.tell_facilitators(ctx, job.payload["person_ids"], job.payload["text"])


def tell_removed(ctx: Context, job: OutboxJob) -> None:
    erasure_done.send_removed(ctx, job.payload["to"], job.payload["removals"])


def announce_coach(ctx: Context, job: OutboxJob) -> None:
    coaching_assignments.announce(ctx, job.payload["cohort_id"], job.payload["coach_id"], job.payload["delegate_id"])


def coaching_request(ctx: Context, job: OutboxJob) -> None:
    coaching_meetings.send_request(ctx, job.payload["meeting_id"])


def coaching_agreed(ctx: Context, job: OutboxJob) -> None:
    coaching_meetings.tell_agreed(ctx, job.payload["meeting_id"])


def coaching_notes(ctx: Context, job: OutboxJob) -> None:
    coaching_logs.send_notes(ctx, job.payload["meeting_id"])


def late_cancellation(ctx: Context, job: OutboxJob) -> None:
    session_invitations.tell_of_late_cancellation(ctx, job.payload["invitation_id"])


def session_change(ctx: Context, job: OutboxJob) -> None:
    session_invitations.tell_invited(ctx, job.payload["session_id"], job.payload["title"], job.payload["notice"])


def role_given(ctx: Context, job: OutboxJob) -> None:
    p = job.payload
    tell_of_role(ctx, p["cohort_id"], p["person_id"], p["role"], p["by_id"])


def suggestion_answer(ctx: Context, job: OutboxJob) -> None:
    suggestions.tell_author(ctx, job.payload["suggestion_id"])


OUTBOX_KINDS: dict[str, OutboxKind] = {
    outbox.SHARED_POST: OutboxKind(share, "shared reflection post", find=find_share),
    # Deleting twice is harmless: a post already gone counts as deleted. Tried until it is gone.
    outbox.DELETE_POST: OutboxKind(delete_post, "removal of a shared post", repeatable=True, retry_for=None),
    outbox.FACILITATOR_ALERT: OutboxKind(alert, "alert to a facilitator", retry_for=None),
    outbox.EXPORT: OutboxKind(export, "workbook by DM", find=find_export),
    # The delivery's own claim makes a second try post nothing twice.
    outbox.POST_NOW: OutboxKind(post_now, "weekly challenge posted now", repeatable=True),
    # Joining a channel the bot is already in changes nothing.
    outbox.JOIN_CHANNEL: OutboxKind(join_cohort_channel, "joining a cohort's new channel", repeatable=True),
    outbox.SEND_EVALUATION: OutboxKind(send_evaluation, "programme evaluation DMs"),
    outbox.ERASURE_NOTICE: OutboxKind(tell_of_erasure, "notice of an erasure"),
    # Waits for the removals it names, however long they take.
    outbox.ERASURE_DONE: OutboxKind(tell_removed, "DM that an erased person's posts are gone", retry_for=None),
    outbox.COACH_ASSIGNED: OutboxKind(announce_coach, "new coach DMs"),
    outbox.COACHING_REQUEST: OutboxKind(coaching_request, "1-2-1 request to the coach"),
    outbox.COACHING_AGREED: OutboxKind(coaching_agreed, "1-2-1 time to both people"),
    outbox.COACHING_NOTES: OutboxKind(coaching_notes, "1-2-1 notes to the delegate"),
    outbox.LATE_CANCELLATION: OutboxKind(late_cancellation, "late cancellation to facilitators"),
    outbox.SESSION_CHANGE: OutboxKind(session_change, "session move or cancellation DMs"),
    outbox.ROLE_GIVEN: OutboxKind(role_given, "new role DM"),
    outbox.SUGGESTION_ANSWER: OutboxKind(suggestion_answer, "answer to a challenge idea's author"),
}
