"""A fictional demo programme: two cohorts with some weeks of journal entries and ratings.

Everything is made up and seeded, so the same `weeks` gives the same programme (relative
to today). Used by `cohortbot demo` and by `cohortbot console` on an empty database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.coaching.demo import add_coaching
from bot.interaction.errors import InvalidInput, UserError
from bot.messaging.addresses import LOCAL_CONSOLE
from bot.people.roles import DELEGATE, EVALUATOR, FACILITATOR
from bot.programme import schedule
from bot.programme.cohorts import in_workspace
from bot.programme.library import ensure_library, library
from bot.sessions.demo import add_sessions
from bot.surveys.confidence import instrument
from bot.surveys.evaluation import questions
from storage.db import Database
from storage.models import (
    Cohort,
    ConfidenceRating,
    Delivery,
    Evaluation,
    Evidence,
    Membership,
    Person,
    Prompt,
    Reflection,
)

NOTE = "Everyone in the demo programme is fictional: the names are made up."
SEED = 2026
DEFAULT_WEEKS = 14
PROGRAMME_WEEKS = 26
MIDPOINT_WEEK = 13
SECOND_COHORT_LAG = 4
TIMEZONE = "Europe/London"
ID_PREFIX = "UDEMO"
WORKSPACE = LOCAL_CONSOLE  # the demo is for trying the bot in the console

COHORTS = (
    (
        "Cohort 1 (demo)",
        "CDEMO1",
        (
            "Ada Brightwater",
            "Bilal Fenwick",
            "Carys Lantern",
            "Dev Marchbank",
            "Esme Thornquist",
            "Farah Oakley",
            "Gideon Pell",
            "Hana Kettleby",
        ),
    ),
    (
        "Cohort 2 (demo)",
        "CDEMO2",
        (
            "Idris Moorcroft",
            "Jun Halloway",
            "Kemi Ashdown",
            "Lorcan Blythe",
            "Maya Quennell",
            "Nia Farthing",
            "Oskar Pembury",
            "Priya Stonebridge",
        ),
    ),
)
COACHES = ("Sam Whitlock", "Tariq Elmsworth")  # facilitators who coach each cohort's delegates, in order
STAFF = (  # name, role, which cohorts (by position)
    ("Rosa Delacourt", FACILITATOR, (0, 1)),
    ("Sam Whitlock", FACILITATOR, (0,)),
    ("Tariq Elmsworth", FACILITATOR, (1,)),
    ("Una Featherstone", EVALUATOR, (0, 1)),
)
# Ids are handed out in order: the delegates, then the staff; the programme lead comes first.
LEAD_ID = f"{ID_PREFIX}{sum(len(delegates) for _, _, delegates in COHORTS) + 1:02d}"

OPENINGS = (
    "I made time for this week's challenge, {title}, on Thursday morning.",
    "I tried {title} with my leadership team.",
    "{title} took me longer than I expected.",
    "I only managed a short version of {title}, squeezed between budget meetings.",
    "I did {title} with one of our service managers.",
)
MIDDLES = (
    "The most useful part was listening rather than explaining.",
    "I noticed how much we rely on one person who understands the old system.",
    "Two people in the team said nobody senior had asked them that before.",
    "I realised we have been assuming what residents need rather than asking them.",
    "It was uncomfortable to admit how little I knew about the contract.",
    "The data we report every month turned out to answer a different question from the one we ask.",
    "Watching someone struggle with our form for ten minutes said more than any dashboard.",
)
CLOSINGS = (
    "Next week I want to try the same conversation with our supplier.",
    "My question for the cohort: how do you make time for this in a full diary?",
    "I'll bring what I learned to my challenge, which now looks smaller and clearer.",
    "I'm not sure yet what to change, but I know who to ask.",
    "",
)
EVIDENCE = (
    (
        "Ran a show and tell instead of a written update",
        "Monthly programme board",
        "The board asked better questions and agreed the next step in the meeting.",
        ["Working in the open"],
    ),
    (
        "Asked for user research before approving a new portal",
        "Housing repairs business case",
        "The project now starts with a four-week discovery.",
        ["User needs", "Service design"],
    ),
    (
        "Used a user need statement to reframe a request",
        "Request for a new app from councillors",
        "We are improving the existing web form first.",
        ["User needs"],
    ),
    (
        "Asked our supplier how we would leave the contract",
        "Renewal of the case management system",
        "Exit costs are now in the evaluation criteria.",
        ["Buying technology"],
    ),
    ("Tested our main page with a screen reader", "Council tax pages", "Three fixes were made the same week.", ["Accessibility"]),
    (
        "Wrote weeknotes for my directorate",
        "Change programme",
        "Two other teams started writing their own.",
        ["Working in the open", "Leading change"],
    ),
    (
        "Ran a short retrospective with my management team",
        "After a difficult restructure",
        "We agreed one thing to stop doing.",
        ["Digital teams", "Leadership"],
    ),
    (
        "Asked for the measure behind a target",
        "Contact centre performance report",
        "We now track repeat calls as well as call volumes.",
        ["Measuring outcomes", "Data"],
    ),
)
FOLLOW_UPS = (  # (did you use it again?, what changed?)
    ("yes", "Still doing it. It has become part of how we run the board."),
    ("not yet", "We tried it once, then it slipped when the budget round started."),
    ("yes", "It spread: another directorate asked how we did it."),
)
EVALUATION_COMMENTS = (
    "Short weekly challenges fitted around a full diary.",
    "Hearing how peers tackled the same problem was the most useful part.",
    "I would like more examples from outside local government.",
)


@dataclass(frozen=True)
class DemoSummary:
    cohorts: tuple[str, ...]
    people: int
    reflections: int
    evidence: int
    ratings: int
    evaluations: int
    one_to_ones: int

    def describe(self) -> str:
        return (
            f"Added the demo programme: {' and '.join(self.cohorts)}, {self.people} people, "
            f"{self.reflections} reflections, {self.evidence} pieces of evidence, "
            f"{self.ratings} confidence ratings, {self.evaluations} programme evaluations "
            f"and {self.one_to_ones} logged 1-2-1s. {NOTE}"
        )


def has_cohorts(db: Database) -> bool:
    with db.read() as session:
        return session.scalar(select(func.count(Cohort.id))) != 0


def _remove_earlier_demo(session: Session) -> None:
    session.execute(delete(Cohort).where(in_workspace(WORKSPACE), Cohort.name.in_([name for name, _, _ in COHORTS])))
    session.execute(
        delete(Person).where(
            Person.platform == WORKSPACE.platform,
            Person.workspace == WORKSPACE.id,
            Person.platform_user_id.like(f"{ID_PREFIX}%"),
        )
    )


class _Builder:
    def __init__(self, session: Session, weeks: int, seed: int) -> None:
        self.session = session
        self.rng = random.Random(seed)
        self.seed = seed
        self.now = clock.now()
        self.weeks = weeks
        ensure_library(session)
        self.prompts = library(session)
        self.items = instrument().items
        self.questions = questions()
        self.rows: list[Any] = []
        self.people: dict[str, Person] = {}
        self.baseline: dict[tuple[int, str], int] = {}

    def person(self, name: str) -> Person:
        if name not in self.people:
            user_id = f"{ID_PREFIX}{len(self.people) + 1:02d}"
            self.people[name] = Person(
                platform=WORKSPACE.platform,
                workspace=WORKSPACE.id,
                platform_user_id=user_id,
                display_name=name,
                timezone=TIMEZONE,
            )
        return self.people[name]

    def cohort(self, name: str, channel: str, weeks_run: int) -> Cohort:
        today = self.now.astimezone(ZoneInfo(TIMEZONE)).date()
        start = today - timedelta(days=today.weekday(), weeks=weeks_run - 1)
        cohort = Cohort(
            platform=WORKSPACE.platform,
            workspace=WORKSPACE.id,
            name=name,
            conversation=channel,
            start_date=start,
            weeks=PROGRAMME_WEEKS,
            timezone=TIMEZONE,
            weekday=0,
            local_time=time(9, 0),
            status="running",
        )
        self.session.add(cohort)
        return cohort

    def due(self, start: date, week: int) -> datetime:
        local = datetime.combine(start + timedelta(weeks=week - 1), time(9, 0), ZoneInfo(TIMEZONE))
        return local.astimezone(ZoneInfo("UTC"))

    def enrolled(self, cohort: Cohort) -> datetime:
        """Everyone was enrolled the week before the first challenge, as a real programme would be."""
        return self.due(cohort.start_date, 1) - timedelta(weeks=1)

    def later(self, after: datetime, *, max_days: float = 6) -> datetime | None:
        """A moment some hours after `after`, or None if that would be in the future."""
        moment = after + timedelta(hours=self.rng.uniform(2, max_days * 24))
        return moment if moment < self.now else None

    def build(self) -> DemoSummary:
        runs = (self.weeks, max(1, self.weeks - SECOND_COHORT_LAG))
        cohorts = []
        for (name, channel, delegates), weeks_run in zip(COHORTS, runs):
            cohort = self.cohort(name, channel, weeks_run)
            cohorts.append(cohort)
            enrolled = self.enrolled(cohort)
            self.rows += [
                Membership(cohort=cohort, person=self.person(d), role=DELEGATE, created_at=enrolled) for d in delegates
            ]
        for name, role, which in STAFF:
            self.rows += [
                Membership(cohort=cohorts[i], person=self.person(name), role=role, created_at=self.enrolled(cohorts[i]))
                for i in which
            ]
        self.session.add_all(self.rows)
        self.session.flush()  # ids for the entries below
        self.rows = []
        for (_, _, delegates), cohort, weeks_run in zip(COHORTS, cohorts, runs):
            self.weekly_work(cohort, weeks_run, [self.person(d) for d in delegates])
        for person in [self.person(name) for name in COHORTS[0][2][:3]]:
            self.evaluation(cohorts[0], person)
        self.session.add_all(self.rows)
        self.session.flush()
        for cohort in cohorts:
            self.rest_of_calendar(cohort)
        for (_, _, delegates), cohort, position in zip(COHORTS, cohorts, range(len(cohorts))):
            facilitators = [self.person(name) for name, role, which in STAFF if role == FACILITATOR and position in which]
            add_sessions(self.session, cohort, [self.person(d) for d in delegates], facilitators, self.now)
        one_to_ones = sum(
            add_coaching(self.session, cohort, self.person(coach), [self.person(d) for d in delegates], self.now, self.seed)
            for (_, _, delegates), cohort, coach in zip(COHORTS, cohorts, COACHES)
        )
        kinds = (Reflection, Evidence, ConfidenceRating, Evaluation)
        counts = {kind: sum(isinstance(row, kind) for row in self.rows) for kind in kinds}
        return DemoSummary(
            cohorts=tuple(cohort.name for cohort in cohorts),
            people=len(self.people),
            reflections=counts[Reflection],
            evidence=counts[Evidence],
            ratings=counts[ConfidenceRating],
            evaluations=counts[Evaluation],
            one_to_ones=one_to_ones,
        )

    def rest_of_calendar(self, cohort: Cohort) -> None:
        """The weeks still to come, as `cohortbot cohort schedule` plans them; past ones count as done."""
        schedule.materialise(self.session, cohort)
        self.session.execute(
            update(Delivery)
            .where(Delivery.cohort_id == cohort.id, Delivery.status == "pending", Delivery.due_at <= self.now)
            .values(status="skipped", error="before the demo began")
        )

    def weekly_work(self, cohort: Cohort, weeks_run: int, delegates: list[Person]) -> None:
        keenness = {person.id: self.rng.uniform(0.55, 0.95) for person in delegates}
        drifter = delegates[-1]  # keen at first, then drifts away: for facilitators to spot
        for week in range(1, weeks_run + 1):
            due = self.due(cohort.start_date, week)
            if due > self.now:
                continue
            prompt = self.prompts[(week - 1) % len(self.prompts)]
            self.rows.append(
                Delivery(
                    cohort_id=cohort.id,
                    week=week,
                    kind="prompt",
                    prompt_id=prompt.id,
                    due_at=due,
                    status="sent",
                    sent_at=due + timedelta(seconds=2),
                    attempts=1,
                    conversation=cohort.conversation,
                    message_id=f"{due.timestamp():.0f}.000100",
                )
            )
            for person in delegates:
                chance = 0.1 if person is drifter and week > 3 else keenness[person.id]
                self.reflection(cohort, person, week, prompt, due, chance)
                if week > 1 and self.rng.random() < 0.2:
                    self.evidence(cohort, person, week, prompt, due)
            phase = {1: "baseline", MIDPOINT_WEEK: "midpoint"}.get(week)
            if phase:
                for person in delegates:
                    self.ratings(cohort, person, phase, due)

    def reflection(self, cohort: Cohort, person: Person, week: int, prompt: Prompt, due: datetime, chance: float) -> None:
        written = self.later(due)
        if written is None or self.rng.random() >= chance:
            return
        opening = self.rng.choice(OPENINGS).format(title=prompt.title.lower())
        text = " ".join(part for part in (opening, self.rng.choice(MIDDLES), self.rng.choice(CLOSINGS)) if part)
        self.rows.append(
            Reflection(
                person_id=person.id,
                cohort_id=cohort.id,
                week=week,
                prompt_id=prompt.id,
                text=text[0].upper() + text[1:],
                visibility="cohort" if self.rng.random() < 0.2 else "private",
                created_at=written,
                updated_at=written,
            )
        )

    def evidence(self, cohort: Cohort, person: Person, week: int, prompt: Prompt, due: datetime) -> None:
        logged = self.later(due)
        if logged is None:
            return
        technique, context, outcome, themes = self.rng.choice(EVIDENCE)
        quick = self.rng.random() < 0.3
        entry = Evidence(
            person_id=person.id,
            cohort_id=cohort.id,
            week=week,
            prompt_id=prompt.id,
            technique=technique,
            context=None if quick else context,
            outcome=None if quick else outcome,
            themes=themes,
            is_quick=quick,
            follow_up_due_at=logged + timedelta(weeks=4),
            created_at=logged,
            updated_at=logged,
        )
        if logged + timedelta(weeks=4) < self.now:
            entry.follow_up_sent_at = entry.follow_up_due_at
            answered = self.later(logged + timedelta(weeks=4), max_days=3)
            if answered is not None and self.rng.random() < 0.7:
                entry.follow_up_used_again, entry.follow_up_answer = self.rng.choice(FOLLOW_UPS)
                entry.follow_up_answered_at = answered
        self.rows.append(entry)

    def ratings(self, cohort: Cohort, person: Person, phase: str, due: datetime) -> None:
        """Ratings of every item; at the midpoint most have risen by a point or two."""
        rated = self.later(due, max_days=3)
        if rated is None:
            return
        for item in self.items:
            key = (person.id, item.key)
            if key not in self.baseline:
                self.baseline[key] = self.rng.randint(2 if item.measure == "confidence" else 1, 3)
            rating = self.baseline[key]
            if phase != "baseline":
                rating = min(5, rating + self.rng.choice((0, 1, 1, 2)))
            self.rows.append(
                ConfidenceRating(
                    person_id=person.id,
                    cohort_id=cohort.id,
                    phase=phase,
                    item_key=item.key,
                    rating=rating,
                    created_at=rated,
                )
            )

    def evaluation(self, cohort: Cohort, person: Person) -> None:
        answers = {
            question.key: {"rating": self.rng.randint(3, 5), "comment": self.rng.choice(EVALUATION_COMMENTS)}
            for question in self.questions
        }
        self.rows.append(
            Evaluation(person_id=person.id, cohort_id=cohort.id, answers=answers, created_at=self.now, updated_at=self.now)
        )


def build_demo(db: Database, *, weeks: int = DEFAULT_WEEKS, replace: bool = False, seed: int = SEED) -> DemoSummary:
    """Add the demo programme. Refuses when the database has cohorts, unless `replace`:
    then an earlier demo is removed first and other cohorts are left as they are."""
    if not 1 <= weeks <= PROGRAMME_WEEKS:
        raise InvalidInput(f"The demo programme can have run for 1 to {PROGRAMME_WEEKS} weeks.", "weeks")
    with db.write() as session:
        if replace:
            _remove_earlier_demo(session)
        elif session.scalar(select(func.count(Cohort.id))):
            raise UserError(
                "This database already has cohorts, so I've left it alone. "
                "Use --force to add the demo programme anyway (an earlier demo is replaced), "
                "or set DATABASE_URL to a new database."
            )
        return _Builder(session, weeks, seed).build()
