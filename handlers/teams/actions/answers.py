"""What an invoke answers with: the response bodies Teams expects for card actions and dialogs.

`adaptiveCard/action` (Universal Actions, only in a personal chat here): a card that replaces the
one pressed. `task/fetch` and `task/submit` (dialogs): `continue` with the dialog's next card.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.interaction.exchange import Form, Reply
from bot.interaction.outcomes import Failed, FieldError, Refused
from handlers.teams.render.card_text import NameOf, no_name
from handlers.teams.render.cards import Card, Surface, attachment
from handlers.teams.render.forms import Submission, form_card
from handlers.teams.render.messages import reply_card
from handlers.teams.replies import FAILED

CARD_RESPONSE = "application/vnd.microsoft.card.adaptive"
DIALOG_TITLE = "cohortbot"
DONE = "Done."


Activity = dict[str, Any]


@dataclass(frozen=True)
class InvokeAnswer:
    """The invoke's HTTP answer (`status`, JSON `body`); once it is sent, the outbox rows to drain and
    `then`, slow work whose result is activities to send into the invoke's conversation."""

    body: dict[str, Any] | None
    status: int = 200
    queued: tuple[int, ...] = field(default=())
    then: Callable[[], list[Activity]] | None = None


def text_activity(text: str) -> Activity:
    return {"type": "message", "text": text, "textFormat": "markdown"}


def card_answer(card: Card, queued: tuple[int, ...] = ()) -> InvokeAnswer:
    return InvokeAnswer({"statusCode": 200, "type": CARD_RESPONSE, "value": card}, queued=queued)


def dialog_answer(card: Card, title: str = DIALOG_TITLE, queued: tuple[int, ...] = ()) -> InvokeAnswer:
    value = {"title": title, "width": "large", "height": "large", "card": attachment(card)}
    return InvokeAnswer({"task": {"type": "continue", "value": value}}, queued=queued)


def form_dialog(form: Form, card: Card, queued: tuple[int, ...] = ()) -> InvokeAnswer:
    return dialog_answer(card, form.title, queued)


def shown_reply(reply: Reply, surface: Surface, name_of: NameOf = no_name) -> Card:
    """A reply with no form, as a card; one that says nothing says it is done."""
    if not reply.text and not reply.buttons:
        reply = Reply(text=DONE)
    return reply_card(reply, surface, name_of)


def reply_in_dialog(reply: Reply, name_of: NameOf = no_name) -> InvokeAnswer:
    if reply.form is not None:
        return form_dialog(reply.form, form_card(reply.form, Surface.DIALOG, name_of=name_of), reply.queued)
    return dialog_answer(shown_reply(reply, Surface.DIALOG, name_of), queued=reply.queued)


def form_again(sent: Submission, outcome: Refused | Failed, surface: Surface, name_of: NameOf = no_name) -> Card:
    """A refused form shown again: what the person typed, and what to put right beside its field."""
    message = outcome.message if isinstance(outcome, Refused) else FAILED
    field = outcome.field if isinstance(outcome, FieldError) else None
    return form_card(sent.form, surface, values=sent.values, error=message, error_field=field, name_of=name_of)
