"""Pressing buttons in DMs and reading what came back, for the 1-2-1 tests."""

from __future__ import annotations

import json
from typing import Any

from bot.people.profiles import get_or_create_person
from handlers.after_answer import finish_after_ack_work
from tests.fakes.requests import SlackRequester
from tests.fakes.slack_api import FakeSlack
from tests.journal.helpers import dms_to
from tests.workspaces import TEAM

NAMES = {"U1": "Ada", "U2": "Ben", "UCOACH": "Carol", "UFAC": "Fay", "UCOACH2": "Dev"}


def name_everyone(fake_slack: FakeSlack, db: Any) -> None:
    """The same names in the database and in Slack's profiles, whichever is read first."""
    for user_id, name in NAMES.items():
        fake_slack.users[user_id] = {"profile": {"display_name": name}}
        with db.write() as session:
            get_or_create_person(session, TEAM.person(user_id), name).display_name = name


def press(slack: SlackRequester, fake_slack: FakeSlack, action_id: str, value: str, user_id: str) -> str:
    """Press a button in a DM; returns the private answer posted to the response URL."""
    before = fake_slack.count("respond")
    slack.block_action(action_id, value=value, user_id=user_id, channel_id="D" + user_id, response_url=fake_slack.response_url())
    return fake_slack.wait_for("respond", before + 1)[-1].params["text"]


def buttons_in(message: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, action_id, value) of every button in a posted message."""
    found = []
    blocks = message.get("blocks") or []
    for block in json.loads(blocks) if isinstance(blocks, str) else blocks:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("type") == "button":
                found.append((element["text"]["text"], element["action_id"], element.get("value", "")))
    return found


def body(message: dict[str, Any]) -> str:
    """The words of a message's section blocks (its title is the notification text)."""
    blocks = message.get("blocks") or []
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return "\n".join(block["text"]["text"] for block in blocks if block.get("type") == "section" and block.get("text"))


def dm_texts(fake_slack: FakeSlack, user_id: str) -> list[str]:
    return [body(message) for message in dms_to(fake_slack, user_id)]


class SettledRequester(SlackRequester):
    """Signed requests that return once the outbox rows their answer queued (e.g. DMs to others) are drained.

    The Slack front end drains those rows right after the ack, off the request's thread; this waits for that work.
    """

    def _send(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> Any:
        response = super()._send(method, path, body, headers)
        finish_after_ack_work()
        return response
