"""What the bot must do after answering survives a kill -9 and a Slack outage, and happens exactly once.

The real `cohortbot run --http` serves signed requests; the fake Slack holds the bot's calls
until the process is killed, as if Slack were slow just when the machine died.
"""

from __future__ import annotations

import json
from datetime import timedelta

import time_machine
from sqlalchemy import update

from bot import clock
from bot.delivery.claims import STALE_CLAIM
from bot.delivery.ticker import tick
from bot.export.command import BUILDING
from handlers.after_answer import finish_after_ack_work
from storage.models import OutboxItem, Reflection
from tests.bot_process import start_bot
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.fakes.requests import SlackRequester
from tests.journal.helpers import WEEK_1, choice, posted_prompt, rows, state, text
from tests.waiting import wait_until

SHARED = "For everyone, whatever happens"
FORM_CONTEXT = json.dumps({"week": 1, "cohort_id": None})


def shared_posts(fake_slack, channel="C111"):
    return [m for m in fake_slack.history(channel) if SHARED in json.dumps(m)]


def outbox(db):
    return [(row.kind, row.status) for row in rows(db, OutboxItem)]


def share_and_export(slack: SlackRequester) -> None:
    """A delegate shares a reflection through /reflect's form; an evaluator asks for the workbook."""
    assert slack.command("/reflect", user_id="U1").status == 200
    shared = slack.view_submission(
        "form:reflection", state(text=text(SHARED), visibility=choice("cohort")), user_id="U1", private_metadata=FORM_CONTEXT
    )
    assert "Everyone in your cohort can see it" in json.dumps(shared.json())
    assert slack.command("/cohortbot", text="export", user_id="UEVAL").json()["text"] == BUILDING


def test_a_kill_after_the_ack_only_delays_the_shared_post_and_the_export(db, database_url, fake_slack, make_cohort, tmp_path):
    cohort = make_cohort(delegates=["U1"], evaluators=["UEVAL"], channel="C111")
    posted_prompt(db, cohort, week=1)
    settings = {
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.base_url,
    }
    fake_slack.hold("chat.postMessage")
    fake_slack.hold("files.completeUploadExternal")
    bot = start_bot(settings, tmp_path)
    try:
        share_and_export(SlackRequester(bot.url, SIGNING_SECRET))
        fake_slack.wait_held("chat.postMessage")
        fake_slack.wait_held("files.completeUploadExternal")
    finally:
        bot.kill()
    assert outbox(db) == [("shared_post", "claimed"), ("export", "claimed")]

    # Slack did post the reflection and share the workbook, just as the process died.
    fake_slack.release("chat.postMessage")
    fake_slack.release("files.completeUploadExternal")
    fake_slack.wait_for("chat.postMessage")
    fake_slack.wait_for("files.completeUploadExternal")
    assert len(shared_posts(fake_slack)) == 1 and len(fake_slack.history("DUEVAL")) == 1

    # Restarted once the dead process's claims are stale, as a restart some minutes later finds them.
    with db.write() as session:
        session.execute(update(OutboxItem).values(claimed_at=clock.now() - STALE_CLAIM - timedelta(minutes=1)))
    bot = start_bot(settings, tmp_path)
    try:
        wait_until(lambda: outbox(db) == [("shared_post", "sent"), ("export", "sent")], timeout=30, what="the outbox")
    finally:
        assert bot.stop() == 0

    (post,) = shared_posts(fake_slack)
    assert post["thread_ts"] == "1700000000.000100"  # in the thread of that week's challenge
    assert fake_slack.count("chat.postMessage") == 1  # found after the restart, not posted again
    (reflection,) = rows(db, Reflection)
    assert reflection.shared_message_id == post["ts"]
    (complete,) = fake_slack.calls("files.completeUploadExternal")  # found after the restart, not sent again
    assert complete.params["channel_id"] == "DUEVAL"
    assert len(fake_slack.uploads) == 1
    (workbook,) = fake_slack.history("DUEVAL")
    assert workbook["files"][0]["name"].startswith("cohortbot-evaluation-")  # the name says what it holds


def test_a_slack_outage_only_delays_the_shared_post_and_the_export(slack, ctx, db, fake_slack, make_cohort):
    cohort = make_cohort(delegates=["U1"], evaluators=["UEVAL"], channel="C111")
    posted_prompt(db, cohort, week=1)
    fake_slack.unavailable("chat.postMessage")
    fake_slack.unavailable("files.getUploadURLExternal")
    with time_machine.travel(WEEK_1, tick=False):
        share_and_export(slack)
        finish_after_ack_work()
        assert outbox(db) == [("shared_post", "pending"), ("export", "pending")]
        assert "service_unavailable: will try again" in rows(db, OutboxItem)[0].error
        tick(ctx)  # too soon: each waits a little before the next try
        assert outbox(db) == [("shared_post", "pending"), ("export", "pending")]
    assert shared_posts(fake_slack) == [] and fake_slack.count("files.completeUploadExternal") == 0

    with time_machine.travel(WEEK_1 + timedelta(minutes=1), tick=False):
        report = tick(ctx)  # Slack is back
        tick(ctx)
    assert report is not None and report.outbox is not None and report.outbox.sent == 2
    assert outbox(db) == [("shared_post", "sent"), ("export", "sent")]
    (post,) = shared_posts(fake_slack)
    assert rows(db, Reflection)[0].shared_message_id == post["ts"]
    (complete,) = fake_slack.calls("files.completeUploadExternal")
    assert complete.params["channel_id"] == "DUEVAL"
