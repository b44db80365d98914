"""Domain messages and replies as Teams activities: Adaptive Cards for forms and buttons, Teams markdown for text.

`message_activity` and `reply_activity` are what the messenger and the inbound handler call.
"""

from handlers.teams.render.activities import message_activity, reply_activity

__all__ = ["message_activity", "reply_activity"]
