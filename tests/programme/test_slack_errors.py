"""Slack errors are handled, not swallowed: retry, join, or fail and tell the facilitators once."""

import json
from datetime import timedelta

import pytest
import time_machine

from bot.delivery.ticker import tick
from tests.programme.conftest import WEEK_1, row


def facilitator_dms(fake_slack):
    return [c for c in fake_slack.calls("chat.postMessage") if c.params["channel"] == "DUFAC" and c.status == 200]


def channel_posts(fake_slack, channel="C111"):
    return [m for m in fake_slack.history(channel)]


def test_rate_limited_post_waits_and_is_sent_once(schedule, ctx, db, fake_slack):
    cohort_id = schedule()
    fake_slack.rate_limit("chat.postMessage", retry_after=1, times=1)
    with time_machine.travel(WEEK_1):
        tick(ctx)
    assert [c.status for c in fake_slack.calls("chat.postMessage") if c.params["channel"] == "C111"] == [429, 200]
    assert len(channel_posts(fake_slack)) == 1
    assert row(db, cohort_id, 1).status == "sent"


def test_not_in_channel_joins_the_public_channel_and_posts(schedule, ctx, db, fake_slack):
    cohort_id = schedule()
    fake_slack.fail("chat.postMessage", "not_in_channel")
    with time_machine.travel(WEEK_1):
        tick(ctx)
    assert fake_slack.last("conversations.join").params["channel"] == "C111"
    assert len(channel_posts(fake_slack)) == 1
    assert row(db, cohort_id, 1).status == "sent"


def test_not_in_a_private_channel_tells_the_facilitator(schedule, ctx, db, fake_slack):
    cohort_id = schedule()
    fake_slack.fail("chat.postMessage", "not_in_channel")
    fake_slack.fail("conversations.join", "method_not_supported_for_channel_type")
    with time_machine.travel(WEEK_1):
        tick(ctx)
    failed = row(db, cohort_id, 1)
    assert failed.status == "failed" and failed.error.startswith("not_in_channel")
    [dm] = facilitator_dms(fake_slack)
    assert "/invite @cohortbot" in json.dumps(dm.params["blocks"])


@pytest.mark.parametrize("code", ["channel_not_found", "is_archived", "invalid_auth", "token_revoked"])
def test_permanent_errors_fail_the_delivery_and_dm_the_facilitators_once(code, schedule, ctx, db, fake_slack):
    cohort_id = schedule()
    for week in (0, 1):
        fake_slack.fail("chat.postMessage", code)
        with time_machine.travel(WEEK_1 + timedelta(weeks=week)):
            tick(ctx)
    assert [row(db, cohort_id, week).status for week in (1, 2)] == ["failed", "failed"]
    assert len(facilitator_dms(fake_slack)) == 1
    assert channel_posts(fake_slack) == []


def test_a_passing_error_is_retried_after_a_short_wait(schedule, ctx, db, fake_slack):
    cohort_id = schedule()
    fake_slack.fail("chat.postMessage", "internal_error")
    with time_machine.travel(WEEK_1):
        tick(ctx)
        tick(ctx)  # too soon: the next try waits
        assert row(db, cohort_id, 1).status == "pending"
    with time_machine.travel(WEEK_1 + timedelta(minutes=1)):
        tick(ctx)
    assert row(db, cohort_id, 1).status == "sent"
    assert len(channel_posts(fake_slack)) == 1
