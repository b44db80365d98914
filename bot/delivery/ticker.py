"""The clock: an APScheduler job that runs the tick every COHORTBOT_TICK_SECONDS, in every replica.

The database decides what is due and who sends it; APScheduler only says "now". Its in-memory
job store is private to this process. Replicas share the work through the database:

- every replica, each tick: settles claims left by replicas whose lease lapsed, marks old
  misses, and claims and sends due deliveries and outbox rows a batch at a time (rows
  another replica is claiming are skipped), until nothing due is left;
- the leader only (one replica at a time, through the leader's lease in `bot.delivery.leases`),
  or a process on its own: finishes ended cohorts, sends evidence follow-ups, purges what is
  past the retention period, forgets replicas long gone and checkpoints SQLite's log.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from bot import clock
from bot.config import Settings
from bot.context import Context
from bot.delivery.drain import drain
from bot.delivery.engine import TickReport, run_due
from bot.delivery.leases import Replica, forget_lapsed_replicas
from bot.people.retention import purge_expired

log = logging.getLogger(__name__)


def lease_length(settings: Settings) -> timedelta:
    """One tick interval: a dead replica's claims are taken over by the next tick after it lapses."""
    return timedelta(seconds=settings.cohortbot_tick_seconds)


def start_replica(ctx: Context) -> Replica:
    """This process as a replica: its lease taken now and kept renewed until `stop()`."""
    return Replica(ctx.db, lease_length(ctx.settings)).start()


def tick(ctx: Context) -> TickReport:
    """Run due work once: this replica's share of deliveries and the outbox, then, if it leads, the housekeeping."""
    leads = ctx.replica is None or ctx.replica.leads
    report = run_due(ctx, housekeeping=leads)
    report.outbox = drain(ctx)
    report.led = leads
    if leads:
        purge_expired(ctx)
        with ctx.db.write() as session:
            forget_lapsed_replicas(session, clock.now())
        ctx.db.checkpoint()  # what this tick or anyone deleted or blanked lingers in SQLite's log no longer
    if report.outcomes or report.outbox.outcomes:
        log.info("tick: %s", report)
    return report


def _safe_tick(ctx: Context) -> None:
    try:
        tick(ctx)
    except Exception:
        log.exception("the scheduled tick failed; trying again next time")


class Ticking:
    """A replica's clock: the tick every COHORTBOT_TICK_SECONDS, as `ctx.replica` (or a replica of its own)."""

    def __init__(self, ctx: Context) -> None:
        """Start ticking now (the start-up catch-up) and every COHORTBOT_TICK_SECONDS after."""
        self._own_replica = ctx.replica is None
        self.replica = ctx.replica or start_replica(ctx)
        self.replica.clock = self
        self.scheduler = BackgroundScheduler(timezone="UTC")
        self.scheduler.add_job(
            _safe_tick,
            "interval",
            args=[ctx.with_replica(self.replica)],
            seconds=ctx.settings.cohortbot_tick_seconds,
            next_run_time=clock.now(),
            max_instances=1,
            coalesce=True,
            id="cohortbot-tick",
        )
        self.scheduler.start()

    @property
    def running(self) -> bool:
        return bool(self.scheduler.running)

    def stop(self) -> None:
        """Stop ticking; a replica of its own gives its leases up, so another takes over at once."""
        self.scheduler.shutdown(wait=False)
        if self._own_replica:
            self.replica.stop()


def start_scheduler(ctx: Context) -> Ticking:
    return Ticking(ctx)
