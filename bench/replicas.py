"""Replicas benchmark: `cohortbot run --http` replicas on one PostgreSQL database, one of them killed mid fan-out.

    python bench/replicas.py --database-url postgresql://... [--requests 2000] [--cohorts 1000]

Each run gets a database of its own on that server (dropped afterwards) and its own fake Slack.

1. Requests: N signed /reflect requests at concurrency 16, to one replica alone, then spread
   across two: throughput, errors and lost rows (acknowledged but not stored).
2. Fan-out: M cohorts due at once through a fake Slack that answers after 50 ms and 5% of
   calls with 429. One replica alone; two replicas; two replicas with the leader killed (kill -9)
   once half the posts have reached Slack: lost rows, duplicates, how long after the kill the
   survivor leads and everything is recorded, and throughput against one replica.

Goal (issue 16): 0 lost, 0 duplicates, every post recorded within two tick intervals of the kill.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

from sqlalchemy import func, select  # noqa: E402

from bench.replica_set import TICK_SECONDS, leader, posts_left, replica_settings, replicas, wait  # noqa: E402
from bot import clock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.context import Context  # noqa: E402
from bot.programme.cohorts import create_cohort, enrol  # noqa: E402
from handlers.bootstrap import bootstrap  # noqa: E402
from storage.models import Delivery, Reflection  # noqa: E402
from tests.bot_process import BotProcess  # noqa: E402
from tests.cohorts_due import cohorts_due_at_once, posts_due  # noqa: E402
from tests.databases import fresh_database  # noqa: E402
from tests.fakes.requests import SlackRequester, slash_command_envelope_payload  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402

SECRET = "bench-signing-secret"
FORM = "application/x-www-form-urlencoded"
CONCURRENCY = 16
DELEGATES = 50


@contextmanager
def replica_run(server_url: str, count: int) -> Iterator[tuple[Context, FakeSlack, list[BotProcess]]]:
    """`count` replicas on a database of their own, with a fake Slack of their own; and a context on that database."""
    with (
        tempfile.TemporaryDirectory() as folder,
        FakeSlack() as fake,
        fresh_database(server_url, "bench") as url,
    ):
        # in the token's workspace, as the replicas will be
        ctx = bootstrap(Settings(_env_file=None, slack_bot_token="xoxb-bench", slack_api_url=fake.base_url, database_url=url))
        try:
            with replicas(count, replica_settings(fake, url, SECRET), Path(folder)) as bots:
                yield ctx, fake, bots
        finally:
            ctx.db.dispose()


# 1. Requests


def seed_delegates(ctx: Context) -> None:
    with ctx.db.write() as session:
        cohort = create_cohort(
            session, ctx.workspace, "Reflecting", conversation="C1", start_date=date.today(), timezone="Europe/London"
        )
        for n in range(DELEGATES):
            enrol(session, cohort, f"U{n:04d}", "delegate", by=None, display_name=f"Delegate {n}")


def stored(ctx: Context) -> int:
    with ctx.db.read() as session:
        return session.scalar(select(func.count(Reflection.id))) or 0


def requests(server_url: str, count: int, replica_count: int) -> float:
    """Send `count` /reflect requests spread across the replicas; print and return the throughput."""
    with replica_run(server_url, replica_count) as (ctx, _fake, bots):
        seed_delegates(ctx)
        requesters = [SlackRequester(bot.url, SECRET) for bot in bots]
        bodies = [
            urlencode(slash_command_envelope_payload(text=f"bench reflection {i}", user_id=f"U{i % DELEGATES:04d}"))
            for i in range(count)
        ]
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
            statuses = list(pool.map(lambda i: requesters[i % len(requesters)].raw(bodies[i], FORM).status, range(count)))
        wall = time.perf_counter() - started
        acknowledged = sum(status == 200 for status in statuses)
        wait(lambda: stored(ctx) >= acknowledged, timeout=10)
        lost = acknowledged - stored(ctx)
    print(
        f"  {replica_count} replica{'s' if replica_count > 1 else ' '}: {count / wall:6.0f} req/s, "
        f"errors {count - acknowledged}, lost rows {lost}"
    )
    return count / wall


# 2. Fan-out


@dataclass
class FanOut:
    wall: float
    duplicates: int
    lost: int
    left_claimed: int = 0  # rows the killed replica had claimed and not recorded
    leads_after: float | None = None  # seconds from the kill until the survivor leads
    taken_over_after: float | None = None  # seconds from the kill until the rows it left claimed are recorded
    done_after: float | None = None  # seconds from the kill until every post is recorded


def fan_out(server_url: str, cohorts: int, replica_count: int, *, kill_half_way: bool = False) -> FanOut:
    with replica_run(server_url, replica_count) as (ctx, fake, bots):
        channels = cohorts_due_at_once(ctx, cohorts, due=clock.now() + timedelta(days=1))
        fake.latency, fake.rate_limit_fraction, fake.random_retry_after = 0.05, 0.05, 1
        victim = leader(bots)
        posts_due(ctx, clock.now() - timedelta(seconds=30))
        started = time.perf_counter()
        killed_at = leads_after = taken_over_after = None
        left = 0
        if kill_half_way and victim is not None:
            holder = victim.health()["replica"]
            wait(lambda: count_posts(fake) >= cohorts // 2, timeout=600, step=0.005)
            victim.kill()
            killed_at = time.perf_counter()
            left = claimed_by(ctx, holder)
            survivors = [bot for bot in bots if bot is not victim]
            if wait(lambda: leader(survivors) is not None, timeout=10 * TICK_SECONDS):
                leads_after = time.perf_counter() - killed_at
            if wait(lambda: claimed_by(ctx, holder) == 0, timeout=10 * TICK_SECONDS, step=0.05):
                taken_over_after = time.perf_counter() - killed_at
        wait(lambda: posts_left(ctx) == 0, timeout=600, step=0.05)
        finished = time.perf_counter()
        posts = Counter(call.params["channel"] for call in fake.calls("chat.postMessage") if call.status == 200)
        result = FanOut(
            wall=finished - started,
            duplicates=sum(posts[c] - 1 for c in channels if posts[c] > 1),
            lost=sum(1 for c in channels if posts[c] == 0),
            left_claimed=left,
            leads_after=leads_after,
            taken_over_after=taken_over_after,
            done_after=None if killed_at is None else finished - killed_at,
        )
    what = f"{replica_count} replica{'s' if replica_count > 1 else ''}" + (", leader killed half-way" if kill_half_way else "")
    line = f"  {what:<36} {result.wall:6.1f} s {cohorts / result.wall:5.0f} posts/s"
    line += f"  duplicates {result.duplicates}  lost {result.lost}"
    if kill_half_way:
        line += (
            f"\n    the killed replica left {result.left_claimed} rows claimed; after the kill the survivor led in "
            f"{seconds(result.leads_after)}, had them all recorded in {seconds(result.taken_over_after)}, "
            f"and everything in {seconds(result.done_after)}"
        )
    print(line)
    return result


def claimed_by(ctx: Context, holder: str) -> int:
    """Rows still claimed by replica `holder`."""
    with ctx.db.read() as session:
        query = select(func.count()).where(Delivery.status == "claimed", Delivery.claimed_by == holder)
        return session.scalar(query) or 0


def count_posts(fake: FakeSlack) -> int:
    return sum(1 for call in fake.calls("chat.postMessage") if call.status == 200)


def seconds(value: float | None) -> str:
    return "never" if value is None else f"{value:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL server: each run makes a database of its own")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--cohorts", type=int, default=1000)
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("--database-url must be postgresql://... (replicas share one PostgreSQL database)")

    print(f"1. {args.requests} signed /reflect requests at concurrency {CONCURRENCY}")
    one = requests(args.database_url, args.requests, 1)
    two = requests(args.database_url, args.requests, 2)
    print(f"  throughput, two replicas against one: {two / one:.2f}")

    print(f"2. {args.cohorts} cohorts due at once (50 ms per call, 5% 429s; tick and lease {TICK_SECONDS} s)")
    alone = fan_out(args.database_url, args.cohorts, 1)
    shared = fan_out(args.database_url, args.cohorts, 2)
    killed = fan_out(args.database_url, args.cohorts, 2, kill_half_way=True)
    print(f"  throughput against one replica: two {alone.wall / shared.wall:.2f}, two with a kill {alone.wall / killed.wall:.2f}")
    goal = "0 lost, 0 duplicates, the killed replica's rows recorded within two tick intervals of the kill"
    exact = all(run.duplicates == 0 and run.lost == 0 for run in (alone, shared, killed))
    in_time = killed.taken_over_after is not None and killed.taken_over_after <= 2 * TICK_SECONDS
    print(f"goal ({goal}): {'met' if exact and in_time else 'NOT met'}")


if __name__ == "__main__":
    main()
