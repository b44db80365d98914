"""`/cohortbot pairs` and `cohort pairs`: rounds of peer pairs, introduced by group DM exactly once."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from bot.delivery.engine import run_due
from bot.peers.commands import set_pairs
from bot.peers.rounds import PEER_ROUND, SKIP_NEXT, WE_MET
from bot.people.profiles import get_or_create_person
from bot.programme.cohorts import find_cohort
from storage.models import Delivery, PeerGroup, PeerScheme, PeerSkip
from tests.peers.conftest import BEFORE, DELEGATES, FIRST_ROUND, NAME, groups
from tests.workspaces import TEAM


def group_messages(fake_slack) -> list[dict]:
    return [c.params for c in fake_slack.calls("chat.postMessage") if c.params["channel"].startswith("G")]


def rounds(db) -> list[tuple[int, str]]:
    with db.read() as session:
        query = select(Delivery).where(Delivery.kind == PEER_ROUND).order_by(Delivery.week)
        return [(d.week, d.status) for d in session.scalars(query)]


def test_a_facilitator_sets_pairs_and_each_round_is_introduced_once_by_group_dm(cohort, slack, fake_slack, ctx, db):
    with db.write() as session:
        get_or_create_person(session, TEAM.person("U1")).personal_challenge = "Open data for housing @[U9]"
    with time_machine.travel(BEFORE):
        response = slack.command("/cohortbot", f"pairs {NAME} --every 2", user_id="UFAC", channel_id="C999")
    assert response.json()["text"] == (
        "Cohort 1: delegates will be paired every 2 week(s), first in week 1 (Tue 03 Nov 2026 09:00)."
    )
    assert [week for week, _ in rounds(db)] == list(range(1, 27, 2))

    with time_machine.travel(FIRST_ROUND - timedelta(minutes=2)):
        run_due(ctx)
    assert group_messages(fake_slack) == []
    with time_machine.travel(FIRST_ROUND):
        run_due(ctx)
        run_due(ctx)
    made = groups(db, week=1)
    assert sorted(len(group) for group in made) == [2, 3]
    assert sorted(p for group in made for p in group) == DELEGATES
    opened = sorted(c.params["users"] for c in fake_slack.calls("conversations.open") if "," in c.params["users"])
    assert opened == sorted(",".join(group) for group in made)
    messages = group_messages(fake_slack)
    assert len(messages) == 2  # one per group, however many ticks
    ada = next(m for m in messages if "U1" in m["channel"])
    assert "Open data for housing @\u2060[U9]" in json.dumps(ada["blocks"], ensure_ascii=False)  # their words, no mention
    assert "<@U1>" in json.dumps(ada["blocks"])
    assert rounds(db)[0] == (1, "sent")


def test_we_met_is_recorded_once_and_only_for_people_in_the_pairing(cohort, slack, fake_slack, ctx, db):
    with time_machine.travel(BEFORE), db.write() as session:
        set_pairs(session, find_cohort(session, TEAM, "Cohort 1"), 2)
    with time_machine.travel(FIRST_ROUND):
        run_due(ctx)
    with db.read() as session:
        group = session.scalars(select(PeerGroup).order_by(PeerGroup.id)).first()
        member = group.members[0].person.platform_user_id
        outsider = next(u for u in DELEGATES if u not in [m.person.platform_user_id for m in group.members])
    refused = slack.block_action(WE_MET, value=str(group.id), user_id=outsider, response_url=fake_slack.response_url())
    assert refused.status == 200
    assert fake_slack.wait_for("respond")[0].params["text"] == "Sorry, that button is for the people in this pairing."
    with db.read() as session:
        assert session.get(PeerGroup, group.id).met_at is None
    for _ in range(2):
        slack.block_action(WE_MET, value=str(group.id), user_id=member, response_url=fake_slack.response_url())
    answers = fake_slack.wait_for("respond", count=3)
    assert answers[-1].params["text"].startswith("Thank you: I've noted that you met.")
    with db.read() as session:
        assert session.get(PeerGroup, group.id).met_at is not None


def test_a_delegate_can_sit_out_the_next_round_by_command_or_button(cohort, slack, fake_slack, ctx, db):
    with time_machine.travel(BEFORE):
        slack.command("/cohortbot", f"pairs {NAME} --every 2", user_id="UFAC", channel_id="C111")
        skipped = slack.command("/cohortbot", "pairs skip", user_id="U2", channel_id="C111")
        again = slack.command("/cohortbot", "pairs skip", user_id="U2", channel_id="C111")
    expected = "You'll sit out the peer round of week 1 in Cohort 1; you'll be paired again in the round after."
    assert skipped.json()["text"] == again.json()["text"] == expected
    with time_machine.travel(FIRST_ROUND):
        run_due(ctx)
        slack.block_action(SKIP_NEXT, value=str(cohort), user_id="U3", response_url=fake_slack.response_url())
        assert "peer round of week 3" in fake_slack.wait_for("respond")[0].params["text"]
    assert "U2" not in [p for group in groups(db, week=1) for p in group]
    assert sorted(len(group) for group in groups(db, week=1)) == [2, 2]
    with db.read() as session:
        assert session.scalar(select(PeerSkip.week).where(PeerSkip.week == 3)) == 3


@pytest.mark.parametrize(
    ("caller", "text", "answer"),
    [
        ("U1", f"pairs {NAME} --every 2", "Sorry, only a facilitator of Cohort 1 can do that."),
        ("UOTHERFAC", f"pairs {NAME} --every 2", "Sorry, only a facilitator of Cohort 1 can do that."),
        ("UFAC", f"pairs {NAME} --every 0", "Pairs can change every 1 to 26 weeks."),
        ("UFAC", f"pairs {NAME} --every two", "'two' is not a number of weeks."),
        ("UFAC", f"pairs {NAME}", "Say how often, e.g. `/cohortbot pairs \"Cohort 1\" --every 2`."),
        ("UFAC", "pairs Nowhere --every 2", "There is no cohort called 'Nowhere'. Check the name, in quotes if it has spaces."),
        ("UFAC", "pairs skip", "You're not enrolled in a cohort yet, so I can't save this. "
         "Ask your programme facilitator to add you; nothing you typed was stored."),
        ("U9", f"pairs skip {NAME}", "You're not a delegate in that cohort, so I can't save this there."),
    ],
)
def test_refusals_change_nothing(cohort, slack, db, caller, text, answer):
    with time_machine.travel(BEFORE):
        response = slack.command("/cohortbot", text, user_id=caller, channel_id="C999")
    assert response.json()["text"] == answer
    with db.read() as session:
        assert session.scalars(select(PeerScheme)).all() == [] and session.scalars(select(PeerSkip)).all() == []
    assert rounds(db) == []


def test_changing_how_often_withdraws_rounds_no_longer_planned(cohort, slack, db):
    with time_machine.travel(BEFORE):
        slack.command("/cohortbot", f"pairs {NAME} --every 2", user_id="UFAC", channel_id="C111")
        slack.command("/cohortbot", f"pairs {NAME} --every 4", user_id="UFAC", channel_id="C111")
    pending = [week for week, status in rounds(db) if status == "pending"]
    assert pending == list(range(1, 27, 4))
    assert (3, "skipped") in rounds(db)
