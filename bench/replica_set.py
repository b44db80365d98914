"""Replicas of `cohortbot run --http` for the benchmarks: started together on one database, watched, killed."""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select

from bot.context import Context
from bot.programme.calendar import PROMPT
from storage.models import Delivery
from tests.bot_process import BotProcess, start_bot
from tests.fakes.slack_api import FakeSlack

TICK_SECONDS = 5


def replica_settings(fake: FakeSlack, database_url: str, signing_secret: str = "bench-signing-secret") -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": signing_secret,
        "SLACK_API_URL": fake.base_url,
        "DATABASE_URL": database_url,
        "COHORTBOT_TICK_SECONDS": str(TICK_SECONDS),
        "NO_PROXY": "127.0.0.1,localhost",
    }


@contextmanager
def replicas(count: int, settings: dict[str, str], folder: Path) -> Iterator[list[BotProcess]]:
    """`count` replicas, each healthy and one of them leading; all killed afterwards, even if this process is stopped."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))
    bots: list[BotProcess] = []
    try:
        for _ in range(count):
            bots.append(start_bot(settings, folder, timeout=60))
        wait(lambda: all(bot.health()["status"] == "ok" for bot in bots) and leader(bots) is not None, 60)
        yield bots
    finally:
        for bot in bots:
            if bot.process.poll() is None:
                bot.kill()


def leader(bots: list[BotProcess]) -> BotProcess | None:
    return next((bot for bot in bots if bot.process.poll() is None and bot.health()["leader"]), None)


def wait(condition: Callable[[], object], timeout: float, step: float = 0.1) -> bool:
    """Whether `condition` came true within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


def posts_left(ctx: Context) -> int:
    """Weekly posts not yet recorded as sent."""
    with ctx.db.read() as session:
        return session.scalar(select(func.count()).where(Delivery.kind == PROMPT, Delivery.status != "sent")) or 0


def shares(ctx: Context) -> dict[str, int]:
    """How many weekly posts each replica recorded as sent."""
    with ctx.db.read() as session:
        sent = select(Delivery.claimed_by, func.count()).where(Delivery.kind == PROMPT, Delivery.status == "sent")
        rows = session.execute(sent.group_by(Delivery.claimed_by))
        return {str(holder): count for holder, count in rows}
