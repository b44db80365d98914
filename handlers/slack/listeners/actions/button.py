"""Any button: acknowledged at once; then its form opens, or it answers privately where it was pressed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.context import Context
from bot.interaction import dispatch
from bot.interaction.exchange import Request
from bot.interaction.outcomes import reply_for
from bot.messaging.messenger import Message
from handlers.after_answer import defer
from handlers.slack.render.common import reply_message
from handlers.slack.render.form import form_view
from handlers.slack.requests import FAILED, run_after_ack, slack_request


def handler(ctx: Context) -> Callable[..., None]:
    def press(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        ack()
        channel_id = (body.get("channel") or {}).get("id")
        req = slack_request(
            ctx, client, context, body["user"]["id"], channel_id=channel_id, source_key=f"slack:action:{action.get('action_ts')}"
        )
        defer(lambda: answer(req, body, action, client, respond))

    return press


def answer(req: Request, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond) -> None:
    """Run the button, then show the person what it answers; everything here waits until Slack has its ack."""
    reply = reply_for(dispatch.run_action(req, action["action_id"], action.get("value") or ""), failed=FAILED)

    def show() -> None:
        if reply.form is not None:
            client.views_open(trigger_id=body["trigger_id"], view=form_view(reply.form))
        elif reply.text and body.get("response_url"):
            respond(**reply_message(reply), response_type="ephemeral", replace_original=False)
        elif reply.text:
            req.ctx.messenger.send_dm(req.actor.person, Message(text=reply.text, buttons=reply.buttons))

    run_after_ack(req, reply, client, show)
