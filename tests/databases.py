"""PostgreSQL databases of their own, for tests and benchmarks that start several processes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import uuid4

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage.db import normalise_url


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
