"""Slack's error codes as the domain's refusal reasons: the one table of them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.error import URLError

from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.messaging.refusals import MessengerError, Refusal

REASONS: dict[str, Refusal] = {
    "channel_not_found": Refusal.GONE,
    "is_archived": Refusal.GONE,
    "message_not_found": Refusal.GONE,
    "thread_not_found": Refusal.GONE,
    "user_not_found": Refusal.GONE,
    "user_disabled": Refusal.GONE,
    "cannot_dm_bot": Refusal.GONE,
    "not_in_channel": Refusal.NOT_MEMBER,
    "not_authed": Refusal.NOT_ALLOWED,
    "invalid_auth": Refusal.NOT_ALLOWED,
    "account_inactive": Refusal.NOT_ALLOWED,
    "token_revoked": Refusal.NOT_ALLOWED,
    "token_expired": Refusal.NOT_ALLOWED,
    "missing_scope": Refusal.NOT_ALLOWED,
    "no_permission": Refusal.NOT_ALLOWED,
    "restricted_action": Refusal.NOT_ALLOWED,
    "cant_delete_message": Refusal.NOT_ALLOWED,
    "method_not_supported_for_channel_type": Refusal.NOT_ALLOWED,
    "ratelimited": Refusal.RATE_LIMITED,
    "rate_limited": Refusal.RATE_LIMITED,
}
# Anything else (internal_error, service_unavailable, a code Slack adds later) is tried again later.
OTHERWISE = Refusal.TEMPORARY


def refusal(error: SlackApiError) -> MessengerError:
    code = str(error.response.get("error") or f"http_{error.response.status_code}")
    return MessengerError(REASONS.get(code, OTHERWISE), code)


@contextmanager
def refusals() -> Iterator[None]:
    """Slack's refusals, and a Slack that cannot be reached, as the domain's MessengerError."""
    try:
        yield
    except SlackApiError as error:
        raise refusal(error) from error
    except (SlackRequestError, URLError, TimeoutError, ConnectionError) as error:
        raise MessengerError(Refusal.TEMPORARY, type(error).__name__) from error
