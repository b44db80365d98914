"""The one place the domain reads the time: always aware UTC."""

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
