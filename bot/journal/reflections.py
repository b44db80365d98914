"""The learning journal: reflections written by delegates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from bot import clock
from bot.delivery.outbox import SHARED_POST, enqueue
from bot.interaction.errors import CohortChoiceNeeded, InvalidInput, UserError
from bot.interaction.exchange import Field, Form, FormValues, Option, Reply, Request
from bot.interaction.text import MAX_ENTRY_CHARS, clean_entry, with_their_words
from bot.journal.entries import EntryRef, own_entry
from bot.journal.sharing import PRIVATE, SHARED, WHO_CAN_SEE
from bot.messaging.addresses import PersonRef, Place
from bot.people.privacy import add_notice, first_sight, notice_seen_already
from bot.programme.calendar import entry_week, week_prompt_id
from bot.programme.cohorts import cohort_for_entry
from storage.db import Database
from storage.models import Reflection

REFLECTION_FORM = "reflection"
REFLECTIONS = Reflection.__table__  # the plain table: a Core insert is lighter on the hot path than the ORM's
VISIBILITY_OPTIONS = (
    Option(PRIVATE, "Private: me, my facilitators and the evaluators"),
    Option(SHARED, "Shared with my cohort"),
)


@dataclass(frozen=True)
class EntrySaved:
    id: int
    cohort_name: str
    week: int | None
    visibility: str
    duplicate: bool
    first_entry: bool = False  # the person's first: show the privacy notice with the confirmation
    queued: tuple[int, ...] = ()  # outbox rows written with the entry (its post to the cohort)

    @property
    def confirmation(self) -> str:
        where = f"{self.cohort_name}, week {self.week}" if self.week else self.cohort_name
        return f"Saved to your journal ({where}). {WHO_CAN_SEE[self.visibility]}"


@dataclass(frozen=True)
class ReflectionRequest:
    person: PersonRef
    text: str
    place: Place | None = None
    cohort_id: int | None = None
    week: int | None = None
    source_key: str | None = None
    visibility: str = PRIVATE


def _find_saved(db: Database, source_key: str | None) -> EntrySaved | None:
    if source_key is None:
        return None
    with db.read() as session:
        reflection = session.scalar(select(Reflection).where(Reflection.source_key == source_key))
        if reflection is None:
            return None
        return EntrySaved(reflection.id, reflection.cohort.name, reflection.week, reflection.visibility, duplicate=True)


def checked_visibility(value: Any) -> str:
    if value in (None, ""):
        return PRIVATE
    if value not in WHO_CAN_SEE:
        raise InvalidInput("Please choose who can see this entry: private or shared with your cohort.", "visibility")
    return str(value)


def add_reflection(db: Database, request: ReflectionRequest) -> EntrySaved:
    """Store a reflection once: a repeat of the same `source_key` returns the first copy.

    The cohort is worked out in a read transaction so the write holds the lock only for
    one insert; repeats are rare, so the unique `source_key` catches them.
    """
    text = clean_entry(request.text, field="text")
    visibility = checked_visibility(request.visibility)
    now = clock.now()
    with db.read() as session:
        person_id, cohort = cohort_for_entry(session, request.person, place=request.place, cohort_id=request.cohort_id)
        week = entry_week(cohort, request.week, now)
        prompt_id = week_prompt_id(session, cohort.id, week)
        notice_seen = notice_seen_already(session, person_id)
    row = {
        "person_id": person_id,
        "cohort_id": cohort.id,
        "week": week,
        "prompt_id": prompt_id,
        "text": text,
        "visibility": visibility,
        "source_key": request.source_key,
        "created_at": now,
        "updated_at": now,
    }
    try:
        with db.write() as session:
            reflection_id = session.execute(insert(REFLECTIONS).values(row).returning(REFLECTIONS.c.id)).scalar_one()
            first_entry = not notice_seen and first_sight(session, request.person)
            shared = visibility == SHARED
            queued = (enqueue(session, SHARED_POST, request.person.scope, reflection_id=reflection_id),) if shared else ()
    except IntegrityError:
        saved = _find_saved(db, request.source_key)
        if saved is None:
            raise
        return saved
    return EntrySaved(reflection_id, cohort.name, week, visibility, duplicate=False, first_entry=first_entry, queued=queued)


def update_reflection(db: Database, person: PersonRef, ref: EntryRef, text: str, visibility: Any) -> EntrySaved:
    """Change one's own reflection; someone else's is refused and left as it was. Its cohort post follows."""
    text = clean_entry(text, field="text")
    visibility = checked_visibility(visibility)
    with db.write() as session:
        reflection = own_entry(session, person, ref)
        assert isinstance(reflection, Reflection)
        reflection.text = text
        reflection.visibility = visibility
        reflection.updated_at = clock.now()
        posted = visibility == SHARED or reflection.shared_message_id is not None
        queued = (enqueue(session, SHARED_POST, person.scope, reflection_id=reflection.id),) if posted else ()
        return EntrySaved(reflection.id, reflection.cohort.name, reflection.week, visibility, duplicate=False, queued=queued)


def reflection_form(
    *,
    text: str = "",
    choices: list[Option] | None = None,
    week: int | None = None,
    visibility: str = PRIVATE,
    entry: EntryRef | None = None,
    cohort_id: int | None = None,
) -> Form:
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
    fields.append(
        Field(
            "visibility",
            "Who can see it",
            kind="select",
            options=VISIBILITY_OPTIONS,
            initial=visibility,
            hint="Shared reflections are also posted in the thread of that week's challenge.",
        )
    )
    context: dict[str, Any] = {"week": week, "cohort_id": cohort_id}
    if entry is not None:
        context.update(entry.context())
    intro = f"Your reflection on week {week}." if week and entry is None else None
    title = "Edit reflection" if entry else "Reflection"
    return Form(REFLECTION_FORM, title, tuple(fields), intro=intro, context=context)


def edit_form(req: Request, ref: EntryRef) -> Form:
    with req.ctx.db.read() as session:
        reflection = own_entry(session, req.actor.person, ref)
        assert isinstance(reflection, Reflection)
        return reflection_form(text=reflection.text, visibility=reflection.visibility, entry=ref)


def reflect(req: Request, text: str) -> Reply:
    """/reflect: store the text (private), or open the form when there is none or the cohort is unclear."""
    if not text.strip():
        return Reply(form=reflection_form())
    entry = ReflectionRequest(
        person=req.actor.person,
        text=text,
        place=req.actor.place,
        source_key=req.source_key,
    )
    try:
        saved = add_reflection(req.ctx.db, entry)
    except CohortChoiceNeeded as choice:
        options = [Option(str(c.id), c.name) for c in choice.choices]
        return Reply(form=reflection_form(text=text, choices=options))
    except UserError as error:
        return Reply(text=with_their_words(str(error), text))
    return Reply(text=add_notice(saved.confirmation, saved.first_entry))


def submit_reflection(req: Request, context: dict[str, Any], values: FormValues) -> Reply:
    ref = EntryRef.from_context(context)
    if ref is not None:
        saved = update_reflection(
            req.ctx.db, req.actor.person, ref, str(values.get("text") or ""), values.get("visibility") or PRIVATE
        )
        text = f"Your reflection is updated. {WHO_CAN_SEE[saved.visibility]}"
        return Reply(text=text, queued=saved.queued, home_page=ref.page)
    cohort = values.get("cohort")
    entry = ReflectionRequest(
        person=req.actor.person,
        text=str(values.get("text") or ""),
        cohort_id=int(cohort) if isinstance(cohort, str) and cohort else context.get("cohort_id"),
        week=context.get("week"),
        source_key=req.source_key,
        visibility=checked_visibility(values.get("visibility")),
    )
    saved = add_reflection(req.ctx.db, entry)
    return Reply(text=add_notice(saved.confirmation, saved.first_entry), queued=saved.queued)
