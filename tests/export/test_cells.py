"""People's words reach the workbook verbatim and typed as text, whatever they typed."""

import pytest
from openpyxl import Workbook, load_workbook

from bot.export.cells import CUT_MARKER, EXCEL_CELL_LIMIT, fit_cell, text_cell
from tests.export.conftest import table

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "+SUM(1)",
    "-1+1",
    "@x",
    '=HYPERLINK("http://evil","click")',
    "\tleading tab",
    "#N/A",
    "emoji 🎉👩🏽‍💻 and accents: café",
    "  spaces kept  ",
    "line one\nline two",
]
FORMULA_LIKE = {"=cmd|' /C calc'!A0", "+SUM(1)", "-1+1", "@x", '=HYPERLINK("http://evil","click")', "\tleading tab"}


@pytest.fixture
def delegate(seed):
    cohort = seed.cohort("Cohort A", people={"U1": "Alice Smith"})
    return seed, cohort, seed.person("U1")


def exported_cell(export, seed, cohort, person, text, column="I"):
    seed.reflection(cohort, person, text)
    sheet = export()["Reflections"]
    return sheet[f"{column}2"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_arrives_verbatim_as_text_never_a_formula(export, delegate, text):
    seed, cohort, person = delegate
    cell = exported_cell(export, seed, cohort, person, text)
    assert cell.value == text
    assert cell.data_type == "s"
    assert cell.quotePrefix == (text in FORMULA_LIKE)


def test_characters_xml_cannot_hold_are_removed_and_nothing_else(export, delegate):
    seed, cohort, person = delegate
    cell = exported_cell(export, seed, cohort, person, "bell\x07 esc\x1b not\ufffe\uffff chars\tend")
    assert cell.value == "bell esc not chars\tend"
    assert cell.data_type == "s"


def test_nul_and_lone_surrogates_are_removed_before_they_reach_the_file(tmp_path):
    """The database cannot hold these, but a cell must never let them through to the XML."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("S")
    sheet.append([text_cell(sheet, "nul\x00 lone\ud800 low\udfff done", wrap=True)])
    workbook.save(tmp_path / "s.xlsx")
    assert load_workbook(tmp_path / "s.xlsx")["S"]["A1"].value == "nul lone low done"


def test_three_thousand_characters_arrive_whole_and_wrapped(export, delegate):
    seed, cohort, person = delegate
    text = "=" + "word " * 599 + "end"
    cell = exported_cell(export, seed, cohort, person, text)
    assert cell.value == text
    assert cell.data_type == "s"
    assert cell.alignment.wrap_text is True


def test_text_over_the_cell_limit_is_cut_with_a_visible_marker(export, delegate):
    seed, cohort, person = delegate
    cell = exported_cell(export, seed, cohort, person, "x" * 40_000)
    kept = cell.value.partition(" [")[0]
    assert set(kept) == {"x"} and len(kept) > 32_700
    assert cell.value == kept + CUT_MARKER.format(40_000 - len(kept))
    assert len(cell.value) <= EXCEL_CELL_LIMIT
    assert cell.data_type == "s"


def test_the_limit_counts_emoji_as_excel_does():
    text = "🎉" * 20_000  # 20,000 characters but 40,000 UTF-16 units: over Excel's limit
    cut = fit_cell(text)
    assert len(cut.encode("utf-16-le")) // 2 <= EXCEL_CELL_LIMIT
    kept = cut.split(" [")[0]
    assert set(kept) == {"🎉"}
    assert cut.endswith(CUT_MARKER.format(20_000 - len(kept)))


def test_short_plain_text_stays_a_plain_value_and_blank_stays_blank():
    sheet = Workbook(write_only=True).create_sheet()
    assert text_cell(sheet, "hello") == "hello"
    assert text_cell(sheet, "") is None
    assert text_cell(sheet, None) is None
    assert text_cell(sheet, "#DIV/0!").data_type == "s"


def test_every_free_text_column_is_protected(export, seed):
    cohort = seed.cohort("=Cohort", people={"U1": "=Alice"})
    person = seed.person("U1")
    seed.evidence(cohort, person, "=1+1", context="+ctx", outcome="-out", link="=evil()", follow_up_answer="@answer")
    seed.evaluation(cohort, person, {"quality": {"rating": 3, "comment": "=comment"}})
    book = export()
    (evidence,) = table(book["Evidence"])
    assert [evidence[k] for k in ("Cohort", "Delegate", "What they applied", "Where", "Outcome", "Link", "Follow-up answer")] == [
        "=Cohort",
        "=Alice",
        "=1+1",
        "+ctx",
        "-out",
        "=evil()",
        "@answer",
    ]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} became a formula"
