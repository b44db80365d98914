"""The one table of outbox work: each kind and the domain function that does it.

Add a kind here (a doer, and a finder if its copies can be found again, or `repeatable`
when doing it twice is harmless) and claiming, retrying and settling after a crash apply
to it unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.context import Context
from bot.delivery import outbox
from bot.delivery.engine import deliver_now
from bot.export.command import find_workbook, send_workbook
from bot.journal.sharing import find_shared_post, posted_from_payload, remove_post, sync_shared_post
from bot.messaging.messenger import Posted
from bot.people import erasure
from bot.surveys.evaluation import send_evaluation_for


@dataclass(frozen=True)
class OutboxJob:
    """A claimed outbox row, detached from the session that claimed it."""

    id: int
    kind: str
    payload: dict[str, Any]
    claim_token: str
    attempts: int = 1  # this one included


Doer = Callable[[Context, OutboxJob], Posted | None]
Finder = Callable[[Context, OutboxJob], Posted | None]


@dataclass(frozen=True)
class OutboxKind:
    """How one kind of outbox work is done.

    `find` looks for what an interrupted try already posted (by the metadata naming the row).
    A kind with neither a finder nor `repeatable` is not done again after a crash: at most
    once is kinder than twice for a DM.
    """

    do: Doer
    label: str
    find: Finder | None = None
    repeatable: bool = False


def share(ctx: Context, job: OutboxJob) -> Posted | None:
    return sync_shared_post(ctx, job.payload["reflection_id"], job.id)


def find_share(ctx: Context, job: OutboxJob) -> Posted | None:
    return find_shared_post(ctx, job.payload["reflection_id"], job.id)


def delete_post(ctx: Context, job: OutboxJob) -> None:
    remove_post(ctx, posted_from_payload(job.payload))


def export(ctx: Context, job: OutboxJob) -> None:
    send_workbook(ctx, job.id, job.payload["person_id"], job.payload["cohort_ids"], job.payload["pseudonymise"])


def find_export(ctx: Context, job: OutboxJob) -> Posted | None:
    return find_workbook(ctx, job.id, job.payload["person_id"])


def post_now(ctx: Context, job: OutboxJob) -> None:
    deliver_now(ctx, job.payload["delivery_id"])


def send_evaluation(ctx: Context, job: OutboxJob) -> None:
    send_evaluation_for(ctx, job.payload["cohort_id"], job.payload["person_id"])


def tell_of_erasure(ctx: Context, job: OutboxJob) -> None:
    erasure.tell_facilitators(ctx, job.payload["person_ids"], job.payload["text"])


OUTBOX_KINDS: dict[str, OutboxKind] = {
    outbox.SHARED_POST: OutboxKind(share, "shared reflection post", find=find_share),
    # Deleting twice is harmless: a post already gone counts as deleted.
    outbox.DELETE_POST: OutboxKind(delete_post, "removal of a shared post", repeatable=True),
    outbox.EXPORT: OutboxKind(export, "workbook by DM", find=find_export),
    # The delivery's own claim makes a second try post nothing twice.
    outbox.POST_NOW: OutboxKind(post_now, "weekly challenge posted now", repeatable=True),
    outbox.SEND_EVALUATION: OutboxKind(send_evaluation, "programme evaluation DMs"),
    outbox.ERASURE_NOTICE: OutboxKind(tell_of_erasure, "notice of an erasure"),
}
