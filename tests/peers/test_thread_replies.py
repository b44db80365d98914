"""Replies in the thread of a week's post to others' shared reflections count as peer support, once, text unkept."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import time_machine
import yaml
from sqlalchemy import inspect, select

from bot.delivery.engine import run_due
from bot.people.profiles import get_or_create_person
from handlers.after_answer import finish_after_ack_work
from storage.models import Delivery, PeerReply, Reflection
from tests.programme.conftest import WEEK_1
from tests.workspaces import TEAM

MANIFEST = Path(__file__).parents[2] / "manifest.yml"


def week_1_post(ctx, db) -> str:
    with time_machine.travel(WEEK_1 + timedelta(seconds=5)):
        run_due(ctx)
    with db.read() as session:
        return session.scalar(select(Delivery.message_id).where(Delivery.kind == "prompt", Delivery.week == 1))


def share(db, cohort_id: int, user_id: str, week: int = 1) -> None:
    with db.write() as session:
        person = get_or_create_person(session, TEAM.person(user_id))
        session.add(Reflection(person_id=person.id, cohort_id=cohort_id, week=week, text="I tried X", visibility="cohort"))


def reply(thread: str, user: str = "U1", ts: str = "1700000001.000100", **extra: object) -> dict[str, object]:
    event = {"type": "message", "channel_type": "channel", "channel": "C111", "user": user, "text": "Lovely idea"}
    return {**event, "ts": ts, "thread_ts": thread, **extra}


def counted(db) -> list[tuple[str, int]]:
    with db.read() as session:
        return [(r.person_id, r.week) for r in session.scalars(select(PeerReply).order_by(PeerReply.id))]


def test_a_delegates_reply_to_a_shared_reflection_counts_once_however_often_slack_sends_it(cohort, slack, ctx, db):
    thread = week_1_post(ctx, db)
    share(db, cohort, "U2")
    assert slack.event(reply(thread)).status == 200
    assert slack.event(reply(thread), retry_num=1).status == 200
    assert slack.event(reply(thread, ts="1700000002.000100", channel_type="group")).status == 200
    finish_after_ack_work()
    with db.read() as session:
        u1 = get_or_create_person(session, TEAM.person("U1")).id
    assert counted(db) == [(u1, 1), (u1, 1)]
    assert "text" not in {column.key for column in inspect(PeerReply).columns}


def test_what_is_not_a_reply_to_someone_elses_reflection_is_not_counted(cohort, slack, ctx, db):
    thread = week_1_post(ctx, db)
    share(db, cohort, "U1")  # only their own reflection is in the thread so far
    events = [
        reply(thread),
        reply(thread, user="USTRANGER", ts="2.0"),  # not in the cohort
        reply(thread, bot_id="B1", ts="3.0"),  # the bot's own post of a reflection
        reply(thread, subtype="message_changed", ts="4.0"),
        reply("999.000", ts="5.0"),  # a thread that is not a week's post
        {**reply(thread, ts="6.0"), "thread_ts": None},  # top level, not in a thread
    ]
    for event in events:
        assert slack.event(event).status == 200
    finish_after_ack_work()
    assert counted(db) == []


def test_the_manifest_subscribes_to_channel_messages_for_thread_replies():
    events = yaml.safe_load(MANIFEST.read_text())["settings"]["event_subscriptions"]["bot_events"]
    assert {"message.channels", "message.groups", "message.im"} <= set(events)


def test_the_manifest_has_the_scopes_for_thread_replies_and_group_introductions():
    scopes = yaml.safe_load(MANIFEST.read_text())["oauth_config"]["scopes"]["bot"]
    assert {"channels:history", "groups:history", "mpim:write"} <= set(scopes)
