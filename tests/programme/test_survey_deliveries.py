"""The calendar DMs the confidence survey when each phase opens, and the evaluation at the end."""

import json
from datetime import timedelta

import time_machine

from bot.delivery.ticker import tick
from bot.programme.calendar import due_at
from storage.models import Cohort
from tests.programme.conftest import WEEK_1, deliveries


def dm_buttons(fake_slack, user_id="U1"):
    calls = [c for c in fake_slack.calls("chat.postMessage") if c.params["channel"] == f"D{user_id}"]
    blocks = [json.loads(c.params["blocks"]) if isinstance(c.params["blocks"], str) else c.params["blocks"] for c in calls]
    return [e["action_id"] for message in blocks for block in message if block["type"] == "actions" for e in block["elements"]]


def test_surveys_are_planned_for_the_first_middle_and_last_weeks(schedule, db):
    schedule(weeks=26)
    assert [d.week for d in deliveries(db, "survey")] == [1, 14, 26]
    assert [d.week for d in deliveries(db, "evaluation")] == [26]


def test_the_baseline_survey_is_sent_by_dm_in_week_one(schedule, ctx, fake_slack):
    schedule(delegates=["U1", "U2"])
    with time_machine.travel(WEEK_1 + timedelta(seconds=5)):
        tick(ctx)
    assert dm_buttons(fake_slack, "U1") == ["open_confidence"]
    assert dm_buttons(fake_slack, "U2") == ["open_confidence"]


def test_the_evaluation_is_sent_by_dm_in_the_last_week(schedule, ctx, db, fake_slack):
    cohort_id = schedule(weeks=4)
    with db.read() as session:
        last_week = due_at(session.get(Cohort, cohort_id), 4)
    with time_machine.travel(last_week + timedelta(seconds=5)):
        tick(ctx)
    assert "open_evaluation" in dm_buttons(fake_slack, "U1")
