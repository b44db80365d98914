"""Leases: one leader at a time, a dead replica's claims taken over as soon as its lease lapses, batches shared."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select, text

from bot import clock
from bot.delivery.engine import DELIVERIES, TickReport, claim_due, send_all
from bot.delivery.leases import LEADER, LEASE_LAPSED, STOPPED, Replica, leader_of, take_lease
from bot.delivery.ticker import Ticking, lease_length, tick
from handlers.health import health
from storage.models import Delivery, Lease
from tests.programme.conftest import WEEK_1, channel_posts, context_for, deliveries

LEASE = timedelta(seconds=30)


def test_one_leader_at_a_time_until_its_lease_lapses(db):
    now = clock.now()
    with db.write() as session:
        assert take_lease(session, LEADER, "a", now, now + LEASE)
        assert not take_lease(session, LEADER, "b", now + timedelta(seconds=1), now + LEASE)
        assert take_lease(session, LEADER, "a", now + timedelta(seconds=10), now + LEASE * 2)  # renewed
        assert not take_lease(session, LEADER, "b", now + LEASE + timedelta(seconds=1), now + LEASE * 3)  # not lapsed
        assert take_lease(session, LEADER, "b", now + LEASE * 2, now + LEASE * 3)  # lapsed: taken over
        assert not take_lease(session, LEADER, "a", now + LEASE * 2, now + LEASE * 3)
    with db.read() as session:
        assert session.scalars(select(Lease.holder).where(Lease.name == LEADER)).all() == ["b"]


def test_a_replica_that_stops_hands_the_lead_on_at_once(db):
    first, second = Replica(db, LEASE, "first"), Replica(db, LEASE, "second")
    assert first.renew() and first.leads and first.alive
    assert not second.renew() and not second.leads and second.alive
    assert leader_of(db) == "first"
    first.stop()
    assert not first.alive and not first.leads
    assert second.renew() and leader_of(db) == "second"


def test_a_dead_replicas_claims_are_taken_over_as_soon_as_its_lease_lapses(schedule, ctx, db, fake_slack):
    schedule()
    dead, survivor = Replica(db, LEASE, "dead"), Replica(db, LEASE, "survivor")
    with time_machine.travel(WEEK_1 + timedelta(seconds=5)):
        dead.renew()
        survivor.renew()
        week_1 = deliveries(db)[0].id
        [claimed] = claim_due(context_for(ctx).with_replica(dead), clock.now(), only=week_1)  # killed: nothing sent
        assert deliveries(db)[0].claimed_by == "dead"
        assert DELIVERIES.take_over_dead(context_for(ctx).with_replica(survivor), clock.now()) == []  # still alive
    with time_machine.travel(WEEK_1 + timedelta(seconds=5) + LEASE + timedelta(seconds=1)):  # well before STALE_CLAIM
        survivor.renew()  # it leads now
        survivor_ctx = context_for(ctx).with_replica(survivor)
        [taken] = DELIVERIES.take_over_dead(survivor_ctx, clock.now())
        assert taken.id == claimed.id and taken.attempts == 2
        report = TickReport()
        send_all(survivor_ctx, [taken], report, settling=True)
    assert report.sent == 1 and len(channel_posts(fake_slack)) == 1
    [row] = deliveries(db)[:1]
    assert (row.status, row.claimed_by) == ("sent", "survivor")


def test_a_claim_taken_over_is_settled_against_the_channel_not_sent_again(schedule, ctx, db, fake_slack):
    schedule()
    dead, survivor = Replica(db, LEASE, "dead"), Replica(db, LEASE, "survivor")
    with time_machine.travel(WEEK_1 + timedelta(seconds=5)):
        dead.renew()
        dead_ctx = context_for(ctx).with_replica(dead)
        [claimed] = claim_due(dead_ctx, clock.now(), only=deliveries(db)[0].id)
        DELIVERIES.send(dead_ctx, claimed)  # Slack took the post; the replica died before recording it
    with time_machine.travel(WEEK_1 + timedelta(seconds=5) + LEASE + timedelta(seconds=1)):
        survivor.renew()
        report = tick(context_for(ctx).with_replica(survivor))
    assert (claimed.id, "settled") in report.outcomes and report.settled == 1
    assert len(channel_posts(fake_slack)) == 1


def test_a_replica_that_may_have_lost_its_lease_claims_and_sends_nothing(schedule, ctx, db, fake_slack):
    schedule()
    cut_off = Replica(db, LEASE, "cut-off")  # it could not renew: its lease may have lapsed
    with time_machine.travel(WEEK_1 + timedelta(seconds=5)):
        report = tick(context_for(ctx).with_replica(cut_off))
        assert report.sent == 0 and channel_posts(fake_slack) == []
        assert deliveries(db)[0].status == "pending"
        tick(ctx)  # a process on its own sends it
        assert len(channel_posts(fake_slack)) == 1


def test_a_replica_that_does_not_lead_sends_its_share_and_leaves_the_housekeeping(schedule, ctx, db, fake_slack):
    schedule()
    leader, other = Replica(db, LEASE, "leader"), Replica(db, LEASE, "other")
    with time_machine.travel(WEEK_1 + timedelta(seconds=5)):
        leader.renew()
        other.renew()
        report = tick(context_for(ctx).with_replica(other))
    assert report.sent >= 1 and not report.led
    assert str(report).endswith("; housekeeping left to the leading process")
    assert len(channel_posts(fake_slack)) == 1


def test_due_rows_are_claimed_a_batch_at_a_time_oldest_first(schedule, ctx, db):
    for n in range(3):
        schedule(f"Cohort {n}", channel=f"C{n}")
    due = 6  # each cohort's week 1 post and baseline survey
    with time_machine.travel(WEEK_1 + timedelta(seconds=5)):
        first = claim_due(ctx, clock.now(), batch=due - 1)
        second = claim_due(ctx, clock.now(), batch=due - 1)
        assert claim_due(ctx, clock.now(), batch=due - 1) == []
    assert len(first) == due - 1 and len(second) == 1
    assert [(job.due_at, job.id) for job in first] == sorted((job.due_at, job.id) for job in first)
    assert max((job.due_at, job.id) for job in first) < (second[0].due_at, second[0].id)


def test_rows_another_replica_is_claiming_are_skipped_not_waited_for(schedule, ctx, db):
    if db.is_sqlite:
        pytest.skip("SQLite has one writer at a time: there is nothing to skip")
    for n in range(3):
        schedule(f"Cohort {n}", channel=f"C{n}")
    week_1 = sorted(d.id for d in deliveries(db) if d.week == 1)
    with db.engine.connect() as other, time_machine.travel(WEEK_1 + timedelta(seconds=5)):
        other.execute(text("SELECT id FROM deliveries WHERE id = :id FOR UPDATE"), {"id": week_1[0]})
        claimed = claim_due(ctx, clock.now())  # would wait for `other` without SKIP LOCKED
        other.rollback()
        assert week_1[0] not in {job.id for job in claimed} and set(week_1[1:]) <= {job.id for job in claimed}
        assert [job.id for job in claim_due(ctx, clock.now())] == week_1[:1]


def test_healthz_is_503_while_the_replicas_lease_may_have_lapsed(ctx, db):
    replica = Replica(db, lease_length(ctx.settings), "lapsed")  # never renewed
    ticking = Ticking(ctx.with_replica(replica))
    try:
        status, body = health(db, replica)
        assert (status, body["scheduler"], body["leader"], body["replica"]) == (503, LEASE_LAPSED, False, "lapsed")
        replica.renew()
        status, body = health(db, replica)
        assert (status, body) == (
            200,
            {"status": "ok", "database": "ok", "scheduler": "running", "leader": True, "replica": "lapsed"},
        )
    finally:
        ticking.stop()
    assert health(db, replica)[:2] == (503, {**body, "status": "degraded", "scheduler": STOPPED})
    assert health(db, None)[1]["scheduler"] == "off"


def test_a_claim_named_for_a_replica_is_cleared_when_it_is_put_back_to_wait(schedule, ctx, db):
    schedule()
    replica = Replica(db, LEASE, "r")
    replica.renew()
    with time_machine.travel(WEEK_1 + timedelta(seconds=5)):
        [job] = claim_due(context_for(ctx).with_replica(replica), clock.now(), only=deliveries(db)[0].id)
        DELIVERIES.finish(ctx, job, "pending")
    with db.read() as session:
        row = session.get(Delivery, job.id)
        assert (row.status, row.claim_token, row.claimed_by) == ("pending", None, None)
