"""The demo programme: plausible, fictional, repeatable, and careful with databases in use."""

from __future__ import annotations

from datetime import UTC, date, datetime
from statistics import mean

import pytest
import time_machine
from sqlalchemy import func, select

from bot.demo import LEAD_ID, build_demo
from bot.interaction.errors import InvalidInput, UserError
from bot.people.directory import find_member, members
from bot.programme.cohorts import create_cohort
from storage.models import Cohort, ConfidenceRating, Delivery, Evaluation, Evidence, Prompt, Reflection
from tests.workspaces import CONSOLE, TEAM

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)  # a Wednesday


def count(db, model, *where):
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


@time_machine.travel(NOW, tick=False)
def test_two_cohorts_of_delegates_with_their_staff(db):
    summary = build_demo(db)
    assert summary.cohorts == ("Cohort 1 (demo)", "Cohort 2 (demo)")
    everyone = members(db, CONSOLE)
    for cohort in summary.cohorts:
        assert sum(any(r.role == "delegate" and r.cohort == cohort for r in m.roles) for m in everyone) == 8
    assert find_member(db, CONSOLE, "Una").describe_roles() == "evaluator in Cohort 1 (demo) and Cohort 2 (demo)"
    assert find_member(db, CONSOLE, LEAD_ID).name == "Rosa Delacourt"
    assert all(m.user_id.startswith("UDEMO") for m in everyone) and len(everyone) == summary.people == 20
    with db.read() as session:
        first = session.scalar(select(Cohort).where(Cohort.name == "Cohort 1 (demo)"))
        assert first.start_date == date(2026, 3, 9)  # week 14 is the week of 8 June
        assert count(db, Prompt) == 30


@time_machine.travel(NOW, tick=False)
def test_weeks_of_entries_all_in_the_past(db):
    summary = build_demo(db, weeks=14)
    assert summary.reflections == count(db, Reflection) > 100
    assert count(db, Reflection, Reflection.created_at > NOW) == 0
    assert count(db, Evidence, Evidence.follow_up_answer.is_not(None)) > 0
    assert count(db, Evaluation) == summary.evaluations == 3
    assert count(db, Delivery, Delivery.status == "sent") == 14 + 10
    assert count(db, Delivery, Delivery.status == "pending", Delivery.due_at <= NOW) == 0  # nothing overdue to send
    future_prompts = count(db, Delivery, Delivery.kind == "prompt", Delivery.status == "pending")
    assert future_prompts == (26 - 14) + (26 - 10)  # the rest of each calendar, as scheduling plans it


@time_machine.travel(NOW, tick=False)
def test_confidence_rises_from_baseline_to_midpoint(db):
    build_demo(db, weeks=14)
    with db.read() as session:
        ratings = {
            phase: {
                (r.person_id, r.item_key): r.rating
                for r in session.scalars(select(ConfidenceRating).where(ConfidenceRating.phase == phase))
            }
            for phase in ("baseline", "midpoint")
        }
    assert len(ratings["baseline"]) == 16 * 10  # every delegate, every item
    assert len(ratings["midpoint"]) == 8 * 10  # only the first cohort is past week 13
    assert mean(ratings["midpoint"].values()) > mean(ratings["baseline"].values()) + 0.5
    assert all(ratings["baseline"][key] <= rating for key, rating in ratings["midpoint"].items())
    assert set(ratings["baseline"].values()) | set(ratings["midpoint"].values()) <= {1, 2, 3, 4, 5}


def test_the_same_weeks_give_the_same_programme(db):
    def texts():
        with db.read() as session:
            return list(session.scalars(select(Reflection.text).order_by(Reflection.id)))

    with time_machine.travel(NOW, tick=False):
        build_demo(db, weeks=6)
        first = texts()
        build_demo(db, weeks=6, replace=True)
    assert texts() == first and first


def test_a_database_in_use_is_left_alone_unless_forced(db):
    with db.write() as session:
        create_cohort(session, TEAM, "Real cohort", conversation="C1", start_date=date(2026, 1, 5), timezone="Europe/London")
    with pytest.raises(UserError, match="already has cohorts"):
        build_demo(db)
    assert count(db, Cohort) == 1
    build_demo(db, replace=True)
    build_demo(db, replace=True)  # the earlier demo is replaced, not doubled
    with db.read() as session:
        assert sorted(session.scalars(select(Cohort.name))) == ["Cohort 1 (demo)", "Cohort 2 (demo)", "Real cohort"]
    assert len(members(db, CONSOLE)) == 20


@pytest.mark.parametrize("weeks", [0, 27])
def test_weeks_outside_a_programme_are_refused(db, weeks):
    with pytest.raises(InvalidInput, match="1 to 26 weeks"):
        build_demo(db, weeks=weeks)
    assert count(db, Cohort) == 0
