"""Domain forms as Adaptive Cards, and what Teams sends back on submit as the form's values.

A form's card carries its own definition (without initial values) in its submit action's data, so
the bot can show it again, with what the person typed and the error beside the field to fix,
when a submission is refused: nothing anyone typed is lost. The card's inputs check what Teams
can check before sending (required answers, lengths, web addresses); the domain checks the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from bot.interaction.exchange import Field, FieldKind, Form, FormValues, Option
from handlers.teams.render.card_text import CardText, NameOf, no_name
from handlers.teams.render.cards import (
    DATA_KEY,
    FORM_VERB,
    Card,
    Element,
    Surface,
    adaptive_card,
    notice_block,
    subtle_block,
    text_block,
    title_block,
)

REQUIRED = "Please answer this one."
URL_PATTERN = r"^https?://\S+$"
EXPANDED_UP_TO = 6  # choices shown as radio buttons or tick boxes; more go in a drop-down


class BadSubmission(ValueError):
    """Data that is not a submission of one of the bot's form cards."""


def _choices(field: Field) -> list[dict[str, str]]:
    return [{"title": option.label, "value": option.value} for option in field.options]


def _shown(value: str | list[str] | tuple[str, ...] | None) -> str | None:
    """A value as an input holds it: several chosen values are joined by commas, as Teams sends them."""
    if value is None:
        return None
    return ",".join(value) if isinstance(value, list | tuple) else str(value)


def _input(field: Field, value: str | None) -> Element:
    element: Element = {"id": field.key, "label": field.label, "isRequired": field.required}
    if field.required:
        element["errorMessage"] = REQUIRED
    if field.kind in ("select", "multi_select", "rating"):
        expanded = field.kind == "rating" or len(field.options) <= EXPANDED_UP_TO
        element |= {"type": "Input.ChoiceSet", "choices": _choices(field), "style": "expanded" if expanded else "compact"}
        if field.kind == "multi_select":
            element["isMultiSelect"] = True
        if not expanded:
            element["placeholder"] = "Choose"
    else:
        element |= {"type": "Input.Text", "maxLength": field.max_length}
        if field.kind == "long_text":
            element["isMultiline"] = True
        if field.kind == "url":
            element |= {"style": "Url", "regex": URL_PATTERN, "errorMessage": "Please give a web address starting with https://"}
        if value is not None:
            value = value[: field.max_length]
    if value:
        element["value"] = value
    return element


def _field_elements(field: Field, value: str | None, error: str | None) -> list[Element]:
    elements = [_input(field, value)]
    if field.hint:
        elements.append(subtle_block(field.hint))
    if error:
        elements.append(notice_block(error))
    return elements


def _definition(form: Form) -> dict[str, Any]:
    """What the card carries to rebuild the form: everything but the initial values, which its inputs hold."""
    fields = [
        {
            "key": f.key,
            "label": f.label,
            "kind": f.kind,
            "required": f.required,
            "max_length": f.max_length,
            "options": [[o.value, o.label] for o in f.options],
            "hint": f.hint,
        }
        for f in form.fields
    ]
    return {
        "form_id": form.form_id,
        "title": form.title,
        "intro": form.intro,
        "submit_label": form.submit_label,
        "context": form.context,
        "fields": fields,
    }


def _submit(form: Form, surface: Surface) -> Element:
    data = {DATA_KEY: {"form": _definition(form)}}
    if surface is Surface.PERSONAL:
        return {"type": "Action.Execute", "title": form.submit_label, "verb": FORM_VERB, "data": data, "style": "positive"}
    return {"type": "Action.Submit", "title": form.submit_label, "data": data, "style": "positive"}


def form_card(
    form: Form,
    surface: Surface = Surface.PERSONAL,
    *,
    values: FormValues | None = None,
    error: str | None = None,
    error_field: str | None = None,
    name_of: NameOf = no_name,
) -> Card:
    """The form as a card: its title (not in a dialog, whose title bar shows it), intro and inputs.

    `values` are what the person sent, shown again in place of the initial values; `error` is shown
    under `error_field` when the form has it, else above the inputs.
    """
    text = CardText(name_of)
    keys = {field.key for field in form.fields}
    body: list[Element] = [] if surface is Surface.DIALOG else [title_block(form.title)]
    if form.intro:
        body.append(text_block(text.markdown(form.intro)))
    if error and error_field not in keys:
        body.append(notice_block(error))
    for field in form.fields:
        value = _shown(values.get(field.key)) if values is not None else _shown(field.initial)
        body += _field_elements(field, value, error if field.key == error_field else None)
    return adaptive_card(body, [_submit(form, surface)], text=text)


def _field(data: Any) -> Field:
    if data["kind"] not in get_args(FieldKind):
        raise ValueError(f"no such kind of field: {data['kind']!r}")
    options = tuple(Option(str(value), str(label)) for value, label in data.get("options") or ())
    return Field(
        key=str(data["key"]),
        label=str(data["label"]),
        kind=data["kind"],
        required=bool(data["required"]),
        max_length=int(data["max_length"]),
        options=options,
        hint=data.get("hint"),
    )


def _form(data: Any) -> Form:
    try:
        return Form(
            form_id=str(data["form_id"]),
            title=str(data["title"]),
            fields=tuple(_field(field) for field in data["fields"]),
            intro=data.get("intro"),
            submit_label=str(data.get("submit_label") or "Save"),
            context=dict(data.get("context") or {}),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise BadSubmission(f"not a form definition: {error}") from None


@dataclass(frozen=True)
class Submission:
    form: Form
    values: FormValues


def _value(field: Field, raw: Any) -> str | list[str] | None:
    text = "" if raw is None else str(raw)
    if field.kind == "multi_select":
        return [part for part in text.split(",") if part]
    return text if text else None


def submission(data: Any) -> Submission:
    """A form card's action data (its definition and the inputs Teams merged in) as the form and its values."""
    ours = data.get(DATA_KEY) if isinstance(data, dict) else None
    if not isinstance(ours, dict) or not isinstance(ours.get("form"), dict):
        raise BadSubmission("no form in the data")
    form = _form(ours["form"])
    return Submission(form, {field.key: _value(field, data.get(field.key)) for field in form.fields})
