"""Slack tokens never reach the logs, whoever logs them.

slack_sdk's debug log prints whole API answers (`oauth.v2.access` carries the new bot token), and
an error may quote a request. Every log record made after `redact_tokens_in_logs()` has anything
shaped like a Slack token cut to its prefix before any handler sees it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

TOKEN = re.compile(r"\b(xox[a-z]|xapp)-[A-Za-z0-9-]+")
REDACTED = r"\1-(redacted)"


def redact(text: str) -> str:
    return TOKEN.sub(REDACTED, text)


def redact_tokens_in_logs() -> None:
    """Wrap the log record factory (once per process) so each record's message is redacted."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "redacts_tokens", False):
        return

    def redacting(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a badly formed record is for its handler to report
            return record
        if TOKEN.search(message):
            record.msg, record.args = redact(message), None
        return record

    redacting.redacts_tokens = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(redacting)
