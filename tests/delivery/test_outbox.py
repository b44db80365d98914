"""The outbox's own rules: written with the change, claimed once, and forgetting what it carried when done."""

from __future__ import annotations

import json
from datetime import timedelta

import time_machine
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from bot import clock
from bot.context import NOT_LEARNT
from bot.delivery.claims import SENT, STALE_CLAIM
from bot.delivery.drain import OUTBOX, drain
from bot.delivery.outbox import POST_NOW, SHARED_POST, enqueue
from bot.messaging.addresses import SLACK, Workspace
from handlers.bootstrap import bootstrap
from storage.models import Base, OutboxItem, Person, Reflection
from tests.journal.helpers import WEEK_1, choice, posted_prompt, rows, state, text
from tests.waiting import wait_until
from tests.workspaces import CONSOLE, TEAM


def test_the_migrations_make_the_tables_the_models_describe(db):
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata) == []


def test_a_repeated_submission_writes_one_entry_one_outbox_row_and_one_post(slack, db, fake_slack, make_cohort):
    cohort = make_cohort(delegates=["U1"], channel="C111")
    posted_prompt(db, cohort)
    with time_machine.travel(WEEK_1, tick=True):
        for _ in range(2):  # Slack retries a submission it thinks was lost
            form = state(text=text("Once only"), visibility=choice("cohort"))
            slack.view_submission("form:reflection", form, user_id="U1", view_id="VSAME")
            wait_until(lambda: [(r.kind, r.status) for r in rows(db, OutboxItem)] == [("shared_post", "sent")])
    assert len(rows(db, Reflection)) == 1
    assert [m for m in fake_slack.history("C111") if "Once only" in json.dumps(m)] != []
    assert fake_slack.count("chat.postMessage") == 1


def test_a_claim_taken_over_cannot_be_finished_by_its_old_holder(ctx, db):
    with db.write() as session:
        enqueue(session, POST_NOW, TEAM, delivery_id=0)
    now = clock.now()
    [first] = OUTBOX.claim(ctx, select(OutboxItem.id), now)
    assert OUTBOX.claim(ctx, select(OutboxItem.id), now) == []  # one claim at a time
    [second] = OUTBOX.take_over_dead(ctx, now + STALE_CLAIM + timedelta(seconds=1))
    assert not OUTBOX.finish(ctx, first, SENT)
    assert rows(db, OutboxItem)[0].status == "claimed"
    assert OUTBOX.finish(ctx, second, SENT)
    assert rows(db, OutboxItem)[0].status == SENT


def test_forget_me_removes_shared_posts_and_leaves_no_name_in_the_outbox(slack, db, fake_slack, make_cohort):
    cohort = make_cohort(delegates=["U1"], facilitators=["UFAC"], channel="C111")
    posted_prompt(db, cohort)
    fake_slack.users["U1"] = {"profile": {"display_name": "Alice Example"}}
    with time_machine.travel(WEEK_1, tick=True):
        form = state(text=text("Shared then erased"), visibility=choice("cohort"))
        slack.view_submission("form:reflection", form, user_id="U1")
        wait_until(lambda: rows(db, Reflection, Reflection.shared_message_id.is_not(None)), what="the shared post")
        wait_until(lambda: rows(db, Person, Person.display_name == "Alice Example"), what="the profile")
    slack.block_action("confirm_forget_me", user_id="U1", response_url=fake_slack.response_url())
    done = [("shared_post", "sent"), ("delete_post", "sent"), ("erasure_notice", "sent"), ("erasure_done", "sent")]
    wait_until(lambda: [(r.kind, r.status) for r in rows(db, OutboxItem)] == done, what="the erasure's outbox rows")
    assert fake_slack.history("C111") == []
    (notice,) = fake_slack.history("DUFAC")
    assert "Alice Example" in json.dumps(notice)
    assert all(row.payload == {} and row.finished_at is not None for row in rows(db, OutboxItem))


def test_a_kind_this_version_does_not_know_is_left_for_one_that_does(ctx, db):
    with db.write() as session:
        enqueue(session, "from_a_newer_version", TEAM, anything=1)
        enqueue(session, POST_NOW, TEAM, delivery_id=0)
    report = drain(ctx)
    assert [(row.kind, row.status) for row in rows(db, OutboxItem)] == [("from_a_newer_version", "pending"), ("post_now", "sent")]
    assert report.done


def test_a_full_drain_does_what_an_answer_left_undone(ctx, db, fake_slack, make_cohort):
    cohort = make_cohort(delegates=["U1"], channel="C111")
    posted_prompt(db, cohort)
    with time_machine.travel(WEEK_1, tick=True):
        with db.write() as session:
            person_id = session.scalar(select(Person.id).where(Person.platform_user_id == "U1"))
            reflection = Reflection(person_id=person_id, cohort_id=cohort.id, week=1, text="Left undone", visibility="cohort")
            session.add(reflection)
            session.flush()
            row_id = enqueue(session, SHARED_POST, TEAM, reflection_id=reflection.id)
        report = drain(ctx)
    assert (report.sent, report.done) == (1, True)
    (post,) = fake_slack.history("C111")
    assert "Left undone" in json.dumps(post) and post["metadata"]["event_payload"]["outbox_id"] == row_id


def test_a_drain_takes_only_the_work_its_messenger_reaches(ctx, db):
    with db.write() as session:
        demo = enqueue(session, POST_NOW, CONSOLE, delivery_id=0)
        elsewhere = enqueue(session, POST_NOW, Workspace(SLACK, "T0ELSEWHERE"), delivery_id=0)
        ours = enqueue(session, POST_NOW, TEAM, delivery_id=0)
    drain(ctx)
    assert {row.id: row.status for row in rows(db, OutboxItem)} == {demo: "pending", elsewhere: "pending", ours: SENT}


def test_work_queued_before_the_workspace_was_known_is_adopted_into_it(ctx, db, settings):
    with db.write() as session:
        enqueue(session, POST_NOW, NOT_LEARNT, delivery_id=0)
    bootstrap(settings).db.dispose()
    assert [(row.platform, row.workspace) for row in rows(db, OutboxItem)] == [(TEAM.platform, TEAM.id)]
