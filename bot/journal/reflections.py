"""The learning journal: reflections written by delegates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, Text, bindparam, insert, select
from sqlalchemy.exc import IntegrityError

from bot import clock
from bot.delivery.outbox import SHARED_POST, enqueue
from bot.interaction.errors import CohortChoiceNeeded, InvalidInput, UserError
from bot.interaction.exchange import Field, Form, FormValues, Option, Reply, Request
from bot.interaction.text import MAX_ENTRY_CHARS, clean_entry, with_their_words
from bot.journal.entries import EntryRef, own_entry
from bot.journal.sharing import PRIVATE, SHARED, WHO_CAN_SEE
from bot.messaging.addresses import PersonRef, Place
from bot.people.privacy import add_notice, first_sight
from bot.programme.calendar import entry_week, week_prompt
from bot.programme.cohort_facts import CohortFacts
from bot.programme.cohorts import choose_cohort
from bot.programme.delegates import Delegate, delegates, still_current
from storage.db import Database, DatabaseBusy
from storage.models import Reflection, UTCDateTime

REFLECTION_FORM = "reflection"
REFLECTIONS = Reflection.__table__  # the plain table: a Core insert is lighter on the hot path than the ORM's
WRITE_ATTEMPTS = 3
_cohort_id, _week = bindparam("cohort_id", type_=Integer), bindparam("week", type_=Integer)
_now = bindparam("now", type_=UTCDateTime)
INSERT_IF_CURRENT = (
    insert(REFLECTIONS)
    .from_select(
        ["person_id", "cohort_id", "week", "prompt_id", "text", "visibility", "source_key", "created_at", "updated_at"],
        select(
            bindparam("person_id", type_=Integer),
            _cohort_id,
            _week,
            week_prompt(_cohort_id, _week).scalar_subquery(),
            bindparam("text", type_=Text),
            bindparam("visibility", type_=String),
            bindparam("source_key", type_=String),
            _now,
            _now,
        ).where(still_current(bindparam("version", type_=Integer))),
    )
    .returning(REFLECTIONS.c.id)
)
"""A reflection's row, only while the writer's kept cohorts are current (no row otherwise), with its week's prompt."""
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


class _Outdated(Exception):
    """The delegate's cohorts changed since they were kept: nothing was written."""


def add_reflection(db: Database, request: ReflectionRequest) -> EntrySaved:
    """Store a reflection once: a repeat of the same `source_key` returns the first copy.

    Who the writer is and which cohorts they write in are kept between requests
    (`bot.programme.delegates`), so a reflection is usually one write transaction of one
    insert, which happens only if those facts are still current; the week's prompt is read
    by the same statement. Repeats are rare, so the unique `source_key` catches them.
    """
    text = clean_entry(request.text, field="text")
    visibility = checked_visibility(request.visibility)
    now = clock.now()
    kept = delegates(db)
    delegate = kept.get(db, request.person)
    for _ in range(WRITE_ATTEMPTS):
        try:
            cohort = choose_cohort(delegate.cohorts, place=request.place, cohort_id=request.cohort_id)
        except UserError:
            delegate = kept.read(db, request.person)  # a refusal is never made on facts kept from before
            cohort = choose_cohort(delegate.cohorts, place=request.place, cohort_id=request.cohort_id)
        week = entry_week(cohort, request.week, now)
        try:
            saved = _insert(db, request, delegate, cohort, week, text, visibility, now)
        except _Outdated:
            kept.outdated(delegate)
            delegate = kept.read(db, request.person)
            continue
        except IntegrityError:
            repeat = _find_saved(db, request.source_key)
            if repeat is None:
                raise
            return repeat
        kept.saw_notice(request.person, delegate)
        return saved
    raise DatabaseBusy(f"who is in which cohort changed {WRITE_ATTEMPTS} times while a reflection was being stored")


def _inserted(reflection_id: int | None) -> int:
    if reflection_id is None:
        raise _Outdated
    return reflection_id


def _insert(
    db: Database,
    request: ReflectionRequest,
    delegate: Delegate,
    cohort: CohortFacts,
    week: int | None,
    text: str,
    visibility: str,
    now: datetime,
) -> EntrySaved:
    values = {
        "person_id": delegate.person_id,
        "cohort_id": cohort.id,
        "week": week,
        "text": text,
        "visibility": visibility,
        "source_key": request.source_key,
        "now": now,
        "version": delegate.version,
    }
    if delegate.notice_seen and visibility != SHARED:  # the usual case: the row is all there is to write
        reflection_id = _inserted(db.write_scalar(INSERT_IF_CURRENT, values))
        return EntrySaved(reflection_id, cohort.name, week, visibility, duplicate=False)
    with db.write() as session:
        reflection_id = _inserted(session.execute(INSERT_IF_CURRENT, values).scalar())
        first_entry = not delegate.notice_seen and first_sight(session, request.person)
        shared = visibility == SHARED
        queued = (enqueue(session, SHARED_POST, request.person.scope, reflection_id=reflection_id),) if shared else ()
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
