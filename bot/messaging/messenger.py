"""The small interface through which the domain reaches a chat platform.

Each front end (Slack, console, later Teams) implements `Messenger`; the domain
hands it plain dataclasses and never sees Block Kit or an API client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from bot.interaction.exchange import Button

if TYPE_CHECKING:
    from bot.journal.view import JournalHome


@dataclass(frozen=True)
class PostRef:
    channel: str
    ts: str


@dataclass(frozen=True)
class Message:
    """A message for a channel or a DM. `metadata` names what it is, so it can be found again."""

    text: str
    title: str | None = None
    buttons: tuple[Button, ...] = ()
    footer: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    thread_ts: str | None = None


DELIVERY_KEY = "delivery_id"


class Messenger(Protocol):
    def post(self, channel: str, message: Message) -> PostRef: ...

    def send_dm(self, user_id: str, message: Message) -> PostRef: ...

    def send_file(self, user_id: str, path: Path, title: str, comment: str) -> None: ...

    def delete_post(self, channel: str, ts: str) -> None:
        """Remove a message the bot posted, e.g. a shared reflection its author deleted."""
        ...

    def publish_home(self, user_id: str, home: JournalHome) -> None:
        """Show the person their journal where the platform has a home screen (Slack's App Home)."""
        ...

    def find_post(self, channel: str, delivery_id: int) -> PostRef | None:
        """The recent post in `channel` whose metadata names `delivery_id`, if there is one."""
        ...

    def join_channel(self, channel: str) -> None:
        """Join a public channel so the bot can post there; `MessengerError` (see `bot.messaging.refusals`) if it cannot."""
        ...
