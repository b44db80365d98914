"""The journal (bot.journal.view.JournalHome) as Slack's App Home tab, always within 100 blocks."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

from bot.interaction.text import shorten
from bot.journal.view import CohortRatings, EntryItem, JournalHome
from bot.programme.suggestions import REVIEW_HINT
from bot.surveys.confidence import PHASES
from handlers.slack.render.limits import CONTEXT_TEXT, SECTION_TEXT, VIEW_BLOCKS, cut
from handlers.slack.render.markup import escape, mrkdwn
from handlers.slack.render.message import button_element, buttons_block

ENTRY_CHARS = 700
MAX_COHORTS_SHOWN = 5


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=cut(text, SECTION_TEXT, "…"))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=cut(text, CONTEXT_TEXT, "…"))])


def _challenge(home: JournalHome) -> list[Any]:
    text = mrkdwn(home.challenge) if home.challenge else "_Not set yet: what real problem from your work are you working on?_"
    section = SectionBlock(
        text=cut(f"*The challenge I'm working on*\n{text}", SECTION_TEXT, "…"),
        accessory=button_element(home.challenge_button),
    )
    return [section]


def _prompts(home: JournalHome) -> list[Any]:
    lines = []
    for prompt in home.prompts[:MAX_COHORTS_SHOWN]:
        if prompt.week is None:
            lines.append(f"{escape(prompt.cohort_name)}: the programme is not running this week.")
        else:
            title = escape(prompt.title) if prompt.title else "no challenge posted yet"
            lines.append(f"{escape(prompt.cohort_name)}, week {prompt.week}: {title}")
    return [_section("*This week's challenge*\n" + "\n".join(lines))] if lines else []


def _rating_lines(ratings: CohortRatings) -> str:
    head = f"*{escape(ratings.cohort_name)}*: " + " → ".join(p.capitalize() for p in PHASES)
    rows = [
        f"{escape(trend.statement)} *{' → '.join('–' if r is None else str(r) for r in trend.ratings)}*"
        for trend in ratings.trends
    ]
    return "\n".join([head, *rows])


def _ratings(home: JournalHome) -> list[Any]:
    answered = [r for r in home.ratings if r.phases_answered][:MAX_COHORTS_SHOWN]
    blocks: list[Any] = [HeaderBlock(text="My confidence ratings")]
    if not answered:
        return blocks + [
            _context("No ratings yet. Use `/confidence` when a survey is open (weeks 1, the middle week and the last week).")
        ]
    return blocks + [_section(_rating_lines(r)) for r in answered]


def _weeks(home: JournalHome) -> list[Any]:
    lines = []
    for cohort in home.weeks_reflected[:MAX_COHORTS_SHOWN]:
        weeks = ", ".join(str(w) for w in cohort.weeks) or "none yet"
        lines.append(f"{escape(cohort.cohort_name)}: weeks {weeks} ({len(cohort.weeks)} of {cohort.total_weeks})")
    return [_section("*Weeks I reflected*\n" + "\n".join(lines))] if lines else []


def _entry(item: EntryItem) -> list[Any]:
    label = escape(item.label) + (" · _quick entry: add detail_" if item.incomplete else "")
    text = f"*{label}*\n{mrkdwn(shorten(item.text, ENTRY_CHARS))}"
    return [_section(text), _context(escape(item.seen_by)), buttons_block(item.buttons)]


def _entries(home: JournalHome) -> list[Any]:
    blocks: list[Any] = [HeaderBlock(text="My entries")]
    if not home.entries:
        return blocks + [_context("No entries yet. Use `/reflect` or `/evidence` to add your first.")]
    blocks.append(_context(f"{home.entry_count} in all, newest first. Page {home.page + 1}."))
    for item in home.entries:
        blocks += _entry(item)
    if home.pager:
        blocks.append(buttons_block(home.pager, block_id="pager"))
    return blocks


def _actions(home: JournalHome) -> list[Any]:
    if not home.actions:
        return []
    lines = "\n".join(f"• {escape(shorten(action, 300))}" for action in home.actions)
    return [_section(shorten(f"*My actions from 1-2-1s*\n{lines}", 3000))]


def _ideas(home: JournalHome) -> list[Any]:
    return [_section(mrkdwn(f"{home.ideas_to_review} {REVIEW_HINT}"))] if home.ideas_to_review else []


def home_blocks(home: JournalHome) -> list[Any]:
    if not home.enrolled:
        return [
            HeaderBlock(text="Your learning journal"),
            *_ideas(home),
            _section("You're not enrolled in a cohort yet. Ask your programme facilitator to add you."),
        ]
    return [
        HeaderBlock(text="Your learning journal"),
        *_ideas(home),
        *_challenge(home),
        *_prompts(home),
        *_actions(home),
        DividerBlock(),
        *_entries(home),
        DividerBlock(),
        *_ratings(home),
        *_weeks(home),
        _context("Only you see this page. `/cohortbot forget-me` erases everything you have stored."),
    ]


def home_view(home: JournalHome) -> dict[str, Any]:
    blocks = home_blocks(home)
    if len(blocks) > VIEW_BLOCKS:
        raise ValueError(f"the journal home has {len(blocks)} blocks; Slack allows {VIEW_BLOCKS}")
    return View(type="home", blocks=blocks).to_dict()
