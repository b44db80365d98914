"""One messenger over several platforms, for a process that speaks on more than one (Slack and Teams).

Each call goes to the messenger of the platform its place or person is on; its reach covers all
of theirs, so the process takes work for every platform it has settings for and leaves the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.messaging.addresses import PersonRef, Place, Reach, Reaches
from bot.messaging.messenger import Message, Messenger, Posted
from bot.messaging.refusals import MessengerError, Refusal

if TYPE_CHECKING:
    from bot.journal.view import JournalHome


def reaches_of(messengers: Sequence[Messenger]) -> Reaches:
    parts: list[Reach] = []
    for messenger in messengers:
        reach = messenger.reach
        parts.extend(reach.parts if isinstance(reach, Reaches) else (reach,))
    return Reaches(tuple(parts))


class PlatformRouter:
    def __init__(self, messengers: Mapping[str, Messenger]) -> None:
        self.messengers = dict(messengers)
        self.reach = reaches_of(list(self.messengers.values()))

    def on(self, platform: str) -> Messenger:
        """The messenger speaking on `platform`; a refusal that passes once a process with its settings runs."""
        messenger = self.messengers.get(platform)
        if messenger is None:
            raise MessengerError(Refusal.NOT_CONFIGURED, f"{platform} is not configured in this process")
        return messenger

    def can_find_posts(self, place: Place) -> bool:
        return self.on(place.platform).can_find_posts(place)

    def post(self, place: Place, message: Message) -> Posted:
        return self.on(place.platform).post(place, message)

    def send_dm(self, person: PersonRef, message: Message) -> Posted:
        return self.on(person.platform).send_dm(person, message)

    def send_group_dm(self, people: Sequence[PersonRef], message: Message) -> Posted:
        return self.on(people[0].platform).send_group_dm(people, message)

    def send_file(self, person: PersonRef, path: Path, title: str, comment: str) -> None:
        self.on(person.platform).send_file(person, path, title, comment)

    def delete_post(self, posted: Posted) -> None:
        self.on(posted.place.platform).delete_post(posted)

    def publish_home(self, person: PersonRef, home: JournalHome) -> None:
        self.on(person.platform).publish_home(person, home)

    def find_post(self, place: Place, key: str, value: int) -> Posted | None:
        return self.on(place.platform).find_post(place, key, value)

    def find_file(self, person: PersonRef, title: str) -> Posted | None:
        return self.on(person.platform).find_file(person, title)

    def join(self, place: Place) -> None:
        self.on(place.platform).join(place)
