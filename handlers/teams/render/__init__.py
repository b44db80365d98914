"""Domain messages and replies as Teams activities.

The seam for cards: `message_activity` and `reply_activity` are what the messenger and the
inbound handler call. Today they send Teams markdown text; Adaptive Cards replace them here.
"""

from handlers.teams.render.text import message_activity, reply_activity

__all__ = ["message_activity", "reply_activity"]
