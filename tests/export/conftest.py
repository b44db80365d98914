"""A small programme written straight through the models, and helpers to read a workbook back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from bot.context import Context
from bot.export.context import CommandLine, Exporter, ExportScope
from bot.export.workbook import export_workbook
from storage.db import Database
from storage.models import (
    Cohort,
    ConfidenceRating,
    Delivery,
    Evaluation,
    Evidence,
    Membership,
    Person,
    Prompt,
    Reflection,
)
from tests.workspaces import TEAM

NOW = datetime(2026, 2, 20, 12, 0, tzinfo=UTC)
ENROLLED = datetime(2026, 1, 2, 10, tzinfo=UTC)  # a few days before the programme starts
START = date(2026, 1, 5)  # a Monday; by NOW six whole weeks have run


def at(day: int, hour: int = 10) -> datetime:
    """An instant `day` days after the start (UTC; London is on GMT in January and February)."""
    return datetime(2026, 1, 5, hour, tzinfo=UTC) + timedelta(days=day)


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


class Seeder:
    """Rows inserted directly, as the journal and survey features would write them."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, *rows: Any) -> list[Any]:
        with self.db.write() as session:
            session.add_all(rows)
            session.flush()
            return list(rows)

    def cohort(self, name: str, *, weeks: int = 6, people: dict[str, str] | None = None) -> Cohort:
        (cohort,) = self.add(
            Cohort(platform=TEAM.platform, workspace=TEAM.id, name=name, start_date=START, weeks=weeks, timezone="Europe/London")
        )
        for user_id, display_name in (people or {}).items():
            self.member(cohort, user_id, display_name)
        return cohort

    def person(self, user_id: str, display_name: str = "") -> Person:
        with self.db.write() as session:
            person = session.query(Person).filter_by(workspace=TEAM.id, platform_user_id=user_id).one_or_none()
            if person is None:
                person = Person(platform=TEAM.platform, workspace=TEAM.id, platform_user_id=user_id, display_name=display_name)
                session.add(person)
                session.flush()
            return person

    def member(
        self, cohort: Cohort, user_id: str, display_name: str = "", role: str = "delegate", *, enrolled_at: datetime = ENROLLED
    ) -> Person:
        """Enrolled a few days before the programme starts, unless `enrolled_at` says otherwise."""
        person = self.person(user_id, display_name)
        self.add(Membership(cohort_id=cohort.id, person_id=person.id, role=role, created_at=enrolled_at))
        return person

    def reflection(self, cohort: Cohort, person: Person, text: str, *, week: int = 1, **extra: Any) -> Reflection:
        written = extra.pop("created_at", at(7 * (week - 1) + 1))
        (row,) = self.add(
            Reflection(
                cohort_id=cohort.id, person_id=person.id, week=week, text=text, created_at=written, updated_at=written, **extra
            )
        )
        return row

    def evidence(self, cohort: Cohort, person: Person, technique: str, *, week: int = 1, **extra: Any) -> Evidence:
        written = extra.pop("created_at", at(7 * (week - 1) + 2))
        (row,) = self.add(
            Evidence(
                cohort_id=cohort.id,
                person_id=person.id,
                week=week,
                technique=technique,
                created_at=written,
                updated_at=written,
                **extra,
            )
        )
        return row

    def rating(self, cohort: Cohort, person: Person, phase: str, item: str, rating: int, **extra: Any) -> None:
        self.add(
            ConfidenceRating(
                cohort_id=cohort.id,
                person_id=person.id,
                phase=phase,
                item_key=item,
                rating=rating,
                created_at=extra.pop("created_at", at(1)),
                **extra,
            )
        )

    def evaluation(self, cohort: Cohort, person: Person, answers: dict[str, Any]) -> None:
        self.add(Evaluation(cohort_id=cohort.id, person_id=person.id, answers=answers, created_at=at(40), updated_at=at(40)))

    def prompt(self, slug: str, title: str, position: int, **extra: Any) -> Prompt:
        (row,) = self.add(
            Prompt(slug=slug, title=title, challenge=extra.pop("challenge", f"Do {title}."), position=position, **extra)
        )
        return row

    def ran(self, cohort: Cohort, *weeks: int) -> None:
        """Each week's challenge posted at 09:02 on its Monday."""
        for week in weeks:
            self.delivery(cohort, week, status="sent", sent_at=at(7 * (week - 1), 9).replace(minute=2))

    def delivery(self, cohort: Cohort, week: int, **extra: Any) -> None:
        self.add(
            Delivery(
                cohort_id=cohort.id,
                week=week,
                kind=extra.pop("kind", "prompt"),
                due_at=extra.pop("due_at", at(7 * (week - 1), 9)),
                **extra,
            )
        )


@pytest.fixture
def seed(db: Database) -> Seeder:
    return Seeder(db)


Export = Callable[..., Workbook]
TESTER = CommandLine("tester")


@pytest.fixture
def export(ctx: Context, tmp_path: Path) -> Export:
    """Export with the given scope and read the workbook back, styles and all."""

    def run(actor: Exporter = TESTER, **scope: Any) -> Workbook:
        out = tmp_path / f"export-{len(list(tmp_path.glob('export-*.xlsx')))}.xlsx"
        if scope.get("cohorts"):
            scope.setdefault("workspace", TEAM)
        export_workbook(ctx, out, ExportScope(**scope), actor=actor)
        return load_workbook(out)

    return run


def table(sheet: Any) -> list[dict[str, Any]]:
    """A sheet's rows as dicts keyed by its header."""
    rows = sheet.iter_rows(values_only=True)
    header = next(rows)
    return [dict(zip(header, row)) for row in rows]


@pytest.fixture
def known(seed: Seeder, db: Database) -> tuple[Cohort, Cohort]:
    """The known programme of tests/export/known_programme.py: North and South (and Empty)."""
    from tests.export.known_programme import build_known

    return build_known(seed, db)
