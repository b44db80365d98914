"""Why a chat platform refused to do something, in the domain's words.

Each adapter maps its platform's own error codes to one of these reasons (Slack's table is in
`handlers/slack/refusals.py`); the domain decides what to do from the reason alone.
"""

from __future__ import annotations

from enum import StrEnum


class Refusal(StrEnum):
    GONE = "gone"  # the channel, message or person no longer exists, or is archived
    NOT_MEMBER = "not_member"  # the bot is not in the conversation
    NOT_ALLOWED = "not_allowed"  # the token is revoked or lacks a permission
    RATE_LIMITED = "rate_limited"  # too much too fast: try again later
    TEMPORARY = "temporary"  # a passing fault: a server error, or a connection that failed before the call was sent
    UNKNOWN_OUTCOME = "unknown_outcome"  # the answer was lost (the connection dropped): it may have been done
    NOT_CONFIGURED = "not_configured"  # no chat platform is set up in this process


# Reasons that may pass by themselves: what was refused can simply be tried again later.
PASSING = frozenset({Refusal.RATE_LIMITED, Refusal.TEMPORARY, Refusal.NOT_CONFIGURED})


class MessengerError(Exception):
    """A platform refused. `reason` is what the domain acts on; `detail` is the platform's own code, for logs only."""

    def __init__(self, reason: Refusal, detail: str | None = None) -> None:
        super().__init__(f"{reason} ({detail})" if detail else str(reason))
        self.reason = reason
        self.detail = detail
