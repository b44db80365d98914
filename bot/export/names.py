"""Export file names that say what they hold: scope, dates, pseudonymised or named, and when."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.export.context import ExportScope


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "cohort"


def export_name(scope: ExportScope, at: datetime, timezone: str) -> str:
    """E.g. cohortbot-evaluation-cohort-1-pseudonymised-2027-05-01T1030.xlsx (the time in `timezone`)."""
    parts = ["cohortbot-evaluation", "-and-".join(_slug(name) for name in scope.cohorts) or "all-cohorts"]
    if scope.date_from:
        parts.append(f"from-{scope.date_from.isoformat()}")
    if scope.date_to:
        parts.append(f"to-{scope.date_to.isoformat()}")
    parts.append("pseudonymised" if scope.pseudonymise else "named")
    parts.append(f"{at.astimezone(ZoneInfo(timezone)):%Y-%m-%dT%H%M}")
    return "-".join(parts) + ".xlsx"
