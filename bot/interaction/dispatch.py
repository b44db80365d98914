"""The one table of what each slash command, form and button does. Front ends call only this.

Each call comes back as an outcome (`bot.interaction.outcomes`): the reply, the person's
mistake or a failure on our side, never an exception. Whatever people send is first rid of
the characters that cannot be stored (a NUL byte, say), and the reply tells them so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from bot.coaching import actions as coaching_actions
from bot.coaching import coach, logs, meetings
from bot.coaching import commands as coaching_commands
from bot.export import command as export_command
from bot.interaction import subcommands
from bot.interaction.exchange import FormValues, Reply, Request
from bot.interaction.outcomes import Outcome, Refused, outcome_of
from bot.interaction.text import removed_note, storable, storable_values
from bot.journal import actions, challenge, editing, evidence, home, reflections
from bot.peers import commands as peer_commands
from bot.peers import rounds as peer_rounds
from bot.people import admin_commands, erasure
from bot.programme import commands, mending_commands, missed, nudges, suggestions, weekly_post
from bot.sessions import attendance, invitations
from bot.sessions import commands as session_commands
from bot.surveys import confidence, evaluation

SlashHandler = Callable[[Request, str], Reply]
FormHandler = Callable[[Request, dict[str, Any], FormValues], Reply]
ActionHandler = Callable[[Request, str], Reply]

SUBCOMMANDS: tuple[subcommands.Subcommand, ...] = (
    *commands.SUBCOMMANDS,
    *coaching_commands.SUBCOMMANDS,
    *session_commands.SUBCOMMANDS,
    *nudges.SUBCOMMANDS,
    *peer_commands.SUBCOMMANDS,
    *suggestions.SUBCOMMANDS,
    *challenge.SUBCOMMANDS,
    *erasure.SUBCOMMANDS,
    *evaluation.SUBCOMMANDS,
    *export_command.SUBCOMMANDS,
    *admin_commands.SUBCOMMANDS,
)
"""Every `/cohortbot` subcommand, in the order help lists them."""

SLASH_COMMANDS: dict[str, SlashHandler] = {
    "/reflect": reflections.reflect,
    "/evidence": evidence.evidence,
    "/confidence": confidence.confidence,
    "/journal": home.journal,
    "/coach": coach.coach,
    "/cohortbot": lambda req, text: subcommands.run_subcommand(req, text, SUBCOMMANDS),
}
FORMS: dict[str, FormHandler] = {
    reflections.REFLECTION_FORM: reflections.submit_reflection,
    evidence.EVIDENCE_FORM: evidence.submit_evidence,
    evidence.FOLLOW_UP_FORM: evidence.submit_follow_up,
    confidence.CONFIDENCE_FORM: confidence.submit_confidence,
    evaluation.EVALUATION_FORM: evaluation.submit_evaluation,
    challenge.CHALLENGE_FORM: challenge.submit_challenge,
    commands.CREATE_FORM: commands.submit_create,
    meetings.REQUEST_FORM: meetings.submit_request,
    meetings.PROPOSE_FORM: meetings.submit_proposal,
    logs.LOG_FORM: logs.submit_log,
    invitations.DECLINE_FORM: invitations.submit_decline,
    suggestions.SUGGEST_FORM: suggestions.submit_suggestion,
    suggestions.DECLINE_FORM: suggestions.submit_decline,
}
ACTIONS: dict[str, ActionHandler] = {
    weekly_post.OPEN_REFLECTION: weekly_post.open_reflection,
    evidence.OPEN_EVIDENCE: evidence.open_evidence,
    evidence.FOLLOW_UP_BUTTON: evidence.open_follow_up,
    actions.EDIT_ENTRY: editing.edit_entry,
    actions.DELETE_ENTRY: home.delete_entry,
    actions.QUOTE_ENTRY: home.quote_entry,
    actions.HOME_PAGE: home.home_page,
    confidence.OPEN_CONFIDENCE: confidence.open_confidence,
    evaluation.OPEN_EVALUATION: evaluation.open_evaluation,
    actions.EDIT_CHALLENGE: challenge.open_challenge,
    erasure.CONFIRM_FORGET_ME: erasure.erase,
    meetings.ACCEPT_TIME: meetings.accept_time,
    meetings.PROPOSE_TIME: meetings.propose_time,
    logs.LOG_MEETING: logs.open_log_for_meeting,
    coaching_actions.ACTION_DONE: coaching_actions.done,
    coaching_actions.ACTION_NOT_YET: coaching_actions.not_yet,
    coaching_actions.ACTION_DROPPED: coaching_actions.dropped,
    invitations.ANSWER_GOING: invitations.going,
    invitations.ANSWER_DECLINE: invitations.open_decline,
    attendance.MARK_ATTENDED: attendance.mark_attended,
    attendance.CHECK_IN: attendance.check_in,
    missed.RESEND_WEEK: mending_commands.resend_week,
    mending_commands.SCHEDULE_ANYWAY: mending_commands.schedule_anyway,
    peer_rounds.WE_MET: peer_rounds.we_met,
    peer_rounds.SKIP_NEXT: peer_commands.skip_button,
    suggestions.ACCEPT: suggestions.accept,
    suggestions.DECLINE: suggestions.open_decline,
}


def _noting_removed(outcome: Outcome, removed: int) -> Outcome:
    """The outcome, telling the person that characters which cannot be stored were left out."""
    if not removed:
        return outcome
    if isinstance(outcome, Refused):
        return replace(outcome, message=f"{outcome.message}\n\n{removed_note(removed)}")
    if isinstance(outcome, Reply) and outcome.form is None:
        return replace(outcome, text=f"{outcome.text}\n\n{removed_note(removed)}".strip())
    return outcome


def run_command(req: Request, command: str, text: str) -> Outcome:
    handler = SLASH_COMMANDS.get(command)
    if handler is None:
        return Reply(text=f"Sorry, I don't know {command}. Type `/cohortbot help` to see what you can do.")
    text, removed = storable(text)
    outcome = outcome_of(lambda: handler(req, text), what=command, who=req.actor.person.user_id)
    return _noting_removed(outcome, removed)


def submit_form(req: Request, form_id: str, context: dict[str, Any], values: FormValues) -> Outcome:
    handler = FORMS.get(form_id)
    if handler is None:
        return Reply(text="Sorry, that form has expired. Please start again.")
    values, removed = storable_values(values)
    outcome = outcome_of(lambda: handler(req, context, values), what=f"form {form_id}", who=req.actor.person.user_id)
    return _noting_removed(outcome, removed)


def run_action(req: Request, action_id: str, value: str) -> Outcome:
    handler = ACTIONS.get(action_id)
    if handler is None:
        return Reply(text="Sorry, that button no longer works. Please start again.")
    value, removed = storable(value)
    outcome = outcome_of(lambda: handler(req, value), what=f"button {action_id}", who=req.actor.person.user_id)
    return _noting_removed(outcome, removed)
