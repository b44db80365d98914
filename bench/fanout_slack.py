"""`bench/fanout.py --platform slack`: the cohorts in one Slack workspace, through the fake Slack Web API."""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from bench.fanout_setup import Fanout, cohorts_due_now
from bot.config import Settings
from bot.delivery.engine import WORKERS
from handlers.bootstrap import bootstrap
from handlers.slack.app import web_client
from tests.fakes.slack_api import FakeSlack

GOAL_RATIO = 1.5


def baseline(settings: Settings, cohorts: int) -> float:
    """Seconds for a bare client to post one message to each channel, on the tick's number of threads."""
    client = web_client(settings)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=min(WORKERS, cohorts)) as pool:
        list(pool.map(lambda n: client.chat_postMessage(channel=f"CX{n:05d}", text="baseline"), range(cohorts)))
    return time.perf_counter() - started


@contextmanager
def fanout(args: argparse.Namespace, database_url: str) -> Iterator[Fanout]:
    with FakeSlack() as fake:
        settings = Settings(_env_file=None, slack_bot_token="xoxb-bench", slack_api_url=fake.base_url, database_url=database_url)
        ctx = bootstrap(settings)
        channels = [f"CB{n:05d}" for n in range(args.cohorts)]
        with ctx.db.write() as session:
            cohorts_due_now(session, ((ctx.workspace, f"Bench {n}", channel) for n, channel in enumerate(channels)))
        fake.latency, fake.rate_limit_fraction, fake.random_retry_after = 0.05, 0.05, 1

        def calls() -> list:
            return [call for call in fake.calls("chat.postMessage") if call.params["channel"].startswith("CB")]

        yield Fanout(
            ctx=ctx,
            channels=channels,
            baseline=lambda: baseline(settings, args.cohorts),
            baseline_label="bare slack_sdk client",
            posts=lambda: Counter(call.params["channel"] for call in calls() if call.status == 200),
            rate_limited=lambda: sum(1 for call in calls() if call.status == 429),
            goal_ratio=GOAL_RATIO,
        )
