"""`adaptiveCard/action`: a button or a form's Save on a card in the person's chat with the bot.

Buttons go through the same dispatch table as Slack's (`bot.interaction.dispatch.run_action`),
forms through `submit_form`. The answer replaces the card pressed: the next form, the form again
with what was typed and what to put right, the journal refreshed, or the reply's text.
A redelivered invoke carries the same activity id, which is the request's `source_key`, so a
write is not made twice.
"""

from __future__ import annotations

from typing import Any

from bot.interaction import dispatch
from bot.interaction.exchange import Reply, Request
from bot.interaction.outcomes import Failed, Refused, reply_for
from bot.journal.home import publish_home
from handlers.teams.actions.answers import InvokeAnswer, card_answer, form_again, shown_reply
from handlers.teams.journal import JournalCapture
from handlers.teams.render.card_text import NameOf, no_name
from handlers.teams.render.cards import BUTTON_VERB, FORM_VERB, Surface, pressed_button
from handlers.teams.render.forms import BadSubmission, form_card, submission
from handlers.teams.render.journal import journal_card
from handlers.teams.replies import EXPIRED, FAILED

CARD_ACTION = "adaptiveCard/action"


def personal_answer(req: Request, capture: JournalCapture, reply: Reply, name_of: NameOf = no_name) -> InvokeAnswer:
    """The card that replaces the one pressed, for a reply to a button or a saved form."""
    if reply.form is not None:
        return card_answer(form_card(reply.form, Surface.PERSONAL, name_of=name_of), reply.queued)
    if capture.home is None and reply.home_page is not None:
        publish_home(req.ctx, req.actor.person, reply.home_page)
    if capture.home is not None:
        return card_answer(journal_card(capture.home, notice=reply.text or None, name_of=name_of), reply.queued)
    return card_answer(shown_reply(reply, Surface.PERSONAL, name_of), reply.queued)


def card_action(req: Request, value: Any, name_of: NameOf = no_name) -> InvokeAnswer:
    """Answer an `adaptiveCard/action` invoke whose `value` is `{"action": {"verb", "data"}, ...}`."""
    capture = JournalCapture(req.ctx.messenger)
    req = Request(req.ctx.with_messenger(capture), req.actor, req.source_key, req.person_named)
    action = value.get("action") if isinstance(value, dict) else None
    verb = action.get("verb") if isinstance(action, dict) else None
    data = action.get("data") if isinstance(action, dict) else None
    if verb == BUTTON_VERB and (button := pressed_button(data)) is not None:
        reply = reply_for(dispatch.run_action(req, *button), failed=FAILED)
        return personal_answer(req, capture, reply, name_of)
    if verb == FORM_VERB:
        try:
            sent = submission(data)
        except BadSubmission:
            return card_answer(shown_reply(Reply(text=EXPIRED), Surface.PERSONAL))
        outcome = dispatch.submit_form(req, sent.form.form_id, sent.form.context, sent.values)
        if isinstance(outcome, Refused | Failed):
            return card_answer(form_again(sent, outcome, Surface.PERSONAL, name_of))
        return personal_answer(req, capture, outcome, name_of)
    return card_answer(shown_reply(Reply(text=EXPIRED), Surface.PERSONAL))
