"""The delegate's journal home (Slack's App Home) as text, with the same buttons, numbered for /press."""

from __future__ import annotations

from dataclasses import dataclass

from bot.interaction.exchange import Button
from bot.journal.view import JournalHome
from bot.programme.suggestions import REVIEW_HINT

ENTRY_CHARS = 80


@dataclass(frozen=True)
class Part:
    """A few lines of the home and the buttons that act on them."""

    text: str
    buttons: tuple[Button, ...] = ()


def home_parts(home: JournalHome) -> list[Part]:
    ideas = [Part(f"{home.ideas_to_review} {REVIEW_HINT}")] if home.ideas_to_review else []
    if not home.enrolled:
        return [*ideas, Part("You're not enrolled in a cohort yet.")]
    lines = [f"My challenge: {home.challenge or 'not set yet'}"]
    lines += [
        f"This week in {prompt.cohort_name}: week {prompt.week}, {prompt.title}"
        for prompt in home.prompts
        if prompt.week and prompt.title
    ]
    lines += [f"My 1-2-1 action: {action}" for action in home.actions]
    lines += [f"Weeks reflected in {w.cohort_name}: {len(w.weeks)} of {w.total_weeks}" for w in home.weeks_reflected]
    parts = [*ideas, Part("\n".join(lines), (home.challenge_button,)), Part(f"My entries ({home.entry_count}), newest first:")]
    parts += [
        Part(f"{entry.label}: {' '.join(entry.text.split())[:ENTRY_CHARS]}\n{entry.seen_by}", entry.buttons)
        for entry in home.entries
    ]
    if home.pager:
        parts.append(Part(f"Page {home.page + 1}.", home.pager))
    return parts
