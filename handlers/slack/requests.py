"""Turning a Slack payload into the domain's Request, and answering after the ack."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.context import Context
from bot.delivery.drain import drain
from bot.interaction.exchange import Actor, Reply, Request
from bot.interaction.text import NOT_SAVED
from bot.journal.home import publish_home
from handlers.after_answer import defer, run_steps
from handlers.slack.messenger import SlackMessenger
from handlers.slack.profiles import learn_profile, profile_due
from handlers.slack.render.markup import person_named
from handlers.slack.workspaces import request_workspace

FAILED = f"{NOT_SAVED} Please try again in a minute."


def slack_request(
    ctx: Context,
    client: WebClient,
    context: BoltContext,
    user_id: str,
    *,
    channel_id: str | None = None,
    source_key: str | None = None,
) -> Request:
    """The domain's request for a Slack user, in the workspace the payload came from."""
    workspace = request_workspace(context, fallback=ctx.workspace)
    return Request(
        ctx=ctx.with_messenger(SlackMessenger(client, workspace)),
        actor=Actor(person=workspace.person(user_id), place=workspace.place(channel_id) if channel_id else None),
        source_key=source_key,
        person_named=person_named,
    )


def after_ack(req: Request, reply: Reply, client: WebClient, answer: Callable[[], object] | None = None) -> None:
    """Queue what must not hold up Slack's 3 s ack: calls to Slack that answer the person
    (`answer`, e.g. opening a modal), the outbox rows the reply queued, their Home tab, then their profile.

    The outbox rows are safe in the database already: if this process dies first, the tick does them.
    Nothing is queued when there is nothing to do (e.g. a private reflection from someone whose name we know).
    """
    if answer is None and not reply.queued and reply.home_page is None and not profile_due(req.ctx, req.actor.person):
        return
    defer(lambda: run_after_ack(req, reply, client, answer))


def run_after_ack(req: Request, reply: Reply, client: WebClient, answer: Callable[[], object] | None) -> None:
    """Answer the person, do the outbox rows the reply queued, refresh their Home tab, then learn their profile;
    each failure is logged, not raised."""
    steps = (
        answer,
        (lambda: drain(req.ctx, reply.queued)) if reply.queued else None,
        (lambda: publish_home(req.ctx, req.actor.person, reply.home_page)) if reply.home_page is not None else None,
        lambda: learn_profile(req.ctx, client, req.actor.person),
    )
    run_steps(req.actor.person, steps)
