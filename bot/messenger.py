"""The small interface through which the domain reaches a chat platform.

Each front end (Slack, console, later Teams) implements `Messenger`; the domain
hands it plain dataclasses and never sees Block Kit or an API client.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class PostRef:
    channel: str
    ts: str


class MessengerError(Exception):
    """A platform refused a message. `code` is the platform's reason, e.g. `channel_not_found`."""

    def __init__(self, code: str, message: str | None = None) -> None:
        super().__init__(message or code)
        self.code = code


class Messenger(Protocol):
    def send_dm(self, user_id: str, text: str) -> PostRef: ...

    def send_file(self, user_id: str, path: Path, title: str, comment: str) -> None: ...
