"""A domain Form as short questions, one per field, the way Slack shows it as a modal."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from bot.interaction.exchange import Field, Form, FormValues, Option
from handlers.console.screen import INDENT, Screen

CANCEL = "/cancel"
Answer = str | list[str] | None


class FormCancelled(Exception):
    pass


def _choice(options: tuple[Option, ...], answer: str) -> str:
    """The value of the option numbered, labelled or valued `answer`."""
    if answer.isdigit() and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1].value
    for option in options:
        if answer.lower() in (option.value.lower(), option.label.lower()):
            return option.value
    raise ValueError(f"Please answer with a number from 1 to {len(options)}.")


def parse(field: Field, answer: str) -> Answer:
    """A typed answer as the value Slack would send for this field; ValueError says what's wrong."""
    if field.kind in ("select", "rating"):
        return _choice(field.options, answer)
    if field.kind == "multi_select":
        picked = [_choice(field.options, part) for part in re.split(r"[,\s]+", answer) if part]
        return list(dict.fromkeys(picked))
    if field.kind == "url":
        parsed = urlparse(answer)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError("Please give a web address starting with https://")
    if len(answer) > field.max_length:
        raise ValueError(f"That's {len(answer):,} characters; the limit here is {field.max_length:,}.")
    return answer


def _initial(field: Field) -> Answer:
    if field.kind == "multi_select":
        return list(field.initial or ())
    return field.initial if isinstance(field.initial, str) and field.initial else None


def _empty(field: Field) -> Answer:
    return [] if field.kind == "multi_select" else None


def _describe_initial(field: Field) -> str:
    initial = field.initial if isinstance(field.initial, tuple) else (field.initial,)
    labels = {option.value: option.label for option in field.options}
    text = ", ".join(labels.get(value, value) for value in initial if value)
    return text if len(text) <= 80 else text[:79] + "…"


class FormAsker:
    def __init__(self, screen: Screen) -> None:
        self.screen = screen

    def ask_form(self, form: Form) -> FormValues:
        self.screen.show("only you", f"{form.title}: answer each question, or type {CANCEL} to stop.")
        if form.intro:
            self.screen.say(f"{INDENT}{self.screen.plain(form.intro)}")
        return {field.key: self.ask_field(field) for field in form.fields}

    def ask_field(self, field: Field) -> Answer:
        self._question(field)
        while True:
            try:
                answer = self.screen.ask(f"{INDENT}> ").strip()
            except KeyboardInterrupt:
                self.screen.say()
                raise FormCancelled from None
            if answer.lower() == CANCEL:
                raise FormCancelled
            if not answer:
                if _initial(field):
                    return _initial(field)
                if not field.required:
                    return _empty(field)
                self.screen.say(f"{INDENT}This one is needed. Type an answer, or {CANCEL} to stop.")
                continue
            try:
                return parse(field, answer)
            except ValueError as problem:
                self.screen.say(f"{INDENT}{problem}")

    def _question(self, field: Field) -> None:
        self.screen.say(f"{INDENT}{field.label}" + ("" if field.required else " (optional: press Enter to skip)"))
        if field.hint:
            self.screen.say(f"{INDENT}{field.hint}")
        for number, option in enumerate(field.options, start=1):
            self.screen.say(f"{INDENT}  ({number}) {option.label}")
        if field.kind == "multi_select":
            self.screen.say(f"{INDENT}Choose any: give their numbers, e.g. 1, 3")
        if _initial(field):
            self.screen.say(f"{INDENT}Press Enter to keep: {_describe_initial(field)}")
