"""Turning a Slack payload into the domain's Request, and answering after the ack."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.context import Context
from bot.delivery.drain import drain
from bot.interaction.exchange import Actor, Reply, Request
from bot.interaction.text import NOT_SAVED
from bot.journal.home import publish_home
from handlers.slack.messenger import SlackMessenger
from handlers.slack.profiles import learn_profile, profile_due
from handlers.slack.render.markup import person_named
from handlers.slack.workspaces import request_workspace

log = logging.getLogger(__name__)
FAILED = f"{NOT_SAVED} Please try again in a minute."
_after_ack_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="cohortbot-after-ack")
_pending: set[Future[None]] = set()


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


def defer(work: Callable[[], None]) -> None:
    """Run `work` off the request's thread, so Slack is answered first."""
    future = _after_ack_pool.submit(work)
    _pending.add(future)
    future.add_done_callback(_pending.discard)


def finish_after_ack_work(timeout: float = 10.0) -> None:
    """Wait for queued after-ack work, e.g. before shutting down."""
    wait(list(_pending), timeout=timeout)


def run_after_ack(req: Request, reply: Reply, client: WebClient, answer: Callable[[], object] | None) -> None:
    """Answer the person, do the outbox rows the reply queued, refresh their Home tab, then learn their profile;
    each failure is logged, not raised."""
    steps = (
        answer,
        (lambda: drain(req.ctx, reply.queued)) if reply.queued else None,
        (lambda: publish_home(req.ctx, req.actor.person, reply.home_page)) if reply.home_page is not None else None,
        lambda: learn_profile(req.ctx, client, req.actor.person),
    )
    for step in steps:
        if step is None:
            continue
        try:
            step()
        except Exception:
            log.exception("work after the ack failed for %s", req.actor.person)
