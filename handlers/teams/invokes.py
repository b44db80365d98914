"""Invoke activities (card actions, dialogs, file consent): the seam where cards plug in.

Until cards are built, an invoke is answered 200 with no body, which Teams shows as nothing done.
"""

from __future__ import annotations

from typing import Any

from bot.context import Context
from handlers.teams.activity import Activity

Answer = tuple[int, dict[str, Any] | None]
NOT_HANDLED: Answer = (200, None)


def handle_invoke(ctx: Context, activity: Activity) -> Answer:
    """The HTTP status and body Teams expects in answer to an invoke."""
    return NOT_HANDLED
