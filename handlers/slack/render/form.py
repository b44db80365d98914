"""Domain forms as Slack modals, and Slack's submitted state back as plain values."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    InputBlock,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
    UrlInputElement,
)
from slack_sdk.models.views import View

from bot.interaction.exchange import Field, Form, FormValues
from handlers.slack.render.markup import mrkdwn

CALLBACK_PREFIX = "form:"


def _options(field: Field) -> list[Option]:
    return [Option(value=option.value, text=option.label[:75]) for option in field.options]


def _initial_option(field: Field, options: list[Option]) -> Option | None:
    return next((option for option in options if option.value == field.initial), None)


def _element(field: Field) -> Any:
    if field.kind in ("select", "rating"):
        options = _options(field)
        return StaticSelectElement(
            action_id=field.key, placeholder="Choose", options=options, initial_option=_initial_option(field, options)
        )
    if field.kind == "multi_select":
        options = _options(field)
        chosen = [option for option in options if option.value in (field.initial or ())]
        return StaticMultiSelectElement(
            action_id=field.key, placeholder="Choose any", options=options, initial_options=chosen or None
        )
    if field.kind == "url":
        return UrlInputElement(action_id=field.key, initial_value=field.initial or None)
    return PlainTextInputElement(
        action_id=field.key,
        multiline=field.kind == "long_text",
        max_length=field.max_length,
        initial_value=(str(field.initial)[: field.max_length] if field.initial else None),
    )


def form_view(form: Form) -> dict[str, Any]:
    blocks: list[Any] = [SectionBlock(text=mrkdwn(form.intro))] if form.intro else []
    blocks += [
        InputBlock(
            block_id=field.key, label=field.label[:2000], element=_element(field), optional=not field.required, hint=field.hint
        )
        for field in form.fields
    ]
    view = View(
        type="modal",
        callback_id=CALLBACK_PREFIX + form.form_id,
        title=form.title,
        submit=form.submit_label,
        close="Cancel",
        blocks=blocks,
        private_metadata=json.dumps(form.context),
    )
    return view.to_dict()


def form_values(state: dict[str, Any]) -> FormValues:
    """Slack's `view.state.values` as {field key: text, chosen value(s) or None}."""
    values: FormValues = {}
    for block_id, actions in state.items():
        element = actions.get(block_id, {})
        if "selected_options" in element:
            values[block_id] = [option["value"] for option in element["selected_options"] or []]
        elif "selected_option" in element:
            values[block_id] = element["selected_option"]["value"] if element["selected_option"] else None
        else:
            values[block_id] = element.get("value")
    return values
