"""A scratch PostgreSQL database emptied for a test or a benchmark run."""

from __future__ import annotations

from sqlalchemy import text

from storage.db import Database


def reset_postgres(url: str) -> None:
    """Drop every table, trigger and function of ours: the public schema starts again empty."""
    database = Database(url)
    with database.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    database.dispose()
