"""A platform-neutral fake messenger: it records what the domain sends and refuses when told to.

Domain rule tests use it when all they need to know is "a DM was sent" or "the post went to
the cohort's place", with no Slack wire details:

    fake = FakeMessenger()
    ctx = bootstrap(settings, messenger=fake)
    ...
    assert [sent.to for sent in fake.dms] == ["U2"]
    fake.refuse("send_dm", Refusal.GONE)  # the next DM is refused as gone
"""

from __future__ import annotations

import threading
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from bot.journal.view import JournalHome
from bot.messaging.addresses import SLACK, PersonRef, Place, Reach
from bot.messaging.messenger import Message, Posted
from bot.messaging.refusals import MessengerError, Refusal

METHODS = ("post", "send_dm", "send_group_dm", "send_file", "delete_post", "publish_home", "find_post", "find_file", "join")


@dataclass(frozen=True)
class Sent:
    """A message the fake accepted: `to` is the conversation for a post, the person's user id for a DM."""

    to: str
    message: Message
    posted: Posted


@dataclass(frozen=True)
class SentFile:
    to: str
    name: str
    content: bytes
    title: str
    comment: str


class FakeMessenger:
    def __init__(self) -> None:
        self.reach = Reach(SLACK)  # every Slack workspace
        self._lock = threading.Lock()
        self._serial = count(1)
        self._refusals: defaultdict[str, deque[Refusal]] = defaultdict(deque)
        self.posts: list[Sent] = []
        self.dms: list[Sent] = []
        self.group_dms: list[Sent] = []  # `to` is the members' user ids joined by commas
        self.files: list[SentFile] = []
        self.deleted: list[Posted] = []
        self.homes: dict[str, JournalHome] = {}
        self.joined: list[str] = []

    def refuse(self, method: str, reason: Refusal, times: int = 1) -> None:
        """Refuse the next `times` calls to `method` (e.g. "send_dm") with `reason`."""
        if method not in METHODS:
            raise ValueError(f"no messenger method {method!r}")
        with self._lock:
            self._refusals[method].extend([reason] * times)

    def clear(self) -> None:
        """Forget what was sent so far; refusals still queued stay."""
        with self._lock:
            for records in (self.posts, self.dms, self.group_dms, self.files, self.deleted, self.joined):
                records.clear()
            self.homes.clear()

    def dms_to(self, user_id: str) -> list[Message]:
        return [sent.message for sent in self.dms if sent.to == user_id]

    def posts_in(self, channel: str) -> list[Message]:
        """What is still posted in `channel`, oldest first (deleted posts are gone)."""
        return [sent.message for sent in self._live() if sent.to == channel]

    def replies_to(self, parent: Posted) -> list[Message]:
        """What is still posted in the thread of `parent`."""
        return [sent.message for sent in self._live() if sent.posted.place.thread == parent.message_id]

    def _live(self) -> list[Sent]:
        return [sent for sent in self.posts if sent.posted not in self.deleted]

    def _check(self, method: str) -> None:
        with self._lock:
            queued = self._refusals[method]
            reason = queued.popleft() if queued else None
        if reason is not None:
            raise MessengerError(reason, f"told to refuse {method}")

    def _record(self, records: list[Sent], to: str, place: Place, message: Message) -> Posted:
        with self._lock:
            posted = Posted(place, message_id=f"{next(self._serial)}.000000")
            records.append(Sent(to, message, posted))
        return posted

    def post(self, place: Place, message: Message) -> Posted:
        self._check("post")
        return self._record(self.posts, place.conversation, place, message)

    def send_dm(self, person: PersonRef, message: Message) -> Posted:
        self._check("send_dm")
        dm = Place(person.platform, person.workspace, f"D{person.user_id}")
        return self._record(self.dms, person.user_id, dm, message)

    def send_group_dm(self, people: Sequence[PersonRef], message: Message) -> Posted:
        self._check("send_group_dm")
        members = ",".join(person.user_id for person in people)
        dm = Place(people[0].platform, people[0].workspace, f"G{members}")
        return self._record(self.group_dms, members, dm, message)

    def send_file(self, person: PersonRef, path: Path, title: str, comment: str) -> None:
        self._check("send_file")
        with self._lock:
            self.files.append(SentFile(person.user_id, path.name, path.read_bytes(), title, comment))

    def delete_post(self, posted: Posted) -> None:
        self._check("delete_post")
        with self._lock:
            if posted not in [sent.posted for sent in self._live()]:
                raise MessengerError(Refusal.GONE, "no such post")
            self.deleted.append(posted)

    def publish_home(self, person: PersonRef, home: JournalHome) -> None:
        self._check("publish_home")
        with self._lock:
            self.homes[person.user_id] = home

    def can_find_posts(self, place: Place) -> bool:
        return True

    def find_post(self, place: Place, key: str, value: int) -> Posted | None:
        self._check("find_post")
        with self._lock:
            live = self._live()
        found = [
            s.posted
            for s in live
            if s.to == place.conversation and s.posted.place.thread == place.thread and s.message.metadata.get(key) == value
        ]
        return found[-1] if found else None

    def find_file(self, person: PersonRef, title: str) -> Posted | None:
        self._check("find_file")
        with self._lock:
            found = [f for f in self.files if f.user_id == person.user_id and f.title == title]
        dm = Place(person.platform, person.workspace, f"D{person.user_id}")
        return Posted(dm, "file") if found else None

    def join(self, place: Place) -> None:
        self._check("join")
        with self._lock:
            self.joined.append(place.conversation)
