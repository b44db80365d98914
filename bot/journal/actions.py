"""The journal's buttons, named once: every front end offers the same actions on the same entries."""

from __future__ import annotations

EDIT_ENTRY = "edit_entry"
DELETE_ENTRY = "delete_entry"
QUOTE_ENTRY = "quote_entry"
HOME_PAGE = "home_page"
EDIT_CHALLENGE = "edit_challenge"
