"""The groups the figures are given for: each cohort in the export, then all of them together."""

from __future__ import annotations

from bot.export.context import ExportContext

ALL_COHORTS = "All cohorts"


def scopes(ctx: ExportContext) -> list[str]:
    """Cohort names, then ALL_COHORTS when there is more than one cohort to add up."""
    return [cohort.name for cohort in ctx.cohorts] + ([ALL_COHORTS] if len(ctx.cohorts) > 1 else [])
