"""The Home tab opened: publish the person's journal there, after the event is acknowledged."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.context import Context
from bot.interaction.exchange import Reply
from bot.journal.home import publish_home
from handlers.slack.requests import after_ack, slack_request


def handler(ctx: Context) -> Callable[..., None]:
    def home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("tab", "home") != "home":
            return
        req = slack_request(ctx, client, context, event["user"])
        after_ack(req, Reply(), client, lambda: publish_home(req.ctx, req.actor.person))

    return home_opened
