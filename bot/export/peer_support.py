"""Peer support per delegate, for Participation: peer meetings (a pairing someone said met) and replies to shared reflections.

Replies are counted, never read: the bot keeps who replied and when, not what they wrote.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from bot.export.context import ExportContext
from bot.export.sheet import Column
from storage.models import PeerGroup, PeerGroupMember, PeerReply, Person

PEER_COLUMNS = (
    Column("Peer meetings", 9, "Peer pairings the delegate was in that someone in the pairing marked as met (We met)."),
    Column(
        "Replies to reflections",
        10,
        "Replies the delegate wrote in the thread of a week's post to others' shared reflections "
        "(counted; the text is not kept).",
    ),
)


@dataclass
class PeerSupport:
    meetings: int = 0
    replies: int = 0


def peer_support_by_delegate(ctx: ExportContext) -> dict[tuple[int, str], PeerSupport]:
    """(cohort id, user id) -> peer meetings and replies inside the export's scope and dates."""
    found: dict[tuple[int, str], PeerSupport] = defaultdict(PeerSupport)
    meetings = (
        select(PeerGroup.cohort_id, Person.platform_user_id, func.count())
        .join(PeerGroupMember, PeerGroupMember.group_id == PeerGroup.id)
        .join(Person, PeerGroupMember.person_id == Person.id)
        .where(PeerGroup.met_at.is_not(None), *ctx.in_scope(PeerGroup.cohort_id), *ctx.in_window(PeerGroup.met_at))
        .group_by(PeerGroup.cohort_id, Person.platform_user_id)
    )
    for cohort_id, user_id, count in ctx.session.execute(meetings):
        found[cohort_id, user_id].meetings = count
    replies = (
        select(PeerReply.cohort_id, Person.platform_user_id, func.count())
        .join(Person, PeerReply.person_id == Person.id)
        .where(*ctx.in_scope(PeerReply.cohort_id), *ctx.in_window(PeerReply.created_at))
        .group_by(PeerReply.cohort_id, Person.platform_user_id)
    )
    for cohort_id, user_id, count in ctx.session.execute(replies):
        found[cohort_id, user_id].replies = count
    return found


def peer_cells(support: PeerSupport | None) -> list[int]:
    support = support or PeerSupport()
    return [support.meetings, support.replies]
