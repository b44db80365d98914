"""Which Slack calls the client may send again by itself.

slack_sdk's default resends any call once after a connection error, including one Slack
carried out before the connection dropped: a second weekly post. Here only calls that
change nothing, or set the same state again, are resent; a 429 (Slack did nothing) is
waited out and resent for any call.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

SAFE_TO_REPEAT = frozenset(
    {
        "auth.test",
        "conversations.history",
        "conversations.info",
        "conversations.join",
        "conversations.open",
        "users.info",
        "views.publish",
    }
)


def api_method(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1]


class RepeatableCallRetryHandler(ConnectionErrorRetryHandler):
    """Connection errors are retried only for calls in SAFE_TO_REPEAT."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return api_method(request.url) in SAFE_TO_REPEAT and super()._can_retry(
            state=state, request=request, response=response, error=error
        )


def retry_handlers() -> list[RetryHandler]:
    return [RepeatableCallRetryHandler(), RateLimitErrorRetryHandler(max_retry_count=3)]
