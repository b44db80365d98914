"""A message typed to the bot in its Messages tab: answered with what the bot can do, by DM.

Slash commands are how people work with the bot in Slack; a DM is most often someone trying
it for the first time, so the answer is the help list with a pointer to the commands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.context import Context
from bot.interaction import dispatch
from bot.interaction.outcomes import reply_for
from bot.messaging.messenger import Message
from handlers.slack.requests import FAILED, after_ack, slack_request

INTRO = "Hello! I work through slash commands, which you can type here or in any channel."


def handler(ctx: Context) -> Callable[..., None]:
    def direct_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("channel_type") != "im" or event.get("bot_id") or event.get("subtype") or not event.get("user"):
            return
        req = slack_request(ctx, client, context, event["user"], channel_id=event.get("channel"))
        reply = reply_for(dispatch.run_command(req, "/cohortbot", "help"), failed=FAILED)
        help_message = Message(text=f"{INTRO}\n\n{reply.text}")
        after_ack(req, reply, client, lambda: req.ctx.messenger.send_dm(req.actor.person, help_message))

    return direct_message
