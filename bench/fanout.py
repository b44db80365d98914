"""Fan-out benchmark: many cohorts' weekly posts due in the same minute, through a slow, rate-limiting fake platform.

    python bench/fanout.py [--platform slack|teams] [--cohorts 1000] [--tenants 20] [--database-url postgresql://...]
    python bench/fanout.py --cohorts 100000 --replicas 2 --database-url postgresql://...

The fake answers every call after 50 ms and 5% of posts with HTTP 429. The baseline, in the same
process and against the same fake, posts the same number of messages with a bare client on as many
threads as the tick uses, with no database at all.

- Slack (`bench/fanout_slack.py`): a bare slack_sdk client. Goal: 0 duplicates, 0 misses, and the
  tick within 1.5x the baseline's wall time.
- Teams (`bench/fanout_teams.py`): cohorts spread over `--tenants` Microsoft Entra tenants, posted
  through `TeamsMessenger` and the fake Bot Connector; the baseline is bare HTTP posts. Goal: 0
  duplicates, 0 misses, all within 20 s. Teams allows about 50 messages a second per tenant, which
  the bot keeps to, so one tenant's cohorts can take no less than (cohorts - 50) / 50 seconds: the
  report prints that floor too.
- Replicas (`--replicas N`, Slack, PostgreSQL; `bench/fanout_replicas.py`): N real `cohortbot run`
  processes share the posts. Goal: 0 duplicates, 0 misses, all within 5 minutes, memory flat.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

from bench import fanout_replicas, fanout_slack, fanout_teams  # noqa: E402
from bench.fanout_setup import Platform  # noqa: E402
from bot.delivery.engine import WORKERS  # noqa: E402
from bot.delivery.ticker import tick  # noqa: E402

PLATFORMS: dict[str, Platform] = {"slack": fanout_slack.fanout, "teams": fanout_teams.fanout}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--platform", choices=sorted(PLATFORMS), default="slack")
    parser.add_argument("--cohorts", type=int, default=1000)
    parser.add_argument("--tenants", type=int, default=20, help="Teams: Microsoft Entra tenants the cohorts are spread over")
    parser.add_argument(
        "--database-url",
        help="an empty database to fill with bench cohorts (default: a fresh SQLite file); with --replicas, a PostgreSQL server",
    )
    parser.add_argument("--replicas", type=int, default=1, help="run the tick in N `cohortbot run` processes (PostgreSQL)")
    parser.add_argument("--timeout", type=float, default=1200, help="replicas: give up waiting after this many seconds")
    args = parser.parse_args()
    if args.replicas > 1:
        fanout_replicas.many_replicas(args)
        return
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        with PLATFORMS[args.platform](args, url) as run:
            bare = run.baseline()
            started = time.perf_counter()
            report = tick(run.ctx)
            wall = time.perf_counter() - started
            posts = run.posts()
            duplicates = sum(posts[c] - 1 for c in run.channels if posts[c] > 1)
            misses = sum(1 for c in run.channels if posts[c] == 0)
            ratio = wall / bare
            print(f"platform:       {args.platform}")
            print(f"cohorts:        {args.cohorts} ({'PostgreSQL' if 'postgres' in url else 'SQLite'})")
            for note in run.notes:
                print(note)
            print(f"baseline:       {bare:.2f} s ({run.baseline_label}, {min(WORKERS, args.cohorts)} threads, no database)")
            print(f"tick:           {wall:.2f} s (ratio {ratio:.2f})")
            print(f"posts made:     {sum(posts.values())}")
            print(f"429s answered:  {run.rate_limited()} (each waited out, then retried)")
            print(f"duplicates:     {duplicates}")
            print(f"misses:         {misses}")
            print(f"tick report:    {report}")
            print(f"goal ({run.goal()}): {'met' if run.met(wall, ratio, duplicates, misses) else 'NOT met'}")
            run.ctx.db.dispose()


if __name__ == "__main__":
    main()
