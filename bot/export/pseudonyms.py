"""Stable, keyed pseudonyms: the same person gets the same pseudonym in every export made with
the same key, and no one can work back from a pseudonym to the person without the key.

The key is the COHORTBOT_PSEUDONYM_KEY setting or, when that is empty, a random key generated
once and kept in the database (`app_secrets`), so pseudonyms stay stable across exports either way.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Mapping

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot import clock
from bot.config import Settings
from bot.messaging.markup import PERSON
from storage.db import Database
from storage.models import AppSecret, Person

KEY_NAME = "pseudonym_key"
PREFIX = "P-"
DIGITS = 10  # 40 bits of the HMAC: no collisions to speak of among a programme's few hundred people
# Text stored before mentions became person references holds them in Slack's own syntax.
# Slack's mention syntax typed as plain text (a command Slack does not escape keeps it as typed):
# the one platform syntax the exporter still reads, so that no user id survives pseudonymisation.
TYPED_SLACK_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>")


def pseudonym_key(db: Database, settings: Settings) -> bytes:
    """The configured key, or the one generated for this database on first use."""
    if settings.cohortbot_pseudonym_key:
        return settings.cohortbot_pseudonym_key.encode("utf-8")
    with db.read() as session:
        stored = session.get(AppSecret, KEY_NAME)
        if stored is not None:
            return stored.value.encode("utf-8")
    try:
        with db.write() as session:
            if session.get(AppSecret, KEY_NAME) is None:
                session.add(AppSecret(name=KEY_NAME, value=secrets.token_hex(32), created_at=clock.now()))
    except IntegrityError:
        pass  # another process generated it first; theirs is the key
    with db.read() as session:
        return session.get_one(AppSecret, KEY_NAME).value.encode("utf-8")


WORD = re.compile(r"\w+")


class Mentions:
    """Finds mentions of people in free text: person references, older Slack mentions and `@Name` of people we know."""

    def __init__(self, names: Mapping[str, str]) -> None:
        """`names` maps platform user ids to display names."""
        self._ids_by_name = {name.casefold(): user_id for user_id, name in names.items() if name.strip()}
        alternatives = sorted(self._ids_by_name, key=len, reverse=True)
        self._at_name = (
            re.compile(r"(?<![\w.])@(" + "|".join(re.escape(name) for name in alternatives) + r")(?!\w)", re.IGNORECASE)
            if alternatives
            else None
        )

    @classmethod
    def of_everyone(cls, db: Database) -> Mentions:
        with db.read() as session:
            people = session.execute(select(Person.platform_user_id, Person.display_name))
            return cls({user_id: name for user_id, name in people})

    def replace(self, text: str, label: Callable[[str], str]) -> str:
        """Each mention replaced by `label(user_id)`."""
        if "@" not in text:
            return text
        text = PERSON.sub(lambda match: label(match.group(1)), text)
        text = TYPED_SLACK_MENTION.sub(lambda match: label(match.group(1)), text)
        if self._at_name is not None:
            text = self._at_name.sub(lambda match: label(self._ids_by_name[match.group(1).casefold()]), text)
        return text


class Pseudonymiser:
    """Names and Slack ids become `P-` and ten hex digits of HMAC-SHA256(key, user id)."""

    def __init__(self, key: bytes, mentions: Mentions) -> None:
        self._key = key
        self._mentions = mentions
        self._cache: dict[str, str] = {}

    def pseudonym(self, user_id: str) -> str:
        found = self._cache.get(user_id)
        if found is None:
            digest = hmac.new(self._key, user_id.encode("utf-8"), hashlib.sha256).hexdigest()
            found = self._cache[user_id] = PREFIX + digest[:DIGITS].upper()
        return found

    def name(self, user_id: str, display_name: str) -> str:
        return self.pseudonym(user_id)

    def user_id(self, user_id: str) -> str | None:
        return None

    def words(self, text: str) -> str:
        return self._mentions.replace(text, lambda user_id: "@" + self.pseudonym(user_id))


class Anonymiser:
    """Text shared as a quote, with every mention and every name the bot knows replaced by "[a colleague]".

    Names are matched as whole runs of words, case aside, longest first: a set lookup per word
    rather than one huge regular expression, so hundreds of names cost little.
    """

    SOMEONE = "[a colleague]"

    def __init__(self, mentions: Mentions, names: list[str]) -> None:
        self._mentions = mentions
        self._names = {name.strip().casefold() for name in names if name.strip()}
        self._first_words = {WORD.match(name)[0] for name in self._names if WORD.match(name)}
        self._longest = max((len(WORD.findall(name)) for name in self._names), default=0)

    @classmethod
    def of_everyone(cls, db: Database) -> Anonymiser:
        with db.read() as session:
            names = list(session.scalars(select(Person.display_name)))
        return cls(Mentions.of_everyone(db), names)

    def __call__(self, text: str) -> str:
        text = self._mentions.replace(text, lambda _user_id: self.SOMEONE)
        words = list(WORD.finditer(text))
        kept, last, index = [], 0, 0
        while index < len(words):
            if words[index][0].casefold() not in self._first_words:
                index += 1
                continue
            for count in range(min(self._longest, len(words) - index), 0, -1):
                start, end = words[index].start(), words[index + count - 1].end()
                if text[start:end].casefold() in self._names:
                    kept += [text[last:start], self.SOMEONE]
                    last, index = end, index + count
                    break
            else:
                index += 1
        return "".join(kept) + text[last:]
