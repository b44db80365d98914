"""Domain messages and replies as Adaptive Cards: a title, the text, a footer and the buttons.

The weekly challenge is such a message (`bot.programme.weekly_post`): posted in the cohort's
channel (`Surface.SHARED`), its title names the week ("Week 3 of 26: …") and its Reflect and
Log evidence buttons each open a dialog for the person who pressed them.
"""

from __future__ import annotations

from bot.interaction.exchange import Reply
from bot.interaction.text import shorten
from bot.messaging.messenger import Message
from handlers.teams.render.card_text import CardText, NameOf, no_name
from handlers.teams.render.cards import Card, Element, Surface, action_set, adaptive_card, subtle_block, text_block, title_block

TEXT_CHARS = 20_000  # a card's text, within Teams' 28 KB for a whole message with its buttons


def message_card(message: Message, surface: Surface, name_of: NameOf = no_name) -> Card:
    text = CardText(name_of)
    body: list[Element] = [title_block(message.title)] if message.title else []
    if message.text:
        body.append(text_block(text.markdown(shorten(message.text, TEXT_CHARS))))
    if message.footer:
        body.append(subtle_block(text.markdown(message.footer)))
    if message.buttons:
        body.append(action_set(message.buttons, surface, text))
    return adaptive_card(body, text=text)


def reply_card(reply: Reply, surface: Surface, name_of: NameOf = no_name) -> Card:
    """A reply's text and buttons (its form, if any, is `forms.form_card`'s)."""
    return message_card(Message(text=reply.text, buttons=reply.buttons), surface, name_of)
