"""One test harness per messenger adapter, so the contract suite runs the same checks on each.

A harness gives the adapter's messenger and says, in the platform's own terms, what a person
would see there. To add an adapter (Teams), write a harness like these and a fixture for it
in `test_messenger_contract.py`.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any, Protocol

import pytest

from bot.context import Context
from bot.messaging.addresses import TEAMS, PersonRef, Place, Workspace
from bot.messaging.messenger import Messenger, Posted
from bot.messaging.refusals import Refusal
from handlers.console.messenger import ConsoleMessenger
from handlers.console.screen import Screen
from handlers.console.terminal import Terminal
from handlers.slack.app import web_client
from handlers.slack.messenger import SlackMessenger
from handlers.teams.connector import PASSING, TRIES
from tests.fakes.messenger import FakeMessenger
from tests.fakes.slack_api import FakeSlack
from tests.fakes.teams import GENERAL, TEAM_ID, TENANT_ID, FakeTeams
from tests.workspaces import TEAM

MARKUP = "**Week 1** starts: read [the guide](https://example.org/guide?a=1&b=2), then ask @[U1]"


METHODS = frozenset({"post", "send_dm", "send_group_dm", "send_file", "delete_post", "publish_home", "find_post", "join"})


class Platform(Protocol):
    messenger: Messenger
    workspace: Workspace
    channel: str
    person_id: str
    refusable: frozenset[str]  # the methods it can be made to refuse
    finds_posts: bool  # can it find an earlier post again (Slack can; the console keeps no history)
    group_chats: bool  # does it open one conversation for a group (Teams can't: each person is told in their 1:1)
    refusals: tuple[Refusal, ...]  # the reasons it can be made to refuse with
    rendered_markup: str  # MARKUP as this platform shows it

    def shown_in(self, channel: str) -> str: ...

    def shown_to(self, user_id: str) -> str: ...

    def shown_to_group(self, user_ids: list[str]) -> str: ...

    def thread_of(self, parent: Posted) -> str: ...

    def files_for(self, user_id: str) -> list[str]: ...

    def home_of(self, user_id: str) -> str: ...

    def is_deleted(self, ref: Posted) -> bool: ...

    def refuse_next(self, method: str, reason: Refusal) -> None: ...

    @property
    def place(self) -> Place: ...

    @property
    def who(self) -> PersonRef: ...

    @property
    def peer(self) -> PersonRef: ...

    def skip_unless_it_can(self, method: str) -> None: ...


class Addresses:
    """Where the contract tests speak on one platform: a channel, a person and their peer, in one workspace."""

    workspace: Workspace = TEAM
    channel = "C111"
    person_id = "U1"
    peer_id = "U2"
    refusable = METHODS
    group_chats = True
    cannot: dict[str, str] = {}  # what the platform itself cannot do, and why

    @property
    def place(self) -> Place:
        return self.workspace.place(self.channel)

    @property
    def who(self) -> PersonRef:
        return self.workspace.person(self.person_id)

    @property
    def peer(self) -> PersonRef:
        return self.workspace.person(self.peer_id)

    def skip_unless_it_can(self, method: str) -> None:
        if method in self.cannot:
            pytest.skip(self.cannot[method])


class FakePlatform(Addresses):
    finds_posts = True
    refusals = tuple(Refusal)
    rendered_markup = MARKUP

    def __init__(self) -> None:
        self.fake = self.messenger = FakeMessenger()

    def shown_in(self, channel: str) -> str:
        return "\n".join(message.text for message in self.fake.posts_in(channel))

    def shown_to(self, user_id: str) -> str:
        return "\n".join(message.text for message in self.fake.dms_to(user_id))

    def shown_to_group(self, user_ids: list[str]) -> str:
        return "\n".join(sent.message.text for sent in self.fake.group_dms if sent.to == ",".join(user_ids))

    def thread_of(self, parent: Posted) -> str:
        return "\n".join(m.text for m in self.fake.replies_to(parent))

    def files_for(self, user_id: str) -> list[str]:
        return [file.title for file in self.fake.files if file.to == user_id]

    def home_of(self, user_id: str) -> str:
        return str(self.fake.homes.get(user_id))

    def is_deleted(self, ref: Posted) -> bool:
        return ref in self.fake.deleted

    def refuse_next(self, method: str, reason: Refusal) -> None:
        self.fake.refuse(method, reason)


# What the Slack adapter calls first for each messenger method, and a Slack error code per reason.
SLACK_METHODS = {
    "post": "chat.postMessage",
    "send_dm": "conversations.open",
    "send_group_dm": "conversations.open",
    "send_file": "files.getUploadURLExternal",
    "delete_post": "chat.delete",
    "publish_home": "views.publish",
    "find_post": "conversations.history",
    "join": "conversations.join",
}
SLACK_CODES = {
    Refusal.GONE: "channel_not_found",
    Refusal.NOT_MEMBER: "not_in_channel",
    Refusal.NOT_ALLOWED: "token_revoked",
    Refusal.RATE_LIMITED: "ratelimited",
    Refusal.TEMPORARY: "internal_error",
}


class SlackPlatform(Addresses):
    finds_posts = True
    refusals = tuple(SLACK_CODES)
    rendered_markup = "*Week 1* starts: read <https://example.org/guide?a=1&amp;b=2|the guide>, then ask <@U1>"

    def __init__(self, ctx: Context, fake_slack: FakeSlack) -> None:
        self.fake_slack = fake_slack
        self.messenger = SlackMessenger(web_client(ctx.settings))

    def _messages(self, channel: str) -> list[dict[str, Any]]:
        return self.fake_slack.history(channel)

    def shown_in(self, channel: str) -> str:
        return json.dumps(self._messages(channel))

    def shown_to(self, user_id: str) -> str:
        return self.shown_in(f"D{user_id}")

    def shown_to_group(self, user_ids: list[str]) -> str:
        opened = [call.params["users"] for call in self.fake_slack.calls("conversations.open")]
        return self.shown_in("G" + "".join(user_ids)) if ",".join(user_ids) in opened else ""

    def thread_of(self, parent: Posted) -> str:
        return json.dumps([m for m in self._messages(parent.place.conversation) if m.get("thread_ts") == parent.message_id])

    def files_for(self, user_id: str) -> list[str]:
        return [file["title"] for file in self.fake_slack.files.values() if f"D{user_id}" in file.get("channels", [])]

    def home_of(self, user_id: str) -> str:
        return json.dumps([c.params["view"] for c in self.fake_slack.calls("views.publish") if c.params["user_id"] == user_id])

    def is_deleted(self, ref: Posted) -> bool:
        return ref.message_id not in [m["ts"] for m in self._messages(ref.place.conversation)]

    def refuse_next(self, method: str, reason: Refusal) -> None:
        self.fake_slack.fail(SLACK_METHODS[method], SLACK_CODES[reason])


class ConsolePlatform(Addresses):
    finds_posts = False
    refusals: tuple[Refusal, ...] = ()  # it only prints
    rendered_markup = "Week 1 starts: read the guide (https://example.org/guide?a=1&b=2), then ask @U1"

    def __init__(self, ctx: Context, outbox: Path) -> None:
        self.out = io.StringIO()
        screen = Screen(Terminal(io.StringIO(), self.out, interactive=False), name_of=lambda user_id: user_id)
        self.messenger = ConsoleMessenger(screen, ctx.db, outbox)

    def _shown(self, label: str) -> str:
        """What was printed under labels starting with `label`, e.g. `[#C111] ...` and its indented lines."""
        blocks = re.split(r"\n(?=\[)", self.out.getvalue())
        return "\n".join(block for block in blocks if block.startswith(f"[{label}"))

    def shown_in(self, channel: str) -> str:
        return self._shown(f"#{channel}")

    def shown_to(self, user_id: str) -> str:
        return self._shown(f"DM to {user_id}]")

    def shown_to_group(self, user_ids: list[str]) -> str:
        return self._shown(f"Group DM to {', '.join(user_ids)}]")

    def thread_of(self, parent: Posted) -> str:
        return self._shown(f"#{parent.place.conversation}, in a thread]")

    def files_for(self, user_id: str) -> list[str]:
        return [block.split("\n")[0].split("] ", 1)[1] for block in self._shown(f"file for {user_id}]").split("\n[") if block]

    def home_of(self, user_id: str) -> str:
        return self._shown(f"Home of {user_id}]")

    def is_deleted(self, ref: Posted) -> bool:
        return "(a message the bot posted was removed)" in self.shown_in(ref.place.conversation)

    def refuse_next(self, method: str, reason: Refusal) -> None:
        raise AssertionError("the console never refuses")


# What the Teams adapter calls first for each messenger method, and a connector answer per reason.
TEAMS_ROUTES = {
    "post": "create_conversation",
    "send_dm": "create_conversation",
    "send_group_dm": "create_conversation",  # each person's 1:1 chat (a bot cannot start a group chat)
    "send_file": "create_conversation",  # the consent card goes to the person's 1:1 chat
    "delete_post": "delete",
}
TEAMS_ANSWERS = {
    Refusal.GONE: (404, "ConversationNotFound", None),
    Refusal.NOT_MEMBER: (403, "BotNotInConversationRoster", None),
    Refusal.NOT_ALLOWED: (403, "BotDisabledByAdmin", None),
    Refusal.RATE_LIMITED: (429, "TooManyRequests", "3600"),  # longer than is waited out here
    Refusal.TEMPORARY: (503, "ServiceUnavailable", None),
}


class TeamsPlatform(Addresses):
    finds_posts = False  # a channel cannot be read back
    group_chats = False  # a bot cannot start one: a group is told person by person, in each 1:1 chat
    refusals = tuple(TEAMS_ANSWERS)
    refusable = frozenset(TEAMS_ROUTES)
    rendered_markup = "**Week 1** starts: read [the guide](https://example.org/guide?a=1&b=2), then ask <at>someone</at>"
    workspace = Workspace(TEAMS, TENANT_ID)
    channel = GENERAL
    person_id = "29:ada"
    peer_id = "29:sam"
    cannot = {
        "publish_home": "Teams has no home screen for a bot",
    }

    def __init__(self, ctx: Context, fake: FakeTeams) -> None:
        from handlers.teams import conversations
        from handlers.teams.client import teams_messenger
        from tests.teams.helpers import teams_settings

        self.fake = fake
        self.db = ctx.db
        self.messenger = teams_messenger(teams_settings(fake, ctx.settings.database_url), ctx.db)
        self.messenger.connector.backoff = 0.0
        conversations.remember(ctx.db, TENANT_ID, GENERAL, fake.service_url, kind=conversations.CHANNEL, team=TEAM_ID)

    def shown_in(self, channel: str) -> str:
        return "\n".join(a.shown() for a in self.fake.sent(channel))

    def shown_to(self, user_id: str) -> str:
        return "\n".join(a.shown() for a in self.fake.dms_to(user_id))

    def shown_to_group(self, user_ids: list[str]) -> str:
        """What every one of them was shown (a Teams bot cannot start a group chat, so each is told in their 1:1 chat)."""
        shown = [set(self.shown_to(user_id).splitlines()) for user_id in user_ids]
        return "\n".join(sorted(set.intersection(*shown)))

    def thread_of(self, parent: Posted) -> str:
        return "\n".join(a.shown() for a in self.fake.sent(parent.place.conversation, thread=parent.message_id))

    def files_for(self, user_id: str) -> list[str]:
        """The files offered to the person by a consent card that reached them (the upload waits for their Allow)."""
        from handlers.teams.files import offered_titles

        return offered_titles(self.db, self.workspace.person(user_id))

    def home_of(self, user_id: str) -> str:
        return ""

    def is_deleted(self, ref: Posted) -> bool:
        return ref.message_id not in [a.id for a in self.fake.sent(ref.place.conversation)]

    def refuse_next(self, method: str, reason: Refusal) -> None:
        status, code, retry_after = TEAMS_ANSWERS[reason]
        times = TRIES if status in PASSING else 1  # a passing fault is tried again: it must last every try
        self.fake.fail(TEAMS_ROUTES[method], status, code=code, times=times, retry_after=retry_after)
