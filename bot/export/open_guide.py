"""Outcome 4: the prompt library as a free, open guide other organisations can reuse.

`write_open_guide` writes Markdown: README.md (an index), one page per week with the
challenge, resources and themes, and LICENCE.md. Example reflections are included only
when asked for, and only those their authors consented to share, stripped of names.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from bot import clock
from bot.export.context import Exporter
from bot.export.pseudonyms import Mentions
from bot.programme.library import ensure_library, library
from storage.db import Database
from storage.models import ExportAudit, Person, Prompt, Reflection

ATTRIBUTION = "cohortbot contributors"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
EXAMPLES_PER_WEEK = 3
SOMEONE = "[a colleague]"
LICENCE = f"""# Licence

This guide is licensed under the Creative Commons Attribution 4.0 International licence
(CC BY 4.0): {LICENCE_URL}

You may share it (copy and redistribute it in any medium or format) and adapt it (remix,
transform and build upon it) for any purpose, even commercially, as long as you give
appropriate credit, link to the licence, and say whether you made changes.

Please credit it as: "Digital leadership weekly challenges, by {ATTRIBUTION}, CC BY 4.0".
"""


def _page_name(week: int, prompt: Prompt) -> str:
    return f"week-{week:02d}-{re.sub(r'[^a-z0-9-]+', '-', prompt.slug.lower()).strip('-')}.md"


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def _anonymised(text: str, mentions: Mentions, names: list[str]) -> str:
    text = mentions.replace(text, lambda _user_id: SOMEONE)
    for name in names:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", SOMEONE, text, flags=re.IGNORECASE)
    return text


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
    licence = prompt.licence or "CC BY 4.0"
    lines += ["---", "", f"{licence}, {ATTRIBUTION}. See [the licence](LICENCE.md). [Back to the index](README.md)", ""]
    return "\n".join(lines)


def _index(pages: list[tuple[int, Prompt, str]]) -> str:
    lines = [
        "# Digital leadership: weekly challenges for senior leaders",
        "",
        "A self-directed programme of weekly challenges for senior public-sector leaders, each meant to fit into",
        "30 to 90 minutes of a working week and ending with a question to reflect on. Work through them in order,",
        "alone or with a small cohort, and write a few lines after each one about what you tried and noticed.",
        "",
        "## Weeks",
        "",
    ]
    lines += [f"{week}. [{prompt.title}]({page})" for week, prompt, page in pages]
    lines += [
        "",
        "## Licence",
        "",
        f"CC BY 4.0, {ATTRIBUTION}: free to reuse and adapt with credit. See [LICENCE.md](LICENCE.md).",
        "",
    ]
    return "\n".join(lines)


def write_open_guide(db: Database, out_dir: Path, include_examples: bool, *, actor: Exporter) -> list[Path]:
    """Write the guide into `out_dir` (created if need be); returns the files written, index first."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with db.write() as session:
        ensure_library(session)
    with db.read() as session:
        prompts = library(session)
        names = sorted({name for name in session.scalars(select(Person.display_name)) if name.strip()}, key=len, reverse=True)
    mentions = Mentions.of_everyone(db)
    pages = [(week, prompt, _page_name(week, prompt)) for week, prompt in enumerate(prompts, start=1)]
    written = [out_dir / "README.md", out_dir / "LICENCE.md"]
    written[0].write_text(_index(pages), encoding="utf-8")
    written[1].write_text(LICENCE, encoding="utf-8")
    for week, prompt, page in pages:
        examples = [_anonymised(text, mentions, names) for text in _examples(db, prompt.id)] if include_examples else []
        (out_dir / page).write_text(_week_page(week, prompt, examples), encoding="utf-8")
        written.append(out_dir / page)
    with db.write() as session:
        scope = {"out": str(out_dir), "examples": include_examples, "weeks": len(pages)}
        session.add(ExportAudit(actor=str(actor), kind="open_guide", scope=scope, pseudonymised=True, created_at=clock.now()))
    return written
