"""The `memberships` version (storage.models.CacheVersion) moves with every change a kept delegate
could miss, made by any code or tool, and stays put for changes nobody keeps (e.g. a cohort's status).

A batch migration that rebuilds one of these tables on SQLite drops its triggers with it; this
is the test that says so."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select, update

from storage.models import MEMBERSHIPS_VERSION, CacheVersion, Cohort, Membership, Person


def version(db) -> int:
    with db.read() as session:
        return session.scalar(select(CacheVersion.version).where(CacheVersion.name == MEMBERSHIPS_VERSION))


CHANGES: dict[str, Callable] = {
    "enrolment": lambda cohort, person: Membership.__table__.insert().values(
        cohort_id=cohort, person_id=person, role="delegate", created_at=datetime.now(UTC)
    ),
    "change of role": lambda cohort, person: update(Membership).where(Membership.person_id == person).values(role="evaluator"),
    "unenrolment": lambda cohort, person: delete(Membership).where(Membership.person_id == person),
    "cohort renamed": lambda cohort, person: update(Cohort).where(Cohort.id == cohort).values(name="Renamed"),
    "cohort moved": lambda cohort, person: update(Cohort).where(Cohort.id == cohort).values(conversation="C999"),
    "cohort deleted": lambda cohort, person: delete(Cohort).where(Cohort.id == cohort),
    "person erased": lambda cohort, person: update(Person).where(Person.id == person).values(erased_at=datetime.now(UTC)),
    "person moved workspace": lambda cohort, person: update(Person).where(Person.id == person).values(workspace="T999"),
    "person deleted": lambda cohort, person: delete(Person).where(Person.id == person),
}


def ids(db) -> tuple[int, int]:
    with db.read() as session:
        cohort = session.scalar(select(Cohort.id).order_by(Cohort.id))
        return cohort, session.scalar(select(Person.id).where(Person.platform_user_id == "U1"))


@pytest.mark.parametrize("change", CHANGES)
def test_each_change_to_who_is_in_which_cohort_moves_the_version(db, make_cohort, change):
    make_cohort("Cohort 1", delegates=["U1"] if change != "enrolment" else [])
    if change == "enrolment":
        make_cohort("Cohort 2", channel="C222", delegates=["U1"])  # U1 exists; Cohort 1 gets them below
    cohort, person = ids(db)
    before = version(db)
    with db.write() as session:
        session.execute(CHANGES[change](cohort, person))
    assert version(db) > before


def test_changes_nobody_keeps_leave_the_version_alone(db, make_cohort):
    make_cohort("Cohort 1", delegates=["U1"])
    before = version(db)
    with db.write() as session:
        session.execute(update(Cohort).values(status="running", reminder_days=3))
        session.execute(update(Person).values(display_name="Alice", privacy_notice_seen_at=datetime.now(UTC)))
    assert version(db) == before
