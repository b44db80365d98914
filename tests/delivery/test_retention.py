"""COHORTBOT_RETENTION_DAYS: deleted entries and ended cohorts are purged on the tick, once their time is past."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from bot.delivery.ticker import tick
from bot.people.retention import Purged, purge_expired
from bot.programme.schedule import PAUSED
from storage.models import Cohort, CohortSession, Evidence, Membership, Person, Reflection
from tests.journal.helpers import rows

DELETED_ON = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)
# Cohort 1 runs 26 weeks from Monday 2 November 2026; its final survey closes 4 weeks later, on 31 May 2027,
# and its last session is on 10 June 2027.
LAST_SESSION = datetime(2027, 6, 10, 10, 0, tzinfo=UTC)


@pytest.fixture
def keeping(ctx):
    """The bot's context, keeping what is past its time for `days` days."""
    return lambda days: replace(ctx, settings=ctx.settings.model_copy(update={"cohortbot_retention_days": days}))


def person_id(db, user_id):
    (person,) = rows(db, Person, Person.platform_user_id == user_id)
    return person.id


def entries(db, make_cohort):
    cohort = make_cohort(delegates=["U1"])
    u1 = person_id(db, "U1")
    with db.write() as session:
        for words, extra in (
            ("Still wanted", {}),
            ("Deleted", {"deleted_at": DELETED_ON}),
            ("Deleted, its post still to remove", {"deleted_at": DELETED_ON, "shared_message_id": "1.2"}),
        ):
            session.add(Reflection(person_id=u1, cohort_id=cohort.id, text=words, **extra))
        session.add(Evidence(person_id=u1, cohort_id=cohort.id, technique="Deleted evidence", deleted_at=DELETED_ON))
        session.add(Evidence(person_id=u1, cohort_id=cohort.id, technique="Kept evidence"))


def test_deleted_entries_are_purged_on_the_tick_once_kept_for_the_days_set(db, make_cohort, keeping):
    with time_machine.travel(DELETED_ON):
        entries(db, make_cohort)
    with time_machine.travel(DELETED_ON + timedelta(days=29)):
        tick(keeping(30))
    assert len(rows(db, Reflection)) == 3 and len(rows(db, Evidence)) == 2

    with time_machine.travel(DELETED_ON + timedelta(days=31)):
        tick(keeping(30))
        assert purge_expired(keeping(30)) == Purged()  # the second time finds nothing
    assert [r.text for r in rows(db, Reflection)] == ["Still wanted", "Deleted, its post still to remove"]
    assert [e.technique for e in rows(db, Evidence)] == ["Kept evidence"]


def test_zero_keeps_everything_for_ever(db, make_cohort, keeping):
    with time_machine.travel(DELETED_ON):
        entries(db, make_cohort)
    with time_machine.travel(DELETED_ON + timedelta(days=3650)):
        assert purge_expired(keeping(0)) == Purged()
    assert len(rows(db, Reflection)) == 3 and len(rows(db, Cohort)) == 1


def test_a_cohort_is_purged_once_its_last_day_is_past_for_the_days_set(db, make_cohort, keeping):
    with time_machine.travel(DELETED_ON):
        ended = make_cohort("Cohort 1", channel="C1", delegates=["U1", "U2"])
        paused = make_cohort("Paused", channel="C2", delegates=["U3"])
        make_cohort("Later", channel="C3", delegates=["U2"], start=datetime(2027, 3, 1).date())
        with db.write() as session:
            session.get(Cohort, paused.id).status = PAUSED
            session.add(CohortSession(cohort_id=ended.id, title="Reunion", starts_at=LAST_SESSION))
            session.add(Reflection(person_id=person_id(db, "U1"), cohort_id=ended.id, text="In cohort 1"))

    with time_machine.travel(LAST_SESSION + timedelta(days=29)):
        assert purge_expired(keeping(30)) == Purged()
    with time_machine.travel(LAST_SESSION + timedelta(days=31)):
        assert purge_expired(keeping(30)) == Purged(entries=0, cohorts=1, people=1)

    assert [c.name for c in rows(db, Cohort)] == ["Paused", "Later"]
    assert rows(db, Reflection) == [] and rows(db, CohortSession) == []
    assert sorted(p.platform_user_id for p in rows(db, Person)) == ["U2", "U3", "UFAC"]  # U1 was only in cohort 1
    assert {m.cohort_id for m in rows(db, Membership)} == {paused.id, ended.id + 2}
