"""The database layer: UTC in and out, and writers that queue instead of failing."""

import threading
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.journal.reflections import ReflectionRequest, add_reflection
from storage.db import Database, normalise_url
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
