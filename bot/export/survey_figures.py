"""Outcomes 2 and 3 in figures: evidence by theme and follow-up, and the programme's evaluation ratings."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from bot.export.confidence_figures import RATINGS
from bot.export.context import ExportContext
from bot.export.evaluation import comment_of, evaluations_query, rating_of
from bot.export.instruments import evaluation_questions
from bot.export.scopes import ALL_COHORTS
from storage.models import Cohort, Evidence, Person

USED_AGAIN = "yes"


@dataclass
class EvidenceFigures:
    """Evidence in one cohort, or all of them."""

    entries: int = 0
    authors: set[int] = field(default_factory=set)
    follow_ups_answered: int = 0  # follow-ups that said yes, not yet or no
    used_again: int = 0
    themes: Counter[str] = field(default_factory=Counter)
    theme_authors: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    theme_used_again: Counter[str] = field(default_factory=Counter)

    def add(self, person_id: int, themes: list[str], used_again: str | None) -> None:
        self.entries += 1
        self.authors.add(person_id)
        self.follow_ups_answered += used_again is not None
        self.used_again += used_again == USED_AGAIN
        for theme in dict.fromkeys(themes or ()):
            self.themes[theme] += 1
            self.theme_authors[theme].add(person_id)
            self.theme_used_again[theme] += used_again == USED_AGAIN

    @property
    def used_again_share(self) -> float | None:
        return self.used_again / self.follow_ups_answered if self.follow_ups_answered else None


def evidence_figures(ctx: ExportContext) -> dict[str, EvidenceFigures]:
    """By cohort name, and ALL_COHORTS; evidence entries are streamed, only the counts are kept."""
    figures: dict[str, EvidenceFigures] = defaultdict(EvidenceFigures)
    query = (
        select(Cohort.name, Evidence.person_id, Evidence.themes, Evidence.follow_up_used_again)
        .join(Cohort, Evidence.cohort_id == Cohort.id)
        .join(Person, Evidence.person_id == Person.id)
        .where(Evidence.deleted_at.is_(None), Person.erased_at.is_(None))
        .where(*ctx.in_scope(Evidence.cohort_id), *ctx.in_window(Evidence.created_at))
    )
    for cohort, person_id, themes, used_again in ctx.stream(query):
        figures[cohort].add(person_id, themes, used_again)
        figures[ALL_COHORTS].add(person_id, themes, used_again)
    return figures


@dataclass
class QuestionFigures:
    ratings: list[int] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.ratings)

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.ratings) if self.ratings else None

    def distribution(self) -> dict[int, int]:
        return {value: self.ratings.count(value) for value in RATINGS}


@dataclass
class EvaluationFigures:
    """Evaluations in one cohort, or all of them."""

    received: int = 0
    with_comments: int = 0
    questions: dict[str, QuestionFigures] = field(default_factory=lambda: defaultdict(QuestionFigures))

    def add(self, answers: dict[str, object]) -> None:
        self.received += 1
        self.with_comments += any(comment_of(answer) for answer in answers.values())
        for question in evaluation_questions():
            rating = rating_of(answers.get(question.key))
            if rating in RATINGS:
                self.questions[question.key].ratings.append(rating)


def evaluation_figures(ctx: ExportContext) -> dict[str, EvaluationFigures]:
    figures: dict[str, EvaluationFigures] = defaultdict(EvaluationFigures)
    for _, cohort, *_, answers in ctx.stream(evaluations_query(ctx)):
        figures[cohort].add(answers or {})
        figures[ALL_COHORTS].add(answers or {})
    return figures
