"""What a journal entry needs to know of a cohort, as plain values that may be kept between requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from storage.models import Cohort


@dataclass(frozen=True)
class CohortFacts:
    """A cohort's name, place and calendar, with the attribute names of `storage.models.Cohort`."""

    id: int
    name: str
    platform: str
    workspace: str
    conversation: str | None
    start_date: date
    weeks: int
    timezone: str

    @classmethod
    def of(cls, cohort: Cohort) -> CohortFacts:
        return cls(
            cohort.id,
            cohort.name,
            cohort.platform,
            cohort.workspace,
            cohort.conversation,
            cohort.start_date,
            cohort.weeks,
            cohort.timezone,
        )
