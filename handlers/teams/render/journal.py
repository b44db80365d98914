"""The journal (`bot.journal.view.JournalHome`) as a card in the person's chat with the bot.

Teams has no home screen like Slack's App Home, so `journal` answers with this card: the
challenge, this week's prompt, the latest entries with their Edit, Delete and quoting buttons,
and Newer/Older to page on. Its buttons answer with the card again, refreshed in place.
"""

from __future__ import annotations

from bot.interaction.text import shorten
from bot.journal.view import EntryItem, JournalHome
from bot.programme.suggestions import REVIEW_HINT
from handlers.teams.render.card_text import CardText, NameOf, no_name
from handlers.teams.render.cards import (
    Card,
    Element,
    Surface,
    action_set,
    adaptive_card,
    subtle_block,
    text_block,
    title_block,
)

ENTRY_CHARS = 500
TITLE = "Your learning journal"
NO_CHALLENGE = "_Not set yet: what real problem from your work are you working on?_"
NOT_ENROLLED = "You're not enrolled in a cohort yet. Ask your programme facilitator to add you."
NO_ENTRIES = "No entries yet. Type `reflect` or `evidence` to add your first."


def _challenge(home: JournalHome, text: CardText) -> list[Element]:
    challenge = text.markdown(home.challenge) if home.challenge else NO_CHALLENGE
    return [
        text_block(f"**The challenge I'm working on**\n\n{challenge}"),
        action_set((home.challenge_button,), Surface.PERSONAL, text),
    ]


def _prompts(home: JournalHome, text: CardText) -> list[Element]:
    lines = []
    for prompt in home.prompts:
        if prompt.week is None:
            lines.append(f"- {prompt.cohort_name}: the programme is not running this week.")
        else:
            lines.append(f"- {prompt.cohort_name}, week {prompt.week}: {prompt.title or 'no challenge posted yet'}")
    return [text_block(text.markdown("**This week's challenge**\n\n" + "\n".join(lines)))] if lines else []


def _entry(item: EntryItem, text: CardText) -> list[Element]:
    label = item.label + (" · _quick entry: add detail_" if item.incomplete else "")
    return [
        {"type": "Container", "separator": True, "items": [text_block(f"**{text.markdown(label)}**")]},
        text_block(text.markdown(shorten(item.text, ENTRY_CHARS))),
        subtle_block(item.seen_by),
        action_set(item.buttons, Surface.PERSONAL, text),
    ]


def _entries(home: JournalHome, text: CardText) -> list[Element]:
    if not home.entries:
        return [text_block(text.markdown(NO_ENTRIES))]
    body = [subtle_block(f"{home.entry_count} in all, newest first. Page {home.page + 1}.")]
    for item in home.entries:
        body += _entry(item, text)
    if home.pager:
        body.append(action_set(home.pager, Surface.PERSONAL, text))
    return body


def journal_card(home: JournalHome, *, notice: str | None = None, name_of: NameOf = no_name) -> Card:
    """The journal; `notice` (e.g. "Your evidence is updated.") is shown at the top."""
    text = CardText(name_of)
    body: list[Element] = [title_block(TITLE)]
    if notice:
        body.append(text_block(text.markdown(notice), weight="Bolder", color="Good"))
    if home.ideas_to_review:
        body.append(text_block(text.markdown(f"{home.ideas_to_review} {REVIEW_HINT}")))
    if not home.enrolled:
        return adaptive_card([*body, text_block(NOT_ENROLLED)], text=text)
    body += _challenge(home, text) + _prompts(home, text)
    if home.actions:
        lines = "\n".join(f"- {shorten(action, 300)}" for action in home.actions)
        body.append(text_block(text.markdown(f"**My actions from 1-2-1s**\n\n{lines}")))
    body.append(title_block("My entries") | {"size": "Medium"})
    body += _entries(home, text)
    body.append(subtle_block(text.markdown("Only you see this. `cohortbot forget-me` erases everything you have stored.")))
    return adaptive_card(body, text=text)
