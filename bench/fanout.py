"""Fan-out benchmark: 1000 cohorts due in the same minute, posted through a slow, rate-limiting fake Slack.

    python bench/fanout.py [--cohorts 1000] [--database-url postgresql://...]

The fake answers every call after 50 ms and 5% of calls with HTTP 429 (Retry-After: 1).
Goal: 0 duplicates, 0 misses, all posted in under 15 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

from bot.services import Services  # noqa: E402
from sqlalchemy import update  # noqa: E402

from bot import (
    clock,
    programme,  # noqa: E402
)
from bot.config import Settings  # noqa: E402
from bot.context import Context  # noqa: E402
from bot.delivery.ticker import tick  # noqa: E402
from bot.programme.cohorts import create_cohort  # noqa: E402
from handlers.slack.app import web_client  # noqa: E402
from handlers.slack.messenger import SlackMessenger  # noqa: E402
from storage.models import Delivery  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402
from tests.workspaces import TEAM


def set_up(services: Services, cohorts: int) -> None:
    with services.db.write() as session:
        for n in range(cohorts):
            cohort = create_cohort(
                session, TEAM, f"Bench {n}", conversation=f"CB{n:05d}", start_date=date.today(), timezone="Europe/London", weeks=1
            )
            programme.schedule(session, cohort)
        now = clock.now()
        session.execute(update(Delivery).where(Delivery.kind == "prompt").values(due_at=now - timedelta(seconds=30)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohorts", type=int, default=1000)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, FakeSlack() as fake:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        settings = Settings(_env_file=None, slack_bot_token="xoxb-bench", slack_api_url=fake.base_url, database_url=url)
        services = Services.start(settings)
        set_up(services, args.cohorts)
        fake.latency, fake.rate_limit_fraction, fake.random_retry_after = 0.05, 0.05, 1
        ctx = Context(db=services.db, messenger=SlackMessenger(web_client(services)), settings=settings)

        started = time.perf_counter()
        report = tick(ctx)
        wall = time.perf_counter() - started

        posts = Counter(call.params["channel"] for call in fake.calls("chat.postMessage") if call.status == 200)
        limited = sum(1 for call in fake.calls("chat.postMessage") if call.status == 429)
        channels = [f"CB{n:05d}" for n in range(args.cohorts)]
        duplicates = sum(posts[c] - 1 for c in channels if posts[c] > 1)
        misses = sum(1 for c in channels if posts[c] == 0)
        print(f"cohorts:        {args.cohorts} ({'PostgreSQL' if 'postgres' in url else 'SQLite'})")
        print(f"wall time:      {wall:.2f} s")
        print(f"posts made:     {sum(posts.values())}")
        print(f"429s answered:  {limited} (each waited Retry-After, then retried)")
        print(f"duplicates:     {duplicates}")
        print(f"misses:         {misses}")
        print(f"tick report:    {report}")
        goal = duplicates == 0 and misses == 0 and wall < 15
        print(f"goal (0 duplicates, 0 misses, < 15 s): {'met' if goal else 'NOT met'}")
        services.db.dispose()


if __name__ == "__main__":
    main()
