"""Persistence: typed models, engine and sessions, migrations. Knows nothing above it."""

from storage.db import Database

__all__ = ["Database"]
