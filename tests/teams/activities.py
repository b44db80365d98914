"""Activities shaped like the ones Teams sends, and a client that POSTs them to the running bot with a JWT."""

from __future__ import annotations

import itertools
import json
from typing import Any

import httpx

from tests.fakes.teams import BOT_ID, GENERAL, TEAM_ID, TENANT_ID, FakeTeams

BOT_NAME = "cohortbot"
_ids = itertools.count(1)


def _base(fake: FakeTeams, kind: str, conversation: dict[str, Any], user: str, name: str) -> dict[str, Any]:
    return {
        "type": kind,
        "id": f"activity-{next(_ids)}",
        "channelId": "msteams",
        "serviceUrl": fake.service_url,
        "from": {"id": user, "name": name, "aadObjectId": f"aad-{user.removeprefix('29:')}"},
        "recipient": {"id": BOT_ID, "name": BOT_NAME},
        "conversation": {**conversation, "tenantId": TENANT_ID},
        "channelData": {"tenant": {"id": TENANT_ID}},
    }


def personal(fake: FakeTeams, text: str, *, user: str = "29:ada", name: str = "Ada Lovelace") -> dict[str, Any]:
    """A message in the person's 1:1 chat with the bot."""
    activity = _base(fake, "message", {"id": fake.personal_chat(user), "conversationType": "personal"}, user, name)
    return {**activity, "text": text, "textFormat": "plain"}


def in_channel(
    fake: FakeTeams,
    text: str,
    *,
    channel: str = GENERAL,
    user: str = "29:fac",
    name: str = "Fay Facilitator",
    mention: bool = True,
) -> dict[str, Any]:
    """A new post in a channel; with `mention`, it starts by @mentioning the bot, as Teams sends it."""
    activity = _base(fake, "message", {"id": channel, "conversationType": "channel", "isGroup": True}, user, name)
    activity["channelData"] = {"tenant": {"id": TENANT_ID}, "team": {"id": TEAM_ID}, "channel": {"id": channel}}
    tag = f"<at>{BOT_NAME}</at>"
    activity["text"] = f"{tag} {text}" if mention else text
    activity["entities"] = [{"type": "mention", "text": tag, "mentioned": {"id": BOT_ID, "name": BOT_NAME}}] if mention else []
    return activity


def team_install(fake: FakeTeams, *, added: str = BOT_ID) -> dict[str, Any]:
    """The bot (or someone else) added to the team: a conversationUpdate in its General channel."""
    activity = _base(fake, "conversationUpdate", {"id": GENERAL, "conversationType": "channel", "isGroup": True}, "29:fac", "Fay")
    activity["channelData"] = {
        "tenant": {"id": TENANT_ID},
        "team": {"id": TEAM_ID, "name": "Leaders"},
        "eventType": "teamMemberAdded",
    }
    activity["membersAdded"] = [{"id": added}]
    return activity


def team_removal(fake: FakeTeams) -> dict[str, Any]:
    activity = team_install(fake)
    activity["channelData"]["eventType"] = "teamMemberRemoved"
    activity["membersRemoved"] = activity.pop("membersAdded")
    return activity


def personal_install(fake: FakeTeams, *, user: str = "29:ada") -> dict[str, Any]:
    """The app added for one person: an installationUpdate in their 1:1 chat."""
    activity = _base(fake, "installationUpdate", {"id": fake.personal_chat(user), "conversationType": "personal"}, user, "Ada")
    return {**activity, "action": "add"}


class TeamsClient:
    """POSTs activities to the bot's /api/messages with a Bot Framework JWT from the fake (or the one given)."""

    def __init__(self, url: str, fake: FakeTeams) -> None:
        self.url = url
        self.fake = fake
        self.http = httpx.Client(timeout=10)

    def send(self, activity: dict[str, Any], *, token: str | None = "mint", **headers: str) -> httpx.Response:
        if token == "mint":
            token = self.fake.mint()
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.post(
            f"{self.url}/api/messages", content=json.dumps(activity), headers={"Content-Type": "application/json", **headers}
        )
