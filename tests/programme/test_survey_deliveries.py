"""The calendar DMs the confidence survey when each phase opens, and the evaluation at the end."""

from datetime import timedelta

import time_machine

from bot.delivery.ticker import tick
from bot.programme.calendar import due_at
from storage.models import Cohort
from tests.programme.conftest import WEEK_1, deliveries


def dm_buttons(messenger, user_id="U1"):
    return [button.action_id for message in messenger.dms_to(user_id) for button in message.buttons]


def test_surveys_are_planned_for_the_first_middle_and_last_weeks(schedule, db):
    schedule(weeks=26)
    assert [d.week for d in deliveries(db, "survey")] == [1, 14, 26]
    assert [d.week for d in deliveries(db, "evaluation")] == [26]


def test_the_baseline_survey_is_sent_by_dm_in_week_one(schedule, neutral_ctx, messenger):
    schedule(delegates=["U1", "U2"])
    with time_machine.travel(WEEK_1 + timedelta(seconds=5)):
        tick(neutral_ctx)
    assert dm_buttons(messenger, "U1") == ["open_confidence"]
    assert dm_buttons(messenger, "U2") == ["open_confidence"]


def test_the_evaluation_is_sent_by_dm_in_the_last_week(schedule, neutral_ctx, db, messenger):
    cohort_id = schedule(weeks=4)
    with db.read() as session:
        last_week = due_at(session.get(Cohort, cohort_id), 4)
    with time_machine.travel(last_week + timedelta(seconds=5)):
        tick(neutral_ctx)
    assert "open_evaluation" in dm_buttons(messenger, "U1")
