"""The console side of the domain's Messenger: posts, DMs and files printed where they'd go."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from itertools import count
from pathlib import Path

from bot import clock
from bot.journal.view import JournalHome
from bot.messaging.addresses import LOCAL_CONSOLE, PersonRef, Place, reach_of
from bot.messaging.messenger import Message, Posted
from bot.people.directory import channel_name
from handlers.console.home import home_parts
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
        self.reach = reach_of(LOCAL_CONSOLE)

    def _posted(self, place: Place) -> Posted:
        return Posted(place, message_id=f"{clock.now().timestamp():.0f}.{next(self._serial):06d}")

    def _name(self, person: PersonRef) -> str:
        return self.screen.name_of(person.user_id)

    def _where(self, place: Place) -> str:
        return f"#{channel_name(self.db, place) or place.conversation}"

    def post(self, place: Place, message: Message) -> Posted:
        where = self._where(place)
        self.screen.show(f"{where}, in a thread" if place.thread else where, message_text(message), message.buttons)
        return self._posted(place)

    def send_dm(self, person: PersonRef, message: Message) -> Posted:
        self.screen.show(f"DM to {self._name(person)}", message_text(message), message.buttons)
        return self._posted(Place(person.platform, person.workspace, f"D{person.user_id}"))

    def send_group_dm(self, people: Sequence[PersonRef], message: Message) -> Posted:
        names = ", ".join(self._name(person) for person in people)
        self.screen.show(f"Group DM to {names}", message_text(message), message.buttons)
        return self._posted(Place(people[0].platform, people[0].workspace, "G" + "".join(p.user_id for p in people)))

    def send_file(self, person: PersonRef, path: Path, title: str, comment: str) -> None:
        """Keep a copy in the outbox: the domain may delete its own file once it is sent."""
        self.outbox.mkdir(parents=True, exist_ok=True)
        kept = self.outbox / path.name
        if kept.resolve() != path.resolve():
            shutil.copyfile(path, kept)
        text = "\n".join(part for part in (title, comment, f"saved to {kept}") if part)
        self.screen.show(f"file for {self._name(person)}", text)

    def delete_post(self, posted: Posted) -> None:
        self.screen.show(self._where(posted.place), "(a message the bot posted was removed)")

    def publish_home(self, person: PersonRef, home: JournalHome) -> None:
        first, *rest = home_parts(home)
        self.screen.show(f"Home of {self._name(person)}", first.text, first.buttons)
        for part in rest:
            self.screen.show_more(part.text, part.buttons)

    def can_find_posts(self, place: Place) -> bool:
        return True  # it looks, and finds nothing: a demo's post interrupted by a crash is shown again

    def find_post(self, place: Place, key: str, value: int) -> Posted | None:
        """The console keeps no history, so nothing is ever found to have been posted already."""
        return None

    def find_file(self, person: PersonRef, title: str) -> Posted | None:
        """The console keeps no history, so no file is ever found to have been sent already."""
        return None

    def join(self, place: Place) -> None:
        """Console channels need no joining."""
