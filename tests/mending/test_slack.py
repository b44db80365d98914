"""Mending in Slack, over signed HTTP to the real Bolt app: buttons that confirm or resend, and posts made exactly once."""

from __future__ import annotations

import json
from datetime import timedelta

import time_machine
from sqlalchemy import select, update

from bot.delivery.ticker import tick
from bot.programme import schedule as programme
from bot.programme.cohorts import CHANNEL_TAKEN, find_cohort
from handlers.after_answer import finish_after_ack_work
from storage.models import Cohort, Delivery
from tests.programme.conftest import WEEK_1, channel_posts, row
from tests.workspaces import TEAM

BEFORE = WEEK_1 - timedelta(days=1)


def answer(fake_slack) -> str:
    (respond,) = fake_slack.wait_for("respond")
    fake_slack.reset()
    return respond.params["text"]


def press(slack, fake_slack, action_id: str, value: str, user_id: str) -> str:
    assert slack.block_action(action_id, value=value, user_id=user_id, response_url=fake_slack.response_url()).status == 200
    return answer(fake_slack)


def test_scheduling_a_cohort_with_no_delegates_asks_first(slack, make_cohort, db, fake_slack):
    make_cohort(delegates=[])
    with time_machine.travel(BEFORE):
        reply = slack.command("/cohortbot", 'cohort schedule "Cohort 1"', user_id="UFAC").json()
        assert reply["text"].startswith("Cohort 1 has no delegates yet, so its weekly posts would go to an empty room.")
        [button] = [element for block in reply["blocks"] if block["type"] == "actions" for element in block["elements"]]
        assert button["text"]["text"] == "Schedule with no delegates"
        with db.read() as session:
            assert session.scalar(select(Cohort.status)) == "planned"
        refused = press(slack, fake_slack, button["action_id"], button["value"], "U1")
        assert refused == "Sorry, only a facilitator of Cohort 1 can do that."
        assert press(slack, fake_slack, button["action_id"], button["value"], "UFAC").startswith("Cohort 1 is scheduled")
    with db.read() as session:
        assert session.scalar(select(Cohort.status)) == "running"


def test_enrolling_a_delegate_of_another_cohort_says_so(slack, make_cohort):
    make_cohort("Cohort 1", delegates=["U1"])
    make_cohort("Cohort 2", channel="C222", delegates=[])
    reply = slack.command("/cohortbot", 'cohort enrol "Cohort 2" <@U1|ada> <@U2|bo>', user_id="UFAC").json()
    assert reply["text"] == (
        "Enrolled 2 of 2 as delegate in Cohort 2; the others were already in it. I'll tell them by DM that you did.\n"
        "<@U1> is also a delegate in Cohort 1."
    )


def test_resend_twice_posts_the_week_once(slack, make_cohort, db, fake_slack):
    make_cohort()
    with time_machine.travel(BEFORE):
        with db.write() as session:
            cohort = find_cohort(session, TEAM, "Cohort 1")
            programme.schedule(session, cohort)
            programme.skip(session, cohort, 2)
        replies = [slack.command("/cohortbot", 'cohort resend "Cohort 1" 2', user_id="UFAC").json()["text"] for _ in "ab"]
        finish_after_ack_work()
    assert replies[0] == "Posting week 2 of Cohort 1 now."
    assert replies[1] in ("Posting week 2 of Cohort 1 now.", "Week 2 has already been posted.")
    [post] = channel_posts(fake_slack)
    assert post.params["channel"] == "C111" and "Week 2 of 26" in post.params["text"]


def test_a_new_channel_is_joined_and_the_next_post_goes_there(slack, make_cohort, db, fake_slack, ctx):
    make_cohort()
    with time_machine.travel(BEFORE):
        with db.write() as session:
            programme.schedule(session, find_cohort(session, TEAM, "Cohort 1"))
        by_name = slack.command("/cohortbot", "cohort channel <#C333|general>", user_id="UFAC", channel_id="C111").json()
        assert by_name["text"].startswith("Give the channel's ID, e.g. C0123456789")
        moved = slack.command("/cohortbot", "cohort channel C333", user_id="UFAC", channel_id="C111").json()
        assert "now posts in C333" in moved["text"]
        finish_after_ack_work()
    assert [call.params["channel"] for call in fake_slack.calls("conversations.join")] == ["C333"]
    with time_machine.travel(WEEK_1):
        tick(ctx)
    assert [post.params["channel"] for post in channel_posts(fake_slack)] == ["C333"]


def test_a_cohort_cannot_move_to_a_channel_another_cohort_has(slack, make_cohort, db):
    make_cohort("Cohort 1", channel="C111")
    make_cohort("Cohort 2", channel="C222", facilitators=["UFAC2"])
    refused = slack.command("/cohortbot", 'cohort channel "Cohort 2" C111', user_id="UFAC2").json()["text"]
    assert refused == CHANNEL_TAKEN
    with db.read() as session:
        channels = sorted(session.execute(select(Cohort.name, Cohort.conversation)).all())
    assert channels == [("Cohort 1", "C111"), ("Cohort 2", "C222")]


def test_after_an_outage_the_note_names_missed_and_caught_up_weeks_with_a_button_each(slack, schedule, db, fake_slack, ctx):
    cohort_id = schedule(facilitators=["UFAC"])
    with db.write() as session:  # weeks 1 and 2 fell due long ago; week 3 is due within the catch-up grace
        for week in (1, 2):
            session.execute(
                update(Delivery)
                .where(Delivery.cohort_id == cohort_id, Delivery.week == week)
                .values(due_at=WEEK_1 + timedelta(weeks=2) - timedelta(days=3 - week))
            )
    with time_machine.travel(WEEK_1 + timedelta(weeks=2, hours=1)):
        tick(ctx)
        [note] = [call for call in fake_slack.calls("chat.postMessage") if call.params["channel"] == "DUFAC"]
        text = json.dumps(note.params["blocks"])
        assert "the weekly challenge for weeks 1 and 2 fell due and was not posted" in text
        assert "I have caught up on week 3: posted just now." in text
        assert "post-now" not in text
        buttons = [e for block in note.params["blocks"] if block["type"] == "actions" for e in block["elements"]]
        assert [button["text"]["text"] for button in buttons] == ["Post week 1 now", "Post week 2 now"]
        fake_slack.reset()
        week_2 = buttons[1]
        refused = press(slack, fake_slack, week_2["action_id"], week_2["value"], "U1")
        assert refused == "Sorry, only a facilitator of Cohort 1 can do that."
        assert press(slack, fake_slack, week_2["action_id"], week_2["value"], "UFAC") == "Posting week 2 of Cohort 1 now."
        finish_after_ack_work()
        assert press(slack, fake_slack, week_2["action_id"], week_2["value"], "UFAC") == "Week 2 has already been posted."
        forged = json.dumps({"cohort_id": cohort_id, "week": 99})
        assert press(slack, fake_slack, week_2["action_id"], forged, "UFAC") == "Cohort 1 has weeks 1 to 26."
    assert row(db, cohort_id, 2).status == "sent"
    assert row(db, cohort_id, 1).status == "missed"
