"""What front ends and the domain exchange, free of any platform.

A front end turns a slash command, button or form submission into a `Request`, calls
the domain through `bot.interaction.dispatch`, and renders the `Reply`: Slack as an ephemeral
message or a modal, the console as printed text or step-by-step questions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from bot.messaging.addresses import PersonRef, Place
from bot.messaging.markup import person_id

if TYPE_CHECKING:
    from bot.context import Context

FieldKind = Literal["text", "long_text", "select", "multi_select", "rating", "url"]


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: FieldKind = "text"
    required: bool = True
    max_length: int = 3000
    options: tuple[Option, ...] = ()  # what a select, multi_select or rating field offers; each form lists its own
    initial: str | tuple[str, ...] | None = None
    hint: str | None = None


@dataclass(frozen=True)
class Form:
    """A form: a modal in Slack, a few questions in the console. `context` comes back on submit."""

    form_id: str
    title: str  # at most 24 characters (Slack's modal title limit)
    fields: tuple[Field, ...]
    intro: str | None = None
    submit_label: str = "Save"
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Button:
    label: str
    action_id: str
    value: str = ""
    style: Literal["primary", "danger"] | None = None
    confirm: str | None = None  # asked "are you sure?" with this text before the press counts


@dataclass(frozen=True)
class Reply:
    """What the person sees in answer: text (private to them), or a form to fill in.

    `after` is slow work to run once the platform has been answered (Slack's 3 s ack),
    for example building and sending an export.
    """

    text: str = ""
    form: Form | None = None
    buttons: tuple[Button, ...] = ()
    after: Callable[[], None] | None = None


@dataclass(frozen=True)
class Actor:
    """Who is asking, and the conversation they asked from, if any (a slash command's channel)."""

    person: PersonRef
    place: Place | None = None
    display_name: str | None = None


@dataclass(frozen=True)
class Request:
    """What a person asked. Their text reaches the domain with mentions already turned into person references.

    `person_named` is the front end's reading of one typed word as a person (their user id),
    e.g. a person reference, a Slack user ID typed bare, or `@Name` in the console.
    """

    ctx: Context
    actor: Actor
    source_key: str | None = None  # the platform's id for this request, for idempotent writes
    person_named: Callable[[str], str | None] = person_id


FormValues = dict[str, str | list[str] | None]
