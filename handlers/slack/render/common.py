"""Small views and text helpers shared by every feature."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.views import View

from bot.interaction.exchange import Reply
from handlers.slack.render.markup import mrkdwn
from handlers.slack.render.message import buttons_block, text_sections


def reply_blocks(reply: Reply) -> list[dict[str, Any]]:
    blocks: list[Any] = text_sections(mrkdwn(reply.text))
    if reply.buttons:
        blocks.append(buttons_block(reply.buttons))
    return [block.to_dict() for block in blocks]


def message_view(title: str, text: str) -> dict[str, Any]:
    """A modal that only says something, e.g. after a form is saved."""
    blocks = text_sections(mrkdwn(text))[:100]
    return View(type="modal", title=title[:24], close="Close", blocks=blocks).to_dict()
