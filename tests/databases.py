"""PostgreSQL databases for tests and benchmarks: a scratch one emptied, or a new one of their own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import uuid4

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage.db import Database, normalise_url


def reset_postgres(url: str) -> None:
    """Drop every table, trigger and function of ours: the public schema starts again empty."""
    database = Database(url)
    with database.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    database.dispose()


@contextmanager
def fresh_database(server_url: str, prefix: str = "cohortbot") -> Iterator[str]:
    """A new, empty database on the PostgreSQL server of `server_url`, dropped afterwards; its URL."""
    name = f"{prefix}_{uuid4().hex[:12]}"
    admin = create_engine(normalise_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
