"""`bench/fanout.py --replicas N`: the fan-out shared by N real `cohortbot run --http` replicas on PostgreSQL.

N replicas on a database of their own (made on the server of --database-url, dropped afterwards) share
the posts, through a fake Slack that answers after 50 ms and 5% of calls with HTTP 429 (Retry-After: 1).
The baseline, in the same run, is a bare slack_sdk client on as many threads as the replicas together,
posting a sample. Goal: 0 duplicates, 0 misses, all posted within 5 minutes, each replica's memory flat
(RSS at start and end).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from bench.replica_set import TICK_SECONDS, posts_left, replica_settings, replicas, shares, wait
from bot import clock
from bot.config import Settings
from bot.delivery.engine import WORKERS
from handlers.bootstrap import bootstrap
from handlers.slack.app import web_client
from tests.cohorts_due import cohorts_due_at_once, posts_due
from tests.databases import fresh_database
from tests.fakes.slack_api import FakeSlack

GOAL_SECONDS = 300
BASELINE_SAMPLE = 10_000  # posts the bare client makes in replicas mode, to measure its rate on this machine now


def slow_and_limiting(fake: FakeSlack) -> None:
    fake.latency, fake.rate_limit_fraction, fake.random_retry_after = 0.05, 0.05, 1


def baseline(settings: Settings, cohorts: int, threads: int = WORKERS) -> float:
    """Seconds for a bare client to post one message to each channel, on the tick's number of threads (or `threads`)."""
    client = web_client(settings)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=min(threads, cohorts)) as pool:
        list(pool.map(lambda n: client.chat_postMessage(channel=f"CX{n:06d}", text="baseline"), range(cohorts)))
    return time.perf_counter() - started


def count_posts(fake: FakeSlack, channels: list[str]) -> tuple[int, int, int, int]:
    """Posts made, 429s answered, duplicates and misses among `channels`."""
    calls = [call for call in fake.calls("chat.postMessage") if call.params["channel"].startswith("CB")]
    posts = Counter(call.params["channel"] for call in calls if call.status == 200)
    limited = sum(1 for call in calls if call.status == 429)
    duplicates = sum(posts[c] - 1 for c in channels if posts[c] > 1)
    misses = sum(1 for c in channels if posts[c] == 0)
    return sum(posts.values()), limited, duplicates, misses


def print_posts(fake: FakeSlack, channels: list[str]) -> bool:
    """Print what the fake saw; True when every channel got exactly one post."""
    made, limited, duplicates, misses = count_posts(fake, channels)
    print(f"posts made:     {made}")
    print(f"429s answered:  {limited} (each waited Retry-After, then retried)")
    print(f"duplicates:     {duplicates}")
    print(f"misses:         {misses}")
    return duplicates == 0 and misses == 0


def many_replicas(args: argparse.Namespace) -> None:
    if not (args.database_url or "").startswith("postgres"):
        raise SystemExit("--replicas needs --database-url postgresql://... (replicas share one PostgreSQL database)")
    with tempfile.TemporaryDirectory() as folder, FakeSlack() as fake, fresh_database(args.database_url, "bench") as url:
        settings = Settings(_env_file=None, slack_bot_token="xoxb-bench", slack_api_url=fake.base_url, database_url=url)
        ctx = bootstrap(settings)  # in the token's workspace, as the replicas will be
        started = time.perf_counter()
        channels = cohorts_due_at_once(ctx, args.cohorts, due=clock.now() + timedelta(days=1))  # not due yet
        print(f"set-up:         {args.cohorts} cohorts made in {time.perf_counter() - started:.0f} s")
        slow_and_limiting(fake)
        sample = min(args.cohorts, BASELINE_SAMPLE)
        bare_rate = sample / baseline(settings, sample, WORKERS * args.replicas)
        with replicas(args.replicas, replica_settings(fake, url), Path(folder)) as bots:
            rss_start = [bot.rss_mb() for bot in bots]
            posts_due(ctx, clock.now() - timedelta(seconds=30))
            started = time.perf_counter()
            peak = list(rss_start)

            def done() -> bool:
                peak[:] = [max(p, bot.rss_mb()) for p, bot in zip(peak, bots, strict=True)]
                return posts_left(ctx) == 0

            finished = wait(done, timeout=args.timeout, step=1.0)
            wall = time.perf_counter() - started
            rss_end = [bot.rss_mb() for bot in bots]
        print(f"cohorts:        {args.cohorts} (PostgreSQL, {args.replicas} replicas, tick every {TICK_SECONDS} s)")
        print(f"all recorded:   {'yes' if finished else 'NO'} after {wall:.1f} s ({args.cohorts / wall:.0f} posts/s)")
        print(
            f"baseline:       {bare_rate:.0f} posts/s (bare slack_sdk client, {WORKERS * args.replicas} threads, no database, "
            f"{sample} posts), so {args.cohorts / bare_rate:.0f} s for all; ratio {wall * bare_rate / args.cohorts:.2f}"
        )
        exact = print_posts(fake, channels)
        for n, (holder, count) in enumerate(sorted(shares(ctx).items())):
            print(f"replica {n + 1}:      {count} posts ({holder})")
        for n, (start, end, top) in enumerate(zip(rss_start, rss_end, peak, strict=True)):
            print(f"replica {n + 1} RSS:  {start:.0f} MiB at start, {end:.0f} MiB at the end, {top:.0f} MiB at most")
        goal = exact and finished and wall <= GOAL_SECONDS
        print(f"goal (0 duplicates, 0 misses, within {GOAL_SECONDS} s): {'met' if goal else 'NOT met'}")
        ctx.db.dispose()
