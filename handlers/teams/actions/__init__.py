"""Invoke activities: card actions, dialogs and file consent, each answered in the body of the HTTP response.

`answer_invoke` is the one entry point: the Teams endpoint builds the domain `Request` (whose
`source_key` is the activity's id, so a redelivered invoke writes nothing twice), sends back the
`InvokeAnswer`'s status and body, then drains its outbox rows and sends what its `then` gives.
"""

from __future__ import annotations

from typing import Any

import httpx

from bot.interaction.exchange import Request
from handlers.teams.actions.answers import InvokeAnswer
from handlers.teams.actions.card_action import CARD_ACTION, card_action
from handlers.teams.actions.dialogs import TASK_FETCH, TASK_SUBMIT, task_fetch, task_submit
from handlers.teams.actions.file_consent import FILE_CONSENT, file_consent
from handlers.teams.render.card_text import NameOf, no_name

NOT_HANDLED = 501  # what the Bot Framework answers to an invoke it has no handler for


def answer_invoke(req: Request, activity: dict[str, Any], http: httpx.Client, name_of: NameOf = no_name) -> InvokeAnswer:
    name, value = activity.get("name"), activity.get("value")
    if name == CARD_ACTION:
        return card_action(req, value, name_of)
    if name == TASK_FETCH:
        return task_fetch(req, value, name_of)
    if name == TASK_SUBMIT:
        return task_submit(req, value, name_of)
    if name == FILE_CONSENT:
        return file_consent(req, value, http)
    return InvokeAnswer(None, status=NOT_HANDLED)
