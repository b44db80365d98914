"""Submitting the reflection form: errors show inside the form, success says who can see it."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.errors import InvalidInput, UserError
from bot.journal import ReflectionRequest, add_reflection
from bot.services import Services
from handlers.slack.blocks import COHORT_BLOCK, TEXT_BLOCK, message_view, selected_value
from handlers.slack.profiles import learn_profile
from handlers.slack.replies import NOT_SAVED

log = logging.getLogger(__name__)


def handler(services: Services) -> Callable[..., None]:
    def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        user_id = body["user"]["id"]
        values = view["state"]["values"]
        metadata = json.loads(view.get("private_metadata") or "{}")
        cohort = selected_value(values, COHORT_BLOCK)
        request = ReflectionRequest(
            user_id=user_id,
            text=selected_value(values, TEXT_BLOCK) or "",
            cohort_id=int(cohort) if cohort else None,
            week=metadata.get("week"),
            source_key=f"slack:view:{view['id']}",
        )
        try:
            saved = add_reflection(services.db, request)
        except InvalidInput as error:
            ack(response_action="errors", errors={error.field or TEXT_BLOCK: str(error)})
            return
        except UserError as error:
            ack(response_action="errors", errors={TEXT_BLOCK: str(error)})
            return
        except Exception:
            log.exception("could not store a reflection from %s", user_id)
            ack(response_action="errors", errors={TEXT_BLOCK: NOT_SAVED})
            return
        ack(response_action="update", view=message_view("Saved", saved.confirmation))
        learn_profile(services, client, user_id)

    return submit
