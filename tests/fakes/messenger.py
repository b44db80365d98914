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
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from bot.journal.view import JournalHome
from bot.messaging.messenger import DELIVERY_KEY, Message, PostRef
from bot.messaging.refusals import MessengerError, Refusal

METHODS = ("post", "send_dm", "send_file", "delete_post", "publish_home", "find_post", "join_channel")


@dataclass(frozen=True)
class Sent:
    """A message the fake accepted: `to` is the channel for a post, the person for a DM."""

    to: str
    message: Message
    ref: PostRef


@dataclass(frozen=True)
class SentFile:
    to: str
    name: str
    content: bytes
    title: str
    comment: str


class FakeMessenger:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._serial = count(1)
        self._refusals: defaultdict[str, deque[Refusal]] = defaultdict(deque)
        self.posts: list[Sent] = []
        self.dms: list[Sent] = []
        self.files: list[SentFile] = []
        self.deleted: list[PostRef] = []
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
            for records in (self.posts, self.dms, self.files, self.deleted, self.joined):
                records.clear()
            self.homes.clear()

    def dms_to(self, user_id: str) -> list[Message]:
        return [sent.message for sent in self.dms if sent.to == user_id]

    def posts_in(self, channel: str) -> list[Message]:
        """What is still posted in `channel`, oldest first (deleted posts are gone)."""
        return [sent.message for sent in self._live() if sent.to == channel]

    def _live(self) -> list[Sent]:
        return [sent for sent in self.posts if sent.ref not in self.deleted]

    def _check(self, method: str) -> None:
        with self._lock:
            queued = self._refusals[method]
            reason = queued.popleft() if queued else None
        if reason is not None:
            raise MessengerError(reason, f"told to refuse {method}")

    def _record(self, records: list[Sent], to: str, channel: str, message: Message) -> PostRef:
        with self._lock:
            ref = PostRef(channel=channel, ts=f"{next(self._serial)}.000000")
            records.append(Sent(to, message, ref))
        return ref

    def post(self, channel: str, message: Message) -> PostRef:
        self._check("post")
        return self._record(self.posts, channel, channel, message)

    def send_dm(self, user_id: str, message: Message) -> PostRef:
        self._check("send_dm")
        return self._record(self.dms, user_id, f"D{user_id}", message)

    def send_file(self, user_id: str, path: Path, title: str, comment: str) -> None:
        self._check("send_file")
        with self._lock:
            self.files.append(SentFile(user_id, path.name, path.read_bytes(), title, comment))

    def delete_post(self, channel: str, ts: str) -> None:
        self._check("delete_post")
        ref = PostRef(channel, ts)
        with self._lock:
            if ref not in [sent.ref for sent in self._live()]:
                raise MessengerError(Refusal.GONE, "no such post")
            self.deleted.append(ref)

    def publish_home(self, user_id: str, home: JournalHome) -> None:
        self._check("publish_home")
        with self._lock:
            self.homes[user_id] = home

    def find_post(self, channel: str, delivery_id: int) -> PostRef | None:
        self._check("find_post")
        with self._lock:
            live = self._live()
        found = [s.ref for s in live if s.to == channel and s.message.metadata.get(DELIVERY_KEY) == delivery_id]
        return found[-1] if found else None

    def join_channel(self, channel: str) -> None:
        self._check("join_channel")
        with self._lock:
            self.joined.append(channel)
