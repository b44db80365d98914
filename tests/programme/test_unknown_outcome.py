"""A call Slack carried out but never answered (the connection dropped) is not sent again blindly."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine

from bot.delivery.kinds import DELIVERY_KINDS, REMINDER
from bot.delivery.ticker import tick
from bot.messaging.messenger import DELIVERY_KEY, Message
from bot.messaging.refusals import MessengerError, Refusal
from handlers.after_answer import finish_after_ack_work
from handlers.slack.app import build_app, web_client
from handlers.slack.messenger import SlackMessenger
from storage.models import Delivery
from tests.programme.conftest import WEEK_1, deliveries, row
from tests.workspaces import TEAM


def channel_post_calls(fake_slack, channel="C111"):
    return [call for call in fake_slack.calls("chat.postMessage") if call.params["channel"] == channel]


def test_a_weekly_post_whose_answer_was_lost_is_found_not_posted_again(schedule, ctx, db, fake_slack):
    cohort_id = schedule()
    fake_slack.drop_connection("chat.postMessage")
    with time_machine.travel(WEEK_1):
        tick(ctx)
        assert len(fake_slack.history("C111")) == 1
        assert row(db, cohort_id, 1).status == "pending"
    with time_machine.travel(WEEK_1 + timedelta(minutes=1)):
        report = tick(ctx)
    [post] = fake_slack.history("C111")
    assert report is not None and report.settled == 1
    sent = row(db, cohort_id, 1)
    assert (sent.status, sent.message_id) == ("sent", post["ts"])
    assert len(channel_post_calls(fake_slack)) == 1


def test_a_post_now_through_the_bolt_apps_client_is_not_resent(schedule, ctx, db, fake_slack, slack):
    """`/cohortbot cohort post-now` posts with the client Bolt makes for the request."""
    cohort_id = schedule()
    fake_slack.drop_connection("chat.postMessage")
    with time_machine.travel(WEEK_1 - timedelta(days=1)):
        response = slack.command("/cohortbot", "cohort post-now Cohort 1", user_id="UFAC", channel_id="C111")
        assert "Posting week 1" in response.json()["text"]
        fake_slack.wait_for("chat.postMessage")
        finish_after_ack_work()
    assert len(fake_slack.history("C111")) == 1
    assert len(channel_post_calls(fake_slack)) == 1
    assert row(db, cohort_id, 1).status == "pending"


@pytest.mark.parametrize("client_of", ["web_client", "bolt_app"])
def test_the_clients_do_not_resend_a_post_and_say_the_outcome_is_unknown(client_of, ctx, fake_slack):
    client = web_client(ctx.settings) if client_of == "web_client" else build_app(ctx).client
    fake_slack.drop_connection("chat.postMessage")
    with pytest.raises(MessengerError) as refused:
        SlackMessenger(client).post(TEAM.place("C111"), Message(text="once"))
    assert refused.value.reason is Refusal.UNKNOWN_OUTCOME
    assert fake_slack.count("chat.postMessage") == 1
    assert len(fake_slack.history("C111")) == 1


def test_a_read_that_lost_its_answer_is_asked_again(ctx, fake_slack):
    fake_slack.drop_connection("conversations.history")
    assert SlackMessenger(web_client(ctx.settings)).find_post(TEAM.place("C111"), DELIVERY_KEY, 1) is None
    assert fake_slack.count("conversations.history") == 2


def test_a_dm_whose_answer_was_lost_is_not_sent_again(ctx, fake_slack):
    fake_slack.drop_connection("chat.postMessage")
    with pytest.raises(MessengerError):
        SlackMessenger(web_client(ctx.settings)).send_dm(TEAM.person("U1"), Message(text="once"))
    assert len(fake_slack.history("DU1")) == 1


def test_a_kind_that_cannot_be_looked_for_is_not_resent_after_a_lost_answer(schedule, ctx, db, fake_slack, monkeypatch):
    """E.g. a future kind that posts once per cohort: a lost answer ends it as missed, never twice."""
    reminder = DELIVERY_KINDS[REMINDER]

    def post_once(ctx, job):
        return ctx.messenger.post(TEAM.place("C111"), Message(text=f"reminder for week {job.week}"))

    monkeypatch.setitem(DELIVERY_KINDS, REMINDER, replace(reminder, sender=post_once))
    cohort_id = schedule()
    [first] = [d for d in deliveries(db, REMINDER) if d.cohort_id == cohort_id][:1]
    fake_slack.drop_connection("chat.postMessage", times=5)
    for minutes in (0, 1, 10):
        with time_machine.travel(first.due_at + timedelta(minutes=minutes)):
            tick(ctx)
    reminders = [m for m in fake_slack.history("C111") if m["text"].startswith("reminder")]
    assert len(reminders) == 1
    with db.read() as session:
        missed = session.get(Delivery, first.id)
        assert missed.status == "missed" and "not resent" in missed.error
