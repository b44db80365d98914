"""Fan-out benchmark: many cohorts' weekly posts due at once, through a slow, rate-limiting fake Slack.

    python bench/fanout.py [--cohorts 1000] [--database-url postgresql://...]
    python bench/fanout.py --cohorts 100000 --replicas 2 --database-url postgresql://...

The fake answers every call after 50 ms and 5% of calls with HTTP 429 (Retry-After: 1).

One process (the default): the tick runs in this process. The baseline, in the same process and
against the same fake, posts the same number of messages with a bare slack_sdk client on as many
threads as the tick uses, with no database at all. Goal: 0 duplicates, 0 misses, and the tick
within 1.5x the baseline's wall time.

Replicas (--replicas N, PostgreSQL): N real `cohortbot run --http` processes on a database of their
own (made on the server of --database-url, dropped afterwards) share the posts. Goal: 0 duplicates,
0 misses, all posted within 5 minutes, and each replica's memory flat (RSS at start and end).
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
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

from bench.replica_set import TICK_SECONDS, posts_left, replica_settings, replicas, shares, wait  # noqa: E402
from bot import clock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.delivery.engine import WORKERS  # noqa: E402
from bot.delivery.ticker import tick  # noqa: E402
from handlers.bootstrap import bootstrap  # noqa: E402
from handlers.slack.app import web_client  # noqa: E402
from tests.cohorts_due import cohorts_due_at_once, posts_due  # noqa: E402
from tests.databases import fresh_database  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402

GOAL_RATIO = 1.5
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


@contextmanager
def bench_database(database_url: str | None) -> Iterator[str]:
    """A fresh SQLite file, or a database of its own on the PostgreSQL server of `database_url`, gone afterwards."""
    if database_url and database_url.startswith("postgres"):
        with fresh_database(database_url, "bench") as url:
            yield url
        return
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


def one_process(args: argparse.Namespace) -> None:
    with bench_database(args.database_url) as url, FakeSlack() as fake:
        settings = Settings(_env_file=None, slack_bot_token="xoxb-bench", slack_api_url=fake.base_url, database_url=url)
        ctx = bootstrap(settings)
        channels = cohorts_due_at_once(ctx, args.cohorts)
        slow_and_limiting(fake)

        bare = baseline(settings, args.cohorts)
        started = time.perf_counter()
        report = tick(ctx)
        wall = time.perf_counter() - started

        ratio = wall / bare
        print(f"cohorts:        {args.cohorts} ({'PostgreSQL' if 'postgres' in url else 'SQLite'}, one process)")
        print(f"baseline:       {bare:.2f} s (bare slack_sdk client, {min(WORKERS, args.cohorts)} threads, no database)")
        print(f"tick:           {wall:.2f} s (ratio {ratio:.2f})")
        exact = print_posts(fake, channels)
        print(f"tick report:    {report}")
        goal = exact and ratio <= GOAL_RATIO
        print(f"goal (0 duplicates, 0 misses, ratio <= {GOAL_RATIO}): {'met' if goal else 'NOT met'}")
        ctx.db.dispose()


def many_replicas(args: argparse.Namespace) -> None:
    if not (args.database_url or "").startswith("postgres"):
        raise SystemExit("--replicas needs --database-url postgresql://... (replicas share one PostgreSQL database)")
    with tempfile.TemporaryDirectory() as folder, FakeSlack() as fake, bench_database(args.database_url) as url:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohorts", type=int, default=1000)
    parser.add_argument(
        "--database-url", help="PostgreSQL: a database of its own is made on that server; default: a fresh SQLite file"
    )
    parser.add_argument("--replicas", type=int, default=1, help="run the tick in N `cohortbot run` processes (PostgreSQL)")
    parser.add_argument("--timeout", type=float, default=900, help="replicas: give up waiting after this many seconds")
    args = parser.parse_args()
    if args.replicas > 1:
        many_replicas(args)
    else:
        one_process(args)


if __name__ == "__main__":
    main()
