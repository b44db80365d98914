"""Every slash command: answer within Slack's 3 s with the reply or a form, then do slow work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.context import Context
from bot.interaction import dispatch
from bot.interaction.outcomes import reply_for
from handlers.slack.render.common import reply_message
from handlers.slack.render.form import form_view
from handlers.slack.render.markup import typed_text
from handlers.slack.requests import FAILED, after_ack, slack_request

# Commands the manifest marks `should_escape: true`: their text comes with &, < and > escaped.
ESCAPED_COMMANDS = frozenset({"/cohortbot", "/coach"})


def handler(ctx: Context) -> Callable[..., None]:
    def slash_command(ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        text = typed_text(command.get("text", ""), escaped=command["command"] in ESCAPED_COMMANDS)
        req = slack_request(
            ctx,
            client,
            context,
            command["user_id"],
            channel_id=command.get("channel_id"),
            source_key=f"slack:command:{command['trigger_id']}",
        )
        reply = reply_for(dispatch.run_command(req, command["command"], text), failed=FAILED, their_words=text)
        if reply.form is None:
            ack(response_type="ephemeral", **reply_message(reply))
            after_ack(req, reply, client)
        else:
            ack()
            view = form_view(reply.form)
            after_ack(req, reply, client, lambda: client.views_open(trigger_id=command["trigger_id"], view=view))

    return slash_command
