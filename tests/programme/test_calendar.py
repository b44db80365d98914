from datetime import UTC, date, datetime, time

import pytest

from bot.interaction.errors import InvalidInput
from bot.programme.calendar import check_slot, due_at
from bot.programme.cohorts import create_cohort
from tests.programme.conftest import deliveries
from tests.workspaces import TEAM


def london(start: date, local_time: time = time(9, 0)):
    from storage.models import Cohort

    return Cohort(
        platform=TEAM.platform,
        workspace=TEAM.id,
        name="x",
        start_date=start,
        weeks=3,
        weekday=0,
        local_time=local_time,
        timezone="Europe/London",
    )


def test_nine_oclock_stays_nine_oclock_across_the_march_change():
    cohort = london(date(2027, 3, 22))  # clocks go forward on Sunday 28 March 2027
    assert due_at(cohort, 1) == datetime(2027, 3, 22, 9, 0, tzinfo=UTC)  # GMT
    assert due_at(cohort, 2) == datetime(2027, 3, 29, 8, 0, tzinfo=UTC)  # BST


def test_nine_oclock_stays_nine_oclock_across_the_october_change():
    cohort = london(date(2027, 10, 25))  # clocks go back on Sunday 31 October 2027
    assert due_at(cohort, 1) == datetime(2027, 10, 25, 8, 0, tzinfo=UTC)  # BST
    assert due_at(cohort, 2) == datetime(2027, 11, 1, 9, 0, tzinfo=UTC)  # GMT


def test_a_reminder_two_days_after_the_change_keeps_local_time():
    cohort = london(date(2027, 10, 25))
    assert due_at(cohort, 1, days_after=6) == datetime(2027, 10, 31, 9, 0, tzinfo=UTC)


def test_the_weekday_falls_inside_each_week():
    cohort = london(date(2027, 3, 24))  # a Wednesday start, posts on Mondays
    assert due_at(cohort, 1).date() == date(2027, 3, 29)


@pytest.mark.parametrize("slot", [time(1, 0), time(1, 30), time(1, 59)])
def test_the_hour_when_clocks_change_is_refused(slot, db):
    with pytest.raises(InvalidInput, match="01:00-02:00"):
        check_slot(slot)
    with pytest.raises(InvalidInput), db.write() as session:
        create_cohort(session, TEAM, "Night owls", conversation="C1", start_date=date(2027, 3, 22), timezone="Europe/London",
                      local_time=slot)


def test_scheduling_stores_utc_instants_for_local_nine(schedule, db):
    schedule(start=date(2027, 3, 22), weeks=2)
    assert [d.due_at for d in deliveries(db)] == [
        datetime(2027, 3, 22, 9, 0, tzinfo=UTC),
        datetime(2027, 3, 29, 8, 0, tzinfo=UTC),
    ]


def test_scheduling_twice_adds_nothing(schedule, db):
    from bot.programme import schedule as programme
    from bot.programme.cohorts import find_cohort

    schedule(weeks=4)
    before = len(deliveries(db)) + len(deliveries(db, "reminder")) + len(deliveries(db, "digest"))
    with db.write() as session:
        programme.schedule(session, find_cohort(session, TEAM, "Cohort 1"))
    assert len(deliveries(db)) + len(deliveries(db, "reminder")) + len(deliveries(db, "digest")) == before == 12
