"""What a delegate's journal shows, free of any platform: the model behind Slack's App Home and the console's.

Entries are paged (PAGE_SIZE a page, newest first) so that hundreds of entries never
overflow a screen; deleted entries never appear. The buttons each part offers are chosen
here, so every front end offers the same actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import Session

from bot.coaching.meetings import open_actions
from bot.interaction.exchange import Button
from bot.journal.actions import DELETE_ENTRY, EDIT_CHALLENGE, EDIT_ENTRY, HOME_PAGE, QUOTE_ENTRY
from bot.journal.entries import EVIDENCE, REFLECTION, EntryRef
from bot.journal.sharing import PRIVATE, WHO_CAN_SEE
from bot.messaging.addresses import PersonRef
from bot.people.profiles import find_person
from bot.programme.calendar import current_week
from bot.programme.cohorts import cohorts_of
from bot.programme.suggestions import waiting_for
from bot.surveys.confidence import PHASES, instrument
from storage.models import Cohort, ConfidenceRating, Delivery, Evidence, Prompt, Reflection

PAGE_SIZE = 10


@dataclass(frozen=True)
class EntryItem:
    ref: EntryRef
    cohort_name: str
    week: int | None
    created_at: datetime
    text: str
    who_can_see: str
    quotable: bool | None = None  # reflections: opted in to quoting in open content; None for evidence
    incomplete: bool = False  # quick evidence still to be completed

    @property
    def label(self) -> str:
        kind = "Reflection" if self.ref.kind == REFLECTION else "Evidence"
        week = f", week {self.week}" if self.week else ""
        return f"{kind} · {self.cohort_name}{week} · {self.created_at:%d %b %Y}"

    @property
    def seen_by(self) -> str:
        """Who can see the entry, and whether it may be quoted."""
        quote = " May be quoted, unnamed, in the programme's open content." if self.quotable else ""
        return self.who_can_see + quote

    @property
    def buttons(self) -> tuple[Button, ...]:
        """Edit and Delete; for a reflection, also whether it may be quoted in open content."""
        value = self.ref.value()
        confirm = "Delete this entry? It disappears from your journal and every export."
        buttons = [Button("Edit", EDIT_ENTRY, value), Button("Delete", DELETE_ENTRY, value, style="danger", confirm=confirm)]
        if self.quotable is not None:
            buttons.append(Button("Stop quoting" if self.quotable else "Allow quoting", QUOTE_ENTRY, value))
        return tuple(buttons)


@dataclass(frozen=True)
class WeekPrompt:
    cohort_name: str
    week: int | None
    title: str | None


@dataclass(frozen=True)
class RatingTrend:
    statement: str
    ratings: tuple[int | None, ...]  # one per phase, in PHASES order


@dataclass(frozen=True)
class CohortRatings:
    cohort_name: str
    phases_answered: tuple[str, ...]
    trends: tuple[RatingTrend, ...]


@dataclass(frozen=True)
class WeeksReflected:
    cohort_name: str
    weeks: tuple[int, ...]
    total_weeks: int


@dataclass(frozen=True)
class JournalHome:
    enrolled: bool
    challenge: str | None = None
    prompts: tuple[WeekPrompt, ...] = ()
    entries: tuple[EntryItem, ...] = ()
    entry_count: int = 0
    page: int = 0
    ratings: tuple[CohortRatings, ...] = ()
    weeks_reflected: tuple[WeeksReflected, ...] = ()
    actions: tuple[str, ...] = ()  # open actions agreed at 1-2-1s, oldest first
    ideas_to_review: int = 0  # challenge ideas waiting in the cohorts they facilitate

    @property
    def has_newer(self) -> bool:
        return self.page > 0

    @property
    def has_older(self) -> bool:
        return (self.page + 1) * PAGE_SIZE < self.entry_count

    @property
    def challenge_button(self) -> Button:
        return Button("Revise" if self.challenge else "Set my challenge", EDIT_CHALLENGE)

    @property
    def pager(self) -> tuple[Button, ...]:
        """Newer and Older, where there are entries that way."""
        newer = (Button("Newer", HOME_PAGE, str(self.page - 1)),) if self.has_newer else ()
        older = (Button("Older", HOME_PAGE, str(self.page + 1)),) if self.has_older else ()
        return newer + older


def _entry_keys(person_id: int) -> select:
    reflections = select(literal(REFLECTION).label("kind"), Reflection.id, Reflection.created_at).where(
        Reflection.person_id == person_id, Reflection.deleted_at.is_(None)
    )
    evidence = select(literal(EVIDENCE).label("kind"), Evidence.id, Evidence.created_at).where(
        Evidence.person_id == person_id, Evidence.deleted_at.is_(None)
    )
    return union_all(reflections, evidence).subquery()


def _reflection_item(reflection: Reflection, page: int) -> EntryItem:
    return EntryItem(
        ref=EntryRef(REFLECTION, reflection.id, page),
        cohort_name=reflection.cohort.name,
        week=reflection.week,
        created_at=reflection.created_at,
        text=reflection.text,
        who_can_see=WHO_CAN_SEE[reflection.visibility],
        quotable=reflection.open_content_consent,
    )


def evidence_text(evidence: Evidence) -> str:
    parts = [f"Tried: {evidence.technique}"]
    parts += [f"Where: {evidence.context}"] if evidence.context else []
    parts += [f"What happened: {evidence.outcome}"] if evidence.outcome else []
    parts += [f"Themes: {', '.join(evidence.themes)}"] if evidence.themes else []
    parts += [f"Link: {evidence.link}"] if evidence.link else []
    parts += [f"Later: {evidence.follow_up_answer}"] if evidence.follow_up_answer else []
    return "\n".join(parts)


def _evidence_item(evidence: Evidence, page: int) -> EntryItem:
    return EntryItem(
        ref=EntryRef(EVIDENCE, evidence.id, page),
        cohort_name=evidence.cohort.name,
        week=evidence.week,
        created_at=evidence.created_at,
        text=evidence_text(evidence),
        who_can_see=WHO_CAN_SEE[PRIVATE],
        incomplete=evidence.is_quick,
    )


def entries_page(session: Session, person_id: int, page: int, size: int = PAGE_SIZE) -> tuple[list[EntryItem], int]:
    """One page of the person's entries, newest first, and how many there are in all."""
    keys = _entry_keys(person_id)
    total = session.scalar(select(func.count()).select_from(keys)) or 0
    rows = session.execute(
        select(keys.c.kind, keys.c.id).order_by(keys.c.created_at.desc(), keys.c.id.desc()).offset(page * size).limit(size)
    ).all()
    wanted = {kind: [id_ for k, id_ in rows if k == kind] for kind in (REFLECTION, EVIDENCE)}
    reflections = {r.id: r for r in session.scalars(select(Reflection).where(Reflection.id.in_(wanted[REFLECTION])))}
    evidence = {e.id: e for e in session.scalars(select(Evidence).where(Evidence.id.in_(wanted[EVIDENCE])))}
    items = [
        _reflection_item(reflections[id_], page) if kind == REFLECTION else _evidence_item(evidence[id_], page)
        for kind, id_ in rows
    ]
    return items, total


def _week_prompt(session: Session, cohort: Cohort, now: datetime) -> WeekPrompt:
    week = current_week(cohort, now)
    title = None
    if week is not None:
        title = session.scalar(
            select(Prompt.title)
            .join(Delivery, Delivery.prompt_id == Prompt.id)
            .where(Delivery.cohort_id == cohort.id, Delivery.week == week, Delivery.kind == "prompt")
        )
    return WeekPrompt(cohort.name, week, title)


def _ratings(session: Session, person_id: int, cohort: Cohort) -> CohortRatings:
    rows = session.execute(
        select(ConfidenceRating.phase, ConfidenceRating.item_key, ConfidenceRating.rating).where(
            ConfidenceRating.person_id == person_id,
            ConfidenceRating.cohort_id == cohort.id,
            ConfidenceRating.superseded_at.is_(None),
        )
    ).all()
    given = {(phase, key): rating for phase, key, rating in rows}
    answered = tuple(phase for phase in PHASES if any(p == phase for p, _ in given))
    trends = tuple(
        RatingTrend(item.statement, tuple(given.get((phase, item.key)) for phase in PHASES)) for item in instrument().items
    )
    return CohortRatings(cohort.name, answered, trends if answered else ())


def _weeks_reflected(session: Session, person_id: int, cohort: Cohort) -> WeeksReflected:
    weeks = session.scalars(
        select(Reflection.week)
        .where(
            Reflection.person_id == person_id,
            Reflection.cohort_id == cohort.id,
            Reflection.deleted_at.is_(None),
            Reflection.week.is_not(None),
        )
        .distinct()
        .order_by(Reflection.week)
    )
    return WeeksReflected(cohort.name, tuple(w for w in weeks if w is not None), cohort.weeks)


def build_home(session: Session, ref: PersonRef, *, page: int = 0, now: datetime) -> JournalHome:
    person = find_person(session, ref)
    cohorts = cohorts_of(session, ref)
    ideas = waiting_for(session, ref)
    if person is None or person.erased_at is not None or not cohorts:
        return JournalHome(enrolled=False, ideas_to_review=ideas)
    items, total = entries_page(session, person.id, max(page, 0))
    if not items and page > 0:  # the page emptied, e.g. its last entry was deleted
        last = max((total - 1) // PAGE_SIZE, 0)
        items, total = entries_page(session, person.id, last)
        page = last
    return JournalHome(
        enrolled=True,
        challenge=person.personal_challenge,
        prompts=tuple(_week_prompt(session, cohort, now) for cohort in cohorts),
        entries=tuple(items),
        entry_count=total,
        page=max(page, 0),
        ratings=tuple(_ratings(session, person.id, cohort) for cohort in cohorts),
        weeks_reflected=tuple(_weeks_reflected(session, person.id, cohort) for cohort in cohorts),
        actions=tuple(action.text for action in open_actions(session, person.id)),
        ideas_to_review=ideas,
    )
