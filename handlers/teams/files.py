"""Sending a file to a person in Teams: the file consent card, then the upload once they accept.

Teams takes a file from a bot only in a 1:1 chat, and only when the person agrees: the bot sends
a file consent card (the app manifest's `supportsFiles`); the person's Allow or Decline comes back
as a `fileConsent/invoke`. On Allow the bot PUTs the bytes to the `uploadUrl` Teams gives (their
OneDrive), in ranges (`Content-Range`), and sends a file info card; on Decline, a short note.

Between the offer and the answer the bytes wait in the database (`TeamsFileOffer`), so any process
can answer; they are dropped once uploaded or declined, or when nobody answers within a week
(`bot.people.retention`). An answer is taken once: a redelivered invoke finds it taken and does
nothing again.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Select, delete, select, update

from bot import clock
from bot.messaging.addresses import PersonRef, Place
from bot.messaging.messenger import Posted
from bot.messaging.refusals import MessengerError
from bot.people.profiles import find_person, get_or_create_person, is_person
from bot.people.retention import WITHDRAWN
from storage.db import Database
from storage.models import Person, TeamsFileOffer

log = logging.getLogger(__name__)

CONSENT_CARD = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO_CARD = "application/vnd.microsoft.teams.card.file.info"
CHUNK = 10 * 320 * 1024  # OneDrive wants upload ranges in multiples of 320 KiB
ACCEPTED, DECLINED, UPLOADING = "accepted", "declined", "uploading"
DECLINED_NOTE = "No problem: I haven't sent the file. Ask again whenever you need it."
GONE_NOTE = "Sorry, that file is no longer available. Please ask for it again."
FAILED_NOTE = "Sorry, I couldn't upload the file to your OneDrive. Please ask for it again in a few minutes."

Activity = dict[str, Any]
SendToPerson = Callable[[PersonRef, Activity], Posted]


def consent_activity(offer: TeamsFileOffer) -> Activity:
    context = {"offer": offer.token}
    card = {
        "contentType": CONSENT_CARD,
        "name": offer.name,
        "content": {"description": offer.comment, "sizeInBytes": offer.size, "acceptContext": context, "declineContext": context},
    }
    return {"type": "message", "text": offer.comment, "attachments": [card]}


def send_file(db: Database, send: SendToPerson, person: PersonRef, path: Path, title: str, comment: str) -> None:
    """Offer the file at `path` to `person`; it waits in the database for their answer (gone again if the card is refused)."""
    content = path.read_bytes()
    with db.write() as session:
        offer = TeamsFileOffer(
            token=secrets.token_urlsafe(32),
            person_id=get_or_create_person(session, person).id,
            name=path.name,
            title=title,
            comment=comment,
            content=content,
            size=len(content),
        )
        session.add(offer)
        session.flush()
        offer_id, activity = offer.id, consent_activity(offer)
    try:
        posted = send(person, activity)
    except MessengerError:
        with db.write() as session:
            session.execute(delete(TeamsFileOffer).where(TeamsFileOffer.id == offer_id))
        raise
    with db.write() as session:
        session.execute(
            update(TeamsFileOffer)
            .where(TeamsFileOffer.id == offer_id)
            .values(conversation=posted.place.conversation, message_id=posted.message_id)
        )


def _offered(person: PersonRef) -> Select[tuple[TeamsFileOffer]]:
    """The person's offers whose consent card reached them, newest first."""
    return (
        select(TeamsFileOffer)
        .join(Person, Person.id == TeamsFileOffer.person_id)
        .where(is_person(person), TeamsFileOffer.conversation.is_not(None))
        .order_by(TeamsFileOffer.id.desc())
    )


def offered_titles(db: Database, person: PersonRef) -> list[str]:
    with db.read() as session:
        return [offer.title for offer in session.scalars(_offered(person))]


def find_file(db: Database, person: PersonRef, title: str) -> Posted | None:
    """The consent card for the file called `title` sent to `person`, if one was sent."""
    with db.read() as session:
        offer = session.scalar(_offered(person).where(TeamsFileOffer.title == title).limit(1))
        if offer is None:
            return None
        place = Place(person.platform, person.workspace, offer.conversation or "")
        return Posted(place, offer.message_id or "")


@dataclass(frozen=True)
class Taken:
    """An offer whose answer this process took: the file's name and bytes when it was accepted."""

    offer_id: int
    name: str
    content: bytes | None


class OfferGone(Exception):
    """No offer of this person's has that token: a card from before, or someone else's."""


def take_answer(db: Database, person: PersonRef, token: Any, accepted: bool) -> Taken | None:
    """Record the person's answer to their own offer, once; None if it was answered already."""
    with db.write() as session:
        asker = find_person(session, person)
        offer = session.scalar(select(TeamsFileOffer).where(TeamsFileOffer.token == str(token)))
        if asker is None or offer is None or offer.person_id != asker.id or offer.answer == WITHDRAWN:
            raise OfferGone(str(person))
        answer: dict[str, Any] = {"answer": UPLOADING, "answered_at": clock.now()}
        if not accepted:
            answer |= {"answer": DECLINED, "content": None}
        taken = session.execute(
            update(TeamsFileOffer).where(TeamsFileOffer.id == offer.id, TeamsFileOffer.answer.is_(None)).values(**answer)
        )
        if taken.rowcount != 1:
            return None
        return Taken(offer.id, offer.name, offer.content if accepted else None)


def finish(db: Database, offer_id: int, uploaded: bool) -> None:
    """Drop the bytes; the answer stays `uploading` if the upload failed, so it is not tried twice."""
    values: dict[str, Any] = {"content": None}
    if uploaded:
        values["answer"] = ACCEPTED
    with db.write() as session:
        session.execute(update(TeamsFileOffer).where(TeamsFileOffer.id == offer_id).values(**values))


def upload(http: httpx.Client, url: str, content: bytes, chunk: int = CHUNK) -> None:
    """PUT the bytes to Teams' `uploadUrl` in ranges; raises `httpx.HTTPError` if it fails."""
    total = len(content)
    for start in range(0, total, chunk):
        piece = content[start : start + chunk]
        headers = {"Content-Range": f"bytes {start}-{start + len(piece) - 1}/{total}", "Content-Length": str(len(piece))}
        http.put(url, content=piece, headers=headers).raise_for_status()


def file_info_card(upload_info: dict[str, Any]) -> Activity:
    """The card that shows the uploaded file in the chat, opened from the person's OneDrive."""
    card = {
        "contentType": FILE_INFO_CARD,
        "contentUrl": upload_info.get("contentUrl"),
        "name": upload_info.get("name"),
        "content": {"uniqueId": upload_info.get("uniqueId"), "fileType": upload_info.get("fileType")},
    }
    return {"type": "message", "attachments": [card]}
