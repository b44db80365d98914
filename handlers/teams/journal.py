"""The journal in Teams: a card in the person's chat with the bot, refreshed in place by its buttons.

Slack shows the journal on the App Home tab; Teams has none. `journal` answers with the journal
card (`journal_card_for`), and when a button on that card (Delete, Older, Allow quoting) refreshes
the journal, the invoke's answer is the refreshed card, replacing the one pressed: the domain's
`publish_home` is caught by `JournalCapture` instead of sending a new message each time.
"""

from __future__ import annotations

from typing import Any

from bot.interaction.exchange import Request
from bot.journal.home import publish_home
from bot.journal.view import JournalHome
from bot.messaging.addresses import PersonRef
from bot.messaging.messenger import Messenger
from handlers.teams.render.card_text import NameOf, no_name
from handlers.teams.render.cards import Card
from handlers.teams.render.journal import journal_card


class JournalCapture:
    """A messenger that keeps the journal a request publishes, to answer with it rather than send it."""

    def __init__(self, inner: Messenger) -> None:
        self.inner = inner
        self.home: JournalHome | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def publish_home(self, person: PersonRef, home: JournalHome) -> None:
        self.home = home


def journal_card_for(req: Request, page: int = 0, *, notice: str | None = None, name_of: NameOf = no_name) -> Card:
    """The person's journal at `page`, as a card."""
    capture = JournalCapture(req.ctx.messenger)
    publish_home(req.ctx.with_messenger(capture), req.actor.person, page)
    assert capture.home is not None
    return journal_card(capture.home, notice=notice, name_of=name_of)
