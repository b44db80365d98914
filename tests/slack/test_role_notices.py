"""A person given a role is told by DM who did it and in which cohort, once, even through a Slack outage."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from bot.delivery.ticker import tick
from handlers.after_answer import finish_after_ack_work
from storage.models import OutboxItem
from tests.coaching.helpers import dm_texts
from tests.journal.helpers import WEEK_1, rows


def outbox(db):
    return [(row.kind, row.status) for row in rows(db, OutboxItem)]


def test_the_person_enrolled_is_told_who_did_it_once_the_outage_is_over(slack, ctx, db, fake_slack, make_cohort):
    make_cohort("Cohort 1", channel="C111", delegates=["U1"], facilitators=["UFAC"])
    fake_slack.unavailable("chat.postMessage")
    with time_machine.travel(WEEK_1, tick=False):
        answer = slack.command("/cohortbot", 'cohort enrol "Cohort 1" delegate <@U9|sam>', user_id="UFAC").json()["text"]
        finish_after_ack_work()
        assert answer.endswith("as delegate in Cohort 1; the others were already in it. I'll tell them by DM that you did.")
        assert outbox(db) == [("role_given", "pending")] and dm_texts(fake_slack, "U9") == []
    with time_machine.travel(WEEK_1 + timedelta(minutes=1), tick=False):
        tick(ctx)  # Slack is back
    assert outbox(db) == [("role_given", "sent")]
    assert dm_texts(fake_slack, "U9") == [
        "<@UFAC> added you to *Cohort 1* as a delegate. If you weren't expecting this, please tell your programme's admin."
    ]


def test_nobody_is_told_of_a_role_they_had_or_gave_themselves(slack, ctx, db, fake_slack, make_cohort):
    make_cohort("Cohort 1", channel="C111", delegates=["U1"], facilitators=["UFAC"])
    already = slack.command("/cohortbot", 'cohort enrol "Cohort 1" delegate <@U1>', user_id="UFAC").json()["text"]
    assert already == "Enrolled 0 of 1 as delegate in Cohort 1; the others were already in it."
    slack.command("/cohortbot", 'cohort enrol "Cohort 1" evaluator <@UFAC>', user_id="UFAC")
    finish_after_ack_work()
    tick(ctx)
    assert outbox(db) == [] and dm_texts(fake_slack, "U1") == dm_texts(fake_slack, "UFAC") == []
