"""The Slack messenger for many workspaces: each send goes out with the token of the workspace it is for.

With Slack's install flow there is no one bot token: every workspace that installed the app has
its own, kept (sealed) in the installation store. This messenger looks the token up for each
send, keeps one WebClient per token, and reaches only the workspaces the app is installed in, so
the work of a workspace that uninstalled it waits, untouched, and never fails anyone else's.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from slack_sdk import WebClient

from bot.config import Settings
from bot.messaging.addresses import SLACK, PersonRef, Place, Reach, Workspace
from bot.messaging.messenger import Message, Posted
from bot.messaging.refusals import MessengerError, Refusal
from handlers.slack.installations import InstallationStore
from handlers.slack.messenger import SlackMessenger
from handlers.slack.retries import retry_handlers

if TYPE_CHECKING:
    from bot.journal.view import JournalHome


class InstalledSlackMessenger:
    """Speaks in every Slack workspace the app is installed in, each time with that workspace's own token."""

    def __init__(self, settings: Settings, store: InstallationStore) -> None:
        self.store = store
        self._api_url = settings.slack_api_url
        self._clients: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    @property
    def reach(self) -> Reach:
        """The Slack workspaces installed now: an uninstalled one's deliveries and outbox rows are left alone."""
        return Reach(SLACK, workspaces=frozenset(installed.workspace.id for installed in self.store.installed()))

    def client_for(self, workspace: Workspace) -> WebClient:
        """A client with the workspace's bot token, one per token; refused when the app is not installed there."""
        bot = self.store.bot_for(workspace)
        if bot is None or not bot.bot_token:
            raise MessengerError(Refusal.NOT_CONFIGURED, f"cohortbot is not installed in {workspace.id}")
        with self._lock:
            client = self._clients.get(bot.bot_token)
            if client is None:
                client = WebClient(token=bot.bot_token, base_url=self._api_url, retry_handlers=retry_handlers())
                self._clients[bot.bot_token] = client
        return client

    def _in(self, workspace: Workspace) -> SlackMessenger:
        return SlackMessenger(self.client_for(workspace), workspace)

    def post(self, place: Place, message: Message) -> Posted:
        return self._in(place.scope).post(place, message)

    def send_dm(self, person: PersonRef, message: Message) -> Posted:
        return self._in(person.scope).send_dm(person, message)

    def send_group_dm(self, people: Sequence[PersonRef], message: Message) -> Posted:
        return self._in(people[0].scope).send_group_dm(people, message)

    def send_file(self, person: PersonRef, path: Path, title: str, comment: str) -> None:
        self._in(person.scope).send_file(person, path, title, comment)

    def delete_post(self, posted: Posted) -> None:
        self._in(posted.place.scope).delete_post(posted)

    def publish_home(self, person: PersonRef, home: JournalHome) -> None:
        self._in(person.scope).publish_home(person, home)

    def can_find_posts(self, place: Place) -> bool:
        return True  # as in one workspace: through the posts' message metadata

    def find_post(self, place: Place, key: str, value: int) -> Posted | None:
        return self._in(place.scope).find_post(place, key, value)

    def find_file(self, person: PersonRef, title: str) -> Posted | None:
        return self._in(person.scope).find_file(person, title)

    def join(self, place: Place) -> None:
        self._in(place.scope).join(place)
