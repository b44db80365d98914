"""Turning a Slack payload into the domain's Request, and answering after the ack."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_sdk import WebClient

from bot.interaction import Actor, Reply, Request
from bot.services import Services
from handlers.slack.messenger import SlackMessenger
from handlers.slack.profiles import learn_profile

log = logging.getLogger(__name__)
_after_ack_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="cohortbot-after-ack")


def slack_request(
    services: Services, client: WebClient, user_id: str, *, channel_id: str | None = None, source_key: str | None = None
) -> Request:
    return Request(
        services=services,
        messenger=SlackMessenger(client),
        actor=Actor(user_id=user_id, channel_id=channel_id),
        source_key=source_key,
    )


def after_ack(req: Request, reply: Reply, client: WebClient) -> None:
    """Queue work that may take longer than Slack's 3 s: the reply's own, then the person's profile."""
    _after_ack_pool.submit(_run_after_ack, req, reply, client)


def _run_after_ack(req: Request, reply: Reply, client: WebClient) -> None:
    try:
        if reply.after is not None:
            reply.after()
        learn_profile(req.services, client, req.actor.user_id)
    except Exception:
        log.exception("work after the reply failed for %s", req.actor.user_id)
