"""Slack's limits on what the bot sends, in one place, and text cut to fit them.

From Slack's Block Kit reference: 50 blocks in a message, 100 in a modal or the Home tab;
3,000 characters of section text; 150 in a header; 24 in a modal's title; 75 in a button;
2,000 in an input's label; 3,000 of private_metadata. A message's `text` over 40,000
characters is truncated by Slack. slack_sdk.models check most of these on `to_dict()`;
the counts of blocks and the `text` field are checked here.
"""

from __future__ import annotations

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
CONTEXT_TEXT = 2000
HEADER_TEXT = 150
MODAL_TITLE = 24
BUTTON_TEXT = 75
INPUT_LABEL = 2000
MESSAGE_TEXT = 40_000

_LONGEST_ENTITY = len("&amp;")


def pieces(text: str, size: int) -> list[str]:
    """`text` in pieces of at most `size` characters, never splitting an escaped `&…;`."""
    parts, start = [], 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            amp = text.rfind("&", max(start, end - _LONGEST_ENTITY + 1), end)
            if amp > start and ";" not in text[amp:end]:
                end = amp
        parts.append(text[start:end])
        start = end
    return parts


def cut(text: str, limit: int, note: str) -> str:
    """`text` if it fits in `limit`, else its start and `note`, within `limit` all told."""
    if len(text) <= limit:
        return text
    return pieces(text, limit - len(note))[0] + note
