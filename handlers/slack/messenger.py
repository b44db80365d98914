"""The Slack side of the domain's Messenger interface."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.messaging.messenger import DELIVERY_KEY, Message, MessengerError, PostRef
from handlers.slack.render.home import home_view
from handlers.slack.render.message import METADATA_EVENT, message_blocks, message_metadata

HISTORY_PAGE = 200

if TYPE_CHECKING:
    from bot.journal.view import JournalHome


@contextmanager
def _refusals() -> Iterator[None]:
    """Slack's refusals as the domain's MessengerError, named by Slack's error code."""
    try:
        yield
    except SlackApiError as error:
        raise MessengerError(str(error.response.get("error") or "slack_error")) from error


class SlackMessenger:
    def __init__(self, client: WebClient) -> None:
        self.client = client

    def _dm_channel(self, user_id: str) -> str:
        with _refusals():
            return str(self.client.conversations_open(users=user_id)["channel"]["id"])

    def post(self, channel: str, message: Message) -> PostRef:
        with _refusals():
            response = self.client.chat_postMessage(
                channel=channel,
                text=message.title or message.text,
                blocks=message_blocks(message),
                metadata=message_metadata(message),
                thread_ts=message.thread_ts,
                unfurl_links=False,
            )
        return PostRef(channel=str(response["channel"]), ts=str(response["ts"]))

    def send_dm(self, user_id: str, message: Message) -> PostRef:
        return self.post(self._dm_channel(user_id), message)

    def send_file(self, user_id: str, path: Path, title: str, comment: str) -> None:
        channel = self._dm_channel(user_id)
        with _refusals():
            self.client.files_upload_v2(
                channel=channel, file=str(path), filename=path.name, title=title, initial_comment=comment
            )

    def delete_post(self, channel: str, ts: str) -> None:
        with _refusals():
            self.client.chat_delete(channel=channel, ts=ts)

    def publish_home(self, user_id: str, home: JournalHome) -> None:
        with _refusals():
            self.client.views_publish(user_id=user_id, view=home_view(home))

    def find_post(self, channel: str, delivery_id: int) -> PostRef | None:
        with _refusals():
            response = self.client.conversations_history(channel=channel, include_all_metadata=True, limit=HISTORY_PAGE)
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == METADATA_EVENT and payload.get(DELIVERY_KEY) == delivery_id:
                return PostRef(channel=channel, ts=str(message["ts"]))
        return None

    def join_channel(self, channel: str) -> None:
        with _refusals():
            self.client.conversations_join(channel=channel)
