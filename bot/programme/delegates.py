"""Which cohorts a delegate writes in, kept between requests and checked against the database.

A reflection needs the writer's person id, their cohorts and whether they have seen the
privacy notice: read afresh, a transaction of three queries on every /reflect. Here they are
kept per person together with the `memberships` version (`storage.models.CacheVersion`) they
were read under. Triggers raise that version with every enrolment, unenrolment, cohort change
or erasure, whichever process makes it, and a write relying on what is kept goes ahead only
while the version is unchanged (`still_current`, in the same statement); otherwise the
writer forgets everything kept and reads again. A refusal (not enrolled, which cohort) is
never answered from what is kept: it is read afresh first.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, exists, select

from bot.interaction.errors import NotEnrolled
from bot.messaging.addresses import PersonRef
from bot.people.privacy import notice_seen_already
from bot.programme.cohort_facts import CohortFacts
from bot.programme.cohorts import NOT_ENROLLED, delegate_memberships
from storage.db import Database
from storage.models import MEMBERSHIPS_VERSION, CacheVersion

MAX_PEOPLE = 100_000  # then start again empty: a few MB at most


@dataclass(frozen=True)
class Delegate:
    version: int | None  # the `memberships` version these facts were read under
    person_id: int
    cohorts: tuple[CohortFacts, ...]  # by name
    notice_seen: bool


def still_current(version: int | None) -> ColumnElement[bool]:
    """True while nothing a `Delegate` read under `version` describes has changed."""
    return exists().where(CacheVersion.name == MEMBERSHIPS_VERSION, CacheVersion.version == version)


def read_delegate(db: Database, person: PersonRef) -> Delegate:
    """The delegate as the database has them now; NotEnrolled when they are a delegate of no cohort.

    The version is read first, so on PostgreSQL a change committed in between leaves these
    facts newer than their version (and a write relying on them reads again), never older.
    """
    with db.read() as session:
        version = session.scalar(select(CacheVersion.version).where(CacheVersion.name == MEMBERSHIPS_VERSION))
        memberships = delegate_memberships(session, person)
        if not memberships:
            raise NotEnrolled(NOT_ENROLLED)
        person_id = memberships[0][0]
        cohorts = tuple(CohortFacts.of(cohort) for _, cohort in memberships)
        return Delegate(version, person_id, cohorts, notice_seen_already(session, person_id))


class Delegates:
    """Delegates as last read, all under one version; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: int | None = None
        self._people: dict[PersonRef, Delegate] = {}

    def get(self, db: Database, person: PersonRef) -> Delegate:
        """As kept, or read and kept."""
        with self._lock:
            kept = self._people.get(person)
        return kept or self.read(db, person)

    def read(self, db: Database, person: PersonRef) -> Delegate:
        """Read afresh, and kept."""
        with self._lock:
            self._people.pop(person, None)
        delegate = read_delegate(db, person)
        self._keep(person, delegate)
        return delegate

    def outdated(self, delegate: Delegate) -> None:
        """The database's version has moved on from `delegate`'s: forget everything read under it."""
        with self._lock:
            if self._version == delegate.version:
                self._people.clear()
                self._version = None

    def saw_notice(self, person: PersonRef, delegate: Delegate) -> None:
        if not delegate.notice_seen:
            self._keep(person, replace(delegate, notice_seen=True))

    def _keep(self, person: PersonRef, delegate: Delegate) -> None:
        if delegate.version is None:
            return
        with self._lock:
            if self._version is None or delegate.version > self._version:
                self._people.clear()
                self._version = delegate.version
            elif len(self._people) >= MAX_PEOPLE:
                self._people.clear()
            if delegate.version == self._version:
                self._people[person] = delegate


def delegates(db: Database) -> Delegates:
    """The delegates kept for this database in this process."""
    return db.memo("delegates", Delegates)
