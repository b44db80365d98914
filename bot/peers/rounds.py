"""Rounds of peer pairs: planned with the calendar, formed and introduced by the tick, once.

Each round is a delivery row (kind `peer_round`, week = the round's week), so claiming,
catch-up and pausing apply as to the weekly post. The groups are written when the round is
sent and each is introduced in a group DM with everyone's personal challenge.
"""

from __future__ import annotations

import logging
from collections import Counter
from itertools import combinations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.context import Context
from bot.delivery.jobs import Job, NothingToSend, Planned
from bot.interaction.errors import NotAllowed, NotFound
from bot.interaction.exchange import Button, Reply, Request
from bot.messaging.invites import delegates
from bot.messaging.markup import person, their_words
from bot.messaging.messenger import Message, Posted
from bot.messaging.refusals import MessengerError
from bot.peers.rotation import Meetings, groups_for_round
from bot.people.profiles import person_ref
from bot.programme.calendar import due_at
from storage.models import Cohort, PeerGroup, PeerGroupMember, PeerScheme, PeerSkip

log = logging.getLogger(__name__)

PEER_ROUND = "peer_round"
WE_MET = "peer_we_met"
SKIP_NEXT = "peer_skip_next"
DAYS_AFTER_POST = 1  # introductions come the day after the weekly challenge, not on top of it


def scheme_of(session: Session, cohort_id: int) -> PeerScheme | None:
    return session.scalar(select(PeerScheme).where(PeerScheme.cohort_id == cohort_id))


def round_weeks(cohort: Cohort, scheme: PeerScheme) -> list[int]:
    return list(range(scheme.first_week, cohort.weeks + 1, scheme.every_weeks))


def plan_rounds(session: Session, cohort: Cohort) -> list[Planned]:
    scheme = scheme_of(session, cohort.id)
    if scheme is None:
        return []
    return [Planned(week, due_at(cohort, week, DAYS_AFTER_POST)) for week in round_weeks(cohort, scheme)]


def _meetings(session: Session, cohort_id: int, before_week: int) -> Meetings:
    met: Meetings = Counter()
    for group in session.scalars(select(PeerGroup).where(PeerGroup.cohort_id == cohort_id, PeerGroup.week < before_week)):
        met.update(frozenset(pair) for pair in combinations([m.person_id for m in group.members], 2))
    return met


def form_round(session: Session, cohort: Cohort, week: int, roster: list[int]) -> list[PeerGroup]:
    """The round's groups: those already written (a round is formed once), else new ones."""
    existing = list(session.scalars(select(PeerGroup).where(PeerGroup.cohort_id == cohort.id, PeerGroup.week == week)))
    if existing:
        return existing
    scheme = scheme_of(session, cohort.id)
    if scheme is None:
        raise NothingToSend("peer pairs were turned off")
    away = set(session.scalars(select(PeerSkip.person_id).where(PeerSkip.cohort_id == cohort.id, PeerSkip.week == week)))
    round_index = (week - scheme.first_week) // scheme.every_weeks
    made = []
    for members in groups_for_round(roster, round_index, away, _meetings(session, cohort.id, week)):
        group = PeerGroup(cohort_id=cohort.id, week=week, members=[PeerGroupMember(person_id=p) for p in members])
        session.add(group)
        made.append(group)
    session.flush()
    return made


def introduction(group: PeerGroup, cohort: Cohort, every_weeks: int) -> Message:
    lines = []
    for member in group.members:
        challenge = member.person.personal_challenge
        about = their_words(challenge) if challenge else "no challenge set yet"
        lines.append(f"- {person(member.person.platform_user_id)}: {about}")
    who = "You three are" if len(group.members) == 3 else "You two are"
    span = "this week" if every_weeks == 1 else f"the next {every_weeks} weeks"
    return Message(
        title=f"{cohort.name}: your peers for {span}",
        text=f"{who} paired for {span}. Find half an hour to talk about your challenges and what you are trying:\n"
        + "\n".join(lines)
        + "\nPress **We met** once you have.",
        buttons=(
            Button("We met", WE_MET, value=str(group.id), style="primary"),
            Button("Skip the next round", SKIP_NEXT, value=str(cohort.id)),
        ),
        metadata={"kind": PEER_ROUND, "peer_group_id": group.id},
    )


def send_round(ctx: Context, job: Job) -> Posted | None:
    """The delivery kind's sender: form the round, then one group DM per pair or trio."""
    _, people = delegates(ctx, job.cohort_id)
    with ctx.db.write() as session:
        cohort = session.get(Cohort, job.cohort_id)
        scheme = scheme_of(session, job.cohort_id)
        if cohort is None or scheme is None:
            raise NothingToSend("peer pairs were turned off")
        groups = form_round(session, cohort, job.week, [p.id for p in people])
        if not groups:
            raise NothingToSend("fewer than two delegates are taking part this round")
        intros = [
            ([person_ref(m.person) for m in group.members], introduction(group, cohort, scheme.every_weeks)) for group in groups
        ]
    for members, message in intros:
        try:
            ctx.messenger.send_group_dm(members, message)
        except MessengerError as error:
            log.warning("peer introduction to %s failed: %s", [m.user_id for m in members], error)
    return None


def _own_group(session: Session, req: Request, value: str) -> PeerGroup:
    group = session.get(PeerGroup, int(value)) if value.isdigit() else None
    if group is None:
        raise NotFound("Sorry, I can't find that pairing any more.")
    if req.actor.person not in [person_ref(m.person) for m in group.members]:
        raise NotAllowed("Sorry, that button is for the people in this pairing.")
    return group


def we_met(req: Request, value: str) -> Reply:
    with req.ctx.db.write() as session:
        group = _own_group(session, req, value)
        if group.met_at is None:
            group.met_at = clock.now()
    return Reply(text="Thank you: I've noted that you met. It counts towards your cohort's peer support.")


def next_round_week(session: Session, cohort: Cohort) -> int | None:
    """The week of the next round not yet formed, if there is one."""
    scheme = scheme_of(session, cohort.id)
    if scheme is None:
        return None
    formed = set(session.scalars(select(PeerGroup.week).where(PeerGroup.cohort_id == cohort.id)))
    now = clock.now()
    return next(
        (week for week in round_weeks(cohort, scheme) if week not in formed and due_at(cohort, week, DAYS_AFTER_POST) > now),
        None,
    )


def skip_next_round(session: Session, cohort: Cohort, person_id: int) -> str:
    week = next_round_week(session, cohort)
    if week is None:
        return f"{cohort.name} has no more peer rounds planned, so there is nothing to skip."
    exists = session.scalar(
        select(PeerSkip.id).where(PeerSkip.cohort_id == cohort.id, PeerSkip.person_id == person_id, PeerSkip.week == week)
    )
    if exists is None:
        session.add(PeerSkip(cohort_id=cohort.id, person_id=person_id, week=week))
    return f"You'll sit out the peer round of week {week} in {cohort.name}; you'll be paired again in the round after."
