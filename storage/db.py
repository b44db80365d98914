"""Engine and session set-up for SQLite and PostgreSQL, and applying migrations."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 15_000
WRITE_OPTION = "cohortbot_write"
MIGRATION_LOCK = 0x6D696772  # "migr": one process migrates at a time


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain postgresql:// URLs (the driver we install)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs; the text itself if it is not a URL."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _configure_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout and BEGIN IMMEDIATE for writes, so threaded writers queue politely.

    The driver's own transaction handling is switched off so SQLAlchemy's BEGIN is the
    one that runs: a deferred BEGIN that later writes fails at once with "database is
    locked" whatever the timeout, while BEGIN IMMEDIATE waits for the lock.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def lock_transaction(executor: Session | Connection, key: int) -> None:
    """Hold lock `key` until this transaction ends; others asking for it wait their turn.

    On PostgreSQL a transaction-level advisory lock. On SQLite a write transaction
    (BEGIN IMMEDIATE) already holds the database's only write lock.
    """
    bind = executor.get_bind() if isinstance(executor, Session) else executor
    if bind.dialect.name == "postgresql":
        executor.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


class Database:
    """One engine and two kinds of session: read (deferred) and write (immediate on SQLite)."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        else:
            kwargs.update(pool_pre_ping=True, pool_size=10, max_overflow=20)
        self.engine = create_engine(self.url, **kwargs)
        if self.is_sqlite:
            _configure_sqlite(self.engine)
        self._write_lock: AbstractContextManager[object] = threading.Lock() if self.is_sqlite else nullcontext()
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: commits on success, rolls back on any error.

        On SQLite, writers in this process queue on a lock first: SQLite's own busy
        handler waits by sleeping in steps of up to 100 ms, which is what other
        processes still get, but threads here need not pay it.
        """
        with self._write_lock, self._write() as session, session.begin():
            yield session

    @contextmanager
    def leader_lock(self, key: int) -> Iterator[bool]:
        """True for the one holder of lock `key` across processes (a PostgreSQL advisory lock).

        SQLite has no such lock and serialises writers anyway, so everyone is told True.
        """
        if self.is_sqlite:
            yield True
            return
        with self.engine.connect() as connection:
            held = bool(connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar())
            try:
                yield held
            finally:
                if held:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.rollback()

    def migrate(self) -> None:
        """Bring the schema up to the newest migration; processes starting together take turns.

        The upgrade runs in one transaction that first takes the database's write lock:
        an advisory lock on PostgreSQL, BEGIN IMMEDIATE on SQLite. Whoever waited finds
        the schema already up to date and has nothing to do.
        """
        with self.engine.connect().execution_options(**{WRITE_OPTION: True}) as connection:
            self._sqlite_foreign_keys(connection, on=False)
            try:
                with connection.begin():
                    lock_transaction(connection, MIGRATION_LOCK)
                    command.upgrade(alembic_config(connection), "head")
            finally:
                self._sqlite_foreign_keys(connection, on=True)

    def _sqlite_foreign_keys(self, connection: Connection, *, on: bool) -> None:
        """Batch mode rebuilds a SQLite table by dropping it, and with foreign keys on, DROP TABLE first
        deletes the rows that refer to it (ON DELETE CASCADE). The pragma is ignored inside a
        transaction, so it goes to the driver's connection before the write lock is taken.
        """
        if self.is_sqlite:
            connection.connection.driver_connection.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")

    def revision(self) -> str | None:
        """The migration the schema is at; None before the first."""
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - any failure means "not reachable"
            return False

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config
