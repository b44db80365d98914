"""A delegate's own journal entries (reflections and evidence): finding them and deleting them.

Only the author may edit or delete an entry; a deleted entry keeps its row (soft delete)
but leaves every view and export.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bot.interaction.errors import NotAllowed, NotFound
from bot.messaging.addresses import PersonRef
from bot.people.profiles import person_ref
from storage.models import Evidence, Reflection

REFLECTION = "reflection"
EVIDENCE = "evidence"
MODELS: dict[str, type[Reflection] | type[Evidence]] = {REFLECTION: Reflection, EVIDENCE: Evidence}
GONE = "Sorry, I couldn't find that entry: it may have been deleted."
NOT_YOURS = "You can only change your own journal entries."

Entry = Reflection | Evidence


@dataclass(frozen=True)
class EntryRef:
    """Which entry a button or form is about, and the journal page it was shown on."""

    kind: str
    id: int
    page: int = 0

    def value(self) -> str:
        return json.dumps({"kind": self.kind, "id": self.id, "page": self.page})

    def context(self) -> dict[str, Any]:
        return {"entry": {"kind": self.kind, "id": self.id, "page": self.page}}

    @classmethod
    def parse(cls, value: str | dict[str, Any]) -> EntryRef:
        try:
            data = json.loads(value) if isinstance(value, str) else value
            ref = cls(str(data["kind"]), int(data["id"]), int(data.get("page") or 0))
        except (ValueError, TypeError, KeyError):
            raise NotFound(GONE) from None
        if ref.kind not in MODELS:
            raise NotFound(GONE)
        return ref

    @classmethod
    def from_context(cls, context: dict[str, Any]) -> EntryRef | None:
        return cls.parse(context["entry"]) if context.get("entry") else None


def own_entry(session: Session, person: PersonRef, ref: EntryRef) -> Entry:
    """The entry, if it exists, is not deleted and was written by `person`; otherwise a polite refusal."""
    entry = session.get(MODELS[ref.kind], ref.id)
    if entry is None or entry.deleted_at is not None:
        raise NotFound(GONE)
    if person_ref(entry.person) != person:
        raise NotAllowed(NOT_YOURS)
    return entry
