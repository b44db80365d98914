"""Stable, keyed pseudonyms: the same person gets the same pseudonym in every export made with
the same key, and no one can work back from a pseudonym to the person without the key.

The key is the COHORTBOT_PSEUDONYM_KEY setting or, when that is empty, a random key generated
once and kept in the database (`app_secrets`), so pseudonyms stay stable across exports either way.

People are found in text by what the database knows of them: person references and Slack
mentions, their platform ids (and any word shaped like a Slack user id), their names and, in a
pseudonymised export, every word of a name (first names and surnames alike), each as whole words
whatever the case. "Ada" is never found inside "Adams"; but a name that is also an ordinary word
("Will", "Grace") is replaced wherever it stands in people's words: a pseudonymised workbook
would rather say too little than name someone.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot import clock
from bot.config import Settings
from bot.export.context import Exporter
from bot.messaging.addresses import PersonRef
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
# One pass over the text: a person reference, a typed Slack mention, or a word.
TOKEN = re.compile(f"{PERSON.pattern}|{TYPED_SLACK_MENTION.pattern}|(\\w+)")
# A Slack user (U...) or Enterprise Grid (W...) id, with at least one digit so that shouted words are not taken for one.
SLACK_USER_ID = re.compile(r"\b[UW](?=[A-Z]*[0-9])[A-Z0-9]{8,10}\b")
# Cheap to look for, and found in every text that holds a Slack user id (and in a few others).
MAYBE_SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{8}")
SOMEONE = "[a colleague]"
COMMAND_LINE = "the command line"


def everyone(db: Database) -> list[tuple[str, str]]:
    """Every person the database holds, erased or not: (platform user id, display name)."""
    with db.read() as session:
        return [(user_id, name) for user_id, name in session.execute(select(Person.platform_user_id, Person.display_name))]


@dataclass(frozen=True)
class Found:
    """Someone found in a text, at `start:end`; `user_id` is None for a name several people share."""

    start: int
    end: int
    user_id: str | None
    mention: bool  # written as a mention: `@[U1]`, `<@U1>` or `@Name`


def _only(ids: set[str]) -> str | None:
    return next(iter(ids)) if len(ids) == 1 else None


def _after_at(text: str, start: int) -> bool:
    """Whether the word at `start` follows an `@` that opens a mention (not the `@` of an email address)."""
    if start == 0 or text[start - 1] != "@":
        return False
    return start == 1 or not (text[start - 2].isalnum() or text[start - 2] in "._")


class PeopleInText:
    """Finds the people the database knows in free text, and replaces them.

    Each word is looked up in a set, case folded; only a text holding a known word (or an `@`, or
    something shaped like a Slack user id) is read closely, so long texts that name no one cost little.
    """

    def __init__(self, people: Iterable[tuple[str, str]], *, name_words: bool) -> None:
        """`people` are (platform user id, display name); with `name_words`, every word of a name of
        two or more letters is looked for on its own too."""
        whole: dict[str, set[str]] = defaultdict(set)  # ids and names, from their first word to their last
        words: dict[str, set[str]] = defaultdict(set)
        self._first_words: set[str] = set()
        self._longest = 0
        for user_id, name in people:
            for known in (user_id, name):
                if found := list(WORD.finditer(known)):
                    whole[known[found[0].start() : found[-1].end()].casefold()].add(user_id)
                    self._first_words.add(found[0][0].casefold())
                    self._longest = max(self._longest, len(found))
            for word in WORD.findall(name) if name_words else ():
                if len(word) > 1 and not word.isdigit():
                    words[word.casefold()].add(user_id)
        self._whole = {key: _only(ids) for key, ids in whole.items()}
        self._words = {key: _only(ids) for key, ids in words.items()}
        self._known = self._first_words | self._words.keys()
        # The words of the known words once case folded: found among the words of any case-folded
        # text that holds a known word (case folding can split a word, as with a dotted capital I).
        self._hints = {piece for known in self._known for piece in WORD.findall(known)}

    def find(self, text: str) -> Iterator[Found]:
        if "@" not in text and self._hints.isdisjoint(WORD.findall(text.casefold())) and not MAYBE_SLACK_USER_ID.search(text):
            return
        words: list[re.Match[str]] = []
        for token in TOKEN.finditer(text):
            if token[3] is not None:
                words.append(token)
                continue
            yield from self._in_words(text, words)
            words = []
            yield Found(token.start(), token.end(), token[1] or token[2], mention=True)
        yield from self._in_words(text, words)

    def _in_words(self, text: str, words: list[re.Match[str]]) -> Iterator[Found]:
        index = 0
        while index < len(words):
            word = words[index][0]
            if word[0] not in "UW" and word.casefold() not in self._known:
                index += 1
                continue
            count, user_id = self._named(text, words, index)
            if count:
                start, end = words[index].start(), words[index + count - 1].end()
                mention = _after_at(text, start)
                yield Found(start - mention, end, user_id, mention)
            index += count or 1

    def _named(self, text: str, words: list[re.Match[str]], index: int) -> tuple[int, str | None]:
        """How many words from `index` name someone (0: none), longest first, and whom."""
        word = words[index][0]
        folded = word.casefold()
        if folded in self._first_words:
            for count in range(min(self._longest, len(words) - index), 0, -1):
                key = text[words[index].start() : words[index + count - 1].end()].casefold()
                if key in self._whole:
                    return count, self._whole[key]
        if folded in self._words:
            return 1, self._words[folded]
        if SLACK_USER_ID.fullmatch(word):
            return 1, word
        return 0, None

    def replace(self, text: str, label: Callable[[Found], str]) -> str:
        """Each person found replaced by `label(found)`."""
        kept: list[str] = []
        last = 0
        for found in self.find(text):
            kept += [text[last : found.start], label(found)]
            last = found.end
        return "".join(kept) + text[last:] if kept else text


class Pseudonymiser:
    """Names and ids become `P-` and ten hex digits of HMAC-SHA256(key, user id); so do the people in any text."""

    def __init__(self, key: bytes, people: PeopleInText) -> None:
        self._key = key
        self._people = people
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

    def exporter(self, actor: Exporter) -> str:
        """Who exported, by pseudonym; the command line without its login name."""
        return self.pseudonym(actor.user_id) if isinstance(actor, PersonRef) else COMMAND_LINE

    def words(self, text: str) -> str:
        return self._people.replace(text, self._label)

    def _label(self, found: Found) -> str:
        if found.user_id is None:
            return SOMEONE
        return ("@" if found.mention else "") + self.pseudonym(found.user_id)


class Anonymiser:
    """Text shared as a quote, with every person found in it replaced by "[a colleague]"."""

    def __init__(self, people: PeopleInText) -> None:
        self._people = people

    @classmethod
    def of_everyone(cls, db: Database) -> Anonymiser:
        return cls(PeopleInText(everyone(db), name_words=False))

    def __call__(self, text: str) -> str:
        return self._people.replace(text, lambda _found: SOMEONE)
