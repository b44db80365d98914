"""Checks on what people type, shared by every front end."""

from __future__ import annotations

from bot.errors import InvalidInput

MAX_ENTRY_CHARS = 3000


def clean_entry(text: str | None, *, field: str | None = None, what: str = "Your reflection") -> str:
    """Strip surrounding space and refuse empty or over-long text with a clear message."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise InvalidInput(f"{what} is empty. Please write a few words.", field)
    if len(cleaned) > MAX_ENTRY_CHARS:
        raise InvalidInput(
            f"{what} is {len(cleaned):,} characters; the limit is {MAX_ENTRY_CHARS:,}. "
            "Please shorten it or split it in two.",
            field,
        )
    return cleaned


def with_their_words(message: str, text: str) -> str:
    """A refusal that gives people back what they typed, so nothing they wrote is lost."""
    return f"{message}\n\nHere is what you wrote, so you can copy it:\n\n{text}"
