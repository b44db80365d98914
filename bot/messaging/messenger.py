"""The small interface through which the domain reaches a chat platform.

Each front end (Slack, console, later Teams) implements `Messenger`; the domain
hands it plain dataclasses and never sees Block Kit or an API client.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from bot.interaction.exchange import Button
from bot.messaging.addresses import PersonRef, Place, Reach, Reaches

if TYPE_CHECKING:
    from bot.journal.view import JournalHome


@dataclass(frozen=True)
class Posted:
    """A message the bot posted: where, and the platform's id for it there."""

    place: Place
    message_id: str


@dataclass(frozen=True)
class Message:
    """A message for a place or a DM. `metadata` names what it is, so it can be found again."""

    text: str
    title: str | None = None
    buttons: tuple[Button, ...] = ()
    footer: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


DELIVERY_KEY = "delivery_id"
OUTBOX_KEY = "outbox_id"  # the metadata naming the outbox row that sent a post


class Messenger(Protocol):
    @property
    def reach(self) -> Reach | Reaches:
        """Where this messenger speaks: the work a process takes is for people and places there."""
        ...

    def can_find_posts(self, place: Place) -> bool:
        """Whether `find_post` can look in `place` at all (Teams cannot read a channel back): if not, a post
        whose outcome is unknown is never sent again blindly."""
        ...

    def post(self, place: Place, message: Message) -> Posted:
        """Post in a conversation, or in a thread when the place names one."""
        ...

    def send_dm(self, person: PersonRef, message: Message) -> Posted: ...

    def send_group_dm(self, people: Sequence[PersonRef], message: Message) -> Posted:
        """One private conversation of these people (two or three) and the bot, e.g. to introduce peers."""
        ...

    def send_file(self, person: PersonRef, path: Path, title: str, comment: str) -> None: ...

    def delete_post(self, posted: Posted) -> None:
        """Remove a message the bot posted, e.g. a shared reflection its author deleted."""
        ...

    def publish_home(self, person: PersonRef, home: JournalHome) -> None:
        """Show the person their journal where the platform has a home screen (Slack's App Home)."""
        ...

    def find_post(self, place: Place, key: str, value: int) -> Posted | None:
        """The recent post in `place` (a thread when the place names one) whose metadata has `key` = `value`, if any."""
        ...

    def find_file(self, person: PersonRef, title: str) -> Posted | None:
        """The recent file sent to the person by DM under `title`, if there is one."""
        ...

    def join(self, place: Place) -> None:
        """Join a public channel so the bot can post there; `MessengerError` (see `bot.messaging.refusals`) if it cannot."""
        ...
