"""How fast does the bot acknowledge /reflect, against a bare Bolt app that only acks?

Both servers run as separate processes on 127.0.0.1 behind the same WSGI server; this
process sends N signed slash commands at concurrency C to each, in the same run, and
prints p50/p95/p99 latency, throughput, server CPU per request, errors, lost rows (a
request acknowledged with 200 whose reflection is not in the database) and the ratio to
the bare app. SQLite always; PostgreSQL too when `--database` names one. The bare app
is measured again next to each database, so the two bare lines show the run's noise.

    python bench/ack_latency.py [--requests 2000] [--concurrency 16] [--database postgresql://...]

`--database` must be a scratch database: its public schema is emptied first.
Goal (issue 16): p50 at most 2x bare and p99 under 150 ms at C=16 on both databases, no lost rows.
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
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

from sqlalchemy import func, select  # noqa: E402

from bot.programme.cohorts import create_cohort, enrol  # noqa: E402
from storage.db import Database, safe_url  # noqa: E402
from storage.models import Reflection  # noqa: E402
from tests.databases import reset_postgres  # noqa: E402
from tests.fakes.requests import SlackRequester, slash_command_envelope_payload  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402
from tests.workspaces import TEAM  # noqa: E402

SECRET = "bench-signing-secret"
FORM = "application/x-www-form-urlencoded"
WARM_UP = 100
P99_GOAL_MS = 150.0
RATIO_GOAL = 2.0
BARE_THREADS = 16  # waitress's threads for the bare app, as in the baseline the goal was set against


def serve_bare(port: int, api_url: str) -> None:
    """A Bolt app whose /reflect only acks, on the same WSGI server as the bot."""
    from slack_bolt import App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient
    from waitress import serve

    app = App(client=WebClient(token="xoxb-bench", base_url=api_url), signing_secret=SECRET)
    app.command("/reflect")(lambda ack: ack())
    serve(SlackRequestHandler(app), host="127.0.0.1", port=port, threads=BARE_THREADS, _quiet=True)


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
    with db.write() as session:
        cohort = create_cohort(session, TEAM, "Bench", conversation="C1", start_date=date.today(), timezone="Europe/London")
        for n in range(delegates):
            enrol(session, cohort, f"U{n:04d}", "delegate", by=None, display_name=f"Delegate {n}")
    db.dispose()


def stored_rows(database_url: str) -> int:
    db = Database(database_url)
    with db.read() as session:
        stored = session.scalar(select(func.count(Reflection.id))) or 0
    db.dispose()
    return stored


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far (Linux), 0 elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Figures:
    latencies: list[float]
    errors: int
    wall: float
    cpu: float

    def percentile_ms(self, share: float) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[int(share * 100) - 1] * 1000

    def line(self, name: str, lost: str = "") -> str:
        p50, p95, p99 = (self.percentile_ms(q) for q in (0.50, 0.95, 0.99))
        n = len(self.latencies)
        return (
            f"{name:<22} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms  {n / self.wall:5.0f} req/s  "
            f"CPU {1000 * self.cpu / n:4.2f} ms/req  errors {self.errors}{lost}"
        )


def fire(requester: SlackRequester, pid: int, n: int, concurrency: int, delegates: int) -> Figures:
    bodies = [
        urlencode(slash_command_envelope_payload(text=f"bench reflection {i}", user_id=f"U{i % delegates:04d}"))
        for i in range(n)
    ]

    def one(body: str) -> tuple[float, int]:
        started = time.perf_counter()
        status = requester.raw(body, FORM).status
        return time.perf_counter() - started, status

    cpu_before, started = cpu_seconds(pid), time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, bodies))
    wall, cpu = time.perf_counter() - started, cpu_seconds(pid) - cpu_before
    return Figures([latency for latency, _ in results], sum(status != 200 for _, status in results), wall, cpu)


@contextmanager
def served(command: list[str], env: dict[str, str], cwd: str) -> Iterator[tuple[SlackRequester, int]]:
    port = free_port()
    process = subprocess.Popen(
        [*command, "--port", str(port)], env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for_port(port, process)
        yield SlackRequester(f"http://127.0.0.1:{port}", SECRET), process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def measure(name: str, database_url: str, fake: FakeSlack, args: argparse.Namespace, cwd: str) -> None:
    """Bare, then the bot on `database_url`, then the rows the bot acknowledged but did not store."""
    seed(database_url, args.delegates)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.base_url,
        "SLACK_APP_TOKEN": "",
    }
    bot = [sys.executable, "-m", "bot", "run", "--http", "--host", "127.0.0.1"]
    bare = [sys.executable, __file__, "--api-url", fake.base_url, "--serve-bare"]
    with served(bare, env, cwd) as (bare_requester, bare_pid), served(bot, env, cwd) as (bot_requester, bot_pid):
        fire(bare_requester, bare_pid, WARM_UP, args.concurrency, args.delegates)
        warm = fire(bot_requester, bot_pid, WARM_UP, args.concurrency, args.delegates)
        bare_figures = fire(bare_requester, bare_pid, args.requests, args.concurrency, args.delegates)
        bot_figures = fire(bot_requester, bot_pid, args.requests, args.concurrency, args.delegates)
    acknowledged = len(warm.latencies) - warm.errors + len(bot_figures.latencies) - bot_figures.errors
    lost = acknowledged - stored_rows(database_url)
    ratio = bot_figures.percentile_ms(0.5) / bare_figures.percentile_ms(0.5)
    p99 = bot_figures.percentile_ms(0.99)
    print(bare_figures.line("bare Bolt"))
    print(bot_figures.line(f"cohortbot, {name}", f"  lost {lost}"))
    verdict = "met" if ratio <= RATIO_GOAL and p99 < P99_GOAL_MS and lost == 0 else "NOT met"
    print(f"{'':<22} ratio p50 {ratio:.2f}x bare, p99 {p99:.0f} ms: goal {verdict}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--delegates", type=int, default=50)
    parser.add_argument("--database", help="a scratch PostgreSQL database to measure too (emptied first)")
    parser.add_argument("--serve-bare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(args.port, args.api_url)
        return 0

    print(
        f"{args.requests} signed /reflect requests at concurrency {args.concurrency}, {args.delegates} delegates; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    with FakeSlack() as fake, tempfile.TemporaryDirectory() as tmp:
        measure("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}", fake, args, tmp)
        if args.database:
            reset_postgres(args.database)
            measure("PostgreSQL", args.database, fake, args, tmp)
            print(f"(PostgreSQL at {safe_url(args.database)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
