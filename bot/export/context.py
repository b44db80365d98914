"""What every sheet needs: the export's scope, how people are shown, and streamed queries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from bot import clock
from bot.export.cells import CellValue, date_cell, text_cell
from bot.messaging.addresses import PersonRef, Workspace
from bot.programme.cohorts import find_cohort, in_workspace
from storage.models import Cohort

STREAM_BATCH = 2000
T = TypeVar("T")


@dataclass(frozen=True)
class CommandLine:
    """Whoever ran the `cohortbot` command, by their login name."""

    user: str

    def __str__(self) -> str:
        return f"command line ({self.user})"


Exporter = PersonRef | CommandLine
"""Who an export is audited as: a person in a chat workspace, or the command line."""


@dataclass(frozen=True)
class ExportScope:
    """Cohorts named in `workspace` (all of its cohorts when none are named; every workspace's when it is None)."""

    cohorts: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    pseudonymise: bool = False
    workspace: Workspace | None = None

    def describe(self) -> dict[str, Any]:
        return {
            "workspace": f"{self.workspace.platform}:{self.workspace.id}" if self.workspace else "all",
            "cohorts": list(self.cohorts) or "all",
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "pseudonymise": self.pseudonymise,
        }


class Identity(Protocol):
    """How a person appears in the workbook: by name, or by pseudonym."""

    def name(self, user_id: str, display_name: str) -> str: ...

    def user_id(self, user_id: str) -> str | None: ...

    def exporter(self, actor: Exporter) -> str: ...

    def words(self, text: str) -> str:
        """Any text from the database, with the people in it shown this way."""
        ...


class AsNamed:
    def name(self, user_id: str, display_name: str) -> str:
        return display_name or user_id

    def user_id(self, user_id: str) -> str | None:
        return user_id

    def exporter(self, actor: Exporter) -> str:
        return str(actor)

    def words(self, text: str) -> str:
        return text


def _local_midnight(day: date, timezone: str) -> datetime:
    return datetime.combine(day, time(0), ZoneInfo(timezone))


@dataclass
class ExportContext:
    session: Session
    scope: ExportScope
    identity: Identity
    cohorts: list[Cohort]  # in scope, by name; a handful, never the rows
    start: datetime | None  # entries written at or after this instant...
    end: datetime | None  # ...and before this one
    as_of: datetime  # the programme calendar is read as at this instant
    _figures: dict[Callable[..., Any], Any] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, session: Session, scope: ExportScope, identity: Identity, timezone: str) -> ExportContext:
        """`timezone` is the one --from and --to dates are read in (COHORTBOT_TIMEZONE)."""
        if scope.cohorts:
            if scope.workspace is None:
                raise ValueError("cohorts are named within a workspace")
            workspace = scope.workspace
            named = {cohort.id: cohort for cohort in (find_cohort(session, workspace, name) for name in scope.cohorts)}
            cohorts = sorted(named.values(), key=lambda cohort: cohort.name)
        else:
            query = select(Cohort).order_by(Cohort.name, Cohort.id)
            if scope.workspace is not None:
                query = query.where(in_workspace(scope.workspace))
            cohorts = list(session.scalars(query))
        start = _local_midnight(scope.date_from, timezone) if scope.date_from else None
        end = _local_midnight(scope.date_to + timedelta(days=1), timezone) if scope.date_to else None
        now = clock.now()
        return cls(session, scope, identity, cohorts, start, end, min(now, end) if end else now)

    def in_scope(self, cohort_id: Any) -> list[ColumnElement[bool]]:
        """Conditions keeping rows of the cohorts in scope (none needed for all cohorts)."""
        return [cohort_id.in_([cohort.id for cohort in self.cohorts])] if self.scope.workspace else []

    def in_window(self, written_at: Any) -> list[ColumnElement[bool]]:
        conditions = []
        if self.start is not None:
            conditions.append(written_at >= self.start)
        if self.end is not None:
            conditions.append(written_at < self.end)
        return conditions

    def once(self, build: Callable[[ExportContext], T]) -> T:
        """Figures several sheets share (participation, survey results), worked out once per export."""
        if build not in self._figures:
            self._figures[build] = build(self)
        return self._figures[build]

    def stream(self, query: Select[Any]) -> Iterator[Any]:
        """Rows in batches (a server-side cursor on PostgreSQL): memory stays flat however many there are."""
        yield from self.session.execute(query.execution_options(yield_per=STREAM_BATCH))


class Cells:
    """Cell values for one sheet, with people shown as the export's identity says."""

    def __init__(self, sheet: WriteOnlyWorksheet, identity: Identity) -> None:
        self.sheet = sheet
        self.identity = identity

    def text(self, value: str | None) -> CellValue | None:
        return text_cell(self.sheet, value)

    def words(self, value: str | None) -> CellValue | None:
        """Free text someone wrote: verbatim and wrapped (and, like all text, pseudonymised when asked)."""
        return text_cell(self.sheet, value, wrap=True)

    def person(self, user_id: str, display_name: str) -> list[CellValue | None]:
        """The Delegate and Slack ID columns."""
        return [self.text(self.identity.name(user_id, display_name)), self.text(self.identity.user_id(user_id))]

    def date(self, value: datetime | None, timezone: str) -> Any:
        return date_cell(self.sheet, value, timezone)
