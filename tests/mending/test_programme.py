"""What mending does to the calendar and the tick: archived and finished cohorts post nothing, shifts and un-skips."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select, update

from bot.delivery.ticker import tick
from bot.interaction.errors import UserError
from bot.messaging.refusals import Refusal
from bot.programme import mending
from bot.programme import schedule as programme
from bot.programme.cohorts import find_cohort
from bot.programme.missed import RESEND_WEEK
from storage.models import Cohort, Delivery
from tests.programme.conftest import WEEK_1, deliveries, row
from tests.workspaces import TEAM


def change(db, operation, *args):
    with db.write() as session:
        return operation(session, find_cohort(session, TEAM, "Cohort 1"), *args)


def cohort_status(db) -> str:
    with db.read() as session:
        return session.scalar(select(Cohort.status))


def test_an_archived_cohort_posts_and_sends_nothing_more(schedule, neutral_ctx, db, messenger):
    cohort_id = schedule()
    with time_machine.travel(WEEK_1):
        tick(neutral_ctx)
        change(db, mending.archive)
    with time_machine.travel(WEEK_1 + timedelta(weeks=1)):
        tick(neutral_ctx)
    assert len(messenger.posts_in("C111")) == 1
    assert row(db, cohort_id, 2).status == "skipped" and row(db, cohort_id, 2).error == "the cohort was archived"
    assert cohort_status(db) == "archived"
    with pytest.raises(UserError, match="already archived"):
        change(db, mending.archive)
    with pytest.raises(UserError, match="is archived, so nothing more is posted"):
        change(db, mending.prepare_resend, 2)


def test_a_cohort_finishes_by_itself_after_its_last_week_and_the_survey_grace(schedule, neutral_ctx, db, messenger):
    schedule(weeks=2)
    ends = datetime(2026, 12, 14, tzinfo=UTC)  # midnight in London after 2 weeks from 2 November, then 4 of grace
    with time_machine.travel(ends - timedelta(hours=1)):
        tick(neutral_ctx)
        assert cohort_status(db) == "running"
    with db.write() as session:  # something still to send when it ends
        session.execute(update(Delivery).where(Delivery.week == 2, Delivery.kind == "reminder").values(status="pending"))
    with time_machine.travel(ends + timedelta(hours=1)):
        tick(neutral_ctx)
        assert cohort_status(db) == "finished"
        assert "finished" in change(db, programme.status_text)
        with pytest.raises(UserError, match="Cohort 1 is finished, so nothing more is posted for it."):
            change(db, programme.schedule)
    assert {d.status for d in deliveries(db, "reminder") if d.week == 2} == {"skipped"}


def test_shift_moves_the_weeks_not_posted_and_brings_back_missed_weeks_now_ahead(schedule, neutral_ctx, db, messenger):
    cohort_id = schedule()
    with time_machine.travel(WEEK_1):
        tick(neutral_ctx)  # week 1 posted
    with db.write() as session:  # weeks 2 and 3 were missed in an outage
        missed = update(Delivery).where(Delivery.cohort_id == cohort_id, Delivery.week.in_((2, 3)))
        session.execute(missed.values(status="missed"))
    week_4 = row(db, cohort_id, 4).due_at
    with time_machine.travel(WEEK_1 + timedelta(weeks=3, days=1)):
        text = change(db, mending.shift, 2)
    assert text == "Every week of Cohort 1 not yet posted moves 2 weeks later. Next: week 3, Mon 30 Nov 2026 09:00."
    assert [row(db, cohort_id, week).status for week in (1, 2, 3, 4)] == ["sent", "missed", "pending", "pending"]
    assert row(db, cohort_id, 4).due_at - week_4 == timedelta(weeks=2)
    assert row(db, cohort_id, 1).sent_at is not None


def test_unskip_puts_a_future_week_back_and_refuses_a_past_one(schedule, db):
    cohort_id = schedule()
    with time_machine.travel(WEEK_1 - timedelta(days=1)):
        change(db, programme.skip, 1)
        change(db, programme.skip, 3)
        assert change(db, mending.unskip, 3) == "Week 3 of Cohort 1 will be posted after all, Mon 16 Nov 2026 09:00."
    assert {d.status for d in deliveries(db, "reminder") if d.week == 3} == {"pending"}
    assert row(db, cohort_id, 3).status == "pending"
    with time_machine.travel(WEEK_1 + timedelta(days=1)), pytest.raises(UserError) as refused:
        change(db, mending.unskip, 1)
    assert str(refused.value) == (
        "Week 1's time has passed (Mon 02 Nov 2026 09:00). To post it now, run `/cohortbot cohort resend \"Cohort 1\" 1`."
    )


def test_a_week_that_could_not_be_posted_is_offered_for_resending(schedule, neutral_ctx, db, messenger):
    cohort_id = schedule()
    messenger.refuse("post", Refusal.GONE)
    with time_machine.travel(WEEK_1):
        tick(neutral_ctx)
    [told] = messenger.dms_to("UFAC")
    assert 'Then press the button, or run `/cohortbot cohort resend "Cohort 1" 1`, if it is still needed.' in told.text
    assert [(button.label, button.action_id) for button in told.buttons] == [("Post week 1 now", RESEND_WEEK)]
    with time_machine.travel(WEEK_1 + timedelta(hours=1)):
        change(db, mending.prepare_resend, 1)
        tick(neutral_ctx)
    assert row(db, cohort_id, 1).status == "sent"
    assert len(messenger.posts_in("C111")) == 1


@pytest.mark.parametrize(
    ("operation", "args", "message"),
    [
        (mending.unskip, (2,), "Week 2 of Cohort 1 is not skipped; it is pending."),
        (mending.unskip, (27,), "Cohort 1 has weeks 1 to 26."),
        (mending.shift, (0,), "Shift by 1 to 52 weeks."),
        (mending.prepare_resend, (2,), "Week 2 of Cohort 1 is not due until Mon 09 Nov 2026 09:00. "),
        (mending.rename, ("  ",), "A cohort name needs 1 to 100 characters."),
        (mending.move_channel, ("C111",), "Cohort 1 already posts in C111."),
    ],
)
def test_mending_refuses_what_it_cannot_do_and_changes_nothing(schedule, db, operation, args, message):
    schedule()
    with db.read() as session:
        before = [(d.id, d.status, d.due_at) for d in session.scalars(select(Delivery).order_by(Delivery.id))]
    with time_machine.travel(WEEK_1 - timedelta(days=1)), pytest.raises(UserError) as refused:
        change(db, operation, *args)
    assert str(refused.value).startswith(message)
    with db.read() as session:
        assert [(d.id, d.status, d.due_at) for d in session.scalars(select(Delivery).order_by(Delivery.id))] == before
        assert session.scalar(select(Cohort.name)) == "Cohort 1"
