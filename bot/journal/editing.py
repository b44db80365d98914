"""The Edit button on an entry: its own form, filled in, for its author only."""

from __future__ import annotations

from bot.interaction.exchange import Reply, Request
from bot.journal import evidence, reflections
from bot.journal.entries import REFLECTION, EntryRef


def edit_entry(req: Request, value: str) -> Reply:
    ref = EntryRef.parse(value)
    form = reflections.edit_form(req, ref) if ref.kind == REFLECTION else evidence.edit_form(req, ref)
    return Reply(form=form)
