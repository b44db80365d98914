"""Checks on what people type, shared by every front end."""

from __future__ import annotations

import re

from bot.interaction.errors import InvalidInput
from bot.interaction.exchange import FormValues

MAX_ENTRY_CHARS = 3000
# Characters nothing downstream can hold: NUL (PostgreSQL refuses it in text), the other control
# characters but tab, line feed and carriage return, lone surrogates (not UTF-8) and U+FFFE/U+FFFF.
# XML 1.0 refuses them all too, so text without them also fits in a workbook.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
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


def storable(text: str) -> tuple[str, int]:
    """`text` without the characters that cannot be stored, and how many there were."""
    return UNSTORABLE.subn("", text)


def _storable_value(value: str | list[str] | None) -> tuple[str | list[str] | None, int]:
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, list):
        cleaned = [storable(item) for item in value]
        return [item for item, _ in cleaned], sum(count for _, count in cleaned)
    return value, 0


def storable_values(values: FormValues) -> tuple[FormValues, int]:
    """A form's values without the characters that cannot be stored, and how many there were."""
    cleaned = {key: _storable_value(value) for key, value in values.items()}
    return {key: value for key, (value, _) in cleaned.items()}, sum(count for _, count in cleaned.values())


def removed_note(removed: int) -> str:
    """What people are told when some of what they sent could not be kept."""
    if removed == 1:
        return "I left out an invisible control character from what you sent: it can't be stored."
    return f"I left out {removed:,} invisible control characters from what you sent: they can't be stored."


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
