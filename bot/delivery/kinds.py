"""The one table of scheduled work: each delivery kind, how it is planned and how it is sent.

Add a kind here (a planner and a sender, and a finder if its copies can be found again)
and scheduling, claiming, catch-up and error handling apply to it unchanged. Kinds about
one 1-2-1 or action write their rows when it happens (`bot.delivery.subjects`).

A try that fails for a passing reason is repeated while the row is still useful: weekly
work until the same slot next week; a reminder until the time it reminds of (about 12
hours for a day-before one); an invitation or a 1-2-1 log prompt for a day.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from bot.coaching import actions as coaching_actions
from bot.coaching import reminders as coaching_reminders
from bot.coaching.logs import ACTION_FOLLOW_UP
from bot.coaching.meetings import AFTER, DAY_BEFORE, HOUR_BEFORE
from bot.context import Context
from bot.delivery.jobs import DeliveryKind, Job, Planned
from bot.peers import rounds as peer_rounds
from bot.programme import nudges, weekly_post
from bot.programme.calendar import PROMPT, due_at
from bot.sessions import attendance as session_attendance
from bot.sessions import invitations as session_invitations
from bot.sessions import planning as session_planning
from bot.sessions import reminders as session_reminders
from bot.surveys import confidence, evaluation
from storage.models import Cohort

DAY_BEFORE_USEFUL = timedelta(hours=12)
HOUR_BEFORE_USEFUL = timedelta(hours=1)
A_DAY = timedelta(days=1)
REMINDER = "reminder"
DIGEST = "digest"
SURVEY = "survey"
EVALUATION = "evaluation"


def plan_surveys(session: Session, cohort: Cohort) -> list[Planned]:
    """The confidence survey by DM when each phase opens: week 1, the middle week, the last week."""
    return [Planned(week, due_at(cohort, week)) for week in sorted(confidence.survey_invites_due(cohort))]


def send_surveys(ctx: Context, job: Job) -> None:
    confidence.send_survey_invite(ctx, job.cohort_id, job.week)


def plan_evaluation(session: Session, cohort: Cohort) -> list[Planned]:
    """The programme evaluation by DM at the start of the last week."""
    return [Planned(cohort.weeks, due_at(cohort, cohort.weeks))]


def send_evaluations(ctx: Context, job: Job) -> None:
    evaluation.send_evaluation(ctx, job.cohort_id)


def planned_when_agreed(session: Session, cohort: Cohort) -> list[Planned]:
    """Rows about a 1-2-1, an action or a session are written when it is agreed, logged or added, not with the calendar."""
    return []


DELIVERY_KINDS: dict[str, DeliveryKind] = {
    PROMPT: DeliveryKind(
        weekly_post.plan_prompts, weekly_post.send_prompt, "weekly challenge", find=weekly_post.find_prompt_post
    ),
    REMINDER: DeliveryKind(nudges.plan_reminders, nudges.send_reminder, "reminder DMs"),
    DIGEST: DeliveryKind(nudges.plan_digests, nudges.send_digest, "facilitator digest"),
    SURVEY: DeliveryKind(plan_surveys, send_surveys, "confidence survey DMs"),
    EVALUATION: DeliveryKind(plan_evaluation, send_evaluations, "programme evaluation DMs"),
    peer_rounds.PEER_ROUND: DeliveryKind(peer_rounds.plan_rounds, peer_rounds.send_round, "peer pairs introductions"),
    DAY_BEFORE: DeliveryKind(
        planned_when_agreed,
        coaching_reminders.send_reminder,
        "1-2-1 reminder the day before",
        useful_for=DAY_BEFORE_USEFUL,
    ),
    HOUR_BEFORE: DeliveryKind(
        planned_when_agreed,
        coaching_reminders.send_reminder,
        "1-2-1 reminder an hour before",
        useful_for=HOUR_BEFORE_USEFUL,
    ),
    AFTER: DeliveryKind(
        planned_when_agreed, coaching_reminders.send_log_prompt, "1-2-1 log prompt to the coach", useful_for=A_DAY
    ),
    ACTION_FOLLOW_UP: DeliveryKind(planned_when_agreed, coaching_actions.send_follow_up, "1-2-1 action follow-up"),
    session_planning.INVITE: DeliveryKind(
        planned_when_agreed, session_invitations.send_invitations, "session invitations", useful_for=A_DAY
    ),
    session_planning.DAY_BEFORE: DeliveryKind(
        planned_when_agreed,
        session_reminders.send_reminders,
        "session reminder the day before",
        useful_for=DAY_BEFORE_USEFUL,
    ),
    session_planning.HOUR_BEFORE: DeliveryKind(
        planned_when_agreed,
        session_reminders.send_reminders,
        "session reminder an hour before",
        useful_for=HOUR_BEFORE_USEFUL,
    ),
    session_planning.ATTENDANCE: DeliveryKind(planned_when_agreed, session_attendance.send_attendance, "session attendance"),
}
