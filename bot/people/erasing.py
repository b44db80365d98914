"""What an erasure removes, the same for `/cohortbot forget-me` and `cohortbot erase`.

Everything the person stored or that is about them is deleted. Their `people` row stays only as
the record that an erasure happened (in which workspace, and when) and as the coach named on
other delegates' 1-2-1s, which are those delegates' records: it keeps no platform id, name,
timezone, challenge, preference or timestamp of theirs. Its platform id becomes an opaque
marker, so nothing finds the row by the person's id again: a profile learnt later, or a later
command from them, cannot write to it, and someone who comes back starts afresh as a new person.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot import clock
from bot.delivery.outbox import DELETE_POST, ERASURE_NOTICE, enqueue
from bot.journal.sharing import posted_to_payload, shared_posts
from bot.messaging.addresses import Workspace
from bot.people.roles import FACILITATOR
from storage.models import (
    ChallengeRevision,
    CoachAssignment,
    CoachingMeeting,
    Cohort,
    ConfidenceRating,
    Evaluation,
    Evidence,
    Membership,
    PeerGroupMember,
    PeerReply,
    PeerSkip,
    Person,
    Reflection,
    SessionInvitation,
    Suggestion,
    TeamsFileOffer,
)

ERASED_MARKER = "erased:"
# What is deleted, in words for whoever asked, and how.
ERASED_KINDS = (
    ("reflections", Reflection.person_id),
    ("evidence entries", Evidence.person_id),
    ("confidence ratings", ConfidenceRating.person_id),
    ("evaluations", Evaluation.person_id),
    ("cohort memberships", Membership.person_id),
    ("session invitations", SessionInvitation.person_id),
    # Their 1-2-1s go with their actions (deleted by the database's cascade); so does who coached them.
    ("1-2-1s", CoachingMeeting.delegate_id),
    ("coach assignments", CoachAssignment.delegate_id),
    ("earlier versions of their challenge", ChallengeRevision.person_id),
    ("challenge ideas", Suggestion.person_id),
    ("peer pairings", PeerGroupMember.person_id),
    ("peer rounds sat out", PeerSkip.person_id),
    ("replies counted as peer support", PeerReply.person_id),
    ("files waiting for their consent in Teams", TeamsFileOffer.person_id),
)


@dataclass(frozen=True)
class Erasure:
    """What one erasure did: rows deleted by kind, and the work left for the outbox."""

    removed: dict[str, int]
    posts_to_remove: tuple[int, ...]  # outbox rows deleting the channel posts of shared entries
    notice: int | None  # the outbox row telling the facilitators, if any

    @property
    def queued(self) -> tuple[int, ...]:
        return (*self.posts_to_remove, *([] if self.notice is None else [self.notice]))


def stored_counts(session: Session, person: Person) -> dict[str, int]:
    """What an erasure of `person` would delete, by kind, without deleting it."""
    return {
        label: session.scalar(select(func.count()).select_from(column.class_).where(column == person.id)) or 0
        for label, column in ERASED_KINDS
    }


def erase_person(session: Session, person: Person) -> Erasure:
    """Delete everything of `person` and leave the bare marker row; the caller's transaction commits it."""
    name = person.display_name or person.platform_user_id
    workspace = Workspace(person.platform, person.workspace)  # the marker row keeps these
    cohorts = list(session.scalars(select(Cohort).join(Membership).where(Membership.person_id == person.id).distinct()))
    facilitators = _facilitators(session, person, cohorts)
    # The posts' places are kept as the platform gave them: the entries they copied are erased here.
    posts = tuple(
        enqueue(session, DELETE_POST, post.place.scope, **posted_to_payload(post)) for post in shared_posts(session, person.id)
    )
    removed = {
        label: session.execute(delete(column.class_).where(column == person.id)).rowcount for label, column in ERASED_KINDS
    }
    _leave_marker(person)
    notice = None
    if facilitators:
        cohort_names = ", ".join(c.name for c in cohorts) or "no cohort"
        text = (
            f"{name} ({cohort_names}) asked cohortbot to erase their data. Their journal entries, ratings, "
            "evaluation, challenge, 1-2-1 notes and session answers have been deleted and they have left the cohort."
        )
        told = [p.id for p in facilitators]
        notice = enqueue(session, ERASURE_NOTICE, workspace, person_ids=told, text=text)
    return Erasure(removed=removed, posts_to_remove=posts, notice=notice)


def _facilitators(session: Session, person: Person, cohorts: list[Cohort]) -> list[Person]:
    return list(
        session.scalars(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(
                Membership.cohort_id.in_([c.id for c in cohorts]),
                Membership.role == FACILITATOR,
                Person.id != person.id,
                Person.erased_at.is_(None),
            )
            .distinct()
        )
    )


def _leave_marker(person: Person) -> None:
    """Keep the row's id, platform and workspace, and when it was erased; nothing else of theirs."""
    now = clock.now()
    person.platform_user_id = f"{ERASED_MARKER}{person.id}"
    person.display_name = ""
    person.timezone = None
    person.personal_challenge = None
    person.challenge_updated_at = None
    person.privacy_notice_seen_at = None
    person.reminders_opt_out = False
    person.reminders_snoozed_until = None
    person.created_at = now
    person.erased_at = now
