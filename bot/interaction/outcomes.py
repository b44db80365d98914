"""The one error policy: what a command, form or button that did not simply succeed comes to.

Every front end gets one of three answers from `bot.interaction.dispatch`: the `Reply`, a
`Refused` (the person's mistake, in words written for them; a `FieldError` names the form
field to fix), or `Failed` (something unexpected on our side, logged here with its traceback
and never shown to the person).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.interaction.errors import InvalidInput, UserError
from bot.interaction.exchange import Reply
from bot.interaction.text import with_their_words

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Refused:
    """The person can put this right: tell them `message`."""

    message: str


@dataclass(frozen=True)
class FieldError(Refused):
    """Input that cannot be stored as it is; `field` is the form field to fix, where there is one."""

    field: str | None = None


@dataclass(frozen=True)
class Failed:
    """Something went wrong on our side; nothing was saved and the person should try again."""


Outcome = Reply | Refused | Failed


def outcome_of(work: Callable[[], Reply], *, what: str, who: str) -> Outcome:
    """Run `work` (a command, form or button) and sort whatever it raises into an outcome."""
    try:
        return work()
    except InvalidInput as error:
        return FieldError(str(error), error.field)
    except UserError as error:
        return Refused(str(error))
    except Exception:
        log.exception("%s failed for %s", what, who)
        return Failed()


def reply_for(outcome: Outcome, *, failed: str, their_words: str = "") -> Reply:
    """What a command or button shows: the reply, the refusal, or `failed` with what they typed given back."""
    if isinstance(outcome, Refused):
        return Reply(text=outcome.message)
    if isinstance(outcome, Failed):
        return Reply(text=with_their_words(failed, their_words) if their_words.strip() else failed)
    return outcome
