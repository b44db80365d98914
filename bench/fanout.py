"""Fan-out benchmark: many cohorts' weekly posts due in the same minute, through a slow, rate-limiting fake Slack.

    python bench/fanout.py [--cohorts 1000] [--database-url postgresql://...]

The fake answers every call after 50 ms and 5% of calls with HTTP 429 (Retry-After: 1). The
baseline, in the same process and against the same fake, posts the same number of messages
with a bare slack_sdk client on as many threads as the tick uses, with no database at all.
Goal: 0 duplicates, 0 misses, and the tick within 1.5x the baseline's wall time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

from sqlalchemy import update  # noqa: E402

from bot import clock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.context import Context  # noqa: E402
from bot.delivery.engine import WORKERS  # noqa: E402
from bot.delivery.ticker import tick  # noqa: E402
from bot.programme.cohorts import create_cohort  # noqa: E402
from bot.programme.schedule import schedule  # noqa: E402
from handlers.bootstrap import bootstrap  # noqa: E402
from handlers.slack.app import web_client  # noqa: E402
from storage.models import Delivery  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402

GOAL_RATIO = 1.5


def set_up(ctx: Context, cohorts: int) -> None:
    today = date.today()
    with ctx.db.write() as session:
        for n in range(cohorts):
            cohort = create_cohort(
                session, ctx.workspace, f"Bench {n}", conversation=f"CB{n:05d}", start_date=today,
                weekday=today.weekday(), timezone="Europe/London", weeks=1,
            )  # fmt: skip
            schedule(session, cohort)
        session.execute(update(Delivery).where(Delivery.kind == "prompt").values(due_at=clock.now() - timedelta(seconds=30)))


def baseline(settings: Settings, cohorts: int) -> float:
    """Seconds for a bare client to post one message to each channel, on the tick's number of threads."""
    client = web_client(settings)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=min(WORKERS, cohorts)) as pool:
        list(pool.map(lambda n: client.chat_postMessage(channel=f"CX{n:05d}", text="baseline"), range(cohorts)))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohorts", type=int, default=1000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, FakeSlack() as fake:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        settings = Settings(_env_file=None, slack_bot_token="xoxb-bench", slack_api_url=fake.base_url, database_url=url)
        ctx = bootstrap(settings)
        set_up(ctx, args.cohorts)
        fake.latency, fake.rate_limit_fraction, fake.random_retry_after = 0.05, 0.05, 1

        bare = baseline(settings, args.cohorts)
        started = time.perf_counter()
        report = tick(ctx)
        wall = time.perf_counter() - started

        calls = [call for call in fake.calls("chat.postMessage") if call.params["channel"].startswith("CB")]
        posts = Counter(call.params["channel"] for call in calls if call.status == 200)
        limited = sum(1 for call in calls if call.status == 429)
        channels = [f"CB{n:05d}" for n in range(args.cohorts)]
        duplicates = sum(posts[c] - 1 for c in channels if posts[c] > 1)
        misses = sum(1 for c in channels if posts[c] == 0)
        ratio = wall / bare
        print(f"cohorts:        {args.cohorts} ({'PostgreSQL' if 'postgres' in url else 'SQLite'})")
        print(f"baseline:       {bare:.2f} s (bare slack_sdk client, {min(WORKERS, args.cohorts)} threads, no database)")
        print(f"tick:           {wall:.2f} s (ratio {ratio:.2f})")
        print(f"posts made:     {sum(posts.values())}")
        print(f"429s answered:  {limited} (each waited Retry-After, then retried)")
        print(f"duplicates:     {duplicates}")
        print(f"misses:         {misses}")
        print(f"tick report:    {report}")
        goal = duplicates == 0 and misses == 0 and ratio <= GOAL_RATIO
        print(f"goal (0 duplicates, 0 misses, ratio <= {GOAL_RATIO}): {'met' if goal else 'NOT met'}")
        ctx.db.dispose()


if __name__ == "__main__":
    main()
