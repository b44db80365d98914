"""Many cohorts whose weekly post is due at once, for fan-out tests and benchmarks."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update

from bot import clock
from bot.context import Context
from bot.programme.cohorts import create_cohort
from bot.programme.schedule import schedule
from storage.models import Delivery

CHUNK = 1000  # cohorts per transaction, so that making 100,000 needs no more memory than making 1,000


def channel(n: int) -> str:
    return f"CB{n:06d}"


def cohorts_due_at_once(ctx: Context, count: int) -> list[str]:
    """Create `count` one-week cohorts, each in channel `channel(n)`, whose first post fell due 30 s ago; their channels."""
    today = date.today()
    for first in range(0, count, CHUNK):
        with ctx.db.write() as session:
            for n in range(first, min(first + CHUNK, count)):
                cohort = create_cohort(
                    session, ctx.workspace, f"Bench {n}", conversation=channel(n), start_date=today,
                    weekday=today.weekday(), timezone="Europe/London", weeks=1,
                )  # fmt: skip
                schedule(session, cohort)
    with ctx.db.write() as session:
        session.execute(update(Delivery).where(Delivery.kind == "prompt").values(due_at=clock.now() - timedelta(seconds=30)))
    return [channel(n) for n in range(count)]
