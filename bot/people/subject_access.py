"""A subject access export: everything cohortbot stores about one person, as one JSON document.

Every table with a column naming a person (a foreign key to `people`) is read for the rows that
name them, so a table added later is exported without anyone remembering to add it here. Rows
where they are someone else's coach leave out what is about that delegate: the delegate's
request, preferred times and the 1-2-1's notes. Deleted entries whose text is still kept are
included, with when they were deleted.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from bot import clock
from bot.context import Context
from bot.delivery.claims import PENDING
from bot.export.context import Exporter
from bot.messaging.addresses import PersonRef
from bot.people.profiles import person_columns
from bot.people.subject_requests import find_subject
from storage.models import (
    CoachingAction,
    CoachingMeeting,
    Cohort,
    CohortSession,
    Delivery,
    ExportAudit,
    Membership,
    OutboxItem,
    Person,
    Prompt,
    SessionInvitation,
    WorkspaceAdmin,
)

ABOUT = (
    "Everything cohortbot stores about this person, table by table, as the database holds it "
    "(times in UTC). Deleted entries whose text is still kept are included, with when they were deleted."
)
# What a row tells about someone else when it names this person in that column: left out.
ABOUT_OTHERS = {"coach_id": ("delegate_id", "request", "preferred", "notes")}
# What a table holds that is not about the person: a workbook waiting for their consent in Teams is about others.
NOT_ABOUT_THEM = {"teams_file_offers": ("content",)}


def subject_access(ctx: Context, ref: PersonRef, actor: Exporter, out: Path) -> dict[str, int]:
    """Write everything about `ref` to `out` and audit it; returns how many rows each part holds."""
    with ctx.db.read() as session:
        document = _document(session, find_subject(session, ref), ref)
    out.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=_plain) + "\n", encoding="utf-8")
    counts = {part: len(rows) for part, rows in document.items() if isinstance(rows, list)}
    with ctx.db.write() as session:
        session.add(ExportAudit(actor=str(actor), kind="subject_access", scope={"person": str(ref), "rows": counts}))
    return counts


def _document(session: Session, person: Person, ref: PersonRef) -> dict[str, Any]:
    document: dict[str, Any] = {"about": {"person": str(ref), "exported_at": clock.now(), "note": ABOUT}}
    document["people"] = _rows(session, Person.__table__, Person.__table__.c.id == person.id)
    for column in person_columns():
        left_out = ABOUT_OTHERS.get(column.name, ()) + NOT_ABOUT_THEM.get(column.table.name, ())
        found = [_without(row, left_out) for row in _rows(session, column.table, column == person.id)]
        document.setdefault(column.table.name, []).extend(found)
    meetings = select(CoachingMeeting.id).where(CoachingMeeting.delegate_id == person.id)
    invited = select(SessionInvitation.session_id).where(SessionInvitation.person_id == person.id)
    delegate_in = select(Membership.cohort_id).where(Membership.person_id == person.id)
    related = (
        (CoachingAction, CoachingAction.meeting_id.in_(meetings)),
        (CohortSession, CohortSession.id.in_(invited)),
        (Cohort, Cohort.id.in_(_referred(document, "cohort_id"))),
        (Prompt, Prompt.id.in_(_referred(document, "prompt_id"))),
        (Delivery, Delivery.cohort_id.in_(delegate_in)),
        (
            WorkspaceAdmin,
            WorkspaceAdmin.platform == ref.platform,
            WorkspaceAdmin.workspace == ref.workspace,
            WorkspaceAdmin.platform_user_id == ref.user_id,
        ),
        (ExportAudit, ExportAudit.actor == str(ref)),
    )
    for model, *where in related:
        document[model.__tablename__] = _rows(session, model.__table__, *where)
    document["outbox"] = [
        row for row in _rows(session, OutboxItem.__table__, OutboxItem.status == PENDING) if _names(row, person)
    ]
    return document


def _referred(document: dict[str, Any], key: str) -> set[int]:
    """The ids that the rows found so far refer to by column `key`."""
    return {row[key] for rows in document.values() if isinstance(rows, list) for row in rows if row.get(key)}


def _rows(session: Session, table: Table, *where: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in session.execute(select(table).where(*where).order_by(*table.primary_key.columns)).mappings()]


def _without(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: value for name, value in row.items() if name not in names}


def _names(row: dict[str, Any], person: Person) -> bool:
    """Whether work still to do names this person (outbox payloads name people by id)."""
    payload = row["payload"] or {}
    return payload.get("person_id") == person.id or person.id in payload.get("person_ids", [])


def _plain(value: object) -> str:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
