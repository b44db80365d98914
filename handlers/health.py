"""What GET /healthz says, for every front end: whether this replica is healthy and whether it leads.

Healthy (200) when the database answers (SQLite: its write lock is free) and the scheduler is
running with its lease current, or is off (`--no-scheduler`); otherwise 503, naming why.
"""

from __future__ import annotations

from typing import Any

from bot.delivery.leases import OFF, RUNNING, Replica
from storage.db import OK, Database


def health(db: Database, replica: Replica | None) -> tuple[int, dict[str, Any]]:
    """The HTTP status and the JSON body of /healthz; `replica` is None in a process that does not tick."""
    database = db.health()
    scheduler = OFF if replica is None else replica.state
    ok = database == OK and scheduler in (RUNNING, OFF)
    body = {
        "status": "ok" if ok else "degraded",
        "database": database,
        "scheduler": scheduler,
        "leader": replica is not None and replica.leads,
        "replica": None if replica is None else replica.id,
    }
    return (200 if ok else 503), body
