"""Outcome 4: the prompts as a free, open guide other organisations can reuse.

`write_open_guide` writes Markdown: README.md (an index with the version, the date and the
credits), one page per week with the challenge, resources, themes, author and licence, and
LICENCE.md. Only openly licensed prompts go in; the index says which were left out and why.
With a cohort, the weeks are the challenges that cohort was actually sent, in its order;
without, the library in its order. Example reflections are included only when asked for,
and only those their authors consented to share, stripped of names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.delivery.claims import SENT
from bot.export.context import Exporter
from bot.export.licences import OPEN_LICENCES, open_licence
from bot.export.pseudonyms import Anonymiser
from bot.messaging.addresses import Workspace
from bot.programme.calendar import PROMPT
from bot.programme.cohorts import find_cohort
from bot.programme.library import ensure_library, library
from storage.db import Database
from storage.models import Delivery, ExportAudit, Person, Prompt, Reflection

EXAMPLES_PER_WEEK = 3
NO_AUTHOR = "author not recorded"


@dataclass(frozen=True)
class Guide:
    title: str
    weeks: list[tuple[int, Prompt]]  # openly licensed, in the order to work through them
    left_out: list[tuple[int, Prompt]]  # not openly licensed

    def credits(self) -> list[str]:
        return sorted({prompt.author or NO_AUTHOR for _, prompt in self.weeks})


def _page_name(week: int, prompt: Prompt) -> str:
    return f"week-{week:02d}-{re.sub(r'[^a-z0-9-]+', '-', prompt.slug.lower()).strip('-')}.md"


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def _credit(prompt: Prompt) -> str:
    licence = open_licence(prompt.licence) or prompt.licence
    return f"By {prompt.author or NO_AUTHOR}, licensed {licence} ({OPEN_LICENCES.get(licence, 'no link')})."


def _examples(db: Database, prompt_id: int) -> list[str]:
    query = (
        select(Reflection.text)
        .join(Person, Reflection.person_id == Person.id)
        .where(
            Reflection.prompt_id == prompt_id,
            Reflection.open_content_consent.is_(True),
            Reflection.deleted_at.is_(None),
            Person.erased_at.is_(None),
        )
        .order_by(Reflection.created_at, Reflection.id)
        .limit(EXAMPLES_PER_WEEK)
    )
    with db.read() as session:
        return list(session.scalars(query))


def _week_page(week: int, prompt: Prompt, examples: list[str]) -> str:
    lines = [f"# Week {week}: {prompt.title}", "", "## The challenge", "", prompt.challenge.strip(), ""]
    lines += ["## Resources", ""]
    lines += [f"- [{r.get('title') or r.get('url')}]({r.get('url')})" for r in prompt.resources or []] or ["None this week."]
    lines += ["", "## Themes", "", ", ".join(prompt.themes or []) or "None", ""]
    if examples:
        lines += ["## What leaders wrote", "", "Shared with their consent, with names removed.", ""]
        for example in examples:
            lines += [_quote(example), ""]
    lines += ["---", "", f"{_credit(prompt)} See [the licence](LICENCE.md). [Back to the index](README.md)", ""]
    return "\n".join(lines)


def _index(guide: Guide, pages: list[tuple[int, Prompt, str]]) -> str:
    today = clock.now().date()
    lines = [
        f"# {guide.title}",
        "",
        f"Version {version('cohortbot')}, written {today:%d %B %Y}.",
        "",
        "A self-directed programme of weekly challenges for senior public-sector leaders, each meant to fit into",
        "30 to 90 minutes of a working week and ending with a question to reflect on. Work through them in order,",
        "alone or with a small cohort, and write a few lines after each one about what you tried and noticed.",
        "",
        "## Weeks",
        "",
    ]
    lines += [
        f"{week}. [{prompt.title}]({page}), by {prompt.author or NO_AUTHOR}, {prompt.licence}" for week, prompt, page in pages
    ]
    if guide.left_out:
        lines += ["", "## Left out", "", "These challenges are not openly licensed, so they cannot be shared here:", ""]
        lines += [f"- Week {week}: {prompt.title} ({prompt.licence or 'no licence'})" for week, prompt in guide.left_out]
    lines += ["", "## Credits", ""]
    lines += [f"- {author}" for author in guide.credits()]
    lines += ["", "## Licence", "", "Each week's page names its author and its licence. See [LICENCE.md](LICENCE.md).", ""]
    return "\n".join(lines)


def _licence_page(guide: Guide) -> str:
    licences = sorted({open_licence(prompt.licence) or prompt.licence for _, prompt in guide.weeks})
    lines = [
        "# Licence",
        "",
        "Every challenge in this guide is openly licensed: you may share and adapt it, for any purpose, under its",
        "licence. Credit each challenge's author as its page says, link to the licence, and say whether you made changes.",
        "",
    ]
    lines += [f"- {licence}: {OPEN_LICENCES[licence]}" for licence in licences if licence in OPEN_LICENCES]
    lines += ["", "Authors:", ""] + [f"- {author}" for author in guide.credits()] + [""]
    return "\n".join(lines)


def _sequence(session: Session, named: tuple[Workspace, str] | None) -> tuple[str, list[tuple[int, Prompt]]]:
    """The guide's title and its weeks: what a cohort (in a workspace) was sent, in week order, or else the library."""
    if named is None:
        return "Digital leadership: weekly challenges for senior leaders", list(enumerate(library(session), start=1))
    cohort = find_cohort(session, *named)
    sent = session.execute(
        select(Delivery.week, Prompt)
        .join(Prompt, Delivery.prompt_id == Prompt.id)
        .where(Delivery.cohort_id == cohort.id, Delivery.kind == PROMPT, Delivery.status == SENT)
        .order_by(Delivery.week)
    )
    return f"Digital leadership: the weekly challenges {cohort.name} worked through", [(w, p) for w, p in sent]


def build_guide(session: Session, cohort: tuple[Workspace, str] | None) -> Guide:
    title, sequence = _sequence(session, cohort)
    weeks = [(week, prompt) for week, prompt in sequence if open_licence(prompt.licence)]
    left_out = [(week, prompt) for week, prompt in sequence if not open_licence(prompt.licence)]
    return Guide(title, weeks, left_out)


def write_open_guide(
    db: Database, out_dir: Path, include_examples: bool, *, actor: Exporter, cohort: tuple[Workspace, str] | None = None
) -> list[Path]:
    """Write the guide into `out_dir` (created if need be); returns the files written, index first."""
    with db.write() as session:
        ensure_library(session)
    with db.read() as session:
        guide = build_guide(session, cohort)
        session.expunge_all()
    out_dir.mkdir(parents=True, exist_ok=True)
    anonymise = Anonymiser.of_everyone(db)
    pages = [(number, prompt, _page_name(number, prompt)) for number, (_, prompt) in enumerate(guide.weeks, start=1)]
    written = [out_dir / "README.md", out_dir / "LICENCE.md"]
    written[0].write_text(_index(guide, pages), encoding="utf-8")
    written[1].write_text(_licence_page(guide), encoding="utf-8")
    for number, prompt, page in pages:
        examples = [anonymise(text) for text in _examples(db, prompt.id)] if include_examples else []
        (out_dir / page).write_text(_week_page(number, prompt, examples), encoding="utf-8")
        written.append(out_dir / page)
    with db.write() as session:
        scope = {"out": str(out_dir), "examples": include_examples, "weeks": len(pages), "cohort": cohort and cohort[1]}
        session.add(ExportAudit(actor=str(actor), kind="open_guide", scope=scope, pseudonymised=True, created_at=clock.now()))
    return written
