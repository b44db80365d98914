"""Refusals as the adapters report them: Slack's codes through its one table, and no platform at all."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from bot.config import Settings
from bot.journal.view import JournalHome
from bot.messaging.messenger import Message, Posted
from bot.messaging.refusals import MessengerError, Refusal
from handlers.no_platform import NoPlatform
from handlers.slack.app import web_client
from handlers.slack.messenger import SlackMessenger
from handlers.slack.refusals import REASONS
from tests.workspaces import TEAM


@pytest.fixture
def slack(settings: Settings) -> SlackMessenger:
    return SlackMessenger(web_client(settings))


def refused(call) -> MessengerError:
    with pytest.raises(MessengerError) as error:
        call()
    return error.value


@pytest.mark.parametrize("code", sorted(REASONS))
def test_every_slack_code_in_the_table_comes_back_as_its_reason_with_the_code_for_logs(code, slack, fake_slack):
    fake_slack.fail("chat.postMessage", code)
    error = refused(lambda: slack.post(TEAM.place("C111"), Message(text="hello")))
    assert (error.reason, error.detail) == (REASONS[code], code)


def test_a_slack_code_not_in_the_table_is_passing(slack, fake_slack):
    fake_slack.fail("chat.postMessage", "something_new")
    assert refused(lambda: slack.post(TEAM.place("C111"), Message(text="hello"))).reason is Refusal.TEMPORARY


def test_slack_still_rate_limiting_after_the_retries_is_rate_limited(slack, fake_slack):
    fake_slack.rate_limit("chat.postMessage", retry_after=0, times=4)
    assert refused(lambda: slack.post(TEAM.place("C111"), Message(text="hello"))).reason is Refusal.RATE_LIMITED


def test_a_slack_that_cannot_be_reached_is_passing(settings):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    down = SlackMessenger(web_client(settings.model_copy(update={"slack_api_url": f"http://127.0.0.1:{port}/api/"})))
    assert refused(lambda: down.post(TEAM.place("C111"), Message(text="hello"))).reason is Refusal.TEMPORARY


def test_a_person_slack_cannot_find_is_gone(slack, fake_slack):
    fake_slack.fail("conversations.open", "user_not_found")
    assert refused(lambda: slack.send_dm(TEAM.person("U1"), Message(text="hello"))).reason is Refusal.GONE


def test_a_dm_slack_has_just_opened_but_cannot_find_is_passing(slack, fake_slack):
    """The person is there (the DM opened), so it is not given up on: sent again later."""
    fake_slack.fail("chat.postMessage", "channel_not_found")
    error = refused(lambda: slack.send_dm(TEAM.person("U1"), Message(text="hello")))
    assert (error.reason, error.detail) == (Refusal.TEMPORARY, "channel_not_found")


def test_without_a_platform_everything_is_refused_as_not_configured(tmp_path: Path):
    path = tmp_path / "file.txt"
    path.write_text("x")
    nothing = NoPlatform()
    calls = [
        lambda: nothing.post(TEAM.place("C1"), Message(text="hi")),
        lambda: nothing.send_dm(TEAM.person("U1"), Message(text="hi")),
        lambda: nothing.send_file(TEAM.person("U1"), path, "t", "c"),
        lambda: nothing.delete_post(Posted(TEAM.place("C1"), "1.0")),
        lambda: nothing.publish_home(TEAM.person("U1"), JournalHome(enrolled=False)),
        lambda: nothing.find_post(TEAM.place("C1"), 1),
        lambda: nothing.join(TEAM.place("C1")),
    ]
    assert [refused(call).reason for call in calls] == [Refusal.NOT_CONFIGURED] * len(calls)
