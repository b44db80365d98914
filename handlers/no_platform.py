"""The messenger of a process with no chat platform configured: it refuses every send, politely."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from bot.journal.view import JournalHome
from bot.messaging.addresses import NOWHERE, PersonRef, Place
from bot.messaging.messenger import Message, Posted
from bot.messaging.refusals import MessengerError, Refusal


def _refuse() -> NoReturn:
    raise MessengerError(Refusal.NOT_CONFIGURED, "no chat platform is configured in this process")


class NoPlatform:
    reach = NOWHERE  # its work waits for a process that speaks on the platform
    def post(self, place: Place, message: Message) -> Posted:
        _refuse()

    def send_dm(self, person: PersonRef, message: Message) -> Posted:
        _refuse()

    def send_group_dm(self, people: Sequence[PersonRef], message: Message) -> Posted:
        _refuse()

    def send_file(self, person: PersonRef, path: Path, title: str, comment: str) -> None:
        _refuse()

    def delete_post(self, posted: Posted) -> None:
        _refuse()

    def publish_home(self, person: PersonRef, home: JournalHome) -> None:
        _refuse()

    def can_find_posts(self, place: Place) -> bool:
        return True  # and refuses when asked to

    def find_post(self, place: Place, key: str, value: int) -> Posted | None:
        _refuse()

    def find_file(self, person: PersonRef, title: str) -> Posted | None:
        _refuse()

    def join(self, place: Place) -> None:
        _refuse()
