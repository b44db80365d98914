"""The messenger of a process with no chat platform configured: it refuses every send, politely."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from bot.journal.view import JournalHome
from bot.messaging.messenger import Message, PostRef
from bot.messaging.refusals import MessengerError, Refusal


def _refuse() -> NoReturn:
    raise MessengerError(Refusal.NOT_CONFIGURED, "no chat platform is configured in this process")


class NoPlatform:
    def post(self, channel: str, message: Message) -> PostRef:
        _refuse()

    def send_dm(self, user_id: str, message: Message) -> PostRef:
        _refuse()

    def send_file(self, user_id: str, path: Path, title: str, comment: str) -> None:
        _refuse()

    def delete_post(self, channel: str, ts: str) -> None:
        _refuse()

    def publish_home(self, user_id: str, home: JournalHome) -> None:
        _refuse()

    def find_post(self, channel: str, delivery_id: int) -> PostRef | None:
        _refuse()

    def join_channel(self, channel: str) -> None:
        _refuse()
