"""The weekly challenge in a Teams channel, through the tick: a new top-level post naming the week, and a
post whose outcome is unknown is never repeated blindly: the facilitators are told once, with a button."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from bot.delivery.drain import drain
from bot.delivery.ticker import tick
from bot.interaction import dispatch
from bot.interaction.exchange import Actor, Reply, Request
from bot.programme import schedule as scheduling
from bot.programme.missed import RESEND_WEEK, resend_button
from handlers.teams import conversations
from tests.fakes.teams import GENERAL, TEAM_ID, TENANT_ID
from tests.programme.conftest import WEEK_1, row
from tests.teams.conftest import TEAMS_WORKSPACE


@pytest.fixture
def scheduled(db, fake_teams, teams_cohort) -> int:
    conversations.remember(db, TENANT_ID, GENERAL, fake_teams.service_url, kind=conversations.CHANNEL, team=TEAM_ID)
    for user_id in ("29:ada", "29:fac"):  # their 1:1 chats are known: the only new conversations are the channel posts
        chat = fake_teams.personal_chat(user_id)
        conversations.remember(db, TENANT_ID, chat, fake_teams.service_url, kind=conversations.PERSONAL, user_id=user_id)
    cohort = teams_cohort()
    with db.write() as session:
        scheduling.schedule(session, session.merge(cohort))
        return cohort.id


def week_posts(fake_teams, week: int = 1):
    return [a for a in fake_teams.sent(GENERAL) if f"Week {week} of 26" in a.shown()]


def test_the_tick_posts_the_week_as_a_new_post_in_the_cohorts_channel(scheduled, ctx, db, fake_teams):
    with time_machine.travel(WEEK_1 + timedelta(minutes=1)):
        report = tick(ctx)
    assert report is not None and report.sent >= 1
    [post] = week_posts(fake_teams)
    [card] = post.body["attachments"]  # a card: its Reflect and Log evidence buttons open dialogs
    assert card["content"]["body"][0]["text"].startswith("Week 1 of 26: ")
    [created] = [c for c in fake_teams.calls("create_conversation") if c.body.get("channelData", {}).get("channel")]
    assert created.body["isGroup"] is True
    sent = row(db, scheduled, 1)
    assert (sent.status, sent.conversation, sent.message_id) == ("sent", GENERAL, post.id)


def test_a_post_whose_answer_was_lost_is_not_resent_and_facilitators_are_told_once(scheduled, ctx, db, fake_teams):
    fake_teams.drop_connection("create_conversation")
    with time_machine.travel(WEEK_1 + timedelta(minutes=1)):
        tick(ctx)
    for minutes in (2, 10, 60):
        with time_machine.travel(WEEK_1 + timedelta(minutes=minutes)):
            tick(ctx)
    assert len(week_posts(fake_teams)) == 1  # the connector made it; nobody sees it twice
    lost = row(db, scheduled, 1)
    assert lost.status == "missed" and "not resent" in lost.error
    [alert] = [a for a in fake_teams.dms_to("29:fac") if "may not have been posted" in a.shown()]
    assert "Cohort 1: week 1 may not have been posted" in alert.shown() and "cohort resend" in alert.shown()
    assert all("may not" not in a.shown() for a in fake_teams.dms_to("29:ada"))


def test_the_facilitators_button_posts_the_week_once_more(scheduled, ctx, db, fake_teams):
    fake_teams.drop_connection("create_conversation")
    with time_machine.travel(WEEK_1 + timedelta(minutes=1)):
        tick(ctx)
        req = Request(ctx=ctx, actor=Actor(person=TEAMS_WORKSPACE.person("29:fac")))
        reply = dispatch.run_action(req, RESEND_WEEK, resend_button(scheduled, 1).value)
        assert isinstance(reply, Reply) and reply.text.startswith("Posting week 1")
        drain(ctx, reply.queued)
    assert len(week_posts(fake_teams)) == 2  # the lost one, and the one the facilitator asked for
    assert row(db, scheduled, 1).status == "sent"
