"""Peer pairs, cloning and suggestions in the console: the same commands, printed where they'd go."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select

from bot.demo import WORKSPACE
from bot.peers.rounds import PEER_ROUND
from bot.people.admins import allow_facilitators_to_create
from storage.models import Cohort, Delivery, PeerGroup


def first_round_due(db):
    with db.read() as session:
        query = select(Delivery.due_at).where(Delivery.kind == PEER_ROUND, Delivery.status == "pending")
        return session.scalar(query.order_by(Delivery.due_at).limit(1))


def test_pairs_are_set_introduced_by_group_dm_and_met(demo, console):
    out = console("/as Rosa Delacourt", '/cohortbot pairs "Cohort 1 (demo)" --every 2')
    assert "[only you] Cohort 1 (demo): delegates will be paired every 2 week(s), first in week" in out
    with time_machine.travel(first_round_due(demo) + timedelta(minutes=1)):
        out = console("/tick", "/press 1", "/tick", person="Ada Brightwater")
    assert out.count("[Group DM to ") == 4  # eight delegates: four pairs, introduced once
    assert "[Group DM to Ada Brightwater, " in out and "(1) We met  (2) Skip the next round" in out
    assert "[only you] Thank you: I've noted that you met." in out
    with demo.read() as session:
        [met] = session.scalars(select(PeerGroup).where(PeerGroup.met_at.is_not(None)))
        assert "Ada Brightwater" in [m.person.display_name for m in met.members]


def test_a_cohort_is_cloned_in_the_console(demo, console):
    allow_facilitators_to_create(demo, WORKSPACE, True)  # Rosa is a facilitator here, not the admin the real console makes her
    out = console("/as Rosa Delacourt", '/cohortbot cohort clone "Cohort 1 (demo)" --as "Cohort 3" --start 2099-06-01')
    assert "[only you] Created Cohort 3 from Cohort 1 (demo): the same 26 weekly challenges" in out
    with demo.read() as session:
        assert session.scalar(select(Cohort.status).where(Cohort.name == "Cohort 3")) == "planned"


def test_an_idea_is_suggested_and_accepted_in_the_console(demo, console):
    out = console("/cohortbot suggest Shadow a call handler for an hour", "", "2", person="Ada Brightwater")
    assert "(2) CC BY-SA 4.0" in out
    assert (
        "[only you] Thank you: your idea is with the facilitators of Cohort 1 (demo). If they add it to the library, "
        "it will be credited to you under CC BY-SA 4.0."
    ) in out
    out = console("/cohortbot suggestions", "/press 1", person="Rosa Delacourt")
    assert "(1) Accept 1  (2) Decline 1" in out
    assert "[only you] Added to the prompt library as idea-shadow-a-call-handler-for-" in out
    assert "credited to Ada Brightwater under CC BY-SA 4.0." in out
    assert "[DM to Ada Brightwater] Your challenge idea\n    Your challenge idea is now in the prompt library" in out
