"""A Slack outage of a few minutes only delays the week: the post goes out once Slack is back, exactly once,
and the alerts that could not be sent while it was down arrive after it."""

import json
from datetime import timedelta

import time_machine

from bot.delivery.ticker import tick
from tests.programme.conftest import WEEK_1, row

TICK = timedelta(seconds=30)


def ticks(ctx, start, count):
    """`count` ticks 30 s apart from `start`, as `cohortbot run` does."""
    for n in range(count):
        with time_machine.travel(start + n * TICK, tick=False):
            tick(ctx)


def facilitator_dms(fake_slack):
    return [m for m in fake_slack.history("DUFAC") if "was not sent" in json.dumps(m)]


def test_a_weekly_post_during_a_two_and_a_half_minute_outage_is_posted_once_after_it(schedule, ctx, db, fake_slack):
    cohort_id = schedule()
    fake_slack.down = True
    ticks(ctx, WEEK_1, 5)  # 0 s to 120 s: Slack answers 503 to everything
    week_1 = row(db, cohort_id, 1)
    assert week_1.status == "pending" and "service_unavailable: will try again" in week_1.error
    assert fake_slack.history("C111") == []

    fake_slack.down = False  # back at 150 s
    ticks(ctx, WEEK_1 + 5 * TICK, 6)
    week_1 = row(db, cohort_id, 1)
    assert (week_1.status, week_1.retry_at is not None) == ("sent", True)
    [post] = fake_slack.history("C111")
    assert post["metadata"]["event_payload"]["delivery_id"] == week_1.id
    assert [c.status for c in fake_slack.calls("chat.postMessage") if c.params["channel"] == "C111"].count(200) == 1
    assert facilitator_dms(fake_slack) == []
    # The week's confidence survey DM, which nobody got while Slack was down, went once too.
    [survey] = fake_slack.history("DU1")
    assert survey["metadata"]["event_payload"]["kind"] == "survey"
    assert row(db, cohort_id, 1, kind="survey").status == "sent"


def test_the_waits_between_tries_grow(schedule, ctx, db, fake_slack):
    cohort_id = schedule()
    fake_slack.down = True
    ticks(ctx, WEEK_1, 20)  # ten minutes of outage
    # The first try posts; each later one first looks for a copy already posted.
    tries = [c.at - WEEK_1.timestamp() for c in fake_slack.calls() if c.params.get("channel") == "C111"]
    assert tries == [0, 30, 90, 210, 450]  # not at each of the 20 ticks
    assert row(db, cohort_id, 1).attempts == 5


def test_an_alert_that_fails_while_slack_is_down_arrives_once_it_is_back(schedule, ctx, db, fake_slack):
    cohort_id = schedule()
    fake_slack.fail("chat.postMessage", "channel_not_found")  # the post fails for good...
    fake_slack.down = True  # ...and Slack goes down before the facilitators can be told
    ticks(ctx, WEEK_1, 4)
    assert row(db, cohort_id, 1).status == "failed"
    assert facilitator_dms(fake_slack) == []

    fake_slack.down = False
    ticks(ctx, WEEK_1 + 4 * TICK, 6)
    [alert] = facilitator_dms(fake_slack)
    assert "Unarchive it or give the cohort a new channel" in json.dumps(alert)
