"""The console side of the domain's Messenger: posts, DMs and files printed where they'd go."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import Any

from bot import clock
from bot.directory import channel_name, person_name
from bot.messenger import Message, PostRef
from handlers.console.screen import Screen
from storage.db import Database


def message_text(message: Message) -> str:
    parts = [f"*{message.title}*"] if message.title else []
    parts.append(message.text)
    if message.footer:
        parts.append(f"({message.footer})")
    return "\n".join(part for part in parts if part)


class ConsoleMessenger:
    """Prints what Slack would show, e.g. `[#cohort-1-demo] ...` or `[DM to Ada Brightwater] ...`.

    Each method of `bot.messenger.Messenger` gets a small method here. One the console
    has not learnt yet is reported on screen and answers None, rather than failing.
    """

    def __init__(self, screen: Screen, db: Database, outbox: Path) -> None:
        self.screen = screen
        self.db = db
        self.outbox = outbox
        self._serial = count(1)

    def _ref(self, channel: str) -> PostRef:
        return PostRef(channel=channel, ts=f"{clock.now().timestamp():.0f}.{next(self._serial):06d}")

    def _name(self, user_id: str) -> str:
        return person_name(self.db, user_id) or user_id

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

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)

        def not_shown(*args: Any, **kwargs: Any) -> None:
            self.screen.show("console", f"(the bot asked the platform to {name}; the console can't show that yet)")

        return not_shown
