"""Block Kit views, built with slack_sdk models so Slack's limits are checked on `to_dict()`."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    InputBlock,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.errors import CohortChoice
from bot.text import MAX_ENTRY_CHARS

REFLECT_MODAL = "reflect_modal"
TEXT_BLOCK = "text"
COHORT_BLOCK = "cohort"


def reflection_modal(
    *, text: str = "", choices: list[CohortChoice] | None = None, week: int | None = None, prompt_title: str | None = None
) -> dict[str, Any]:
    blocks: list[Any] = []
    if prompt_title:
        blocks.append(SectionBlock(text=f"*Week {week}:* {prompt_title}"))
    if choices:
        blocks.append(
            InputBlock(
                block_id=COHORT_BLOCK,
                label="Cohort",
                element=StaticSelectElement(
                    action_id=COHORT_BLOCK,
                    placeholder="Choose a cohort",
                    options=[Option(value=str(choice.id), text=choice.name) for choice in choices],
                ),
            )
        )
    blocks.append(
        InputBlock(
            block_id=TEXT_BLOCK,
            label="Your reflection",
            hint="What did you try, notice or learn this week? Up to 3,000 characters.",
            element=PlainTextInputElement(
                action_id=TEXT_BLOCK,
                multiline=True,
                max_length=MAX_ENTRY_CHARS,
                initial_value=text[:MAX_ENTRY_CHARS] or None,
            ),
        )
    )
    view = View(
        type="modal",
        callback_id=REFLECT_MODAL,
        title="Reflection",
        submit="Save",
        close="Cancel",
        blocks=blocks,
        private_metadata=json.dumps({"week": week}),
    )
    return view.to_dict()


def message_view(title: str, text: str) -> dict[str, Any]:
    """A modal that only says something, e.g. after a form is saved."""
    return View(type="modal", title=title, close="Close", blocks=[SectionBlock(text=text)]).to_dict()


def selected_value(values: dict[str, Any], block_id: str) -> str | None:
    """The value of an input in a view submission, whatever kind of element it is."""
    element = values.get(block_id, {}).get(block_id, {})
    if "selected_option" in element:
        option = element["selected_option"]
        return option["value"] if option else None
    return element.get("value")
