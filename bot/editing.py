"""The Edit button on an entry: its own form, filled in, for its author only."""

from __future__ import annotations

from bot import evidence, journal
from bot.entries import REFLECTION, EntryRef
from bot.interaction import Reply, Request


def edit_entry(req: Request, value: str) -> Reply:
    ref = EntryRef.parse(value)
    form = journal.edit_form(req, ref) if ref.kind == REFLECTION else evidence.edit_form(req, ref)
    return Reply(form=form)
