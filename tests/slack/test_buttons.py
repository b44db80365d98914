"""Buttons: acknowledged before any call to Slack, and a failure inside one is answered politely."""

import json

import pytest

from bot.interaction import dispatch
from bot.journal.actions import HOME_PAGE
from bot.programme.weekly_post import OPEN_REFLECTION
from handlers.slack.requests import FAILED
from tests.journal.helpers import dms_to

HOME_TAB = {"id": "VHOME", "type": "home"}


@pytest.mark.parametrize(
    ("action_id", "value", "slack_call"),
    [(OPEN_REFLECTION, '{"cohort_id": 1, "week": 1}', "views.open"), (HOME_PAGE, "0", "views.publish")],
    ids=["form", "home-tab"],
)
def test_a_button_is_answered_while_its_call_to_slack_is_still_held(slack, fake_slack, make_cohort, action_id, value, slack_call):
    make_cohort(delegates=["U1"])
    fake_slack.hold(slack_call)
    response = slack.block_action(action_id, value=value, user_id="U1", view=HOME_TAB)
    assert response.status == 200
    assert fake_slack.count(slack_call) == 0  # held calls are recorded only once Slack answers them
    fake_slack.wait_held(slack_call)
    fake_slack.release(slack_call)
    assert fake_slack.wait_for(slack_call)


def test_an_unexpected_failure_in_a_button_is_answered_politely_where_it_was_pressed(
    slack, fake_slack, make_cohort, monkeypatch, caplog
):
    make_cohort(delegates=["U1"])
    monkeypatch.setitem(dispatch.ACTIONS, OPEN_REFLECTION, broken)
    response = slack.block_action(OPEN_REFLECTION, value="{}", user_id="U1", response_url=fake_slack.response_url())
    assert response.status == 200
    (answer,) = fake_slack.wait_for("respond")
    assert answer.params["text"] == FAILED and answer.params["response_type"] == "ephemeral"
    assert "on fire" not in json.dumps(answer.params)
    assert f"button {OPEN_REFLECTION} failed for U1" in caplog.text and "RuntimeError: database on fire" in caplog.text


def test_an_unexpected_failure_in_a_home_tab_button_is_answered_by_dm(slack, fake_slack, make_cohort, monkeypatch):
    make_cohort(delegates=["U1"])
    monkeypatch.setitem(dispatch.ACTIONS, HOME_PAGE, broken)
    assert slack.block_action(HOME_PAGE, value="0", user_id="U1", view=HOME_TAB).status == 200
    fake_slack.wait_for("chat.postMessage")
    assert [message["text"] for message in dms_to(fake_slack, "U1")] == [FAILED]
    assert fake_slack.count("views.publish") == 0


def broken(req, value):
    raise RuntimeError("database on fire")
