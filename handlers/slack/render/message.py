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
    SectionBlock,
)
from slack_sdk.models.metadata import Metadata

from bot.interaction.exchange import Button
from bot.messaging.messenger import Message
from handlers.slack.render.markup import escape, mrkdwn

SECTION_LIMIT = 3000
METADATA_EVENT = "cohortbot_post"


def button_element(button: Button) -> ButtonElement:
    confirm = None
    if button.confirm:
        confirm = ConfirmObject(title="Are you sure?", text=escape(button.confirm), confirm="Yes", deny="Cancel")
    return ButtonElement(
        text=button.label[:75], action_id=button.action_id, value=button.value or None, style=button.style, confirm=confirm
    )


def buttons_block(buttons: tuple[Button, ...], block_id: str | None = None) -> ActionsBlock:
    return ActionsBlock(block_id=block_id, elements=[button_element(button) for button in buttons])


def text_sections(text: str) -> list[SectionBlock]:
    """Long text split into sections within Slack's 3000-character limit."""
    return [SectionBlock(text=text[start : start + SECTION_LIMIT]) for start in range(0, len(text), SECTION_LIMIT)]


def message_blocks(message: Message) -> list[dict[str, Any]]:
    blocks: list[Any] = []
    if message.title:
        blocks.append(HeaderBlock(text=message.title[:150]))
    blocks.extend(text_sections(mrkdwn(message.text)))
    if message.footer:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=mrkdwn(message.footer))]))
    if message.buttons:
        blocks.append(buttons_block(message.buttons))
    return [block.to_dict() for block in blocks]


def message_metadata(message: Message) -> dict[str, Any] | None:
    if not message.metadata:
        return None
    return Metadata(event_type=METADATA_EVENT, event_payload=message.metadata).to_dict()
