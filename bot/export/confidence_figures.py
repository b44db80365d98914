"""Outcome 1 in figures: per cohort and overall, each measure and item, baseline to final, paired.

A delegate's change on a measure is the mean, over the items they rated at both baseline and
final, of final minus baseline; only delegates with such a pair count in the paired figures.
Unpaired means (everyone who answered a phase) are kept as context only: drop-outs and late
joiners move them without anyone's rating changing.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from bot.export.context import ExportContext
from bot.export.instruments import MEASURES, PHASES, confidence_items
from bot.export.paired import PairedChange
from bot.export.scopes import ALL_COHORTS
from storage.models import ConfidenceRating, Person

BASELINE, FINAL = PHASES[0], PHASES[-1]
RATINGS = (1, 2, 3, 4, 5)
# (cohort id, person id, item key, phase) -> rating
Answers = dict[tuple[int, int, str, str], int]


@dataclass(frozen=True)
class Group:
    """Figures for one measure or item, over one cohort or all of them."""

    answered: dict[str, int]  # phase -> delegates who rated anything here in that phase
    paired: PairedChange
    unpaired_means: dict[str, float | None]  # phase -> mean of every rating given
    distribution: dict[str, dict[int, int]]  # phase -> rating -> how many ratings


@dataclass
class ConfidenceFigures:
    """Groups by (cohort name or ALL_COHORTS, measure, item key or "" for the whole measure)."""

    groups: dict[tuple[str, str, str], Group] = field(default_factory=dict)

    def get(self, scope: str, measure: str, item: str = "") -> Group:
        return self.groups.get((scope, measure, item)) or _group({})


def current_answers(ctx: ExportContext) -> Answers:
    """Every current rating in scope: one per delegate, item and phase (delegates x 10 items x 3 phases)."""
    query = (
        select(
            ConfidenceRating.cohort_id,
            ConfidenceRating.person_id,
            ConfidenceRating.item_key,
            ConfidenceRating.phase,
            ConfidenceRating.rating,
        )
        .join(Person, ConfidenceRating.person_id == Person.id)
        .where(ConfidenceRating.superseded_at.is_(None), Person.erased_at.is_(None))
        .where(*ctx.in_scope(ConfidenceRating.cohort_id), *ctx.in_window(ConfidenceRating.created_at))
        .order_by(ConfidenceRating.created_at)
    )
    return {(cohort, person, item, phase): rating for cohort, person, item, phase, rating in ctx.session.execute(query)}


def _group(answers: Answers) -> Group:
    """Figures for a set of answers that all belong to one measure or item."""
    people: dict[str, set[tuple[int, int]]] = defaultdict(set)
    ratings: dict[str, list[int]] = defaultdict(list)
    for (cohort, person, _, phase), rating in answers.items():
        people[phase].add((cohort, person))
        ratings[phase].append(rating)
    differences: dict[tuple[int, int], list[int]] = defaultdict(list)
    for (cohort, person, item, phase), rating in answers.items():
        if phase == FINAL and (baseline := answers.get((cohort, person, item, BASELINE))) is not None:
            differences[cohort, person].append(rating - baseline)
    changes = tuple(sum(diffs) / len(diffs) for _, diffs in sorted(differences.items()))
    return Group(
        answered={phase: len(people[phase]) for phase in PHASES},
        paired=PairedChange(changes),
        unpaired_means={phase: statistics.fmean(ratings[phase]) if ratings[phase] else None for phase in PHASES},
        distribution={phase: {value: ratings[phase].count(value) for value in RATINGS} for phase in PHASES},
    )


def _groups_for(scope: str, answers: Answers, measure_of: dict[str, str]) -> Iterable[tuple[tuple[str, str, str], Group]]:
    by_item: dict[str, Answers] = defaultdict(dict)
    for key, rating in answers.items():
        by_item[key[2]][key] = rating
    for measure in MEASURES:
        items = [item for item, item_measure in measure_of.items() if item_measure == measure]
        yield (scope, measure, ""), _group({key: r for item in items for key, r in by_item[item].items()})
        for item in items:
            yield (scope, measure, item), _group(by_item[item])


def confidence_figures(ctx: ExportContext) -> ConfidenceFigures:
    answers = current_answers(ctx)
    measure_of = {item.key: item.measure for item in confidence_items()}
    by_cohort: dict[int, Answers] = defaultdict(dict)
    for key, rating in answers.items():
        by_cohort[key[0]][key] = rating
    figures = ConfidenceFigures()
    for scope, scoped in [*((cohort.name, by_cohort[cohort.id]) for cohort in ctx.cohorts), (ALL_COHORTS, answers)]:
        figures.groups.update(_groups_for(scope, scoped, measure_of))
    return figures
