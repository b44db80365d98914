"""Checks on what people type, shared by every front end."""

from __future__ import annotations

from bot.interaction.errors import InvalidInput

MAX_ENTRY_CHARS = 3000
# What every front end says when something fails on its side; each adds what to do next.
NOT_SAVED = "Sorry, something went wrong on my side and nothing was saved."


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


RATINGS = range(1, 6)


def parse_rating(value: object, *, field: str) -> int:
    """A rating from 1 to 5, or a clear refusal naming the field."""
    try:
        rating = int(str(value).strip())
    except ValueError:
        rating = 0
    if rating not in RATINGS:
        raise InvalidInput("Please choose a rating from 1 to 5.", field)
    return rating


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, marked with an ellipsis where cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
