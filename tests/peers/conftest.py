from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from bot.programme import schedule as scheduling
from bot.programme.cohorts import find_cohort
from storage.db import Database
from storage.models import PeerGroup
from tests.programme.conftest import WEEK_1
from tests.workspaces import TEAM

DELEGATES = ["U1", "U2", "U3", "U4", "U5"]
BEFORE = WEEK_1 - timedelta(days=1)  # Sunday 1 November 2026
FIRST_ROUND = WEEK_1 + timedelta(days=1, minutes=1)  # the day after week 1's post
NAME = '"Cohort 1"'


@pytest.fixture
def cohort(db: Database, make_cohort: Callable[..., object]) -> int:
    """Cohort 1 (five delegates, facilitator UFAC) scheduled; Cohort 2 run by UOTHERFAC."""
    make_cohort("Cohort 1", channel="C111", delegates=DELEGATES, facilitators=["UFAC"])
    make_cohort("Cohort 2", channel="C222", delegates=["U9"], facilitators=["UOTHERFAC"])
    with time_machine.travel(BEFORE), db.write() as session:
        cohort = find_cohort(session, TEAM, "Cohort 1")
        scheduling.schedule(session, cohort)
        return cohort.id


def groups(db: Database, week: int | None = None) -> list[list[str]]:
    with db.read() as session:
        query = select(PeerGroup).order_by(PeerGroup.week, PeerGroup.id)
        return [
            sorted(m.person.platform_user_id for m in group.members)
            for group in session.scalars(query)
            if week is None or group.week == week
        ]
