"""What the delivery engine does with each refusal reason, on the platform-neutral fake messenger."""

from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine

from bot.delivery.ticker import tick
from bot.messaging.refusals import Refusal
from tests.programme.conftest import WEEK_1, row

ADVICE = {
    Refusal.GONE: "Unarchive it or give the cohort a new channel",
    Refusal.NOT_MEMBER: "/invite @cohortbot",
    Refusal.NOT_ALLOWED: "An admin needs to reinstall or re-authorise the app",
}


@pytest.mark.parametrize("reason", list(ADVICE))
def test_a_lasting_refusal_fails_the_post_and_tells_the_facilitators_once(reason, schedule, neutral_ctx, db, messenger):
    cohort_id = schedule(facilitators=["UFAC"])
    for week in (0, 1):
        messenger.refuse("post", reason)
        if reason is Refusal.NOT_MEMBER:
            messenger.refuse("join", Refusal.NOT_ALLOWED)  # a private channel
        with time_machine.travel(WEEK_1 + timedelta(weeks=week)):
            tick(neutral_ctx)
    assert [row(db, cohort_id, week).status for week in (1, 2)] == ["failed", "failed"]
    assert row(db, cohort_id, 1).error.endswith(f"not sent ({reason})")
    [told] = messenger.dms_to("UFAC")
    assert ADVICE[reason] in told.text
    assert messenger.posts == []


@pytest.mark.parametrize("reason", [Refusal.RATE_LIMITED, Refusal.TEMPORARY, Refusal.NOT_CONFIGURED])
def test_a_passing_refusal_is_tried_again_after_a_short_wait(reason, schedule, neutral_ctx, db, messenger):
    cohort_id = schedule(facilitators=["UFAC"])
    messenger.refuse("post", reason)
    with time_machine.travel(WEEK_1):
        tick(neutral_ctx)
        tick(neutral_ctx)  # too soon: the next try waits
        assert row(db, cohort_id, 1).status == "pending"
    with time_machine.travel(WEEK_1 + timedelta(minutes=1)):
        tick(neutral_ctx)
    assert row(db, cohort_id, 1).status == "sent"
    assert len(messenger.posts_in("C111")) == 1
    assert messenger.dms_to("UFAC") == []


def test_not_a_member_joins_the_channel_and_posts(schedule, neutral_ctx, db, messenger):
    cohort_id = schedule()
    messenger.refuse("post", Refusal.NOT_MEMBER)
    with time_machine.travel(WEEK_1):
        tick(neutral_ctx)
    assert messenger.joined == ["C111"]
    assert len(messenger.posts_in("C111")) == 1
    assert row(db, cohort_id, 1).status == "sent"


def test_a_post_still_failing_when_next_weeks_slot_comes_is_given_up_and_the_facilitators_told(
    schedule, neutral_ctx, db, messenger
):
    cohort_id = schedule(facilitators=["UFAC"])
    ticks = range(0, 7 * 24, 6)  # the bot runs all week; a tick every six hours stands for them all
    messenger.refuse("post", Refusal.TEMPORARY, times=len(ticks))
    for hours in ticks:
        with time_machine.travel(WEEK_1 + timedelta(hours=hours)):
            tick(neutral_ctx)
    assert row(db, cohort_id, 1).status == "pending"
    with time_machine.travel(WEEK_1 + timedelta(weeks=1)):
        tick(neutral_ctx)
    week_1 = row(db, cohort_id, 1)
    assert week_1.status == "failed" and "too late" in week_1.error
    assert row(db, cohort_id, 2).status == "sent"
    [told] = [dm for dm in messenger.dms_to("UFAC") if "not sent" in (dm.title or "")]  # the digest came too
    assert "week 1 was not sent" in told.title and "too late to send it" in told.text
    [week_2] = messenger.posts_in("C111")
    assert week_2.title.startswith("Week 2 of")


def test_retry_hours_cuts_the_retries_short(schedule, neutral_ctx, db, messenger):
    cohort_id = schedule(facilitators=["UFAC"])
    ctx = replace(neutral_ctx, settings=neutral_ctx.settings.model_copy(update={"cohortbot_retry_hours": 2}))
    messenger.refuse("post", Refusal.TEMPORARY, times=100)
    for minutes in (0, 60, 119):
        with time_machine.travel(WEEK_1 + timedelta(minutes=minutes)):
            tick(ctx)
    assert row(db, cohort_id, 1).status == "pending"
    with time_machine.travel(WEEK_1 + timedelta(hours=2)):
        tick(ctx)
    assert row(db, cohort_id, 1).status == "failed"
    [told] = messenger.dms_to("UFAC")
    assert "too late to send it" in told.text
    assert messenger.posts_in("C111") == []
