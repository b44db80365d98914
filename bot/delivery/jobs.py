"""Scheduled work as each delivery kind sees it: what it plans, what it is handed, how it sends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.context import Context
from bot.messaging.addresses import Place
from bot.messaging.messenger import Message, Messenger, Posted
from bot.messaging.refusals import MessengerError, Refusal
from storage.models import Cohort

COHORT_WEEK = 0  # `subject_id` of a row that is the cohort's own weekly work


@dataclass(frozen=True)
class Planned:
    """One row a planner wants in the calendar."""

    week: int
    due_at: datetime
    prompt_id: int | None = None


@dataclass(frozen=True)
class Job:
    """A claimed delivery, detached from the database session that claimed it."""

    id: int
    cohort_id: int
    cohort_name: str
    place: Place | None  # the cohort's channel
    week: int
    weeks: int
    kind: str
    prompt_id: int | None
    claim_token: str
    due_at: datetime
    timezone: str  # the cohort's
    attempts: int = 1  # this one included
    subject_id: int = COHORT_WEEK  # the 1-2-1 or action a row is about, for kinds that have one


class NothingToSend(Exception):
    """The work no longer applies (e.g. a reminder for a week that was never posted)."""


class NotYet(Exception):
    """The work waits on other work not done yet: it is tried again later, like a passing failure."""


Planner = Callable[[Session, Cohort], list[Planned]]
Sender = Callable[[Context, Job], Posted | None]
Finder = Callable[[Context, Job], Posted | None]


@dataclass(frozen=True)
class DeliveryKind:
    """How one kind of delivery is planned and sent.

    `find` looks for a copy already sent (by the metadata naming the delivery), so a
    claim left stale by a crash can be settled without sending twice. A kind without
    one is not resent after a crash: at most once is kinder than twice for a DM.
    `useful_for` bounds how long a try that failed for a passing reason is repeated.
    """

    planner: Planner
    sender: Sender
    label: str
    find: Finder | None = None
    useful_for: timedelta | None = None  # after it fell due; None: until the same slot next week


def post_to_channel(messenger: Messenger, place: Place, message: Message) -> Posted:
    """Post, joining a public channel first when the bot is not in it yet."""
    try:
        return messenger.post(place, message)
    except MessengerError as error:
        if error.reason is not Refusal.NOT_MEMBER:
            raise
        outside = error
    try:
        messenger.join(place)
    except MessengerError as error:
        raise MessengerError(Refusal.NOT_MEMBER, f"{outside.detail}; joining: {error.detail}") from error
    return messenger.post(place, message)
