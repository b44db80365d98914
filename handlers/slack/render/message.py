"""Domain messages and buttons as Block Kit."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.metadata import Metadata

from bot.interaction.exchange import Button
from bot.messaging.messenger import Message
from handlers.slack.render.limits import (
    BUTTON_TEXT,
    CONTEXT_TEXT,
    HEADER_TEXT,
    MESSAGE_BLOCKS,
    MESSAGE_TEXT,
    SECTION_TEXT,
    cut,
    pieces,
)
from handlers.slack.render.markup import escape, mrkdwn

METADATA_EVENT = "cohortbot_post"
CUT_SHORT = " … (cut short: too long to show here)"


def fallback_text(text: str) -> str:
    """A message's `text` field (notifications, screen readers): rendered like the blocks, so typed
    mentions (`<!channel>`, `<@U…>`) are escaped and notify no one, and within Slack's limit."""
    return cut(mrkdwn(text), MESSAGE_TEXT, CUT_SHORT)


def button_element(button: Button) -> ButtonElement:
    confirm = None
    if button.confirm:
        confirm = ConfirmObject(title="Are you sure?", text=escape(button.confirm), confirm="Yes", deny="Cancel")
    return ButtonElement(
        text=button.label[:BUTTON_TEXT],
        action_id=button.action_id,
        value=button.value or None,
        style=button.style,
        confirm=confirm,
    )


def buttons_block(buttons: tuple[Button, ...], block_id: str | None = None) -> ActionsBlock:
    return ActionsBlock(block_id=block_id, elements=[button_element(button) for button in buttons])


def text_sections(text: str, budget: int) -> list[SectionBlock]:
    """Domain text as at most `budget` sections of Slack's 3,000 characters.

    Escaping makes `&` five characters long (mrkdwn), so text that would need more sections as
    mrkdwn goes as plain text (no escaping, no formatting, every word kept); text too
    long even for that is cut, saying how much is left out.
    """
    marked = pieces(mrkdwn(text), SECTION_TEXT)
    if len(marked) <= budget:
        return [SectionBlock(text=MarkdownTextObject(text=piece)) for piece in marked]
    plain = pieces(text, SECTION_TEXT)
    if len(plain) > budget:
        kept = plain[: budget - 1]
        left_out = len(text) - sum(len(piece) for piece in kept)
        plain = [*kept, f"(Cut here: {left_out:,} more characters do not fit in one message.)"]
    return [SectionBlock(text=PlainTextObject(text=piece, emoji=False)) for piece in plain]


def message_blocks(message: Message) -> list[dict[str, Any]]:
    head: list[Any] = [HeaderBlock(text=message.title[:HEADER_TEXT])] if message.title else []
    tail: list[Any] = []
    if message.footer:
        tail.append(ContextBlock(elements=[MarkdownTextObject(text=cut(mrkdwn(message.footer), CONTEXT_TEXT, CUT_SHORT))]))
    if message.buttons:
        tail.append(buttons_block(message.buttons))
    blocks = [*head, *text_sections(message.text, MESSAGE_BLOCKS - len(head) - len(tail)), *tail]
    return [block.to_dict() for block in blocks]


def message_metadata(message: Message) -> dict[str, Any] | None:
    if not message.metadata:
        return None
    return Metadata(event_type=METADATA_EVENT, event_payload=message.metadata).to_dict()
