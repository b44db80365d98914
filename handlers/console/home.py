"""The delegate's journal home (Slack's App Home) as a few lines of text."""

from __future__ import annotations

from bot.journal.view import JournalHome
from bot.programme.suggestions import REVIEW_HINT


def home_text(home: JournalHome) -> str:
    ideas = [f"{home.ideas_to_review} {REVIEW_HINT}"] if home.ideas_to_review else []
    if not home.enrolled:
        return "\n".join([*ideas, "You're not enrolled in a cohort yet."])
    lines = [*ideas, f"My challenge: {home.challenge or 'not set yet (/cohortbot challenge)'}"]
    lines += [
        f"This week in {prompt.cohort_name}: week {prompt.week}, {prompt.title}"
        for prompt in home.prompts
        if prompt.week and prompt.title
    ]
    lines += [f"My 1-2-1 action: {action}" for action in home.actions]
    lines += [f"Weeks reflected in {w.cohort_name}: {len(w.weeks)} of {w.total_weeks}" for w in home.weeks_reflected]
    lines.append(f"My entries ({home.entry_count}), newest first:")
    lines += [f"  {entry.label}: {' '.join(entry.text.split())[:80]}" for entry in home.entries]
    return "\n".join(lines)
