"""`fileConsent/invoke`: the person's Allow or Decline on a file consent card (see `handlers.teams.files`).

The invoke is answered at once; the upload, which may take a while, follows it, and then the
file info card (or why there is none) goes into the chat.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from bot.interaction.exchange import Request
from handlers.teams import files
from handlers.teams.actions.answers import Activity, InvokeAnswer, text_activity

log = logging.getLogger(__name__)

FILE_CONSENT = "fileConsent/invoke"


def _uploaded(req: Request, http: httpx.Client, taken: files.Taken, upload_info: dict[str, Any]) -> list[Activity]:
    try:
        files.upload(http, str(upload_info["uploadUrl"]), taken.content or b"")
    except (httpx.HTTPError, KeyError) as error:
        log.warning("uploading %s for %s failed: %s", taken.name, req.actor.person, error)
        files.finish(req.ctx.db, taken.offer_id, uploaded=False)
        return [text_activity(files.FAILED_NOTE)]
    files.finish(req.ctx.db, taken.offer_id, uploaded=True)
    return [files.file_info_card(upload_info)]


def file_consent(req: Request, value: Any, http: httpx.Client) -> InvokeAnswer:
    value = value if isinstance(value, dict) else {}
    accepted = value.get("action") == "accept"
    try:
        taken = files.take_answer(req.ctx.db, req.actor.person, (value.get("context") or {}).get("offer"), accepted)
    except files.OfferGone:
        return InvokeAnswer(None, then=lambda: [text_activity(files.GONE_NOTE)])
    if taken is None:  # answered already: this is Teams delivering the invoke again
        return InvokeAnswer(None)
    if not accepted:
        return InvokeAnswer(None, then=lambda: [text_activity(files.DECLINED_NOTE)])
    upload_info = value.get("uploadInfo") or {}
    return InvokeAnswer(None, then=lambda: _uploaded(req, http, taken, upload_info))
