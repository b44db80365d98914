"""Many cohorts whose weekly post is due at once, for fan-out tests and benchmarks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert, select, text, update
from sqlalchemy.orm import Session

from bot import clock
from bot.context import Context
from bot.programme.calendar import PROMPT
from bot.programme.cohorts import create_cohort
from bot.programme.schedule import schedule
from storage.models import Base, Cohort, Delivery

CHUNK = 5000  # rows per statement, so that making 100,000 cohorts needs no more memory than making 5,000


def channel(n: int) -> str:
    return f"CB{n:06d}"


def _unhurried(session: Session) -> None:
    """No statement timeout (the bot's is meant for people waiting) for this set-up's large statements."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL statement_timeout = 0"))


def _copy(table: Table, row: Base, **changes: Any) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in table.columns if column.key != "id"} | changes


def cohorts_due_at_once(ctx: Context, count: int, *, due: datetime | None = None) -> list[str]:
    """`count` one-week cohorts, each in channel `channel(n)`, whose first post fell due 30 s ago (or at `due`);
    their channels.

    The first is created and scheduled as a facilitator would; the others are copies of it and of its
    first weekly post, inserted in bulk (scheduling 100,000 cohorts one by one takes a quarter of an hour).
    """
    today = date.today()
    with ctx.db.write() as session:
        template = create_cohort(
            session, ctx.workspace, "Bench 0", conversation=channel(0), start_date=today,
            weekday=today.weekday(), timezone="Europe/London", weeks=1,
        )  # fmt: skip
        schedule(session, template)
        post = session.scalars(select(Delivery).where(Delivery.cohort_id == template.id, Delivery.kind == PROMPT)).one()
    for first in range(1, count, CHUNK):
        numbers = range(first, min(first + CHUNK, count))
        with ctx.db.write() as session:
            _unhurried(session)
            cohorts = [_copy(Cohort.__table__, template, name=f"Bench {n}", conversation=channel(n)) for n in numbers]
            ids = session.scalars(insert(Cohort).returning(Cohort.id, sort_by_parameter_order=True), cohorts).all()
            session.execute(insert(Delivery), [_copy(Delivery.__table__, post, cohort_id=cohort_id) for cohort_id in ids])
    with ctx.db.write() as session:
        _unhurried(session)
        session.execute(text("ANALYZE"))  # as autovacuum would soon: plans made for empty tables are slow on full ones
    posts_due(ctx, due or clock.now() - timedelta(seconds=30))
    return [channel(n) for n in range(count)]


def posts_due(ctx: Context, due: datetime) -> None:
    """Every weekly post falls due at `due`."""
    with ctx.db.write() as session:
        _unhurried(session)
        session.execute(update(Delivery).where(Delivery.kind == PROMPT).values(due_at=due))
