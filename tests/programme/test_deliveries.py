"""Exactly once: ticking, racing schedulers, crashes between claim and post, catch-up."""

import json
import threading
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import update

from bot.delivery.claims import STALE_CLAIM
from bot.delivery.engine import DELIVERIES, claim_due, run_due
from bot.delivery.ticker import tick
from bot.messaging.messenger import Posted
from storage.db import Database
from storage.models import Delivery
from tests.programme.conftest import WEEK_1, channel_posts, context_for, deliveries, row
from tests.workspaces import TEAM


def posts(fake_slack, channel="C111"):
    return [m for m in fake_slack.history(channel) if (m.get("metadata") or {}).get("event_type") == "cohortbot_post"]


def test_nothing_is_posted_before_it_is_due(schedule, ctx, fake_slack):
    schedule()
    with time_machine.travel(WEEK_1 - timedelta(minutes=1)):
        tick(ctx)
    assert len(channel_posts(fake_slack)) == 0


def test_the_weekly_post_names_the_week_and_carries_buttons_and_metadata(schedule, ctx, db, fake_slack):
    cohort_id = schedule()
    with time_machine.travel(WEEK_1 + timedelta(seconds=5)):
        report = tick(ctx)
    assert report.failed == 0
    [message] = posts(fake_slack)
    assert message["blocks"][0]["text"]["text"] == "Week 1 of 26: Set your own challenge"
    assert message["metadata"]["event_payload"]["delivery_id"] == row(db, cohort_id, 1).id
    assert "By cohortbot contributors, CC BY 4.0. Reflect privately" in json.dumps(message["blocks"])  # author, licence
    buttons = {e["action_id"]: json.loads(e["value"]) for e in message["blocks"][-1]["elements"]}
    assert buttons == {
        "open_reflection": {"cohort_id": cohort_id, "week": 1},
        "open_evidence": {"cohort_id": cohort_id, "week": 1},
    }
    sent = row(db, cohort_id, 1)
    assert (sent.status, sent.conversation, sent.message_id) == ("sent", "C111", message["ts"])


def test_a_post_across_the_clock_change_goes_out_at_local_nine(schedule, ctx, fake_slack):
    from datetime import date, datetime

    schedule(start=date(2027, 10, 25), weeks=2)
    with time_machine.travel(datetime(2027, 11, 1, 8, 30, tzinfo=UTC)):  # 08:30 GMT: not yet
        tick(ctx)
    assert len(channel_posts(fake_slack)) == 0  # week 1 is a week old: marked missed, not posted late
    fake_slack.reset()
    with time_machine.travel(datetime(2027, 11, 1, 9, 0, 1, tzinfo=UTC)):
        tick(ctx)
    assert len(channel_posts(fake_slack)) == 1


def test_two_schedulers_ticking_at_once_post_each_week_once(schedule, ctx, database_url, fake_slack):
    for n in range(6):
        schedule(f"Cohort {n}", channel=f"C{n}")
    second = Database(database_url)
    contexts = [context_for(ctx), context_for(ctx, second)]
    barrier = threading.Barrier(2)

    def run(ctx):
        barrier.wait()
        run_due(ctx)

    with time_machine.travel(WEEK_1 + timedelta(seconds=5)):
        threads = [threading.Thread(target=run, args=(ctx,)) for ctx in contexts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    second.dispose()
    channels = sorted(call.params["channel"] for call in channel_posts(fake_slack))
    assert channels == [f"C{n}" for n in range(6)]


def _crash_after_claim(db, cohort_id, *, posted_ts=None):
    """What a process killed between claim and recording the post leaves behind."""
    with db.write() as session:
        session.execute(
            update(Delivery)
            .where(Delivery.cohort_id == cohort_id, Delivery.week == 1, Delivery.kind == "prompt")
            .values(status="claimed", claim_token="dead-process", claimed_at=WEEK_1, attempts=1)
        )


def test_a_stale_claim_whose_post_exists_is_not_posted_again(schedule, ctx, db, fake_slack):
    cohort_id = schedule()
    with time_machine.travel(WEEK_1):
        from bot.delivery.engine import claim_due
        from bot.programme.weekly_post import send_prompt

        [job] = [job for job in claim_due(ctx, WEEK_1) if job.kind == "prompt"]
        posted = send_prompt(ctx, job)  # Slack accepted the post, then the process died
    fake_slack.reset()
    with time_machine.travel(WEEK_1 + STALE_CLAIM + timedelta(minutes=1)):
        report = tick(ctx)
    assert report.settled == 1
    assert len(channel_posts(fake_slack)) == 0
    assert len(posts(fake_slack)) == 1
    settled = row(db, cohort_id, 1)
    assert (settled.status, settled.message_id) == ("sent", posted.message_id)


def test_a_late_finish_by_a_claim_taken_over_changes_nothing(schedule, ctx, db, database_url, fake_slack):
    """A hung process's claim goes stale and another takes it over; the first one's late word must not count."""
    cohort_id = schedule()
    with time_machine.travel(WEEK_1):
        [hung] = [job for job in claim_due(ctx, WEEK_1) if job.kind == "prompt"]
    other_process = Database(database_url)
    taking_over = threading.Thread(target=tick, args=(context_for(ctx, other_process),))
    fake_slack.hold("chat.postMessage")
    with time_machine.travel(WEEK_1 + STALE_CLAIM + timedelta(minutes=1)):
        taking_over.start()
        fake_slack.wait_held("chat.postMessage")  # the other process has taken the claim over and is posting
        late_word = DELIVERIES.sent_values(hung, Posted(TEAM.place("C111"), message_id="1.000001"))
        assert not DELIVERIES.finish(ctx, hung, "sent", **late_word)
        fake_slack.release("chat.postMessage")
        taking_over.join()
    other_process.dispose()
    [post] = posts(fake_slack)
    finished = row(db, cohort_id, 1)
    assert (finished.status, finished.message_id) == ("sent", post["ts"])


def test_a_stale_claim_without_a_post_is_posted_once(schedule, ctx, db, fake_slack):
    cohort_id = schedule()
    _crash_after_claim(db, cohort_id)
    with time_machine.travel(WEEK_1 + timedelta(minutes=1)):
        tick(ctx)  # the claim is not stale yet: it could still be in flight elsewhere
    assert len(channel_posts(fake_slack)) == 0
    with time_machine.travel(WEEK_1 + STALE_CLAIM + timedelta(minutes=1)):
        tick(ctx)
        tick(ctx)
    assert fake_slack.count("conversations.history") == 1
    assert len(posts(fake_slack)) == 1
    assert row(db, cohort_id, 1).status == "sent"


def test_catch_up_posts_what_fell_due_within_grace_and_marks_older_missed(schedule, ctx, db, fake_slack):
    late = schedule("Late", channel="CLATE")
    old = schedule("Old", channel="COLD")
    with db.write() as session:  # Old's week 1 fell due a day before Late's
        session.execute(
            update(Delivery).where(Delivery.cohort_id == old, Delivery.week == 1).values(due_at=WEEK_1 - timedelta(days=1))
        )
    grace = ctx.settings.cohortbot_catch_up_hours
    with time_machine.travel(WEEK_1 + timedelta(hours=grace - 1)):  # the bot comes back up
        tick(ctx)
    assert row(db, late, 1).status == "sent"
    assert row(db, old, 1).status == "missed"
    assert [c.params["channel"] for c in fake_slack.calls("chat.postMessage") if not c.params["channel"].startswith("D")] == [
        "CLATE"
    ]
    [alert] = [c for c in fake_slack.calls("chat.postMessage") if c.params["channel"] == "DUFAC"]
    assert "missed while I was stopped" in alert.params["text"]


def test_a_paused_cohort_is_not_posted_and_resuming_shifts_the_weeks(schedule, ctx, db, fake_slack):
    from bot.programme import schedule as programme
    from bot.programme.cohorts import find_cohort

    cohort_id = schedule()
    with db.write() as session:
        programme.pause(session, find_cohort(session, TEAM, "Cohort 1"))
    with time_machine.travel(WEEK_1 + timedelta(days=3)):
        tick(ctx)
        with db.write() as session:
            programme.resume(session, find_cohort(session, TEAM, "Cohort 1"))
    assert len(channel_posts(fake_slack)) == 0
    weeks = [d for d in deliveries(db) if d.cohort_id == cohort_id]
    assert weeks[0].due_at == WEEK_1 + timedelta(weeks=1)
    last = weeks[-1].due_at.astimezone(ZoneInfo("Europe/London"))
    assert (last.date(), last.hour) == ((WEEK_1 + timedelta(weeks=26)).date(), 9)
    assert {d.status for d in weeks} == {"pending"}


class PostThenTimeOut:
    """A messenger whose first post reaches Slack but whose answer never comes back."""

    def __init__(self, messenger):
        self.messenger = messenger
        self.timed_out = False

    def __getattr__(self, name):
        return getattr(self.messenger, name)

    def post(self, place, message):
        posted = self.messenger.post(place, message)
        if not self.timed_out:
            self.timed_out = True
            raise TimeoutError("the read timed out")
        return posted


def test_a_post_whose_answer_was_lost_is_found_not_posted_again(schedule, ctx, db, fake_slack):
    from dataclasses import replace

    cohort_id = schedule()
    base = context_for(ctx)
    ctx = replace(base, messenger=PostThenTimeOut(base.messenger))
    for seconds in (5, 35, 65):  # ticks 30 s apart: the next try waits 30 s
        with time_machine.travel(WEEK_1 + timedelta(seconds=seconds)):
            tick(ctx)
    assert len(posts(fake_slack)) == 1
    assert row(db, cohort_id, 1).status == "sent"
