"""Any submitted form: errors appear inside the modal, success replaces it with the reply."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.context import Context
from bot.interaction import dispatch
from bot.interaction.exchange import FormValues, Reply
from bot.interaction.outcomes import Failed, FieldError, Refused
from handlers.slack.render.common import message_view
from handlers.slack.render.form import CALLBACK_PREFIX, form_values, form_view
from handlers.slack.requests import FAILED, after_ack, slack_request


def handler(ctx: Context) -> Callable[..., None]:
    def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        values = form_values(view["state"]["values"])
        req = slack_request(ctx, client, context, body["user"]["id"], source_key=f"slack:view:{view['id']}")
        form_id = view["callback_id"].removeprefix(CALLBACK_PREFIX)
        outcome = dispatch.submit_form(req, form_id, json.loads(view.get("private_metadata") or "{}"), values)
        if not isinstance(outcome, Reply):
            ack(response_action="errors", errors=field_error(outcome, values))
            return
        if outcome.form is not None:
            ack(response_action="update", view=form_view(outcome.form))
        else:
            ack(response_action="update", view=message_view(view["title"]["text"], outcome.text))
        after_ack(req, outcome, client)

    return submit


def field_error(outcome: Refused | Failed, values: FormValues) -> dict[str, str]:
    """Slack shows a form's error under one of its fields: the one named, else the first."""
    if isinstance(outcome, FieldError) and outcome.field in values:
        return {outcome.field: outcome.message}
    return {next(iter(values), "text"): outcome.message if isinstance(outcome, Refused) else FAILED}
