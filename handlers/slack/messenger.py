"""The Slack side of the domain's Messenger interface."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from slack_sdk import WebClient

from bot.messaging.addresses import SLACK, PersonRef, Place, Reach, Workspace, reach_of
from bot.messaging.messenger import Message, Posted
from bot.messaging.refusals import MessengerError, Refusal
from handlers.slack.refusals import refusals
from handlers.slack.render.home import home_view
from handlers.slack.render.message import METADATA_EVENT, fallback_text, message_blocks, message_metadata

HISTORY_PAGE = 200

if TYPE_CHECKING:
    from bot.journal.view import JournalHome


class SlackMessenger:
    """Speaks for the bot in the one workspace its client's token belongs to.

    A place's conversation is a Slack channel id, its thread the `ts` of the thread's first
    message; a message id is the message's `ts`. Without a `workspace`, it may speak in any Slack
    workspace (one request's client, or a token whose workspace Slack has not said yet).
    """

    def __init__(self, client: WebClient, workspace: Workspace | None = None) -> None:
        self.client = client
        self.reach = Reach(SLACK) if workspace is None else reach_of(workspace)

    def _dm(self, *people: PersonRef) -> Place:
        with refusals():
            channel = str(self.client.conversations_open(users=",".join(p.user_id for p in people))["channel"]["id"])
        return Place(people[0].platform, people[0].workspace, channel)

    def post(self, place: Place, message: Message) -> Posted:
        with refusals():
            response = self.client.chat_postMessage(
                channel=place.conversation,
                text=fallback_text(message.title or message.text),
                blocks=message_blocks(message),
                metadata=message_metadata(message),
                thread_ts=place.thread,
                unfurl_links=False,
            )
        return Posted(place, message_id=str(response["ts"]))

    def send_dm(self, person: PersonRef, message: Message) -> Posted:
        return self.send_group_dm([person], message)

    def send_group_dm(self, people: Sequence[PersonRef], message: Message) -> Posted:
        place = self._dm(*people)
        try:
            return self.post(place, message)
        except MessengerError as error:
            if error.reason is not Refusal.GONE:
                raise
            # Slack has just opened this DM, so the person is there: a fresh DM it can't find yet is passing.
            raise MessengerError(Refusal.TEMPORARY, error.detail) from error

    def send_file(self, person: PersonRef, path: Path, title: str, comment: str) -> None:
        place = self._dm(person)
        with refusals():
            self.client.files_upload_v2(
                channel=place.conversation,
                file=str(path),
                filename=path.name,
                title=title,
                initial_comment=fallback_text(comment),
            )

    def delete_post(self, posted: Posted) -> None:
        with refusals():
            self.client.chat_delete(channel=posted.place.conversation, ts=posted.message_id)

    def publish_home(self, person: PersonRef, home: JournalHome) -> None:
        with refusals():
            self.client.views_publish(user_id=person.user_id, view=home_view(home))

    def can_find_posts(self, place: Place) -> bool:
        return True  # through the posts' message metadata

    def find_post(self, place: Place, key: str, value: int) -> Posted | None:
        with refusals():
            if place.thread:
                response = self.client.conversations_replies(
                    channel=place.conversation, ts=place.thread, include_all_metadata=True, limit=HISTORY_PAGE
                )
            else:
                response = self.client.conversations_history(
                    channel=place.conversation, include_all_metadata=True, limit=HISTORY_PAGE
                )
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == METADATA_EVENT and payload.get(key) == value:
                return Posted(place, message_id=str(message["ts"]))
        return None

    def find_file(self, person: PersonRef, title: str) -> Posted | None:
        place = self._dm(person)
        with refusals():
            response = self.client.conversations_history(channel=place.conversation, limit=HISTORY_PAGE)
        for message in response.get("messages") or []:
            if any(file.get("title") == title for file in message.get("files") or []):
                return Posted(place, message_id=str(message["ts"]))
        return None

    def join(self, place: Place) -> None:
        with refusals():
            self.client.conversations_join(channel=place.conversation)
