"""The database layer: UTC in and out, and writers that queue instead of failing."""

import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta, timezone

import psycopg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

import storage.db
from bot.journal.reflections import ReflectionRequest, add_reflection
from storage.db import MIGRATION_LOCK, PG_STATEMENT_TIMEOUT_MS, WRITE_WAIT_SECONDS, Database, normalise_url
from storage.models import Cohort, Reflection
from tests.workspaces import TEAM


def test_times_come_back_as_aware_utc(db):
    local = datetime(2026, 7, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    with db.write() as session:
        session.add(Cohort(platform=TEAM.platform, workspace=TEAM.id, name="A", start_date=date(2026, 7, 1), created_at=local))
    with db.read() as session:
        created = session.scalar(select(Cohort.created_at))
    assert created == local and created.tzinfo == UTC


def test_naive_times_are_refused(db):
    with pytest.raises(Exception, match="naive datetime"), db.write() as session:
        naive = datetime(2026, 7, 1, 10, 0)
        session.add(Cohort(platform=TEAM.platform, workspace=TEAM.id, name="A", start_date=date(2026, 7, 1), created_at=naive))


def test_plain_postgresql_urls_use_psycopg_3():
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


def test_many_threads_and_a_second_process_can_write_at_once(db, database_url, make_cohort):
    """Bolt's worker threads and a scheduler in another process (its own engine) write together."""
    make_cohort(delegates=[f"U{n}" for n in range(8)])
    other_process = Database(database_url)
    errors: list[BaseException] = []

    def write_many(database: Database, user: str, count: int) -> None:
        try:
            for i in range(count):
                entry = ReflectionRequest(person=TEAM.person(user), text=f"{user} {i}", source_key=f"{user}-{i}")
                add_reflection(database, entry)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write_many, args=(db, f"U{n}", 20)) for n in range(6)]
    threads += [threading.Thread(target=write_many, args=(other_process, f"U{n}", 20)) for n in (6, 7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other_process.dispose()
    assert errors == []
    with db.read() as session:
        assert session.scalar(select(func.count(Reflection.id))) == 8 * 20


def test_postgresql_sessions_give_up_on_a_statement_in_time(db):
    if db.is_sqlite:
        pytest.skip("PostgreSQL's statement timeout")
    with db.read() as session:
        assert session.scalar(text("SHOW statement_timeout")) == f"{PG_STATEMENT_TIMEOUT_MS // 1000}s"
        with pytest.raises(OperationalError, match="statement timeout"):
            session.execute(text("SELECT pg_sleep(5)"))



def test_a_postgresql_connection_that_died_while_pooled_is_replaced_before_anyone_uses_it(db, monkeypatch, make_cohort):
    if db.is_sqlite:
        pytest.skip("PostgreSQL's connection pool")
    make_cohort(delegates=["U1"])  # leaves connections in the pool
    monkeypatch.setattr(storage.db, "PING_AFTER_IDLE_SECONDS", 0.0)
    with psycopg.connect(make_url(db.url).set(drivername="postgresql").render_as_string(hide_password=False)) as admin:
        others = "datname = current_database() AND pid <> pg_backend_pid()"
        admin.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {others}")
    saved = add_reflection(db, ReflectionRequest(person=TEAM.person("U1"), text="After a restart"))
    assert saved.id and not saved.duplicate


def test_a_migration_waits_for_another_process_longer_than_a_person_would(database_url):
    """Processes starting together take turns to migrate; the short waits meant for people don't apply."""
    fresh = Database(database_url)
    if fresh.is_sqlite:
        other = sqlite3.connect(make_url(database_url).database, isolation_level=None, check_same_thread=False)
        other.execute("PRAGMA journal_mode = WAL")  # as cohortbot sets it
        other.execute("BEGIN IMMEDIATE")
        release = other.rollback
    else:
        other = psycopg.connect(database_url, autocommit=True)
        other.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
        release = lambda: other.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))  # noqa: E731
    timer = threading.Timer(WRITE_WAIT_SECONDS + PG_STATEMENT_TIMEOUT_MS / 1000, release)
    timer.start()
    try:
        fresh.migrate()
        assert fresh.revision() is not None
    finally:
        timer.join()
        other.close()
        fresh.dispose()
