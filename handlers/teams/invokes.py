"""Invoke activities (card actions, dialogs, file consent), answered in the body of the HTTP response.

The answer is worked out at once (`handlers.teams.actions.answer_invoke`); what may take longer
(the outbox rows a saved form queued, an upload to OneDrive and the file card after it) follows
the answer, off the request's thread. The request's `source_key` is the invoke's activity id, so
an invoke Teams delivers again writes nothing twice.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.context import Context
from bot.delivery.drain import drain
from bot.interaction.exchange import Actor, Request
from handlers.after_answer import defer
from handlers.teams.actions import answer_invoke
from handlers.teams.actions.answers import InvokeAnswer
from handlers.teams.activity import Activity
from handlers.teams.messenger import TeamsMessenger
from handlers.teams.people import person_named

log = logging.getLogger(__name__)

Answer = tuple[int, dict[str, Any] | None]
NOT_HANDLED: Answer = (200, None)


def invoke_request(ctx: Context, activity: Activity) -> Request | None:
    person = activity.sender
    if person is None:
        return None
    actor = Actor(person=person, place=activity.place, display_name=activity.sender_name or None)
    source_key = f"teams:invoke:{activity.id}" if activity.id else None
    return Request(ctx=ctx, actor=actor, source_key=source_key, person_named=person_named)


def _after(req: Request, teams: TeamsMessenger, activity: Activity, answer: InvokeAnswer) -> None:
    """Drain what the answer queued, then send what its `then` gives into the invoke's conversation."""
    try:
        if answer.queued:
            drain(req.ctx, answer.queued)
        for follow_up in answer.then() if answer.then else ():
            teams.reply_activity(activity.workspace.place(activity.conversation), follow_up)
    except Exception:
        log.exception("work after answering an invoke failed for %s", req.actor.person)


def handle_invoke(ctx: Context, teams: TeamsMessenger, activity: Activity) -> Answer:
    """The HTTP status and body Teams expects in answer to an invoke."""
    req = invoke_request(ctx, activity)
    if req is None:
        return NOT_HANDLED
    answer = answer_invoke(req, activity.body, teams.connector.http, teams.name_of(activity.tenant))
    if answer.queued or answer.then:
        defer(lambda: _after(req, teams, activity, answer))
    return answer.status, answer.body
