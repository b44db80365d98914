import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.export.confidence import CONFIDENCE_COLUMNS
from bot.export.context import CommandLine
from bot.export.journal_sheets import EVIDENCE_COLUMNS, REFLECTION_COLUMNS
from bot.interaction.errors import NotFound
from storage.models import ExportAudit
from tests.export.conftest import at, table
from tests.workspaces import TEAM

SHEETS = [
    "Outcomes",
    "About",
    "Summary",
    "Confidence change",
    "Rating distributions",
    "Evidence themes",
    "Participation",
    "Reflections",
    "Quote bank",
    "Evidence",
    "Confidence",
    "Evaluation",
    "Prompts delivered",
    "Sessions",
    "1-2-1 support",
]


@pytest.fixture
def programme(seed):
    """Cohort A: Alice and Bob (delegates), Erin (erased); Cohort B: Carol."""
    a = seed.cohort("Cohort A", people={"U1": "Alice Smith", "U2": "Bob Jones", "U3": "Erin Gone"})
    b = seed.cohort("Cohort B", weeks=4, people={"U4": "Carol King"})
    alice, bob, erin, carol = (seed.person(u) for u in ("U1", "U2", "U3", "U4"))
    with seed.db.write() as session:
        session.get(type(erin), erin.id).erased_at = at(30)
    prompt = seed.prompt("meet-your-users", "Meet your users", 1)
    seed.reflection(a, alice, "I met our users", week=1, prompt_id=prompt.id)
    seed.reflection(a, alice, "Talked to <@U2> and @Bob Jones about it", week=3)
    seed.reflection(a, alice, "words I deleted", week=4, deleted_at=at(30))
    seed.reflection(a, erin, "words of an erased person", week=1)
    seed.reflection(b, carol, "Carol's week one", week=1)
    seed.evidence(
        a,
        alice,
        "Ran a show and tell",
        week=1,
        outcome="Team liked it",
        follow_up_sent_at=at(20),
        follow_up_answer="We now do one every sprint",
        follow_up_answered_at=at(21),
        themes=["Agile delivery", "Leadership"],
    )
    seed.evidence(a, bob, "deleted evidence", week=2, deleted_at=at(20))
    seed.evidence(a, erin, "evidence of an erased person", week=2)
    seed.rating(a, alice, "baseline", "decide-digital", 1, superseded_at=at(2))
    seed.rating(a, alice, "baseline", "decide-digital", 2)
    seed.rating(a, alice, "midpoint", "decide-digital", 3, created_at=at(20))
    seed.rating(a, alice, "final", "decide-digital", 5, created_at=at(40))
    seed.rating(a, bob, "baseline", "explain-user-centred", 3)
    seed.rating(a, erin, "baseline", "decide-digital", 1)
    seed.evaluation(a, alice, {"quality": {"rating": 5, "comment": "=Superb"}, "relevance": {"rating": 4, "comment": ""}})
    seed.evaluation(a, erin, {"quality": {"rating": 1, "comment": "erased comment"}})
    seed.delivery(a, 1, prompt_id=prompt.id, status="sent", sent_at=at(0, 9).replace(minute=2))
    seed.delivery(a, 2, status="missed")
    seed.ran(a, 3, 4, 5, 6)
    seed.ran(b, 1, 2, 3, 4)
    return a, b


def test_sheets_come_in_order_with_their_headers(programme, export):
    book = export()
    assert book.sheetnames == SHEETS
    headers = {title: [cell.value for cell in book[title][1]] for title in SHEETS[2:]}
    assert book["Outcomes"]["A1"].value == "Outcomes: what the programme achieved"
    assert headers["Reflections"] == [c.header for c in REFLECTION_COLUMNS]
    assert headers["Evidence"] == [c.header for c in EVIDENCE_COLUMNS]
    assert headers["Confidence"] == [c.header for c in CONFIDENCE_COLUMNS]
    assert headers["Reflections"][:4] == ["Cohort", "Delegate", "Slack ID", "Written"]
    assert headers["Evaluation"][4:6] == ["Quality rating", "Quality comment"]
    assert headers["Participation"][-6:] == [f"Week {n}" for n in range(1, 7)]


def test_every_data_sheet_has_a_frozen_header_and_a_filter(programme, export):
    book = export()
    sheet = book["Reflections"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I4"
    assert sheet.column_dimensions["I"].width == 80
    assert book["Participation"].freeze_panes == "E2"
    assert book["Summary"].auto_filter.ref == "A1:AB4"  # two cohorts and all cohorts; 1-2-1 and session columns last


def test_reflections_are_one_row_each_with_real_local_dates(programme, export, seed):
    a, _ = programme
    seed.reflection(
        a, seed.person("U2"), "written on a summer morning", week=1, created_at=datetime(2026, 7, 1, 8, 30, tzinfo=UTC)
    )
    rows = table(export()["Reflections"])
    assert [(r["Cohort"], r["Delegate"], r["Reflection"]) for r in rows] == [
        ("Cohort A", "Alice Smith", "I met our users"),
        ("Cohort A", "Alice Smith", "Talked to <@U2> and @Bob Jones about it"),
        ("Cohort A", "Bob Jones", "written on a summer morning"),
        ("Cohort B", "Carol King", "Carol's week one"),
    ]
    assert rows[0]["Written"] == datetime(2026, 1, 6, 10, 0)  # GMT in January
    assert rows[2]["Written"] == datetime(2026, 7, 1, 9, 30)  # BST in July: the local time, a real date
    assert rows[0] | {"Written": None} == {
        "Cohort": "Cohort A",
        "Delegate": "Alice Smith",
        "Slack ID": "U1",
        "Written": None,
        "Week": 1,
        "Prompt": "Meet your users",
        "Visibility": "private",
        "Open content consent": "no",
        "Reflection": "I met our users",
    }


def test_deleted_and_erased_entries_never_appear(programme, export):
    book = export()
    every_value = {str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row if value}
    for gone in (
        "words I deleted",
        "words of an erased person",
        "deleted evidence",
        "evidence of an erased person",
        "erased comment",
        "Erin Gone",
        "U3",
    ):
        assert gone not in every_value
    assert len(table(book["Evaluation"])) == 1
    assert {r["Delegate"] for r in table(book["Participation"])} == {"Alice Smith", "Bob Jones", "Carol King"}


def test_evidence_comes_with_its_follow_up(programme, export):
    (row,) = table(export()["Evidence"])
    assert row["What they applied"] == "Ran a show and tell"
    assert row["Outcome"] == "Team liked it"
    assert row["Themes"] == "Agile delivery, Leadership"
    assert row["Quick entry"] == "no"
    assert row["Follow-up asked"] == datetime(2026, 1, 25, 10, 0)
    assert row["Follow-up answer"] == "We now do one every sprint"


def test_prompts_delivered_shows_planned_against_posted(programme, export):
    rows = table(export()["Prompts delivered"])[:2]
    assert [(r["Week"], r["Status"], r["Prompt"]) for r in rows] == [(1, "sent", "Meet your users"), (2, "missed", None)]
    assert rows[0]["Planned"] == datetime(2026, 1, 5, 9, 0)
    assert rows[0]["Posted"] == datetime(2026, 1, 5, 9, 2)
    assert rows[0]["Minutes late"] == 2
    assert (rows[0]["Author"], rows[0]["Licence"]) == (None, "CC BY 4.0")  # the test prompt names no author
    assert rows[1]["Posted"] is None


def test_confidence_has_one_row_per_delegate_and_item_with_the_change(programme, export):
    rows = table(export()["Confidence"])
    assert [(r["Delegate"], r["Item"], r["Baseline"], r["Midpoint"], r["Final"], r["Change"]) for r in rows] == [
        ("Alice Smith", "decide-digital", 2, 3, 5, 3),  # the superseded baseline of 1 is not used
        ("Bob Jones", "explain-user-centred", 3, None, None, None),
    ]
    assert rows[1]["Measure"] == "competence"
    assert rows[1]["Statement"] == "I can explain user-centred design to my team."


def test_evaluation_has_one_row_per_delegate_with_ratings_and_comments(programme, export):
    (row,) = table(export()["Evaluation"])
    assert (row["Quality rating"], row["Quality comment"]) == (5, "=Superb")
    assert (row["Relevance rating"], row["Relevance comment"]) == (4, None)
    assert row["Applicability rating"] is None


def test_participation_grid_rates_and_drifting_flag(programme, export):
    rows = {r["Delegate"]: r for r in table(export()["Participation"])}
    alice = rows["Alice Smith"]
    # week 2's post was missed: it shows as such and counts against no one
    assert [alice[f"Week {n}"] for n in range(1, 7)] == ["both", "missed", "reflected", "nothing", "nothing", "nothing"]
    assert (alice["Weeks expected"], alice["Weeks engaged"], alice["Longest gap"], alice["Drifting"]) == (5, 2, 3, "yes")
    assert alice["Engagement rate"] == pytest.approx(2 / 5)
    assert (alice["Reflections"], alice["Evidence entries"], alice["Used again"]) == (2, 1, 0)
    assert alice["Enrolled"] == datetime(2026, 1, 2, 10, 0)
    carol = rows["Carol King"]
    assert [carol[f"Week {n}"] for n in range(1, 7)] == ["reflected", "nothing", "nothing", "nothing", None, None]


def test_summary_answers_per_cohort_and_for_all_cohorts(programme, export):
    rows = table(export()["Summary"])
    a, b, both = rows
    assert (a["Cohort"], a["First post"], a["Weeks planned"], a["Weeks run"], a["Weeks missed"], a["Weeks skipped"]) == (
        "Cohort A",
        datetime(2026, 1, 5),
        6,
        5,
        1,
        0,
    )
    assert (a["Delegates"], a["Delegate-weeks"], a["Reflections"], a["Evidence entries"]) == (2, 10, 2, 1)
    assert a["Reflection rate"] == pytest.approx(2 / 10)
    assert a["Evidence rate"] == pytest.approx(1 / 10)
    assert a["Engagement rate"] == pytest.approx(2 / 10)
    assert a["Used again"] is None  # the follow-up was answered before it asked "did you use it again?"
    assert (a["Evaluations"], a["Response rate"], a["Quality mean"], a["Quality n"], a["Relevance mean"]) == (1, 0.5, 5, 1, 4)
    assert (b["Cohort"], b["Weeks run"], b["Delegate-weeks"], b["Reflections"]) == ("Cohort B", 4, 4, 1)
    assert (both["Cohort"], both["First post"], both["Weeks run"], both["Delegates"], both["Delegate-weeks"]) == (
        "All cohorts",
        None,
        9,
        3,
        14,
    )
    assert both["Engagement rate"] == pytest.approx(3 / 14)


def test_about_says_what_was_exported_and_explains_every_column(programme, export):
    book = export(actor=TEAM.person("UEVAL"), cohorts=("Cohort A",), pseudonymise=True)
    rows = list(book["About"].iter_rows(values_only=True))
    facts = {row[0]: row[1] for row in rows[:12] if row and row[0]}
    assert re.fullmatch("P-[0-9A-F]{10}", facts["Exported by"])
    assert facts["Exported"] == datetime(2026, 2, 20, 12, 0)
    assert facts["Cohorts"] == "Cohort A"
    assert facts["Pseudonymised"].startswith("Yes")
    dictionary = {(row[0], row[1]): row[2] for row in rows if row[0] in SHEETS}
    assert dictionary["Outcomes", None].startswith("The four outcomes in plain sentences")
    for title in SHEETS[2:]:
        for header in next(book[title].iter_rows(max_row=1, values_only=True)):
            assert dictionary[title, header], f"{title}/{header} is not explained"
    assert dictionary["Reflections", None].startswith("Outcomes 1 and 2")


def test_cohort_and_date_filters_narrow_the_export(programme, export):
    book = export(cohorts=("Cohort B",))
    assert [r["Cohort"] for r in table(book["Reflections"])] == ["Cohort B"]
    assert [row[0] for row in book["Summary"].iter_rows(min_row=2, max_row=3, values_only=True)] == ["Cohort B", None]
    book = export(date_from=date(2026, 1, 10), date_to=date(2026, 1, 20))
    assert [r["Reflection"] for r in table(book["Reflections"])] == ["Talked to <@U2> and @Bob Jones about it"]


def test_an_unknown_cohort_is_refused_and_nothing_is_audited(programme, export, db):
    with pytest.raises(NotFound, match="no cohort called 'Cohort Z'"):
        export(cohorts=("Cohort Z",))
    with db.read() as session:
        assert session.scalars(select(ExportAudit)).all() == []


def test_each_export_is_audited(programme, export, db):
    export(actor=CommandLine("alice"))
    export(actor=TEAM.person("UEVAL"), cohorts=("Cohort A",), pseudonymise=True, date_from=date(2026, 1, 1))
    with db.read() as session:
        audits = session.scalars(select(ExportAudit).order_by(ExportAudit.id)).all()
    assert [(a.actor, a.kind, a.pseudonymised, a.created_at) for a in audits] == [
        ("command line (alice)", "workbook", False, datetime(2026, 2, 20, 12, 0, tzinfo=UTC)),
        ("slack:T1:UEVAL", "workbook", True, datetime(2026, 2, 20, 12, 0, tzinfo=UTC)),
    ]
    assert audits[1].scope["cohorts"] == ["Cohort A"]
    assert audits[1].scope["from"] == "2026-01-01"
    assert audits[1].scope["rows"]["Reflections"] == 2
    assert audits[0].scope["cohorts"] == "all"
    assert (audits[0].scope["workspace"], audits[1].scope["workspace"]) == ("all", "slack:T1")
