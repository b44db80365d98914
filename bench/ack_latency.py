"""How fast does the bot acknowledge /reflect, against a bare Bolt app that only acks?

Both servers run as separate processes on 127.0.0.1 behind the same WSGI server; this
process sends N signed slash commands at concurrency C to each, in the same run, and
prints p50/p95/p99 latency, throughput, errors, lost rows and the ratio to the bare app.

    python bench/ack_latency.py [--requests 2000] [--concurrency 16]

Goal (issue 2): zero errors and zero lost rows at C=16, p99 under 250 ms, p50 at most 2x bare.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

from sqlalchemy import func, select  # noqa: E402

from bot.programme.cohorts import create_cohort, enrol  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.models import Reflection  # noqa: E402
from tests.fakes.requests import SlackRequester, slash_command_envelope_payload  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402
from tests.workspaces import TEAM  # noqa: E402

SECRET = "bench-signing-secret"
FORM = "application/x-www-form-urlencoded"


def serve_bare(port: int, api_url: str) -> None:
    """A Bolt app whose /reflect only acks, on the same WSGI server as the bot."""
    from slack_bolt import App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient
    from waitress import serve

    app = App(client=WebClient(token="xoxb-bench", base_url=api_url), signing_secret=SECRET)
    app.command("/reflect")(lambda ack: ack())
    serve(SlackRequestHandler(app), host="127.0.0.1", port=port, threads=16, _quiet=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


def seed(database_url: str, delegates: int) -> None:
    db = Database(database_url)
    db.migrate()
    from datetime import date

    with db.write() as session:
        cohort = create_cohort(session, TEAM, "Bench", conversation="C1", start_date=date.today(), timezone="Europe/London")
        for n in range(delegates):
            enrol(session, cohort, f"U{n:04d}", "delegate", by=None, display_name=f"Delegate {n}")
    db.dispose()


def fire(requester: SlackRequester, n: int, concurrency: int, delegates: int) -> tuple[list[float], int, float]:
    bodies = [
        urlencode(slash_command_envelope_payload(text=f"bench reflection {i}", user_id=f"U{i % delegates:04d}"))
        for i in range(n)
    ]

    def one(body: str) -> tuple[float, int]:
        started = time.perf_counter()
        status = requester.raw(body, FORM).status
        return time.perf_counter() - started, status

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, bodies))
    wall = time.perf_counter() - started
    return [latency for latency, _ in results], sum(status != 200 for _, status in results), wall


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def report(name: str, latencies: list[float], errors: int, wall: float) -> float:
    p50, p95, p99 = (percentile(latencies, q) * 1000 for q in (0.50, 0.95, 0.99))
    print(
        f"{name:<10} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms  "
        f"{len(latencies) / wall:7.0f} req/s  errors {errors}"
    )
    return p50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--delegates", type=int, default=50)
    parser.add_argument("--serve-bare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(args.serve_bare, args.api_url)
        return 0

    with FakeSlack() as fake, tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        seed(database_url, args.delegates)
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.base_url,
            "SLACK_APP_TOKEN": "",
        }
        bot_port, bare_port = free_port(), free_port()
        servers = [
            subprocess.Popen(
                [sys.executable, "-m", "bot", "run", "--http", "--host", "127.0.0.1", "--port", str(bot_port)],
                env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ),
            subprocess.Popen(
                [sys.executable, __file__, "--serve-bare", str(bare_port), "--api-url", fake.base_url],
                env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ),
        ]
        try:
            wait_for_port(bot_port, servers[0])
            wait_for_port(bare_port, servers[1])
            bot = SlackRequester(f"http://127.0.0.1:{bot_port}", SECRET)
            bare = SlackRequester(f"http://127.0.0.1:{bare_port}", SECRET)
            fire(bot, 100, args.concurrency, args.delegates)  # warm up both
            fire(bare, 100, args.concurrency, args.delegates)
            print(f"{args.requests} signed /reflect requests at concurrency {args.concurrency}")
            bare_p50 = report("bare Bolt", *fire(bare, args.requests, args.concurrency, args.delegates))
            bot_p50 = report("cohortbot", *fire(bot, args.requests, args.concurrency, args.delegates))
            time.sleep(1)  # let the last profile look-ups finish
            db = Database(database_url)
            with db.read() as session:
                stored = session.scalar(select(func.count(Reflection.id))) or 0
            db.dispose()
            expected = args.requests + 100
            print(f"rows stored {stored} of {expected} (lost {expected - stored})")
            print(f"ratio p50 cohortbot / bare: {bot_p50 / bare_p50:.2f}")
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
