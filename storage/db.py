"""Engine and session set-up for SQLite and PostgreSQL, and applying migrations."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as NoAnswerInTime
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, Executable, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
WRITE_OPTION = "cohortbot_write"
MIGRATION_LOCK = 0x6D696772  # "migr": one process migrates at a time

# Slack wants an answer within 3 s, so no wait on the database may use that up: a person
# whose words cannot be stored in time is told so, with their words, well before then.
WRITE_WAIT_SECONDS = 2.0  # SQLite: for this process's other writers and another process's write lock together
SQLITE_BUSY_TIMEOUT_MS = int(WRITE_WAIT_SECONDS * 1000)
BUSY_KEY = "cohortbot_busy_timeout_ms"
WAIT_OPTION = "cohortbot_write_wait_ms"  # a write transaction that may wait longer than a person can
MIGRATION_WAIT_MS = 60_000  # for another process's migration, when processes start together
PG_CONNECT_TIMEOUT_SECONDS = 2  # libpq's smallest
PG_STATEMENT_TIMEOUT_MS = 2_000
POOL_TIMEOUT_SECONDS = 2
PING_AFTER_IDLE_SECONDS = 1.0
IDLE_SINCE = "cohortbot_idle_since"
# /healthz answers within this, whatever the database is doing.
HEALTH_TIMEOUT_SECONDS = 1.5
HEALTH_BUSY_TIMEOUT_MS = 250
OK, LOCKED, UNREACHABLE, NOT_ANSWERING = "ok", "locked", "unreachable", "not answering"
_health_checks = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cohortbot-health")
T = TypeVar("T")


class DatabaseBusy(Exception):
    """This process's other writers kept the database longer than a person can wait."""


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


def _configure_sqlite(engine: Engine, write_wait_ms: Callable[[], int]) -> None:
    """WAL, a busy timeout and BEGIN IMMEDIATE for writes, so threaded writers queue politely.

    The driver's own transaction handling is switched off so SQLAlchemy's BEGIN is the
    one that runs: a deferred BEGIN that later writes fails at once with "database is
    locked" whatever the timeout, while BEGIN IMMEDIATE waits for the lock, here for
    `write_wait_ms()` at most.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = ON")  # deleted text is overwritten, not left in free space
        cursor.close()
        record.info[BUSY_KEY] = SQLITE_BUSY_TIMEOUT_MS

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if not options.get(WRITE_OPTION, False):
            connection.exec_driver_sql("BEGIN")
            return
        wait_ms = options[WAIT_OPTION] if WAIT_OPTION in options else write_wait_ms()
        if connection.info.get(BUSY_KEY) != wait_ms:  # a PRAGMA only when the wait changes
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {wait_ms}")
            connection.info[BUSY_KEY] = wait_ms
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _engine_options(is_sqlite: bool) -> dict[str, Any]:
    if is_sqlite:
        return {"connect_args": {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    return {
        "connect_args": {
            "connect_timeout": PG_CONNECT_TIMEOUT_SECONDS,
            "options": f"-c statement_timeout={PG_STATEMENT_TIMEOUT_MS}",
        },
        "pool_size": 10,
        "max_overflow": 20,
        "pool_timeout": POOL_TIMEOUT_SECONDS,
    }


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled PostgreSQL connection before it is used, but only after PING_AFTER_IDLE_SECONDS
    unused: SQLAlchemy's pool_pre_ping would add a round trip to every transaction, and one used
    moments ago is alive. A dead one is replaced by a new connection (DisconnectionError), so a
    restarted server costs nobody their words; one that dies while in use fails that transaction,
    and SQLAlchemy then renews the whole pool.
    """

    @event.listens_for(engine, "checkin")
    def _checked_in(dbapi_connection: Any, record: Any) -> None:
        record.info[IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        idle_since = record.info.get(IDLE_SINCE)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError(f"a pooled connection had gone: {error}") from error


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
        self.engine = create_engine(self.url, echo=echo, **_engine_options(self.is_sqlite))
        self._write_lock = threading.Lock()
        self._write_wait_ms = SQLITE_BUSY_TIMEOUT_MS  # what is left of the writer's wait; set under the lock
        if self.is_sqlite:
            _configure_sqlite(self.engine, lambda: self._write_wait_ms)
        else:
            _ping_when_idle(self.engine)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write_engine = self.engine.execution_options(**{WRITE_OPTION: True})
        self._write = sessionmaker(self._write_engine, expire_on_commit=False)
        self._memos: dict[str, Any] = {}
        self._memos_lock = threading.Lock()

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """One object per database and `key`, made on first use: e.g. a cache of rows, which must
        not outlive the database it was filled from nor be shared with another."""
        with self._memos_lock:
            if key not in self._memos:
                self._memos[key] = make()
            return self._memos[key]  # type: ignore[no-any-return]

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: commits on success, rolls back on any error."""
        with self._writers_turn(), self._write() as session, session.begin():
            yield session

    def write_scalar(self, statement: Executable, params: dict[str, Any]) -> Any:
        """Run one statement that is a whole write transaction by itself; its result's first value.

        On PostgreSQL it is sent in autocommit mode: one round trip, where BEGIN, the
        statement and COMMIT are three; it is committed (and durable) once it returns, as
        any transaction. On SQLite it is an ordinary write transaction on a connection,
        which skips the session's bookkeeping.
        """
        if not self.is_sqlite:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                return connection.execute(statement, params).scalar()
        with self._writers_turn(), self._write_engine.connect() as connection, connection.begin():
            return connection.execute(statement, params).scalar()

    @contextmanager
    def _writers_turn(self) -> Iterator[None]:
        """On SQLite, writers in this process queue on a lock first: SQLite's own busy
        handler waits by sleeping in steps of up to 100 ms, which is what other
        processes still get, but threads here need not pay it. Both waits together last
        at most WRITE_WAIT_SECONDS (then DatabaseBusy, or "database is locked"), so a
        person is answered in time instead. PostgreSQL's writers need no turn.
        """
        if not self.is_sqlite:
            yield
            return
        deadline = time.monotonic() + WRITE_WAIT_SECONDS
        if not self._write_lock.acquire(timeout=WRITE_WAIT_SECONDS):
            raise DatabaseBusy(f"other writers held the database for over {WRITE_WAIT_SECONDS} s")
        try:
            # In 100 ms steps, so the busy timeout is set again only when a wait used some up.
            self._write_wait_ms = max(0, int((deadline - time.monotonic()) * 10)) * 100
            yield
        finally:
            self._write_lock.release()

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
        the schema already up to date and has nothing to do. The short waits meant for
        people (statement and busy timeouts) do not apply: a migration may take a while.
        """
        options = {WRITE_OPTION: True, WAIT_OPTION: MIGRATION_WAIT_MS}
        with self.engine.connect().execution_options(**options) as connection:
            self._sqlite_foreign_keys(connection, on=False)
            try:
                with connection.begin():
                    if not self.is_sqlite:
                        connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
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

    def checkpoint(self) -> bool:
        """Copy SQLite's write-ahead log into the database file and empty it, so text deleted
        (and overwritten, see secure_delete) lingers in neither; True when the log is empty.

        Waits at most HEALTH_BUSY_TIMEOUT_MS for other writers; a reader still using an older
        snapshot leaves the log as it is for a later try. Nothing to do on PostgreSQL.
        """
        if not self.is_sqlite:
            return True
        connection = self._own_sqlite_connection()
        try:
            busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            return busy == 0
        except sqlite3.OperationalError:
            return False
        finally:
            connection.close()

    def revision(self) -> str | None:
        """The migration the schema is at; None before the first."""
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def health(self) -> str:
        """OK, or why the database cannot be used now: LOCKED (SQLite's write lock), UNREACHABLE or NOT_ANSWERING.

        Answers within HEALTH_TIMEOUT_SECONDS: a check still waiting then is left to finish
        on its own (the connect and busy timeouts end it).
        """
        try:
            return _health_checks.submit(self._check_writable).result(timeout=HEALTH_TIMEOUT_SECONDS)
        except NoAnswerInTime:
            return NOT_ANSWERING

    def _check_writable(self) -> str:
        try:
            if self.is_sqlite:
                return self._check_sqlite_write_lock()
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return OK
        except Exception:  # noqa: BLE001 - any failure means "not reachable"
            return UNREACHABLE

    def _own_sqlite_connection(self) -> sqlite3.Connection:
        """A connection outside the pool that waits only briefly for another's write lock."""
        return sqlite3.connect(str(make_url(self.url).database), timeout=HEALTH_BUSY_TIMEOUT_MS / 1000)

    def _check_sqlite_write_lock(self) -> str:
        """Take the write lock and let it go at once, on a connection of its own, waiting only briefly."""
        connection = self._own_sqlite_connection()
        try:
            connection.isolation_level = None
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            return OK
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                return LOCKED
            raise
        finally:
            connection.close()

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config
