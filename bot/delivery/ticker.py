"""The clock: an APScheduler job that runs the tick every COHORTBOT_TICK_SECONDS.

The database decides what is due and who sends it; APScheduler only says "now".
Its in-memory job store is private to this process, and on PostgreSQL an advisory
lock lets only one process run each tick (claims alone already prevent duplicates).
"""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler

from bot import clock
from bot.context import Context
from bot.delivery.drain import drain
from bot.delivery.engine import TickReport, run_due
from bot.people.retention import purge_expired

log = logging.getLogger(__name__)
TICK_LOCK = 0x636F686F  # "coho": one tick at a time across processes


def tick(ctx: Context) -> TickReport | None:
    """Run due work once (deliveries, the outbox, then retention); None when another process holds the tick."""
    with ctx.db.leader_lock(TICK_LOCK) as leader:
        if not leader:
            log.debug("another process is running the tick")
            return None
        report = run_due(ctx)
        report.outbox = drain(ctx)
        purge_expired(ctx)
        ctx.db.checkpoint()  # what this tick or anyone deleted or blanked lingers in SQLite's log no longer
    if report.outcomes or report.outbox.outcomes:
        log.info("tick: %s", report)
    return report


def _safe_tick(ctx: Context) -> None:
    try:
        tick(ctx)
    except Exception:
        log.exception("the scheduled tick failed; trying again next time")


def start_scheduler(ctx: Context) -> BackgroundScheduler:
    """Start ticking now (the start-up catch-up) and every COHORTBOT_TICK_SECONDS after."""
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        _safe_tick,
        "interval",
        args=[ctx],
        seconds=ctx.settings.cohortbot_tick_seconds,
        next_run_time=clock.now(),
        max_instances=1,
        coalesce=True,
        id="cohortbot-tick",
    )
    scheduler.start()
    return scheduler
