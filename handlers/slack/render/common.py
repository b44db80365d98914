"""Small views and text helpers shared by every feature."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.views import View

from bot.interaction.exchange import Reply
from handlers.slack.render.limits import MESSAGE_BLOCKS, MODAL_TITLE, VIEW_BLOCKS
from handlers.slack.render.message import buttons_block, fallback_text, text_sections


def reply_blocks(reply: Reply) -> list[dict[str, Any]]:
    buttons = [buttons_block(reply.buttons)] if reply.buttons else []
    blocks = [*text_sections(reply.text, MESSAGE_BLOCKS - len(buttons)), *buttons]
    return [block.to_dict() for block in blocks]


def reply_message(reply: Reply) -> dict[str, Any]:
    """An ephemeral answer (an ack or respond()): blocks and `text`, both within Slack's limits."""
    return {"text": fallback_text(reply.text), "blocks": reply_blocks(reply)}


def message_view(title: str, text: str) -> dict[str, Any]:
    """A modal that only says something, e.g. after a form is saved."""
    blocks = text_sections(text, VIEW_BLOCKS)
    return View(type="modal", title=title[:MODAL_TITLE], close="Close", blocks=blocks).to_dict()
