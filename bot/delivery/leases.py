"""Who leads, and which replicas are alive: lease rows in the database, renewed while a process runs.

Every process that ticks (`cohortbot run`, `cohortbot tick`) is a replica with an id of its own and
holds two kinds of lease, each a row of `leases` taken or renewed by one conditional upsert in a
short transaction (no session state, so it works behind PgBouncer in transaction mode, and on SQLite):

- its own, `replica/<id>`: while it is current, the replica's claims on deliveries and outbox rows
  are alive; once it lapses they are taken over at once (see `bot.delivery.claims`);
- the leader's, `leader`: exactly one replica at a time holds it; it runs the housekeeping
  (see `bot.delivery.ticker`), and any other replica takes it once it lapses.

Both last one tick interval (COHORTBOT_TICK_SECONDS) and are renewed three times in it, so a replica
killed mid-work has its claims taken over, and its leadership too, within two tick intervals.
Each process keeps its own lease times by its monotonic clock: a replica that could not renew
in time stops sending at once, before anyone else may take its claims.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, String, cast, delete, exists, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot import clock
from storage.db import Database
from storage.models import Lease

log = logging.getLogger(__name__)

LEADER = "leader"
REPLICA = "replica/"
RENEWALS_PER_LEASE = 3
FORGET_AFTER = timedelta(hours=1)  # a lapsed replica's row is kept this long, then housekeeping deletes it
RUNNING, STOPPED, LEASE_LAPSED, OFF = "running", "stopped", "lease lapsed", "off"  # a replica's scheduler


class Clock(Protocol):
    """What ticks for a replica (`bot.delivery.ticker.Ticking`)."""

    @property
    def running(self) -> bool: ...


def new_replica_id() -> str:
    """Unique, and telling an operator where the process runs: host, process id and a random part."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def take_lease(session: Session, name: str, holder: str, now: datetime, until: datetime) -> bool:
    """Take lease `name` for `holder` until `until`, or renew it; True if `holder` has it now.

    One statement: insert the row, or update it only where `holder` already has it or it has lapsed.
    """
    dialect = session.get_bind().dialect.name
    insert: Any = sqlite_insert if dialect == "sqlite" else postgresql_insert
    statement = (
        insert(Lease)
        .values(name=name, holder=holder, expires_at=until)
        .on_conflict_do_update(
            index_elements=[Lease.name],
            set_={"holder": holder, "expires_at": until},
            where=or_(Lease.holder == holder, Lease.expires_at <= now),
        )
        .returning(Lease.holder)
    )
    return session.execute(statement).scalar() == holder


def lapsed_holder(claimed_by: ColumnElement[str | None], now: datetime) -> ColumnElement[bool]:
    """Claims whose replica's own lease has lapsed: that replica is dead, or was cut off from the database."""
    replica_lease = cast(literal(REPLICA), String) + claimed_by
    return exists(select(Lease.name).where(Lease.name == replica_lease, Lease.expires_at <= now))


def leader_of(db: Database) -> str | None:
    """Who holds the leader's lease now, if anyone."""
    with db.read() as session:
        return session.scalar(select(Lease.holder).where(Lease.name == LEADER, Lease.expires_at > clock.now()))


def forget_lapsed_replicas(session: Session, now: datetime) -> int:
    """Delete the rows of replicas gone for a while; any claims they left were taken over long ago."""
    gone = delete(Lease).where(Lease.name.startswith(REPLICA), Lease.expires_at < now - FORGET_AFTER)
    return session.execute(gone.execution_options(synchronize_session=False)).rowcount


class Replica:
    """This process as one of the replicas: its id, its leases, and whether they are still current."""

    def __init__(self, db: Database, lease: timedelta, replica_id: str | None = None) -> None:
        self.db = db
        self.lease = lease
        self.id = replica_id or new_replica_id()
        self._alive_until = 0.0  # monotonic seconds
        self._leads_until = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.clock: Clock | None = None  # set once it ticks

    @property
    def state(self) -> str:
        """RUNNING; STOPPED when its clock is; LEASE_LAPSED when it could not renew its lease in time."""
        if self.clock is not None and not self.clock.running:
            return STOPPED
        return RUNNING if self.alive else LEASE_LAPSED

    @property
    def alive(self) -> bool:
        """Whether this replica's own lease is surely still current, so its claims are its own."""
        return time.monotonic() < self._alive_until

    @property
    def leads(self) -> bool:
        return time.monotonic() < self._leads_until

    def renew(self) -> bool:
        """Renew this replica's lease, and take or keep the leader's; True if it leads."""
        started, now = time.monotonic(), clock.now()
        until = now + self.lease
        with self.db.write() as session:
            take_lease(session, REPLICA + self.id, self.id, now, until)
            leads = take_lease(session, LEADER, self.id, now, until)
        # Counted from before the renewal was asked for: the database's copy can only last longer.
        first, self._alive_until = self._alive_until == 0.0, started + self.lease.total_seconds()
        was_leading, self._leads_until = self.leads, (self._alive_until if leads else 0.0)
        if leads and not was_leading:
            log.log(logging.DEBUG if first else logging.INFO, "replica %s leads now", self.id)  # quiet at start-up
        return leads

    def start(self) -> Replica:
        """Renew now, then in the background, RENEWALS_PER_LEASE times a lease, until `stop()`."""
        self.renew()
        self._thread = threading.Thread(target=self._keep_renewing, name="cohortbot-lease", daemon=True)
        self._thread.start()
        return self

    def _keep_renewing(self) -> None:
        while not self._stop.wait(self.lease.total_seconds() / RENEWALS_PER_LEASE):
            try:
                self.renew()
            except Exception:  # noqa: BLE001 - the database may be back next time; until then this replica stops sending
                log.exception("replica %s could not renew its lease", self.id)

    def stop(self) -> None:
        """Stop renewing and give both leases up, so another replica leads and takes any claims left at once."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._alive_until = self._leads_until = 0.0
        try:
            with self.db.write() as session:
                session.execute(delete(Lease).where(Lease.name == LEADER, Lease.holder == self.id))
                session.execute(update(Lease).where(Lease.name == REPLICA + self.id).values(expires_at=clock.now()))
        except Exception:  # noqa: BLE001 - stopping anyway: the leases lapse by themselves
            log.warning("replica %s could not give its leases up; they lapse by themselves", self.id)
