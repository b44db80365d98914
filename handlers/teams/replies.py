"""What the Teams front end says when something did not work, in the words every front end uses."""

from __future__ import annotations

from bot.interaction.text import NOT_SAVED

FAILED = f"{NOT_SAVED} Please try again in a minute."
EXPIRED = "Sorry, that button or form no longer works. Please start again."
