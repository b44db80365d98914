"""The one table of scheduled work: each delivery kind, how it is planned and how it is sent.

Add a kind here (a planner and a sender, and a finder if its copies can be found again)
and scheduling, claiming, catch-up and error handling apply to it unchanged.
"""

from __future__ import annotations

from bot import nudges, weekly_post
from bot.calendar import PROMPT
from bot.scheduled import DeliveryKind

REMINDER = "reminder"
DIGEST = "digest"

DELIVERY_KINDS: dict[str, DeliveryKind] = {
    PROMPT: DeliveryKind(
        weekly_post.plan_prompts, weekly_post.send_prompt, "weekly challenge", find=weekly_post.find_prompt_post
    ),
    REMINDER: DeliveryKind(nudges.plan_reminders, nudges.send_reminder, "reminder DMs"),
    DIGEST: DeliveryKind(nudges.plan_digests, nudges.send_digest, "facilitator digest"),
}
