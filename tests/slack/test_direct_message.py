"""A DM to the bot in its Messages tab is answered with help, once, and the bot never answers itself."""

from __future__ import annotations

from pathlib import Path

import yaml

from handlers.after_answer import finish_after_ack_work

MANIFEST = Path(__file__).parents[2] / "manifest.yml"


def dm(user: str = "U1", **extra: object) -> dict[str, object]:
    return {"type": "message", "channel_type": "im", "channel": "D0001", "user": user, "text": "hello?", "ts": "1.0", **extra}


def test_a_dm_to_the_bot_gets_the_help_list(slack, fake_slack, make_cohort):
    make_cohort(delegates=["U1"])
    assert slack.event(dm()).status == 200
    (post,) = fake_slack.wait_for("chat.postMessage")
    assert "slash commands" in post.params["text"] and "/reflect" in post.params["text"]


def test_the_bots_own_messages_edits_and_channel_messages_get_no_answer(slack, fake_slack):
    assert slack.event(dm(bot_id="B1")).status == 200
    assert slack.event(dm(subtype="message_changed")).status == 200
    assert slack.event({**dm(), "channel_type": "channel"}).status == 200
    finish_after_ack_work()
    assert fake_slack.calls("chat.postMessage") == []


def test_the_manifest_subscribes_to_direct_messages():
    manifest = yaml.safe_load(MANIFEST.read_text())
    assert "message.im" in manifest["settings"]["event_subscriptions"]["bot_events"]
    assert "im:history" in manifest["oauth_config"]["scopes"]["bot"]
