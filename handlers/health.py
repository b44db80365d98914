"""What GET /healthz says, for every front end: whether this replica is healthy and whether it leads.

Healthy (200) when the database answers (SQLite: its write lock is free) and the scheduler is
running with its lease current, or is off (`--no-scheduler`); otherwise 503, naming why.
"""

from __future__ import annotations

from typing import Any

from bot.delivery.ticker import RUNNING, Ticking
from storage.db import OK, Database

OFF = "off"


def health(db: Database, ticking: Ticking | None) -> tuple[int, dict[str, Any]]:
    """The HTTP status and the JSON body of /healthz."""
    database = db.health()
    scheduler = OFF if ticking is None else ticking.state
    ok = database == OK and scheduler in (RUNNING, OFF)
    body = {
        "status": "ok" if ok else "degraded",
        "database": database,
        "scheduler": scheduler,
        "leader": ticking is not None and ticking.replica.leads,
        "replica": None if ticking is None else ticking.replica.id,
    }
    return (200 if ok else 503), body
