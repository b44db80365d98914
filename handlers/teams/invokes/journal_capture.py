"""A messenger that keeps the journal a request publishes, to answer with it rather than send it.

Slack shows the journal on the App Home tab; Teams has none, so the journal is a card in the
person's chat. When a button on that card (Delete, Older, Allow quoting) refreshes the journal,
the invoke's answer is the refreshed card, replacing the one pressed: no new message each time.
"""

from __future__ import annotations

from typing import Any

from bot.journal.view import JournalHome
from bot.messaging.addresses import PersonRef
from bot.messaging.messenger import Messenger


class JournalCapture:
    def __init__(self, inner: Messenger) -> None:
        self.inner = inner
        self.home: JournalHome | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def publish_home(self, person: PersonRef, home: JournalHome) -> None:
        self.home = home
