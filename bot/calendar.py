"""The programme calendar: weeks counted in the cohort's own timezone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from storage.models import Cohort


def current_week(cohort: Cohort, at: datetime) -> int | None:
    """The programme week (1..weeks) that `at` falls in, locally; None before or after the programme."""
    local_day = at.astimezone(ZoneInfo(cohort.timezone)).date()
    days = (local_day - cohort.start_date).days
    if days < 0:
        return None
    week = days // 7 + 1
    return week if week <= cohort.weeks else None
