"""Typed SQLAlchemy 2 models: the single source of truth for cohortbot.

Every timestamp is stored as naive UTC and handed back as an aware UTC datetime,
so SQLite and PostgreSQL behave alike.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC; refuses naive input."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC was expected")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


ID_LENGTH = 200  # a platform's id for a person, conversation or message: Teams' run to about 100 characters


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class InWorkspace:
    """A row that belongs to one workspace of one chat platform (see bot.messaging.addresses)."""

    platform: Mapped[str] = mapped_column(String(20))
    workspace: Mapped[str] = mapped_column(String(64))


class CacheVersion(Base):
    """A number that database triggers raise with every change to what a process may cache.

    `memberships` moves with every change to who is a delegate of which cohort: memberships,
    the cohorts themselves, a person's identity or erasure (migration 0014_membership_version
    lists the triggers; a batch migration that rebuilds one of those tables on SQLite must
    create its triggers again, which tests/storage checks). A process caches those
    facts with the number it read, and a write that relies on them checks the number in
    the same statement, so a change made by any process is never missed.
    """

    __tablename__ = "cache_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


MEMBERSHIPS_VERSION = "memberships"


class Person(InWorkspace, Base):
    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("platform", "workspace", "platform_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_user_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str | None] = mapped_column(String(64))
    personal_challenge: Mapped[str | None] = mapped_column(Text)
    challenge_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    privacy_notice_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminders_opt_out: Mapped[bool] = mapped_column(Boolean, default=False)
    reminders_snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="person")


class Cohort(InWorkspace, Base):
    __tablename__ = "cohorts"
    # One cohort per channel: a channel's delegates' entries are filed under it (NULLs never clash).
    __table_args__ = (
        UniqueConstraint("platform", "workspace", "name"),
        UniqueConstraint("platform", "workspace", "conversation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    conversation: Mapped[str | None] = mapped_column(String(ID_LENGTH), index=True)  # the cohort's channel
    start_date: Mapped[date] = mapped_column(Date)
    weeks: Mapped[int] = mapped_column(Integer, default=26)
    weekday: Mapped[int] = mapped_column(Integer, default=0)  # Monday is 0
    local_time: Mapped[time] = mapped_column(Time, default=time(9, 0))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    status: Mapped[str] = mapped_column(String(20), default="planned")
    reminder_days: Mapped[int | None] = mapped_column(Integer, default=2)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="cohort")


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("cohort_id", "person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # delegate | facilitator | evaluator
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cohort: Mapped[Cohort] = relationship(back_populates="memberships")
    person: Mapped[Person] = relationship(back_populates="memberships")


class Prompt(Base):
    __tablename__ = "prompts"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    challenge: Mapped[str] = mapped_column(Text)
    resources: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    licence: Mapped[str] = mapped_column(String(100), default="CC BY 4.0")
    author: Mapped[str] = mapped_column(String(200), default="", server_default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClaimedWork:
    """The columns through which a row of work is claimed by one process and finished once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    claim_token: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(80))  # the replica whose lease vouches for the claim
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)


class Lease(Base):
    """A lease held by one process until `expires_at`: the leader's, and each replica's own (see `bot.delivery.leases`)."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Delivery(ClaimedWork, Base):
    """One scheduled piece of work for a cohort and week: claimed once, sent once.

    `subject_id` names what the row is about when that is not the cohort's week: a 1-2-1
    or an agreed action (0 for the cohort's own weekly work). `retry_at` is the next try
    after a passing failure; `due_at` stays the slot it was planned for.
    """

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("cohort_id", "week", "kind", "subject_id"),)

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    week: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))  # prompt | reminder | survey | evaluation | digest | coaching_...
    subject_id: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    prompt_id: Mapped[int | None] = mapped_column(ForeignKey("prompts.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    conversation: Mapped[str | None] = mapped_column(String(ID_LENGTH))  # where it was posted, in the cohort's workspace
    message_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cohort: Mapped[Cohort] = relationship()
    prompt: Mapped[Prompt | None] = relationship()


class OutboxItem(ClaimedWork, InWorkspace, Base):
    """Something the bot must still say or do after answering a person, written with the change that caused it.

    `payload` names people and records by database id; `due_at` is the next try. The row's workspace
    is where the people and places it is about live, so only a process speaking there takes it.
    """

    __tablename__ = "outbox"

    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Reflection(Base):
    __tablename__ = "reflections"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    week: Mapped[int | None] = mapped_column(Integer)
    prompt_id: Mapped[int | None] = mapped_column(ForeignKey("prompts.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(20), default="private")  # private | cohort
    open_content_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    shared_message_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    source_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()
    cohort: Mapped[Cohort] = relationship()


class Evidence(Base):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    week: Mapped[int | None] = mapped_column(Integer)
    prompt_id: Mapped[int | None] = mapped_column(ForeignKey("prompts.id", ondelete="SET NULL"))
    technique: Mapped[str] = mapped_column(Text)
    context: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    link: Mapped[str | None] = mapped_column(String(2000))
    is_quick: Mapped[bool] = mapped_column(Boolean, default=False)
    follow_up_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    follow_up_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_up_answer: Mapped[str | None] = mapped_column(Text)
    follow_up_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_up_used_again: Mapped[str | None] = mapped_column(String(10))  # yes | no | not yet
    source_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()
    cohort: Mapped[Cohort] = relationship()


class ConfidenceRating(Base):
    """One answer to one instrument item; a re-answer supersedes, history is kept."""

    __tablename__ = "confidence_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(20))  # baseline | midpoint | final
    item_key: Mapped[str] = mapped_column(String(100))
    rating: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Evaluation(Base):
    """A delegate's evaluation of the programme (outcome 3): one per delegate and cohort."""

    __tablename__ = "evaluations"
    __table_args__ = (UniqueConstraint("person_id", "cohort_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # key -> {rating, comment}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CoachAssignment(Base):
    """Who coaches a delegate in a cohort: one coach per delegate and cohort."""

    __tablename__ = "coach_assignments"
    __table_args__ = (UniqueConstraint("cohort_id", "delegate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cohort: Mapped[Cohort] = relationship()
    delegate: Mapped[Person] = relationship(foreign_keys=[delegate_id])
    coach: Mapped[Person] = relationship(foreign_keys=[coach_id])


class CoachingMeeting(Base):
    """A 1-2-1: asked for (requested), given a time (agreed), then logged (held). Notes are private."""

    __tablename__ = "coaching_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="requested")  # requested | agreed | held
    request: Mapped[str | None] = mapped_column(Text)
    preferred: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO UTC instants the delegate offered
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    minutes: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    logged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cohort: Mapped[Cohort] = relationship()
    delegate: Mapped[Person] = relationship(foreign_keys=[delegate_id])
    coach: Mapped[Person] = relationship(foreign_keys=[coach_id])
    actions: Mapped[list[CoachingAction]] = relationship(back_populates="meeting", order_by="CoachingAction.id")


class CoachingAction(Base):
    """An action agreed at a 1-2-1, followed up by DM until it is done or dropped."""

    __tablename__ = "coaching_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("coaching_meetings.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | done | dropped
    follow_ups: Mapped[int] = mapped_column(Integer, default=0)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[CoachingMeeting] = relationship(back_populates="actions")


class CohortSession(Base):
    """A group session of a cohort: invitations by DM, reminders, and attendance afterwards."""

    __tablename__ = "cohort_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    minutes: Mapped[int] = mapped_column(Integer, default=90)
    place: Mapped[str | None] = mapped_column(String(300))
    link: Mapped[str | None] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(20), default="planned")  # planned | cancelled
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cohort: Mapped[Cohort] = relationship()
    invitations: Mapped[list[SessionInvitation]] = relationship(back_populates="session", order_by="SessionInvitation.id")


class SessionInvitation(Base):
    """One person invited to a session: their answer (changeable), a late cancellation, and whether they came."""

    __tablename__ = "session_invitations"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("cohort_sessions.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # delegate | facilitator
    answer: Mapped[str | None] = mapped_column(String(20))  # going | declined; None until they answer
    reason: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late_cancellation: Mapped[bool] = mapped_column(Boolean, default=False)
    attended: Mapped[bool | None] = mapped_column(Boolean)
    attendance_marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[CohortSession] = relationship(back_populates="invitations")
    person: Mapped[Person] = relationship()


class ExportAudit(Base):
    __tablename__ = "export_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), default="workbook")
    scope: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    pseudonymised: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WorkspaceAdmin(InWorkspace, Base):
    """Someone who may do anything in one workspace, as COHORTBOT_ADMINS may in the bot's own."""

    __tablename__ = "workspace_admins"
    __table_args__ = (UniqueConstraint("platform", "workspace", "platform_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_user_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WorkspaceSettings(InWorkspace, Base):
    """What an admin decided for one workspace; a workspace with no row has the defaults."""

    __tablename__ = "workspace_settings"
    __table_args__ = (UniqueConstraint("platform", "workspace"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    facilitators_create: Mapped[bool] = mapped_column(Boolean, default=False)  # else only admins create cohorts
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AppSecret(Base):
    """A secret the application generated for itself, e.g. the pseudonym key when none is configured."""

    __tablename__ = "app_secrets"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PeerScheme(Base):
    """A cohort's peer pairs: a round every `every_weeks` weeks from `first_week`."""

    __tablename__ = "peer_schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), unique=True)
    every_weeks: Mapped[int] = mapped_column(Integer)
    first_week: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PeerGroup(Base):
    """Two (or three) delegates introduced to each other in the round of `week`; `met_at` once one says they met."""

    __tablename__ = "peer_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    week: Mapped[int] = mapped_column(Integer)
    met_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[PeerGroupMember]] = relationship(back_populates="group", order_by="PeerGroupMember.person_id")


class PeerGroupMember(Base):
    __tablename__ = "peer_group_members"
    __table_args__ = (UniqueConstraint("group_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("peer_groups.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)

    group: Mapped[PeerGroup] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()


class PeerSkip(Base):
    """A delegate sits out the round of `week`."""

    __tablename__ = "peer_skips"
    __table_args__ = (UniqueConstraint("cohort_id", "person_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    week: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PeerReply(Base):
    """A reply in the thread of a week's post to someone's shared reflection: who and when, never the text."""

    __tablename__ = "peer_replies"
    __table_args__ = (UniqueConstraint("conversation", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    week: Mapped[int] = mapped_column(Integer)
    conversation: Mapped[str] = mapped_column(String(ID_LENGTH))
    message_id: Mapped[str] = mapped_column(String(ID_LENGTH))  # the platform's id for the reply, so a retried event counts once
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Suggestion(Base):
    """A challenge idea from someone enrolled, for the facilitators to accept into the library or decline with a note."""

    __tablename__ = "suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    licence: Mapped[str] = mapped_column(String(100))  # chosen by the author, for the prompt if accepted
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | accepted | declined
    note: Mapped[str | None] = mapped_column(Text)  # the facilitator's note to the author when declined
    prompt_id: Mapped[int | None] = mapped_column(ForeignKey("prompts.id", ondelete="SET NULL"))
    source_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cohort: Mapped[Cohort] = relationship()
    person: Mapped[Person] = relationship()


class ChallengeRevision(Base):
    """A version of a delegate's personal challenge, kept when it is revised (e.g. at the midpoint survey)."""

    __tablename__ = "challenge_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TeamsConversation(Base):
    """A Teams conversation the bot may post in later: a team's channel or a person's 1:1 chat.

    Learnt when the bot is added to a team or a personal chat (and from each activity after), since
    Teams offers no other way to find the service URL, team and tenant a proactive message needs.
    """

    __tablename__ = "teams_conversations"
    __table_args__ = (UniqueConstraint("tenant", "conversation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant: Mapped[str] = mapped_column(String(64))  # the Microsoft Entra tenant: the workspace
    conversation: Mapped[str] = mapped_column(String(ID_LENGTH))  # a channel id (19:...), or a 1:1 chat's id
    kind: Mapped[str] = mapped_column(String(20))  # channel | personal
    team: Mapped[str | None] = mapped_column(String(ID_LENGTH), index=True)  # a channel's team
    user_id: Mapped[str | None] = mapped_column(String(ID_LENGTH), index=True)  # a 1:1 chat's person (29:...)
    name: Mapped[str] = mapped_column(String(200), default="")
    service_url: Mapped[str] = mapped_column(String(500))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the bot was removed from the team
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TeamsFileOffer(Base):
    """A file offered to a person in Teams through a file consent card, kept until they accept or decline it.

    Teams takes a file only once the person accepts, and the bot then uploads it; the bytes are
    dropped as soon as they are uploaded or declined. `token` is what the consent card carries.
    """

    __tablename__ = "teams_file_offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))  # the file's name
    title: Mapped[str] = mapped_column(String(200))  # what the domain calls it, to find it again
    comment: Mapped[str] = mapped_column(Text)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    conversation: Mapped[str | None] = mapped_column(String(ID_LENGTH))  # where the consent card was sent
    message_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    answer: Mapped[str | None] = mapped_column(String(20))  # accepted | declined
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()


# Slack's OAuth install flow keeps its rows in slack_sdk's own shape (its SQLAlchemy installation and
# state stores read and write these tables). Tokens are stored sealed (encrypted), hence the wide columns.
SEALED = String(1000)


def _slack_app_columns() -> list[Column[Any]]:
    """What an installation and its bot share."""
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("client_id", String(32), nullable=False),
        Column("app_id", String(32), nullable=False),
        Column("enterprise_id", String(32)),
        Column("enterprise_name", String(200)),
        Column("team_id", String(32)),
        Column("team_name", String(200)),
        Column("bot_token", SEALED),
        Column("bot_id", String(32)),
        Column("bot_user_id", String(32)),
        Column("bot_scopes", String(1000)),
        Column("bot_refresh_token", SEALED),
        Column("bot_token_expires_at", DateTime),
        Column("is_enterprise_install", Boolean, default=False, nullable=False),
        Column("installed_at", DateTime, nullable=False, default=func.now()),
    ]


slack_installations = Table(
    "slack_installations",
    Base.metadata,
    *_slack_app_columns(),
    Column("enterprise_url", String(200)),
    Column("user_id", String(32), nullable=False),
    Column("user_token", SEALED),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", SEALED),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("token_type", String(32)),
    Index("slack_installations_idx", "client_id", "enterprise_id", "team_id", "user_id", "installed_at"),
)

slack_bots = Table(
    "slack_bots",
    Base.metadata,
    *_slack_app_columns(),
    Index("slack_bots_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
)

slack_oauth_states = Table(
    "slack_oauth_states",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)
