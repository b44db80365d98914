"""The Slack side of the domain's Messenger interface."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from slack_sdk import WebClient

from bot.messaging.messenger import DELIVERY_KEY, Message, PostRef
from bot.messaging.refusals import MessengerError, Refusal
from handlers.slack.refusals import refusals
from handlers.slack.render.home import home_view
from handlers.slack.render.markup import mrkdwn
from handlers.slack.render.message import METADATA_EVENT, message_blocks, message_metadata

HISTORY_PAGE = 200

if TYPE_CHECKING:
    from bot.journal.view import JournalHome


class SlackMessenger:
    def __init__(self, client: WebClient) -> None:
        self.client = client

    def _dm_channel(self, user_id: str) -> str:
        with refusals():
            return str(self.client.conversations_open(users=user_id)["channel"]["id"])

    def post(self, channel: str, message: Message) -> PostRef:
        with refusals():
            response = self.client.chat_postMessage(
                channel=channel,
                text=message.title or mrkdwn(message.text),
                blocks=message_blocks(message),
                metadata=message_metadata(message),
                thread_ts=message.thread_ts,
                unfurl_links=False,
            )
        return PostRef(channel=str(response["channel"]), ts=str(response["ts"]))

    def send_dm(self, user_id: str, message: Message) -> PostRef:
        channel = self._dm_channel(user_id)
        try:
            return self.post(channel, message)
        except MessengerError as error:
            if error.reason is not Refusal.GONE:
                raise
            # Slack has just opened this DM, so the person is there: a fresh DM it can't find yet is passing.
            raise MessengerError(Refusal.TEMPORARY, error.detail) from error

    def send_file(self, user_id: str, path: Path, title: str, comment: str) -> None:
        channel = self._dm_channel(user_id)
        with refusals():
            self.client.files_upload_v2(
                channel=channel, file=str(path), filename=path.name, title=title, initial_comment=comment
            )

    def delete_post(self, channel: str, ts: str) -> None:
        with refusals():
            self.client.chat_delete(channel=channel, ts=ts)

    def publish_home(self, user_id: str, home: JournalHome) -> None:
        with refusals():
            self.client.views_publish(user_id=user_id, view=home_view(home))

    def find_post(self, channel: str, delivery_id: int) -> PostRef | None:
        with refusals():
            response = self.client.conversations_history(channel=channel, include_all_metadata=True, limit=HISTORY_PAGE)
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == METADATA_EVENT and payload.get(DELIVERY_KEY) == delivery_id:
                return PostRef(channel=channel, ts=str(message["ts"]))
        return None

    def join_channel(self, channel: str) -> None:
        with refusals():
            self.client.conversations_join(channel=channel)
