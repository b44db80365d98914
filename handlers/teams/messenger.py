"""The Teams side of the domain's Messenger interface, over the Bot Connector.

A place's conversation is a Teams channel id (`19:...@thread.tacv2`) or a 1:1 chat's id, its thread
the id of the thread's first activity; a person's user id is their Teams user id (`29:...`); the
workspace is the Microsoft Entra tenant. Proactive messages need the service URL and team learnt
when the bot was added (`handlers.teams.conversations`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from bot.messaging.addresses import TEAMS, PersonRef, Place, Reach
from bot.messaging.messenger import Message, Messenger, Posted
from bot.messaging.refusals import MessengerError, Refusal
from bot.messaging.routing import PlatformRouter
from handlers.teams import conversations, files
from handlers.teams.connector import Connector, path
from handlers.teams.render import message_activity
from handlers.teams.render.cards import Surface
from handlers.teams.render.markup import NameOf
from storage.db import Database
from storage.models import Person

if TYPE_CHECKING:
    from bot.journal.view import JournalHome

NOT_IN_TEAM = "the bot is not in this team: add the app to the team first"
NOT_INSTALLED = "the bot has not been added anywhere in this tenant yet"


class TeamsMessenger:
    """Speaks for the bot in every Microsoft Entra tenant it has been added in."""

    reach = Reach(TEAMS)

    def __init__(self, connector: Connector, db: Database, client_id: str) -> None:
        self.connector = connector
        self.db = db
        self.bot = {"id": f"28:{client_id}"}

    def can_find_posts(self, place: Place) -> bool:
        return False  # reading a channel back needs permissions the bot does not ask for

    def name_of(self, tenant: str) -> NameOf:
        def name_of(user_id: str) -> str:
            with self.db.read() as session:
                name = session.scalar(
                    select(Person.display_name).where(
                        Person.platform == TEAMS, Person.workspace == tenant, Person.platform_user_id == user_id
                    )
                )
            return name or "someone"

        return name_of

    def _where(self, place: Place) -> conversations.Where:
        where = conversations.known(self.db, place.workspace, place.conversation)
        if where is None:
            raise MessengerError(Refusal.NOT_MEMBER, NOT_IN_TEAM)
        return where

    def post(self, place: Place, message: Message) -> Posted:
        """A new top-level post in a channel (a thread of its own), a reply in a thread, or a message in a 1:1 chat."""
        return self._post(place, message_activity(message, self.name_of(place.workspace)))

    def _post(self, place: Place, activity: dict[str, Any]) -> Posted:
        where = self._where(place)
        if place.thread:
            activity["replyToId"] = place.thread
            route = path("v3", "conversations", place.conversation, "activities", place.thread)
            answer = self.connector.send(where.service_url, where.tenant, place.conversation, "POST", route, activity)
            return Posted(place, message_id=str(answer["id"]))
        if where.team is None:  # a 1:1 chat
            return self._send(where, place, activity)
        body = {
            "isGroup": True,
            "bot": self.bot,
            "tenantId": where.tenant,
            "channelData": {"channel": {"id": place.conversation}, "tenant": {"id": where.tenant}},
            "activity": activity,
        }
        answer = self.connector.send(where.service_url, where.tenant, place.conversation, "POST", "v3/conversations", body)
        return Posted(place, message_id=str(answer.get("activityId") or answer["id"]))

    def _send(self, where: conversations.Where, place: Place, activity: dict[str, Any]) -> Posted:
        route = path("v3", "conversations", place.conversation, "activities")
        answer = self.connector.send(where.service_url, where.tenant, place.conversation, "POST", route, activity)
        return Posted(place, message_id=str(answer["id"]))

    def personal_chat(self, person: PersonRef) -> conversations.Where:
        """The person's 1:1 chat with the bot: the one stored, or a new one (stored for next time)."""
        where = conversations.personal_chat(self.db, person.workspace, person.user_id)
        if where is not None:
            return where
        service_url = conversations.service_url(self.db, person.workspace)
        if service_url is None:
            raise MessengerError(Refusal.NOT_MEMBER, NOT_INSTALLED)
        body = {
            "isGroup": False,
            "bot": self.bot,
            "members": [{"id": person.user_id}],
            "tenantId": person.workspace,
            "channelData": {"tenant": {"id": person.workspace}},
        }
        answer = self.connector.call("POST", service_url, "v3/conversations", body, repeatable=True)
        conversation = str(answer["id"])
        conversations.remember(
            self.db, person.workspace, conversation, service_url, kind=conversations.PERSONAL, user_id=person.user_id
        )
        return conversations.Where(person.workspace, conversation, service_url)

    def send_dm(self, person: PersonRef, message: Message) -> Posted:
        return self.dm_activity(person, message_activity(message, self.name_of(person.workspace), Surface.PERSONAL))

    def dm_activity(self, person: PersonRef, activity: dict[str, Any]) -> Posted:
        """Any activity (a reply, a card) in the person's 1:1 chat with the bot."""
        where = self.personal_chat(person)
        return self._send(where, Place(TEAMS, person.workspace, where.conversation), activity)

    def reply_activity(self, place: Place, activity: dict[str, Any]) -> Posted:
        """Any activity in a 1:1 chat, or in a channel's thread when `place` names one."""
        return self._post(place, activity)

    def send_group_dm(self, people: Sequence[PersonRef], message: Message) -> Posted:
        """A Teams bot cannot start a group chat, so each person gets the same message in their 1:1 chat.

        The message names everyone in the group, so each knows whom to meet; the first person's copy is returned.
        """
        return [self.send_dm(person, message) for person in people][0]

    def send_file(self, person: PersonRef, path: Path, title: str, comment: str) -> None:
        """A file consent card in the person's 1:1 chat; the file follows when they accept (`handlers.teams.files`)."""
        files.send_file(self.db, self.dm_activity, person, path, title, comment)

    def delete_post(self, posted: Posted) -> None:
        where = self._where(posted.place)
        conversation = posted.place.conversation
        if posted.place.thread:
            conversation = f"{conversation};messageid={posted.place.thread}"
        route = path("v3", "conversations", conversation, "activities", posted.message_id)
        self.connector.call("DELETE", where.service_url, route, repeatable=True)

    def publish_home(self, person: PersonRef, home: JournalHome) -> None:
        """Teams has no home screen for a bot: the journal is what `journal` answers."""

    def find_post(self, place: Place, key: str, value: int) -> Posted | None:
        return None  # see can_find_posts

    def find_file(self, person: PersonRef, title: str) -> Posted | None:
        return files.find_file(self.db, person, title)

    def join(self, place: Place) -> None:
        """A bot cannot add itself to a team; it is in every channel of a team it was added to."""
        self._where(place)

    def member(self, tenant: str, team: str, who: str) -> dict[str, Any]:
        """One person of a team's roster, by Teams user id, Microsoft Entra object id or email (UPN)."""
        return self.member_of(self._where(Place(TEAMS, tenant, team)).service_url, team, who)

    def member_of(self, service_url: str, conversation: str, who: str) -> dict[str, Any]:
        return dict(self.connector.call("GET", service_url, path("v3", "conversations", conversation, "members", who)))

    def channels(self, service_url: str, team: str) -> list[dict[str, Any]]:
        """The team's channels (the General channel's id is the team's)."""
        answer = self.connector.call("GET", service_url, path("v3", "teams", team, "conversations"))
        return list((answer or {}).get("conversations") or [])


def teams_of(messenger: Messenger) -> TeamsMessenger:
    """The Teams messenger of a process: its only one, or the router's for Teams."""
    if isinstance(messenger, PlatformRouter):
        messenger = messenger.on(TEAMS)
    if not isinstance(messenger, TeamsMessenger):
        raise MessengerError(Refusal.NOT_CONFIGURED, "Teams is not configured in this process")
    return messenger
