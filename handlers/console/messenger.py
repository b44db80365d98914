"""The console side of the domain's Messenger: posts, DMs and files printed where they'd go."""

from __future__ import annotations

import shutil
from itertools import count
from pathlib import Path

from bot import clock
from bot.journal.view import JournalHome
from bot.messaging.messenger import Message, PostRef
from bot.people.directory import channel_name
from handlers.console.home import home_text
from handlers.console.screen import Screen
from storage.db import Database


def message_text(message: Message) -> str:
    parts = [message.title] if message.title else []
    parts.append(message.text)
    if message.footer:
        parts.append(f"({message.footer})")
    return "\n".join(part for part in parts if part)


class ConsoleMessenger:
    """Prints what Slack would show, e.g. `[#cohort-1-demo] ...` or `[DM to Ada Brightwater] ...`."""

    def __init__(self, screen: Screen, db: Database, outbox: Path) -> None:
        self.screen = screen
        self.db = db
        self.outbox = outbox
        self._serial = count(1)

    def _ref(self, channel: str) -> PostRef:
        return PostRef(channel=channel, ts=f"{clock.now().timestamp():.0f}.{next(self._serial):06d}")

    def _name(self, user_id: str) -> str:
        return self.screen.name_of(user_id)

    def post(self, channel: str, message: Message) -> PostRef:
        where = f"#{channel_name(self.db, channel) or channel}"
        self.screen.show(f"{where}, in a thread" if message.thread_ts else where, message_text(message), message.buttons)
        return self._ref(channel)

    def send_dm(self, user_id: str, message: Message) -> PostRef:
        self.screen.show(f"DM to {self._name(user_id)}", message_text(message), message.buttons)
        return self._ref(f"D{user_id}")

    def send_file(self, user_id: str, path: Path, title: str, comment: str) -> None:
        """Keep a copy in the outbox: the domain may delete its own file once it is sent."""
        self.outbox.mkdir(parents=True, exist_ok=True)
        kept = self.outbox / path.name
        if kept.resolve() != path.resolve():
            shutil.copyfile(path, kept)
        text = "\n".join(part for part in (title, comment, f"saved to {kept}") if part)
        self.screen.show(f"file for {self._name(user_id)}", text)

    def delete_post(self, channel: str, ts: str) -> None:
        self.screen.show(f"#{channel_name(self.db, channel) or channel}", "(a message the bot posted was removed)")

    def publish_home(self, user_id: str, home: JournalHome) -> None:
        self.screen.show(f"Home of {self._name(user_id)}", home_text(home))

    def find_post(self, channel: str, delivery_id: int) -> PostRef | None:
        """The console keeps no history, so nothing is ever found to have been posted already."""
        return None

    def join_channel(self, channel: str) -> None:
        """Console channels need no joining."""
