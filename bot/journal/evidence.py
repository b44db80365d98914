"""Evidence of applying something new at work (outcome 2), and the follow-up a few weeks later."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import clock
from bot.content import themes
from bot.context import Context
from bot.delivery.claims import in_reach
from bot.interaction.errors import CohortChoiceNeeded, InvalidInput, UserError
from bot.interaction.exchange import Button, Field, Form, FormValues, Option, Reply, Request
from bot.interaction.text import MAX_ENTRY_CHARS, clean_entry, shorten, with_their_words
from bot.journal.actions import EDIT_ENTRY
from bot.journal.entries import EVIDENCE, EntryRef, own_entry
from bot.journal.sharing import PRIVATE, WHO_CAN_SEE
from bot.messaging.messenger import Message
from bot.messaging.refusals import MessengerError, Refusal
from bot.people.privacy import with_notice
from bot.people.profiles import person_ref
from bot.programme.calendar import entry_week
from bot.programme.cohorts import cohort_for_entry
from storage.models import Delivery, Evidence, Person

log = logging.getLogger(__name__)

EVIDENCE_FORM = "evidence"
FOLLOW_UP_FORM = "evidence_follow_up"
OPEN_EVIDENCE = "open_evidence"
FOLLOW_UP_BUTTON = "evidence_follow_up"
MAX_LINK = 2000
FOLLOW_UP_QUESTION = "Did you use it again? What changed?"
USED_AGAIN_QUESTION = "Did you use it again?"
# The answers the evaluation counts (outcome 2: the share of evidence used again).
USED_AGAIN = (Option("yes", "Yes"), Option("not yet", "Not yet"), Option("no", "No"))


@dataclass(frozen=True)
class EvidenceDetails:
    technique: str
    context: str | None = None
    outcome: str | None = None
    themes: tuple[str, ...] = ()
    link: str | None = None

    @property
    def is_quick(self) -> bool:
        return not (self.context or self.outcome)


def _optional(value: Any, field: str, what: str) -> str | None:
    if value is None or not str(value).strip():
        return None
    return clean_entry(str(value), field=field, what=what)


def checked_link(value: Any) -> str | None:
    if value is None or not str(value).strip():
        return None
    link = str(value).strip()
    parts = urlsplit(link)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or len(link) > MAX_LINK:
        raise InvalidInput("The link must be a web address starting http:// or https://.", "link")
    return link


def checked_themes(value: Any) -> tuple[str, ...]:
    chosen = [value] if isinstance(value, str) else list(value or [])
    unknown = [theme for theme in chosen if theme not in themes()]
    if unknown:
        raise InvalidInput(f"Please choose themes from the list ({', '.join(unknown)} is not one).", "themes")
    return tuple(chosen)


def details_from(values: FormValues) -> EvidenceDetails:
    return EvidenceDetails(
        technique=clean_entry(str(values.get("technique") or ""), field="technique", what="What you tried"),
        context=_optional(values.get("context"), "context", "Where you tried it"),
        outcome=_optional(values.get("outcome"), "outcome", "What happened"),
        themes=checked_themes(values.get("themes")),
        link=checked_link(values.get("link")),
    )


def evidence_form(
    *,
    details: EvidenceDetails | None = None,
    draft: str = "",
    choices: list[Option] | None = None,
    context: dict[str, Any] | None = None,
    title: str = "Log evidence",
) -> Form:
    fields: list[Field] = []
    if choices:
        fields.append(Field("cohort", "Cohort", kind="select", options=tuple(choices)))
    fields += [
        Field(
            "technique",
            "What did you try?",
            kind="long_text",
            max_length=MAX_ENTRY_CHARS,
            initial=(details.technique if details else draft[:MAX_ENTRY_CHARS]) or None,
            hint="A technique, approach or technology you applied.",
        ),
        Field(
            "context", "Where?", kind="long_text", required=False, initial=details and details.context, hint="The work context."
        ),
        Field(
            "outcome",
            "What happened?",
            kind="long_text",
            required=False,
            initial=details and details.outcome,
            hint="The result or impact, even if it didn't work out.",
        ),
        Field(
            "themes",
            "Themes",
            kind="multi_select",
            required=False,
            options=tuple(Option(theme, theme) for theme in themes()),
            initial=details.themes if details else None,
        ),
        Field("link", "Link", kind="url", required=False, initial=details and details.link),
    ]
    return Form(EVIDENCE_FORM, title, tuple(fields), context=context or {})


@dataclass(frozen=True)
class EvidenceSaved:
    id: int
    cohort_name: str
    week: int | None
    is_quick: bool

    @property
    def confirmation(self) -> str:
        where = f"{self.cohort_name}, week {self.week}" if self.week else self.cohort_name
        text = f"Evidence saved to your journal ({where}). {WHO_CAN_SEE[PRIVATE]}"
        if self.is_quick:
            text += " Add where you tried it and what happened whenever you're ready."
        return text


def _existing(session: Session, source_key: str | None) -> Evidence | None:
    if source_key is None:
        return None
    return session.scalar(select(Evidence).where(Evidence.source_key == source_key))


def _saved(evidence: Evidence) -> EvidenceSaved:
    return EvidenceSaved(evidence.id, evidence.cohort.name, evidence.week, evidence.is_quick)


def _week_prompt_id(session: Session, cohort_id: int, week: int | None) -> int | None:
    if week is None:
        return None
    return session.scalar(
        select(Delivery.prompt_id).where(Delivery.cohort_id == cohort_id, Delivery.week == week, Delivery.kind == "prompt")
    )


def add_evidence(
    req: Request,
    details: EvidenceDetails,
    *,
    cohort_id: int | None = None,
    week: int | None = None,
) -> EvidenceSaved:
    """Store evidence once per request (`source_key`), with its follow-up due a few weeks on."""
    db = req.ctx.db
    try:
        with db.write() as session:
            existing = _existing(session, req.source_key)
            if existing is not None:
                return _saved(existing)
            person_id, cohort = cohort_for_entry(session, req.actor.person, place=req.actor.place, cohort_id=cohort_id)
            now = clock.now()
            week = entry_week(cohort, week, now)
            evidence = Evidence(
                person_id=person_id,
                cohort=cohort,
                week=week,
                prompt_id=_week_prompt_id(session, cohort.id, week),
                technique=details.technique,
                context=details.context,
                outcome=details.outcome,
                themes=list(details.themes),
                link=details.link,
                is_quick=details.is_quick,
                follow_up_due_at=now + timedelta(weeks=req.ctx.settings.cohortbot_follow_up_weeks),
                source_key=req.source_key,
                created_at=now,
                updated_at=now,
            )
            session.add(evidence)
            session.flush()
            return _saved(evidence)
    except IntegrityError:
        with db.read() as session:
            existing = _existing(session, req.source_key)
            if existing is None:
                raise
            return _saved(existing)


def _details(evidence: Evidence) -> EvidenceDetails:
    return EvidenceDetails(evidence.technique, evidence.context, evidence.outcome, tuple(evidence.themes or ()), evidence.link)


def evidence(req: Request, text: str) -> Reply:
    """/evidence: the form, or with text a quick entry to complete later."""
    if not text.strip():
        return Reply(form=evidence_form())
    try:
        technique = clean_entry(text, field="technique", what="Your evidence")
        saved = add_evidence(req, EvidenceDetails(technique))
    except CohortChoiceNeeded as choice:
        return Reply(form=evidence_form(draft=text, choices=[Option(str(c.id), c.name) for c in choice.choices]))
    except UserError as error:
        return Reply(text=with_their_words(str(error), text))
    ref = EntryRef(EVIDENCE, saved.id)
    return Reply(
        text=with_notice(req.ctx.db, req.actor.person, saved.confirmation),
        buttons=(Button("Add detail", EDIT_ENTRY, value=ref.value()),),
    )


def open_evidence(req: Request, value: str) -> Reply:
    """The weekly post's "Log evidence" button: the form, linked to that cohort and week."""
    try:
        data = json.loads(value)
        cohort_id, week = int(data["cohort_id"]), int(data["week"])
    except (ValueError, TypeError, KeyError):
        return Reply(form=evidence_form())
    with req.ctx.db.read() as session:
        _, cohort = cohort_for_entry(session, req.actor.person, cohort_id=cohort_id)
        title = f"Evidence: week {week}"
    return Reply(form=evidence_form(context={"cohort_id": cohort.id, "week": week}, title=title))


def edit_form(req: Request, ref: EntryRef) -> Form:
    with req.ctx.db.read() as session:
        entry = own_entry(session, req.actor.person, ref)
        assert isinstance(entry, Evidence)
        return evidence_form(details=_details(entry), context=ref.context(), title="Edit evidence")


def update_evidence(req: Request, ref: EntryRef, details: EvidenceDetails) -> None:
    with req.ctx.db.write() as session:
        entry = own_entry(session, req.actor.person, ref)
        assert isinstance(entry, Evidence)
        entry.technique, entry.context, entry.outcome = details.technique, details.context, details.outcome
        entry.themes, entry.link, entry.is_quick = list(details.themes), details.link, details.is_quick
        entry.updated_at = clock.now()


def submit_evidence(req: Request, context: dict[str, Any], values: FormValues) -> Reply:
    details = details_from(values)
    ref = EntryRef.from_context(context)
    if ref is not None:
        update_evidence(req, ref, details)
        return Reply(text=f"Your evidence is updated. {WHO_CAN_SEE[PRIVATE]}", home_page=ref.page)
    cohort = values.get("cohort")
    cohort_id = int(cohort) if isinstance(cohort, str) and cohort else context.get("cohort_id")
    saved = add_evidence(req, details, cohort_id=cohort_id, week=context.get("week"))
    return Reply(text=with_notice(req.ctx.db, req.actor.person, saved.confirmation))


# The follow-up, a few weeks on


def follow_up_message(evidence_id: int, technique: str) -> Message:
    quoted = shorten(technique, 300)
    return Message(
        text=f"A few weeks ago you logged this in your journal:\n\n{quoted}\n\n{FOLLOW_UP_QUESTION}",
        buttons=(Button("Answer", FOLLOW_UP_BUTTON, value=EntryRef(EVIDENCE, evidence_id).value(), style="primary"),),
        metadata={"kind": "evidence_follow_up", "evidence_id": evidence_id},
    )


# Refusals that will not change by trying again: the follow-up is given up, not retried every tick.
UNREACHABLE = frozenset({Refusal.GONE, Refusal.NOT_ALLOWED})


def _claim(ctx: Context, evidence_id: int, now: datetime) -> bool:
    with ctx.db.write() as session:
        result = session.execute(
            update(Evidence).where(Evidence.id == evidence_id, Evidence.follow_up_sent_at.is_(None)).values(follow_up_sent_at=now)
        )
        return result.rowcount == 1


def _release(ctx: Context, evidence_id: int) -> None:
    with ctx.db.write() as session:
        session.execute(update(Evidence).where(Evidence.id == evidence_id).values(follow_up_sent_at=None))


def send_due_follow_ups(ctx: Context, now: datetime) -> int:
    """DM each due follow-up that the messenger reaches exactly once; a message the platform refuses is retried next time.

    Each entry is claimed by a conditional update before its DM, so two ticks running at once
    never both send it. Returns how many were sent.
    """
    with ctx.db.read() as session:
        due = list(
            session.execute(
                select(Evidence.id, Evidence.technique, Person)
                .join(Person, Evidence.person_id == Person.id)
                .where(
                    Evidence.follow_up_due_at <= now,
                    Evidence.follow_up_sent_at.is_(None),
                    Evidence.deleted_at.is_(None),
                    Person.erased_at.is_(None),
                    in_reach(ctx.messenger.reach, Person),
                )
                .order_by(Evidence.follow_up_due_at)
            )
        )
    sent = 0
    for evidence_id, technique, person in due:
        if not _claim(ctx, evidence_id, now):
            continue
        try:
            ctx.messenger.send_dm(person_ref(person), follow_up_message(evidence_id, technique))
            sent += 1
        except MessengerError as error:
            log.warning("follow-up for evidence %s failed: %s", evidence_id, error)
            if error.reason not in UNREACHABLE:
                _release(ctx, evidence_id)  # a passing fault: try again next tick
    return sent


def open_follow_up(req: Request, value: str) -> Reply:
    ref = EntryRef.parse(value)
    with req.ctx.db.read() as session:
        entry = own_entry(session, req.actor.person, ref)
        assert isinstance(entry, Evidence)
        fields = (
            Field("used_again", USED_AGAIN_QUESTION, kind="select", options=USED_AGAIN, initial=entry.follow_up_used_again),
            Field("answer", "What changed?", kind="long_text", max_length=MAX_ENTRY_CHARS, initial=entry.follow_up_answer),
        )
        quoted = shorten(entry.technique, 500)
        return Reply(form=Form(FOLLOW_UP_FORM, "Follow-up", fields, intro=f"You logged: {quoted}", context=ref.context()))


def submit_follow_up(req: Request, context: dict[str, Any], values: FormValues) -> Reply:
    ref = EntryRef.from_context(context)
    answer = clean_entry(str(values.get("answer") or ""), field="answer", what="Your answer")
    used_again = values.get("used_again")
    if used_again not in {option.value for option in USED_AGAIN}:
        raise InvalidInput("Please say whether you used it again.", "used_again")
    if ref is None:
        raise InvalidInput("Sorry, that form has expired. Please press the button again.", "answer")
    with req.ctx.db.write() as session:
        entry = own_entry(session, req.actor.person, ref)
        assert isinstance(entry, Evidence)
        entry.follow_up_answer = answer
        entry.follow_up_used_again = used_again
        entry.follow_up_answered_at = clock.now()
    return Reply(text=f"Thank you: your answer is saved with the entry. {WHO_CAN_SEE[PRIVATE]}")
