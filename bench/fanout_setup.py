"""What `bench/fanout.py` needs from each platform, and the cohorts all platforms start from."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot import clock
from bot.context import Context
from bot.messaging.addresses import Workspace
from bot.programme.cohorts import create_cohort
from bot.programme.schedule import schedule
from storage.models import Delivery


@dataclass
class Fanout:
    """One platform set up for the benchmark: the bot's context, the cohorts' channels, the fake's record, the goal."""

    ctx: Context
    channels: list[str]  # the cohorts' channels, one a cohort
    baseline: Callable[[], float]  # seconds for a bare client to post as many messages elsewhere
    baseline_label: str
    posts: Callable[[], Counter[str]]  # successful posts to the cohorts' channels, by channel
    rate_limited: Callable[[], int]  # posts to the cohorts' channels answered 429
    goal_ratio: float | None = None  # the tick within this many times the baseline's wall time
    goal_seconds: float | None = None  # the tick within this many seconds
    notes: tuple[str, ...] = ()

    def goal(self) -> str:
        parts = ["0 duplicates", "0 misses"]
        parts += [f"ratio <= {self.goal_ratio}"] if self.goal_ratio is not None else []
        parts += [f"tick <= {self.goal_seconds:g} s"] if self.goal_seconds is not None else []
        return ", ".join(parts)

    def met(self, wall: float, ratio: float, duplicates: int, misses: int) -> bool:
        return (
            duplicates == 0
            and misses == 0
            and (self.goal_ratio is None or ratio <= self.goal_ratio)
            and (self.goal_seconds is None or wall <= self.goal_seconds)
        )


Platform = Callable[[argparse.Namespace, str], AbstractContextManager[Fanout]]
"""Given the command line and the database URL, the platform's fake running and its cohorts due."""


def cohorts_due_now(session: Session, cohorts: Iterable[tuple[Workspace, str, str]]) -> None:
    """One-week cohorts (workspace, name, channel) starting today, their weekly post due half a minute ago."""
    today = date.today()
    for workspace, name, channel in cohorts:
        cohort = create_cohort(
            session, workspace, name, conversation=channel, start_date=today,
            weekday=today.weekday(), timezone="Europe/London", weeks=1,
        )  # fmt: skip
        schedule(session, cohort)
    session.execute(update(Delivery).where(Delivery.kind == "prompt").values(due_at=clock.now() - timedelta(seconds=30)))
