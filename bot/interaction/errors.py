"""Errors whose message is written for the person who caused them."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.interaction.exchange import Button


class UserError(Exception):
    """Something the person can fix; `str(error)` is a short, polite message for them."""


class InvalidInput(UserError):
    """Input that cannot be stored as it is; `field` names the form field, where there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotAllowed(UserError):
    pass


class NotFound(UserError):
    pass


class NotEnrolled(UserError):
    pass


@dataclass(frozen=True)
class CohortChoice:
    id: int
    name: str


class CohortChoiceNeeded(UserError):
    """The person belongs to several cohorts and must say which one."""

    def __init__(self, choices: list[CohortChoice]) -> None:
        super().__init__("You're in more than one cohort. Which one is this for?")
        self.choices = choices

    def buttons(self, action_id: str) -> tuple[Button, ...]:
        """One button a cohort, each doing `action_id` for its cohort."""
        return tuple(Button(c.name, action_id, value=json.dumps({"cohort_id": c.id})) for c in self.choices)
