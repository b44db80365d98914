"""The survey instruments the workbook reports on, read from bot/content."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CONTENT = Path(__file__).resolve().parent.parent / "content"
PHASES = ("baseline", "midpoint", "final")
MEASURES = ("confidence", "competence")


@dataclass(frozen=True)
class Item:
    key: str
    measure: str
    statement: str


@dataclass(frozen=True)
class Question:
    key: str
    question: str

    @property
    def label(self) -> str:
        return self.key.replace("-", " ").capitalize()


@cache
def confidence_items() -> tuple[Item, ...]:
    data = yaml.safe_load((CONTENT / "confidence.yaml").read_text(encoding="utf-8"))
    return tuple(Item(item["key"], item["measure"], item["statement"]) for item in data["items"])


@cache
def evaluation_questions() -> tuple[Question, ...]:
    data = yaml.safe_load((CONTENT / "evaluation.yaml").read_text(encoding="utf-8"))
    return tuple(Question(q["key"], q["question"]) for q in data["questions"])
