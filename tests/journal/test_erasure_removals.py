"""Forget-me tells the truth about shared posts: still being removed at once, then a DM when they are gone.

A failing `chat.delete` is tried again, waiting longer each time, until Slack lets it through.
"""

import json
from datetime import timedelta

import time_machine

from bot.delivery.ticker import tick
from handlers.after_answer import finish_after_ack_work
from storage.models import OutboxItem, Reflection
from tests.journal.helpers import WEEK_1, choice, dms_to, posted_prompt, rows, state, text
from tests.waiting import wait_until


def share(slack, db, *words):
    with time_machine.travel(WEEK_1, tick=True):
        for said in words:
            slack.view_submission("form:reflection", state(text=text(said), visibility=choice("cohort")), user_id="U1")
        wait_until(lambda: len(rows(db, Reflection, Reflection.shared_message_id.is_not(None))) == len(words), what="shares")


def forget_me(slack, fake_slack):
    """Confirm forget-me as U1 and wait for the work after the answer; returns the answer's text."""
    slack.block_action("confirm_forget_me", user_id="U1", response_url=fake_slack.response_url())
    finish_after_ack_work()
    return fake_slack.wait_for("respond")[-1].params["text"]


def shared(fake_slack):
    return [m for m in fake_slack.history("C111") if "Shared" in json.dumps(m)]


def outbox(db, kind):
    return [row.status for row in rows(db, OutboxItem, OutboxItem.kind == kind)]


def test_forget_me_says_a_post_is_still_being_removed_then_that_it_is_gone(slack, db, fake_slack, make_cohort):
    posted_prompt(db, make_cohort(delegates=["U1"]))
    share(slack, db, "Shared once")
    with time_machine.travel(WEEK_1 + timedelta(minutes=5), tick=False):
        answer = forget_me(slack, fake_slack)
    assert answer == "Erased. One channel post is still being removed; I'll tell you when it's gone."
    assert shared(fake_slack) == []
    [done] = dms_to(fake_slack, "U1")
    assert done["text"] == "The channel post you shared has been removed. Nothing you stored with cohortbot is left."
    assert outbox(db, "erasure_done") == ["sent"]


def test_a_failing_delete_is_tried_until_slack_lets_it_through_and_only_then_is_the_person_told(
    slack, ctx, db, fake_slack, make_cohort
):
    posted_prompt(db, make_cohort(delegates=["U1"]))
    share(slack, db, "Shared first", "Shared second")
    fake_slack.fail("chat.delete", "internal_error", times=24)  # twelve failed tries each: more than ten
    with time_machine.travel(WEEK_1 + timedelta(minutes=5), tick=False):
        answer = forget_me(slack, fake_slack)
    assert answer == "Erased. 2 channel posts are still being removed; I'll tell you when they're gone."
    assert len(shared(fake_slack)) == 2 and dms_to(fake_slack, "U1") == []

    for minutes in range(20, 10 * 60, 20):  # ticks through ten hours; one every 20 minutes is enough to show
        with time_machine.travel(WEEK_1 + timedelta(minutes=5 + minutes), tick=False):
            tick(ctx)
        if not shared(fake_slack):
            break
        assert dms_to(fake_slack, "U1") == []  # not told while a post is still there
    assert shared(fake_slack) == []
    assert outbox(db, "delete_post") == ["sent", "sent"]
    [done] = dms_to(fake_slack, "U1")
    assert done["text"] == "The 2 channel posts you shared have been removed. Nothing you stored with cohortbot is left."
    assert [c.response["ok"] for c in fake_slack.calls("chat.delete")] == [False] * 24 + [True] * 2


def test_a_post_the_bot_may_no_longer_delete_is_owned_up_to(slack, db, fake_slack, make_cohort):
    posted_prompt(db, make_cohort(delegates=["U1"]))
    share(slack, db, "Shared for good")
    fake_slack.fail("chat.delete", "cant_delete_message")
    with time_machine.travel(WEEK_1 + timedelta(minutes=5), tick=False):
        forget_me(slack, fake_slack)
    assert len(shared(fake_slack)) == 1
    [told] = dms_to(fake_slack, "U1")
    assert told["text"].startswith("I couldn't remove one channel post you shared")
    assert "ask a workspace admin to delete it" in told["text"]
