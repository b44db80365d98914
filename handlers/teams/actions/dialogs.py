"""Dialogs (`task/fetch`, `task/submit`): forms too big for a card, or opened from a shared card.

A button on a channel post (the weekly challenge's Write a reflection, Log evidence) opens a
dialog for the person who pressed it: `task/fetch` runs the button as Slack's would, and the dialog
shows its form or its answer. `task/submit` saves the form: refused, the form comes back with what
was typed and the error by its field; saved, the dialog shows the reply.
"""

from __future__ import annotations

from typing import Any

from bot.interaction import dispatch
from bot.interaction.exchange import Reply, Request
from bot.interaction.outcomes import Failed, Refused, reply_for
from handlers.teams.actions.answers import InvokeAnswer, form_again, form_dialog, reply_in_dialog
from handlers.teams.render.card_text import NameOf, no_name
from handlers.teams.render.cards import Surface, pressed_button
from handlers.teams.render.forms import BadSubmission, submission
from handlers.teams.replies import EXPIRED, FAILED

TASK_FETCH = "task/fetch"
TASK_SUBMIT = "task/submit"


def _data(value: Any) -> Any:
    return value.get("data") if isinstance(value, dict) else None


def _pressed(req: Request, data: Any, name_of: NameOf) -> InvokeAnswer:
    button = pressed_button(data)
    if button is None:
        return reply_in_dialog(Reply(text=EXPIRED), name_of)
    return reply_in_dialog(reply_for(dispatch.run_action(req, *button), failed=FAILED), name_of)


def task_fetch(req: Request, value: Any, name_of: NameOf = no_name) -> InvokeAnswer:
    return _pressed(req, _data(value), name_of)


def task_submit(req: Request, value: Any, name_of: NameOf = no_name) -> InvokeAnswer:
    data = _data(value)
    try:
        sent = submission(data)
    except BadSubmission:
        return _pressed(req, data, name_of)  # a button in the dialog, or nothing we know
    outcome = dispatch.submit_form(req, sent.form.form_id, sent.form.context, sent.values)
    if isinstance(outcome, Refused | Failed):
        return form_dialog(sent.form, form_again(sent, outcome, Surface.DIALOG, name_of))
    return reply_in_dialog(outcome, name_of)
