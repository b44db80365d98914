"""Adaptive Card 1.5 pieces shared by every Teams card: the card itself, text, and domain buttons as actions.

Where a card is shown decides how its buttons work (`Surface`):
- `PERSONAL`: a 1:1 chat with the bot. Buttons are Universal Actions (`Action.Execute`, an
  `adaptiveCard/action` invoke); the bot answers with a card that replaces this one, which only
  the person sees.
- `SHARED`: a channel post (the weekly challenge) or a group chat. Replacing the card would change
  it for everyone, so each button opens a dialog for the person who pressed it (`Action.Submit`
  with `msteams.type = task/fetch`), as Slack opens a modal or answers privately.
- `DIALOG`: inside a dialog (`task/fetch` answered with a card); its submit button and any other
  button are plain `Action.Submit`s, which Teams sends as `task/submit`.

Every action's data carries one key, `DATA_KEY`, holding what the bot needs back: a button's
action id and value, or a form's definition and context. Inputs are merged into the same data by
Teams under their own ids, which never start with an underscore.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from bot.interaction.exchange import Button
from handlers.teams.render.card_text import CardText

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
DATA_KEY = "_cohortbot"
BUTTON_VERB = "cohortbot.button"
FORM_VERB = "cohortbot.form"
TASK_FETCH = {"type": "task/fetch"}
STYLES = {"primary": "positive", "danger": "destructive"}

Card = dict[str, Any]
Element = dict[str, Any]


class Surface(Enum):
    PERSONAL = "personal"
    SHARED = "shared"
    DIALOG = "dialog"


def adaptive_card(body: list[Element], actions: list[Element] | None = None, *, text: CardText | None = None) -> Card:
    """A card; `text`'s mention entities go with it, as Teams needs them to show `<at>` names."""
    card: Card = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION, "body": body}
    if actions:
        card["actions"] = actions
    card["msteams"] = {"width": "Full"}
    if text is not None and text.entities:
        card["msteams"]["entities"] = list(text.entities)
    return card


def attachment(card: Card) -> dict[str, Any]:
    """The card as an activity's attachment."""
    return {"contentType": CARD_CONTENT_TYPE, "content": card}


def text_block(text: str, **style: Any) -> Element:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def title_block(text: str) -> Element:
    return text_block(text, size="Large", weight="Bolder", style="heading")


def notice_block(text: str) -> Element:
    """A line the person must not miss, e.g. what to put right in a form."""
    return text_block(text, color="Attention", weight="Bolder")


def subtle_block(text: str) -> Element:
    return text_block(text, isSubtle=True, size="Small")


def button_data(button: Button) -> dict[str, Any]:
    return {DATA_KEY: {"action_id": button.action_id, "value": button.value}}


def pressed_button(data: Any) -> tuple[str, str] | None:
    """The action id and value a pressed button's data carries, if it is one of ours."""
    ours = data.get(DATA_KEY) if isinstance(data, dict) else None
    if not isinstance(ours, dict) or not isinstance(ours.get("action_id"), str):
        return None
    return ours["action_id"], str(ours.get("value") or "")


def _press(button: Button, surface: Surface, title: str) -> Element:
    """The action that presses `button`: a Universal Action in a personal chat, else a dialog of its own."""
    if surface is Surface.PERSONAL:
        action: Element = {"type": "Action.Execute", "title": title, "verb": BUTTON_VERB, "data": button_data(button)}
    elif surface is Surface.SHARED:
        action = {"type": "Action.Submit", "title": title, "data": {"msteams": TASK_FETCH, **button_data(button)}}
    else:
        action = {"type": "Action.Submit", "title": title, "data": button_data(button)}
    if button.style:
        action["style"] = STYLES[button.style]
    return action


def button_action(button: Button, surface: Surface, text: CardText) -> Element:
    """A domain button; one with `confirm` first shows the question and a Yes, as Adaptive Cards have no confirm dialog."""
    if not button.confirm:
        return _press(button, surface, button.label)
    question = adaptive_card([text_block(text.markdown(button.confirm))], [_press(button, surface, "Yes")])
    del question["msteams"]
    return {"type": "Action.ShowCard", "title": button.label, "card": question}


def action_set(buttons: tuple[Button, ...], surface: Surface, text: CardText) -> Element:
    return {"type": "ActionSet", "actions": [button_action(button, surface, text) for button in buttons]}
