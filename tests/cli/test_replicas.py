"""Replicas on one database: starting together they all come up; ticking together they share the work,
one of them leads, and when one is killed mid fan-out the other settles what it left and takes the lead."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text

from bot.delivery.engine import WORKERS
from bot.programme.schedule import schedule
from storage.db import MIGRATIONS, Database
from storage.models import Cohort, Delivery
from tests.bot_process import start_bot
from tests.cohorts_due import cohorts_due_at_once
from tests.conftest import BOT_TOKEN, POSTGRES_URL, SIGNING_SECRET
from tests.databases import fresh_database
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
HEAD = ScriptDirectory(str(MIGRATIONS)).get_current_head()  # the newest migration
COHORTS = 1200  # more than two claim batches, so both replicas have rows claimed when one is killed


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of its own, empty: a new SQLite file, or a PostgreSQL database dropped after the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("needs PostgreSQL: set COHORTBOT_TEST_DATABASE_URL (CI sets it)")
    with fresh_database(POSTGRES_URL, "cohortbot_startup") as url:
        yield url


def start_cohortbot(*args: str, database_url: str, cwd: Path, extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "COHORTBOT_"))},
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        **(extra_env or {}),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def test_four_processes_starting_together_on_an_empty_database_all_come_up(empty_database, tmp_path):
    commands = [("migrate",), ("cohort", "list"), ("migrate",), ("cohort", "list")]
    processes = [start_cohortbot(*command, database_url=empty_database, cwd=tmp_path) for command in commands]
    results = [finish(process) for process in processes]

    for code, _out, err in results:
        assert code == 0, err
        assert "Traceback" not in err
    assert f"is up to date (migration {HEAD})" in results[0][1]
    assert "No cohorts yet" in results[1][1]
    database = Database(empty_database)
    try:
        assert database.revision() == HEAD
        with database.read() as session:
            assert session.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    finally:
        database.dispose()


@pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL: set COHORTBOT_TEST_DATABASE_URL (CI sets it)")
def test_two_ticks_at_once_one_leads_and_the_other_says_so(ctx, database_url, fake_slack, make_cohort, tmp_path):
    cohort = make_cohort(channel="C111", start=date.today() + timedelta(weeks=2))  # nothing past to catch up on
    with ctx.db.write() as session:
        schedule(session, session.get(Cohort, cohort.id))
        week_1 = session.scalar(
            select(Delivery).where(Delivery.cohort_id == cohort.id, Delivery.week == 1, Delivery.kind == "prompt")
        )
        week_1.due_at = datetime.now(UTC) - timedelta(minutes=1)
    slack = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": fake_slack.base_url}
    fake_slack.hold("chat.postMessage")

    def tick() -> subprocess.Popen:
        return start_cohortbot("tick", database_url=database_url, cwd=tmp_path, extra_env=slack)

    first = tick()
    fake_slack.wait_held("chat.postMessage", timeout=120)  # the first tick is running: it is posting week 1
    second_code, second_out, second_err = finish(tick())
    fake_slack.release("chat.postMessage")
    first_code, first_out, first_err = finish(first)

    assert second_code == 0, second_err
    assert second_out.startswith("Tick: 0 sent, 0 failed") and second_out.endswith("left to the leading process.\n")
    assert first_code == 0, first_err
    assert first_out.startswith("Tick: 1 sent, 0 failed")
    assert [call.params["channel"] for call in fake_slack.calls("chat.postMessage")] == ["C111"]


def prompts_left(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).where(Delivery.kind == "prompt", Delivery.status != "sent")) or 0


@pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL: set COHORTBOT_TEST_DATABASE_URL (CI sets it)")
def test_a_replica_killed_mid_fan_out_loses_nothing_and_doubles_nothing(ctx, database_url, fake_slack, tmp_path):
    channels = cohorts_due_at_once(ctx, COHORTS)
    fake_slack.hold("chat.postMessage")
    settings = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.base_url,
        "DATABASE_URL": database_url,
        "COHORTBOT_TICK_SECONDS": "2",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    replicas = [start_bot(settings, tmp_path), start_bot(settings, tmp_path)]
    try:
        # Both are posting (one replica posts on WORKERS threads at most), and Slack is holding their posts.
        fake_slack.wait_held("chat.postMessage", count=WORKERS + 1, timeout=60)
        [leader] = [bot for bot in replicas if bot.health()["leader"]]
        [survivor] = [bot for bot in replicas if bot is not leader]
        leader.kill()  # mid fan-out: posts in flight (Slack will carry them out), rows claimed and not yet sent
        fake_slack.release("chat.postMessage")

        wait_until(lambda: prompts_left(ctx.db) == 0, timeout=120, what="every cohort's post to be sent")
        wait_until(lambda: survivor.health()["leader"], timeout=30, what="the survivor to lead")
        health = survivor.health()
    finally:
        for bot in replicas:
            bot.kill()

    posts = Counter(call.params["channel"] for call in fake_slack.calls("chat.postMessage") if call.status == 200)
    assert {channel: posts[channel] for channel in channels if posts[channel] != 1} == {}  # each exactly once
    assert all(len(fake_slack.history(channel)) == 1 for channel in channels)
    assert (health["http"], health["status"], health["scheduler"], health["leader"]) == (200, "ok", "running", True)
    with ctx.db.read() as session:
        taken_over = session.scalar(select(func.count()).where(Delivery.kind == "prompt", Delivery.attempts > 1))
    assert taken_over  # the survivor settled some of the dead replica's claims
