"""Replicas on one database: starting together they all come up, ticking together one of them runs the tick."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from bot.programme.schedule import schedule
from storage.db import MIGRATIONS, Database, normalise_url
from storage.models import Cohort, Delivery
from tests.conftest import POSTGRES_URL

ROOT = Path(__file__).resolve().parents[2]
HEAD = ScriptDirectory(str(MIGRATIONS)).get_current_head()  # the newest migration


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of its own, empty: a new SQLite file, or a PostgreSQL database dropped after the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("needs PostgreSQL: set COHORTBOT_TEST_DATABASE_URL (CI sets it)")
    name = f"cohortbot_startup_{uuid4().hex[:12]}"
    admin = create_engine(normalise_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


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
def test_two_ticks_at_once_one_runs_and_the_other_says_so(ctx, database_url, fake_slack, make_cohort, tmp_path):
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

    assert (second_code, second_out) == (0, "Another process is running the tick; nothing done.\n"), second_err
    assert first_code == 0, first_err
    assert first_out.startswith("Tick: 1 sent, 0 failed")
    assert [call.params["channel"] for call in fake_slack.calls("chat.postMessage")] == ["C111"]
