"""The survey instruments the workbook reports on, as the survey features load them."""

from __future__ import annotations

from bot.surveys.confidence import PHASES, Item, instrument
from bot.surveys.evaluation import Question
from bot.surveys.evaluation import questions as evaluation_questions

MEASURES = ("confidence", "competence")
__all__ = ["MEASURES", "PHASES", "Item", "Question", "confidence_items", "evaluation_questions", "label"]


def confidence_items() -> tuple[Item, ...]:
    return instrument().items


def label(question: Question) -> str:
    """A short column label for a question: its key, e.g. "Quality"."""
    return question.key.replace("-", " ").capitalize()
