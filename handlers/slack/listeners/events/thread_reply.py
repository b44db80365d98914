"""A message in a channel: a delegate's reply in the thread of a week's post is counted as peer support (not stored)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.context import Context
from bot.peers.replies import record_reply
from handlers.slack.requests import slack_request

CHANNEL_TYPES = ("channel", "group")


def in_a_thread(event: dict[str, Any]) -> bool:
    return event.get("channel_type") in CHANNEL_TYPES and bool(event.get("thread_ts"))


def handler(ctx: Context) -> Callable[..., None]:
    def thread_reply(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("bot_id") or event.get("subtype") or not event.get("user"):
            return
        req = slack_request(ctx, client, context, event["user"], channel_id=event["channel"])
        place = req.actor.person.scope.place(event["channel"], thread=event["thread_ts"])
        record_reply(req.ctx, req.actor.person, place, str(event["ts"]))

    return thread_reply
