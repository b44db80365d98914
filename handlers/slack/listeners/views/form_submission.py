"""Any submitted form: errors appear inside the modal, success replaces it with the reply."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.context import Context
from bot.interaction import dispatch
from bot.interaction.errors import InvalidInput, UserError
from handlers.slack.render.common import message_view
from handlers.slack.render.form import CALLBACK_PREFIX, form_values, form_view
from handlers.slack.requests import FAILED, after_ack, slack_request

log = logging.getLogger(__name__)


def handler(ctx: Context) -> Callable[..., None]:
    def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = form_values(view["state"]["values"])
        first_field = next(iter(values), "text")
        req = slack_request(ctx, client, body["user"]["id"], source_key=f"slack:view:{view['id']}")
        form_id = view["callback_id"].removeprefix(CALLBACK_PREFIX)
        try:
            reply = dispatch.submit_form(req, form_id, json.loads(view.get("private_metadata") or "{}"), values)
        except InvalidInput as error:
            ack(response_action="errors", errors={error.field if error.field in values else first_field: str(error)})
            return
        except UserError as error:
            ack(response_action="errors", errors={first_field: str(error)})
            return
        except Exception:
            log.exception("form %s failed for %s", form_id, req.actor.user_id)
            ack(response_action="errors", errors={first_field: FAILED})
            return
        if reply.form is not None:
            ack(response_action="update", view=form_view(reply.form))
        else:
            ack(response_action="update", view=message_view(view["title"]["text"], reply.text))
        after_ack(req, reply, client)

    return submit
