"""The prompt library: weekly challenges as open content, in and out as YAML, CSV or XLSX.

Every import is all or nothing: the whole file is checked first and any problem is
reported by row and field; only a clean file is written, in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.content import CONTENT
from bot.interaction.errors import UserError
from storage.db import Database, lock_transaction
from storage.models import Prompt

STARTER_LIBRARY = CONTENT / "prompts.yaml"
DEFAULT_LICENCE = "CC BY 4.0"
COLUMNS = ("slug", "title", "challenge", "resources", "themes", "licence", "author", "position")
LIBRARY_LOCK = 0x6C696272  # "libr": one first load of the starter library at a time
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LIMITS = {"slug": 100, "title": 200, "licence": 100, "author": 200}


class ImportRejected(UserError):
    """The file has problems; `problems` lists each as 'row N, field: what is wrong'."""

    def __init__(self, source: str, problems: list[str]) -> None:
        listed = "\n".join(f"- {problem}" for problem in problems)
        super().__init__(f"Nothing was imported from {source}: fix these and try again.\n{listed}")
        self.problems = problems


@dataclass(frozen=True)
class PromptData:
    slug: str
    title: str
    challenge: str
    resources: list[dict[str, str]] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    licence: str = DEFAULT_LICENCE
    position: int = 0
    author: str = ""


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int

    def __str__(self) -> str:
        return f"Imported {self.created + self.updated} prompts ({self.created} new, {self.updated} updated)."


# Reading files into rows: {column: raw value}, numbered as a person sees them in the file.


def _yaml_rows(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    try:
        document = yaml.safe_load(data)
    except yaml.YAMLError as error:
        raise ImportRejected("the YAML file", [f"the file is not valid YAML: {error}"]) from None
    default_licence, default_author = DEFAULT_LICENCE, ""
    if isinstance(document, dict):
        default_licence = str(document.get("licence") or DEFAULT_LICENCE)
        default_author = str(document.get("author") or document.get("attribution") or "")
        document = document.get("prompts")
    if not isinstance(document, list):
        raise ImportRejected("the YAML file", ["expected a list of prompts under `prompts:`"])
    rows = []
    for number, item in enumerate(document, start=1):
        row = dict(item) if isinstance(item, dict) else {"_not_a_mapping": item}
        row.setdefault("licence", default_licence)
        row.setdefault("author", default_author)
        row.setdefault("position", number)
        rows.append((number, row))
    return rows


def _split_resources(value: str) -> list[dict[str, str]] | str:
    """CSV and XLSX hold resources as one per line, `title | url`."""
    resources = []
    for line in value.splitlines():
        if not line.strip():
            continue
        title, bar, url = line.rpartition("|")
        if not bar:
            return f"write each resource on its own line as 'title | url' (got {line.strip()!r})"
        resources.append({"title": title.strip(), "url": url.strip()})
    return resources


def _table_rows(header: list[str], records: list[list[Any]]) -> list[tuple[int, dict[str, Any]]]:
    names = [str(name or "").strip().lower() for name in header]
    missing = [column for column in ("slug", "title", "challenge") if column not in names]
    if missing:
        raise ImportRejected("the file", [f"row 1 (the header) is missing the column(s): {', '.join(missing)}"])
    rows = []
    for number, record in enumerate(records, start=2):
        if all(value in (None, "") for value in record):
            continue
        row = {name: value for name, value in zip(names, record) if name in COLUMNS and value not in (None, "")}
        if "resources" in row:
            row["resources"] = _split_resources(str(row["resources"]))
        if "themes" in row:
            row["themes"] = [theme.strip() for theme in str(row["themes"]).split(";") if theme.strip()]
        row.setdefault("position", number - 1)
        rows.append((number, row))
    return rows


def _csv_rows(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected("the CSV file", ["the file is not UTF-8 text; save it as 'CSV UTF-8'"]) from None
    table = list(csv.reader(io.StringIO(text)))
    if not table:
        raise ImportRejected("the CSV file", ["the file is empty"])
    return _table_rows(table[0], table[1:])


def _xlsx_rows(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise ImportRejected("the Excel file", ["the file is not an Excel workbook (.xlsx)"]) from None
    table = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    if not table:
        raise ImportRejected("the Excel file", ["the first sheet is empty"])
    return _table_rows(table[0], table[1:])


READERS = {"yaml": _yaml_rows, "yml": _yaml_rows, "csv": _csv_rows, "xlsx": _xlsx_rows}


# Checking rows


def _text(row: dict[str, Any], name: str, problems: list[str], where: str, required: bool = True) -> str:
    value = str(row.get(name) or "").strip()
    if required and not value:
        problems.append(f"{where}, {name}: is empty")
    elif name in LIMITS and len(value) > LIMITS[name]:
        problems.append(f"{where}, {name}: is {len(value)} characters; the limit is {LIMITS[name]}")
    return value


def _resources(row: dict[str, Any], problems: list[str], where: str) -> list[dict[str, str]]:
    value = row.get("resources") or []
    if isinstance(value, str):
        problems.append(f"{where}, resources: {value}")
        return []
    if not isinstance(value, list):
        problems.append(f"{where}, resources: expected a list of links with a title and a url")
        return []
    resources = []
    for index, item in enumerate(value, start=1):
        title = str(item.get("title") or "").strip() if isinstance(item, dict) else ""
        url = str(item.get("url") or "").strip() if isinstance(item, dict) else ""
        if not title or not re.match(r"^https?://\S+$", url):
            problems.append(f"{where}, resources: link {index} needs a title and a url starting http:// or https://")
            continue
        resources.append({"title": title, "url": url})
    return resources


def check_rows(rows: list[tuple[int, dict[str, Any]]], row_word: str = "row") -> list[PromptData]:
    """Turn raw rows into prompts, or raise ImportRejected listing every problem."""
    problems: list[str] = []
    prompts: list[PromptData] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        where = f"{row_word} {number}"
        if "_not_a_mapping" in row:
            problems.append(f"{where}: expected slug, title and challenge, got {row['_not_a_mapping']!r}")
            continue
        slug = _text(row, "slug", problems, where)
        if slug and not SLUG.match(slug):
            problems.append(f"{where}, slug: use lower-case letters, digits and single hyphens (got {slug!r})")
        if slug in seen:
            problems.append(f"{where}, slug: {slug!r} is already used in {row_word} {seen[slug]}")
        seen.setdefault(slug, number)
        title = _text(row, "title", problems, where)
        challenge = _text(row, "challenge", problems, where)
        licence = _text(row, "licence", problems, where, required=False) or DEFAULT_LICENCE
        author = _text(row, "author", problems, where, required=False)
        themes = row.get("themes") or []
        if not isinstance(themes, list):
            problems.append(f"{where}, themes: expected a list of themes")
            themes = []
        try:
            position = int(row.get("position") or number)
        except (TypeError, ValueError):
            problems.append(f"{where}, position: {row.get('position')!r} is not a whole number")
            position = number
        resources = _resources(row, problems, where)
        prompts.append(
            PromptData(slug, title, challenge, resources, [str(t).strip() for t in themes], licence, position, author)
        )
    if problems:
        raise ImportRejected("the file", problems)
    if not prompts:
        raise ImportRejected("the file", ["there are no prompts in it"])
    return prompts


def read_prompts(path: Path) -> list[PromptData]:
    kind = path.suffix.lower().lstrip(".")
    if kind not in READERS:
        raise UserError(f"I can import .yaml, .csv or .xlsx files, not {path.name}.")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UserError(f"I couldn't read {path}: {error.strerror}.") from None
    try:
        return check_rows(READERS[kind](data), "prompt" if kind in ("yaml", "yml") else "row")
    except ImportRejected as error:
        raise ImportRejected(path.name, error.problems) from None


# Writing to and reading from the database


def store_prompts(session: Session, prompts: list[PromptData]) -> ImportResult:
    existing = {prompt.slug: prompt for prompt in session.scalars(select(Prompt))}
    created = updated = 0
    for data in prompts:
        prompt = existing.get(data.slug)
        if prompt is None:
            prompt = Prompt(slug=data.slug)
            session.add(prompt)
            created += 1
        else:
            updated += 1
        prompt.title, prompt.challenge, prompt.licence = data.title, data.challenge, data.licence
        prompt.resources, prompt.themes, prompt.position = data.resources, data.themes, data.position
        prompt.author = data.author
    session.flush()
    return ImportResult(created, updated)


def import_file(db: Database, path: Path) -> ImportResult:
    prompts = read_prompts(path)
    with db.write() as session:
        return store_prompts(session, prompts)


def ensure_library(session: Session) -> int:
    """Load the shipped starter library when the library is empty; how many prompts were added.

    Two first loads at once take turns, and the second finds the library already there.
    """
    if _has_prompts(session):
        return 0
    lock_transaction(session, LIBRARY_LOCK)
    if _has_prompts(session):
        return 0
    return store_prompts(session, read_prompts(STARTER_LIBRARY)).created


def _has_prompts(session: Session) -> bool:
    return bool(session.scalar(select(func.count(Prompt.id))))


def library(session: Session) -> list[Prompt]:
    return list(session.scalars(select(Prompt).order_by(Prompt.position, Prompt.id)))


def find_prompt(session: Session, slug: str) -> Prompt:
    prompt = session.scalar(select(Prompt).where(Prompt.slug == slug.strip()))
    if prompt is None:
        raise UserError(f"There is no prompt {slug!r} in the library. `cohortbot prompts export` lists them all.")
    return prompt


def _as_data(prompt: Prompt) -> PromptData:
    return PromptData(
        prompt.slug, prompt.title, prompt.challenge, list(prompt.resources or []), list(prompt.themes or []),
        prompt.licence, prompt.position, prompt.author,
    )


def export_rows(db: Database) -> list[PromptData]:
    with db.write() as session:
        ensure_library(session)
        return [_as_data(prompt) for prompt in library(session)]


def _table(prompts: list[PromptData]) -> list[list[Any]]:
    rows: list[list[Any]] = [list(COLUMNS)]
    for p in prompts:
        resources = "\n".join(f"{r['title']} | {r['url']}" for r in p.resources)
        rows.append([p.slug, p.title, p.challenge, resources, "; ".join(p.themes), p.licence, p.author, p.position])
    return rows


def to_yaml(prompts: list[PromptData]) -> bytes:
    document = {
        "prompts": [
            {"slug": p.slug, "title": p.title, "challenge": p.challenge, "resources": p.resources,
             "themes": p.themes, "licence": p.licence, "author": p.author, "position": p.position}
            for p in prompts
        ],
    }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100).encode("utf-8")


def to_csv(prompts: list[PromptData]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_table(prompts))
    return buffer.getvalue().encode("utf-8")


def to_xlsx(prompts: list[PromptData]) -> bytes:
    from openpyxl import Workbook

    from bot.export.cells import text_cell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Prompts")
    sheet.freeze_panes = "A2"
    for row in _table(prompts):
        sheet.append([value if isinstance(value, int) else text_cell(sheet, value, wrap=True) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WRITERS = {"yaml": to_yaml, "csv": to_csv, "xlsx": to_xlsx}
