"""The workbook opens in a real spreadsheet program, where one is installed, and hostile text stays text."""

import csv
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from bot.export.context import CommandLine, ExportScope
from bot.export.workbook import export_workbook

OFFICE = shutil.which("libreoffice") or shutil.which("soffice")
# LibreOffice's CSV filter: comma, double quote, UTF-8, ..., and -1 at the end for one file per sheet.
EVERY_SHEET_AS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
HOSTILE = "=cmd|' /C calc'!A0 and 🎉"


def convert(workbook: Path, to: str, folder: Path) -> None:
    """LibreOffice, headless, with a profile of its own in `folder`, converts `workbook` there."""
    subprocess.run(
        [OFFICE, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", to]
        + ["--outdir", str(folder), str(workbook)],
        check=True,
        timeout=180,
        capture_output=True,
    )


@pytest.mark.slow
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed (no libreoffice or soffice on PATH)")
def test_libreoffice_opens_every_sheet_and_keeps_formula_like_text_as_text(ctx, seed, tmp_path):
    cohort = seed.cohort("Cohort A", people={"U1": "Alice Smith"})
    seed.reflection(cohort, seed.person("U1"), HOSTILE)
    seed.reflection(cohort, seed.person("U1"), "+SUM(1)")
    out = tmp_path / "workbook.xlsx"
    export_workbook(ctx, out, ExportScope(), actor=CommandLine("tester"))
    convert(out, EVERY_SHEET_AS_CSV, tmp_path)
    sheets = {path.stem.removeprefix("workbook-") for path in tmp_path.glob("workbook-*.csv")}
    assert {"About", "Summary", "Reflections", "Evidence", "Confidence", "Evaluation", "Participation"} <= sheets
    with (tmp_path / "workbook-Reflections.csv").open(encoding="utf-8", newline="") as handle:
        cells = {cell for row in csv.reader(handle) for cell in row}
    assert HOSTILE in cells
    assert "+SUM(1)" in cells


FOOTER = re.compile(r"^(?P<sheet>.+) Page \d+ of \d+ (?:Pseudonymised|Holds names: keep safe)$", re.MULTILINE)
A4_LANDSCAPE = (842, 595)  # points, rounded


def pages_by_sheet(pdf: Path) -> dict[str, list[str]]:
    """Each sheet's printed pages (their text), told apart by the footer every page carries."""
    sheets: dict[str, list[str]] = {}
    for page in PdfReader(pdf).pages:
        text = page.extract_text()
        footer = FOOTER.search(text)
        assert footer, text[:200]
        sheets.setdefault(footer["sheet"], []).append(text)
    return sheets


@pytest.mark.slow
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed (no libreoffice or soffice on PATH)")
def test_every_sheet_prints_and_the_outcomes_and_summary_fit_one_page_wide_with_no_chart_split(known, export, tmp_path):
    export()
    (out,) = tmp_path.glob("export-*.xlsx")
    convert(out, "pdf", tmp_path)
    pdf = out.with_suffix(".pdf")
    sheets = pages_by_sheet(pdf)
    assert list(sheets) == load_workbook(out, read_only=True).sheetnames  # every sheet printed, in order
    (summary,) = sheets["Summary"]  # one page: nothing spilled to the right or below
    for must in ("Cohort", "First post", "Applicability", "North", "South", "Empty", "All cohorts"):
        assert must in summary
    # Outcomes: the sentences, then one page per chart. Each chart sits between its heading and its
    # table's header, so finding both on one page means the chart between them was not cut.
    sentences, *charts = sheets["Outcomes"]
    assert "Outcomes: what the programme achieved" in sentences and "4. Free, open content others can reuse" in sentences
    assert len(charts) == 4
    for page, (heading, table_header) in zip(
        charts,
        [
            ("Paired change per item", "95% CI"),
            ("Confidence and competence ratings by phase", "Survey and phase"),
            ("The programme's evaluation", "Question"),
            ("Weekly participation per cohort", "Programme week"),
        ],
    ):
        assert heading in page and table_header in page
    for page in PdfReader(pdf).pages[: 1 + len(charts)]:
        assert (round(page.mediabox.width), round(page.mediabox.height)) == A4_LANDSCAPE
