"""The facilitators' note after the bot was stopped: weeks missed, weeks caught up, a button per missed week."""

from __future__ import annotations

from bot.interaction.exchange import Button
from bot.messaging.messenger import Message
from bot.programme.weekly_post import week_button_value

RESEND_WEEK = "resend_week"
MOST_BUTTONS = 5  # the latest missed weeks get a button; older ones are named with the command


def _weeks(numbers: list[int]) -> str:
    words = [str(number) for number in numbers]
    listed = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
    return ("week " if len(words) == 1 else "weeks ") + listed


def resend_button(cohort_id: int, week: int) -> Button:
    return Button(f"Post week {week} now", RESEND_WEEK, week_button_value(cohort_id, week))


def missed_message(cohort_id: int, name: str, missed: list[int], caught_up: list[int]) -> Message:
    """What fell due while the bot was stopped and was not posted, and what it posted on starting again."""
    lines = [f"While I was stopped, the weekly challenge for {_weeks(missed)} fell due and was not posted."]
    if caught_up:
        lines.append(f"I have caught up on {_weeks(caught_up)}: posted just now.")
    lines.append(f'To post a missed week now, press its button or run `/cohortbot cohort resend "{name}" WEEK`.')
    return Message(
        title=f"{name}: missed while I was stopped",
        text="\n".join(lines),
        buttons=tuple(resend_button(cohort_id, week) for week in missed[-MOST_BUTTONS:]),
    )
