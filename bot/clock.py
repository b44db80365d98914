"""The one place the domain reads the time: always aware UTC."""

from datetime import datetime, timezone


def now() -> datetime:
    return datetime.now(timezone.utc)
