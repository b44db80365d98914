"""The one table of what each slash command, form and button does. Front ends call only this."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot import admin, journal, programme_commands, weekly_post
from bot.errors import UserError
from bot.interaction import FormValues, Reply, Request

SlashHandler = Callable[[Request, str], Reply]
FormHandler = Callable[[Request, dict[str, Any], FormValues], Reply]
ActionHandler = Callable[[Request, str], Reply]

SLASH_COMMANDS: dict[str, SlashHandler] = {
    "/reflect": journal.reflect,
    "/cohortbot": admin.cohortbot,
}
FORMS: dict[str, FormHandler] = {
    journal.REFLECTION_FORM: journal.submit_reflection,
    programme_commands.CREATE_FORM: programme_commands.submit_create,
}
ACTIONS: dict[str, ActionHandler] = {
    weekly_post.OPEN_REFLECTION: weekly_post.open_reflection,
}


def run_command(req: Request, command: str, text: str) -> Reply:
    """Run a slash command; a person's mistake comes back as a polite reply, never an exception."""
    handler = SLASH_COMMANDS.get(command)
    if handler is None:
        return Reply(text=f"Sorry, I don't know {command}. Type `/cohortbot help` to see what you can do.")
    try:
        return handler(req, text)
    except UserError as error:
        return Reply(text=str(error))


def submit_form(req: Request, form_id: str, context: dict[str, Any], values: FormValues) -> Reply:
    """Store a submitted form. `InvalidInput` is raised for the front end to show beside the field."""
    handler = FORMS.get(form_id)
    if handler is None:
        return Reply(text="Sorry, that form has expired. Please start again.")
    return handler(req, context, values)


def run_action(req: Request, action_id: str, value: str) -> Reply:
    handler = ACTIONS.get(action_id)
    if handler is None:
        return Reply(text="Sorry, that button no longer works. Please start again.")
    try:
        return handler(req, value)
    except UserError as error:
        return Reply(text=str(error))
