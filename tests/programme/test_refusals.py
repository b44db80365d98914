"""What the delivery engine does with each refusal reason, on the platform-neutral fake messenger."""

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
def test_a_passing_refusal_is_tried_again_on_the_next_tick(reason, schedule, neutral_ctx, db, messenger):
    cohort_id = schedule(facilitators=["UFAC"])
    messenger.refuse("post", reason)
    with time_machine.travel(WEEK_1):
        tick(neutral_ctx)
        assert row(db, cohort_id, 1).status == "pending"
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


def test_a_post_that_keeps_failing_is_given_up_after_the_last_try_and_the_facilitators_told(
    schedule, neutral_ctx, db, messenger
):
    cohort_id = schedule(facilitators=["UFAC"])
    messenger.refuse("post", Refusal.TEMPORARY, times=5)
    with time_machine.travel(WEEK_1):
        for _ in range(5):
            tick(neutral_ctx)
    assert row(db, cohort_id, 1).status == "failed"
    [told] = messenger.dms_to("UFAC")
    assert "it still failed after 5 tries" in told.text
