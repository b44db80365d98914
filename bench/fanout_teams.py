"""`bench/fanout.py --platform teams`: the cohorts spread over Microsoft Entra tenants, each tenant one team whose
channels are its cohorts', posted through `TeamsMessenger` to the fake Bot Connector."""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx

from bench.fanout_setup import Fanout, cohorts_due_now
from bot.delivery.engine import WORKERS
from bot.messaging.addresses import TEAMS, Workspace
from handlers.bootstrap import bootstrap
from handlers.teams import conversations
from handlers.teams.limits import PER_TENANT
from tests.fakes.teams import CLIENT_ID, CLIENT_SECRET, FakeTeams
from tests.teams.helpers import teams_settings

GOAL_SECONDS = 20.0


def tenant(t: int) -> str:
    return f"{t + 1:08x}-0000-4000-8000-00000000be00"


def team(t: int) -> str:
    return f"19:bench-team-{t}@thread.tacv2"


def channel(n: int, prefix: str = "bench") -> str:
    return f"19:{prefix}-{n:05d}@thread.tacv2"


def post_body(tenant_id: str, channel_id: str) -> dict:
    """A new top-level post in a channel, as the Bot Connector takes it (`POST v3/conversations`)."""
    return {
        "isGroup": True,
        "bot": {"id": f"28:{CLIENT_ID}"},
        "tenantId": tenant_id,
        "channelData": {"channel": {"id": channel_id}, "tenant": {"id": tenant_id}},
        "activity": {"type": "message", "text": "baseline"},
    }


def baseline(fake: FakeTeams, cohorts: int) -> float:
    """Seconds for bare HTTP posts to as many other channels, on the tick's number of threads: one token, a 429
    tried again at once, no rate limits of our own, no database."""
    fake.teams[team(-1)] = [{"id": channel(n, "baseline"), "name": f"Baseline {n}"} for n in range(cohorts)]
    with httpx.Client(limits=httpx.Limits(max_connections=WORKERS, max_keepalive_connections=WORKERS)) as http:
        form = {"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
        token = http.post(fake.token_url, data=form | {"scope": "https://api.botframework.com/.default"}).json()["access_token"]

        headers = {"Authorization": f"Bearer {token}"}

        def post(n: int) -> None:
            body = post_body(tenant(0), channel(n, "baseline"))
            while http.post(f"{fake.service_url}v3/conversations", json=body, headers=headers).status_code == 429:
                pass

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=min(WORKERS, cohorts)) as pool:
            list(pool.map(post, range(cohorts)))
        return time.perf_counter() - started


@contextmanager
def fanout(args: argparse.Namespace, database_url: str) -> Iterator[Fanout]:
    with FakeTeams() as fake:
        ctx = bootstrap(teams_settings(fake, database_url))
        tenants = max(1, min(args.tenants, args.cohorts))
        channels = [channel(n) for n in range(args.cohorts)]
        for t in range(tenants):
            fake.teams[team(t)] = [{"id": channels[n], "name": f"Bench {n}"} for n in range(t, args.cohorts, tenants)]
            for n in range(t, args.cohorts, tenants):  # as the bot learnt them when it was added to each team
                conversations.remember(ctx.db, tenant(t), channels[n], fake.service_url, kind=conversations.CHANNEL, team=team(t))
        with ctx.db.write() as session:
            cohorts_due_now(session, ((Workspace(TEAMS, tenant(n % tenants)), f"Bench {n}", c) for n, c in enumerate(channels)))
        fake.latency, fake.rate_limit_fraction = 0.05, 0.05
        wanted = set(channels)

        def calls() -> list:
            return [
                call
                for call in fake.calls("create_conversation")
                if ((call.body or {}).get("channelData") or {}).get("channel", {}).get("id") in wanted
            ]

        largest = -(-args.cohorts // tenants)  # cohorts in the busiest tenant
        yield Fanout(
            ctx=ctx,
            channels=channels,
            baseline=lambda: baseline(fake, args.cohorts),
            baseline_label="bare HTTP posts",
            posts=lambda: Counter(call.body["channelData"]["channel"]["id"] for call in calls() if call.status == 200),
            rate_limited=lambda: sum(1 for call in calls() if call.status == 429),
            goal_seconds=GOAL_SECONDS,
            notes=(
                f"tenants:        {tenants} (up to {largest} cohorts each)",
                f"Teams' floor:   {max(0.0, (largest - PER_TENANT) / PER_TENANT):.2f} s "
                f"({PER_TENANT:g} messages a second per tenant, which the bot keeps to)",
            ),
        )
