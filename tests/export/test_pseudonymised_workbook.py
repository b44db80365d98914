"""A pseudonymised workbook names no one: every XML part of the file is searched for every name,
word of a name, username and id the database holds."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.export.context import CommandLine, ExportScope
from bot.export.pseudonyms import PeopleInText, Pseudonymiser, pseudonym_key
from bot.export.workbook import export_workbook
from storage.models import CoachAssignment, CoachingAction, CoachingMeeting, CohortSession, SessionInvitation
from tests.export.conftest import at, table
from tests.workspaces import TEAM

# (platform user id, display name): full names, a username shown as a name, and an evaluator who exports.
PEOPLE = {
    "UCAROL01": "Carol Clark",
    "W0DAVE777": "dave.dawson",
    "UZIGGY123": "Ziggy Quinlan",
    "UEVALA": "Yolanda Vexley",
    "UHORT55": "Hortensia Pym",  # known to the bot, in no cohort
}
# Everyone, every way people write about each other.
WORDS = (
    "Carol Clark, carol, @Carol and CLARK; bare UCAROL01 and ucarol01; <@W0DAVE777|dave> and <@UCAROL01>; "
    "@[UZIGGY123], dave.dawson, @dave.dawson and Dave; ziggy QUINLAN; Yolanda told Vexley; hortensia pym; "
    "and someone new, <@U0NEWBIE42>, also U0NEWBIE42."
)


def searched_for() -> list[str]:
    """Every id, name and word of a name (of two or more letters), as the search must not find them."""
    found = set()
    for user_id, name in PEOPLE.items():
        found |= {user_id, name, *(word for word in re.findall(r"\w+", name) if len(word) > 1)}
    return sorted(found | {"U0NEWBIE42"})


@pytest.fixture
def programme(seed):
    cohort = seed.cohort("Quinlan's cohort", people={"UCAROL01": PEOPLE["UCAROL01"], "W0DAVE777": PEOPLE["W0DAVE777"]})
    carol, dave = seed.person("UCAROL01"), seed.person("W0DAVE777")
    ziggy = seed.member(cohort, "UZIGGY123", PEOPLE["UZIGGY123"], role="facilitator")
    seed.member(cohort, "UEVALA", PEOPLE["UEVALA"], role="evaluator")
    seed.person("UHORT55", PEOPLE["UHORT55"])
    title = "Carol's challenge, with Clark, UCAROL01, @dave.dawson, <@UZIGGY123> and Vexley"
    prompt = seed.prompt("carol", title, 1, author="Ziggy Quinlan (UZIGGY123)", licence="CC BY 4.0")
    seed.delivery(cohort, 1, prompt_id=prompt.id, status="failed", attempts=2, error=f"not_in_channel: {WORDS}")
    seed.ran(cohort, 2)
    seed.reflection(cohort, carol, WORDS, open_content_consent=True)
    seed.reflection(cohort, dave, f"=HYPERLINK(\"x\", \"{WORDS}\")", week=2, open_content_consent=True)
    seed.evidence(
        cohort,
        dave,
        WORDS,
        context=WORDS,
        outcome=WORDS,
        themes=["Carol Clark", "dave.dawson"],
        link="https://example.org/carol-clark/UCAROL01",
        follow_up_answer=WORDS,
    )
    for phase in ("baseline", "final"):
        seed.rating(cohort, carol, phase, "decide-digital", 3)
    seed.evaluation(cohort, carol, {"quality": {"rating": 4, "comment": WORDS}, "relevance": {"rating": 5, "comment": WORDS}})
    seed.add(CoachAssignment(cohort_id=cohort.id, delegate_id=carol.id, coach_id=ziggy.id))
    seed.add(
        CoachingMeeting(
            cohort_id=cohort.id,
            delegate_id=carol.id,
            coach_id=ziggy.id,
            status="held",
            starts_at=at(3, 14),
            minutes=30,
            request=WORDS,
            notes=WORDS,
            actions=[CoachingAction(text=WORDS, status="open")],
        )
    )
    (planned,) = seed.add(CohortSession(cohort_id=cohort.id, title=f"Show and tell: {WORDS}"[:200], starts_at=at(8, 14)))
    seed.add(SessionInvitation(session_id=planned.id, person_id=carol.id, role="delegate", answer="going", attended=True))
    return cohort


def export(ctx, path: Path, actor) -> Path:
    export_workbook(ctx, path, ExportScope(pseudonymise=True), actor=actor)
    return path


def test_no_part_of_a_pseudonymised_workbook_holds_a_name_a_username_or_an_id(programme, ctx, tmp_path):
    path = export(ctx, tmp_path / "p.xlsx", TEAM.person("UEVALA"))
    with zipfile.ZipFile(path) as parts:
        xml = {name: parts.read(name).decode("utf-8").casefold() for name in parts.namelist()}
    assert {"docProps/core.xml", "docProps/app.xml", "xl/workbook.xml", "xl/worksheets/sheet15.xml"} <= set(xml)
    assert any(name.startswith("xl/charts/") for name in xml)
    found = [(part, word) for word in searched_for() for part, text in xml.items() if word.casefold() in text]
    assert found == []


def test_people_become_their_pseudonyms_and_the_rest_stays_readable(programme, ctx, tmp_path):
    book = load_workbook(export(ctx, tmp_path / "p.xlsx", TEAM.person("UEVALA")))
    p = Pseudonymiser(pseudonym_key(ctx.db, ctx.settings), PeopleInText(PEOPLE.items(), name_words=True)).pseudonym
    carol, dave, ziggy, yolanda, hortensia, newbie = (
        p(user_id) for user_id in ("UCAROL01", "W0DAVE777", "UZIGGY123", "UEVALA", "UHORT55", "U0NEWBIE42")
    )
    assert table(book["Reflections"])[0]["Reflection"] == (
        f"{carol}, {carol}, @{carol} and {carol}; bare {carol} and {carol}; @{dave} and @{carol}; "
        f"@{ziggy}, {dave}, @{dave} and {dave}; {ziggy}; {yolanda} told {yolanda}; {hortensia}; "
        f"and someone new, @{newbie}, also {newbie}."
    )
    facts = {row[0]: row[1] for row in book["About"].iter_rows(max_row=12, values_only=True) if row and row[0]}
    assert (facts["Exported by"], facts["Cohorts"]) == (yolanda, "All cohorts")
    assert table(book["1-2-1 support"])[0]["Coach"] == ziggy
    assert table(book["Summary"])[0]["Cohort"] == f"{ziggy}'s cohort"
    assert book.properties.creator == "cohortbot"


def test_the_command_line_exports_without_its_login_name(programme, ctx, tmp_path):
    book = load_workbook(export(ctx, tmp_path / "p.xlsx", CommandLine("root")))
    facts = {row[0]: row[1] for row in book["About"].iter_rows(max_row=12, values_only=True) if row and row[0]}
    assert facts["Exported by"] == "the command line"
