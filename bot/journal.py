"""The learning journal: reflections written by delegates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from bot import clock
from bot.calendar import current_week
from bot.cohorts import cohort_for_entry
from bot.errors import CohortChoiceNeeded, UserError
from bot.interaction import Field, Form, FormValues, Option, Reply, Request
from bot.text import MAX_ENTRY_CHARS, clean_entry, with_their_words
from storage.db import Database
from storage.models import Reflection

PRIVATE = "private"
SHARED = "cohort"
WHO_CAN_SEE = {
    PRIVATE: "Only you, your facilitators and the programme's evaluators can see it.",
    SHARED: "Everyone in your cohort can see it.",
}
REFLECTION_FORM = "reflection"


@dataclass(frozen=True)
class EntrySaved:
    id: int
    cohort_name: str
    week: int | None
    visibility: str
    duplicate: bool

    @property
    def confirmation(self) -> str:
        where = f"{self.cohort_name}, week {self.week}" if self.week else self.cohort_name
        return f"Saved to your journal ({where}). {WHO_CAN_SEE[self.visibility]}"


@dataclass(frozen=True)
class ReflectionRequest:
    user_id: str
    text: str
    channel_id: str | None = None
    cohort_id: int | None = None
    week: int | None = None
    source_key: str | None = None


def _find_saved(db: Database, source_key: str | None) -> EntrySaved | None:
    if source_key is None:
        return None
    with db.read() as session:
        reflection = session.scalar(select(Reflection).where(Reflection.source_key == source_key))
        if reflection is None:
            return None
        return EntrySaved(reflection.id, reflection.cohort.name, reflection.week, reflection.visibility, duplicate=True)


def add_reflection(db: Database, request: ReflectionRequest) -> EntrySaved:
    """Store a reflection once: a repeat of the same `source_key` returns the first copy.

    The cohort is worked out in a read transaction so the write holds the lock only for
    one insert; repeats are rare, so the unique `source_key` catches them.
    """
    text = clean_entry(request.text, field="text")
    now = clock.now()
    with db.read() as session:
        person_id, cohort = cohort_for_entry(session, request.user_id, channel_id=request.channel_id, cohort_id=request.cohort_id)
    week = request.week or current_week(cohort, now)
    row = {
        "person_id": person_id,
        "cohort_id": cohort.id,
        "week": week,
        "text": text,
        "visibility": PRIVATE,
        "source_key": request.source_key,
        "created_at": now,
        "updated_at": now,
    }
    try:
        with db.write() as session:
            reflection_id = session.execute(insert(Reflection).values(row).returning(Reflection.id)).scalar_one()
    except IntegrityError:
        saved = _find_saved(db, request.source_key)
        if saved is None:
            raise
        return saved
    return EntrySaved(reflection_id, cohort.name, week, PRIVATE, duplicate=False)


def reflection_form(*, text: str = "", choices: list[Option] | None = None, week: int | None = None) -> Form:
    fields = []
    if choices:
        fields.append(Field("cohort", "Cohort", kind="select", options=tuple(choices)))
    fields.append(
        Field(
            "text",
            "Your reflection",
            kind="long_text",
            max_length=MAX_ENTRY_CHARS,
            initial=text[:MAX_ENTRY_CHARS] or None,
            hint="What did you try, notice or learn? Up to 3,000 characters.",
        )
    )
    return Form(REFLECTION_FORM, "Reflection", tuple(fields), context={"week": week})


def reflect(req: Request, text: str) -> Reply:
    """/reflect: store the text, or open the form when there is none or the cohort is unclear."""
    if not text.strip():
        return Reply(form=reflection_form())
    entry = ReflectionRequest(
        user_id=req.actor.user_id,
        text=text,
        channel_id=req.actor.channel_id,
        source_key=req.source_key,
    )
    try:
        saved = add_reflection(req.services.db, entry)
    except CohortChoiceNeeded as choice:
        options = [Option(str(c.id), c.name) for c in choice.choices]
        return Reply(form=reflection_form(text=text, choices=options))
    except UserError as error:
        return Reply(text=with_their_words(str(error), text))
    return Reply(text=saved.confirmation)


def submit_reflection(req: Request, context: dict[str, Any], values: FormValues) -> Reply:
    cohort = values.get("cohort")
    entry = ReflectionRequest(
        user_id=req.actor.user_id,
        text=str(values.get("text") or ""),
        cohort_id=int(cohort) if isinstance(cohort, str) and cohort else None,
        week=context.get("week"),
        source_key=req.source_key,
    )
    return Reply(text=add_reflection(req.services.db, entry).confirmation)
