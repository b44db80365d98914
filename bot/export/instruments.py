"""The survey instruments the workbook reports on, as the survey features load them."""

from __future__ import annotations

from bot.evaluation import Question
from bot.evaluation import questions as evaluation_questions
from bot.surveys import PHASES, Item, instrument

MEASURES = ("confidence", "competence")
__all__ = ["MEASURES", "PHASES", "Item", "Question", "confidence_items", "evaluation_questions", "label"]


def confidence_items() -> tuple[Item, ...]:
    return instrument().items


def label(question: Question) -> str:
    """A short column label for a question: its key, e.g. "Quality"."""
    return question.key.replace("-", " ").capitalize()
