"""/reflect <text> stores a reflection; /reflect alone opens the reflection form."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.errors import CohortChoiceNeeded, UserError
from bot.journal import ReflectionRequest, add_reflection
from bot.services import Services
from handlers.slack.blocks import reflection_modal
from handlers.slack.profiles import learn_profile
from handlers.slack.replies import NOT_SAVED, keep_their_words

log = logging.getLogger(__name__)


def handler(services: Services) -> Callable[..., None]:
    def reflect(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        text = command.get("text", "")
        user_id = command["user_id"]
        if not text.strip():
            ack()
            client.views_open(trigger_id=command["trigger_id"], view=reflection_modal())
            return
        request = ReflectionRequest(
            user_id=user_id,
            text=text,
            channel_id=command.get("channel_id"),
            source_key=f"slack:command:{command['trigger_id']}",
        )
        try:
            saved = add_reflection(services.db, request)
        except CohortChoiceNeeded as choice:
            ack()
            client.views_open(trigger_id=command["trigger_id"], view=reflection_modal(text=text, choices=choice.choices))
            return
        except UserError as error:
            ack(response_type="ephemeral", text=keep_their_words(str(error), text))
            return
        except Exception:
            log.exception("could not store a reflection from %s", user_id)
            ack(response_type="ephemeral", text=keep_their_words(NOT_SAVED, text))
            return
        ack(response_type="ephemeral", text=saved.confirmation)
        learn_profile(services, client, user_id)

    return reflect
