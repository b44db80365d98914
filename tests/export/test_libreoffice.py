"""The workbook opens in a real spreadsheet program, where one is installed, and hostile text stays text."""

import csv
import shutil
import subprocess

import pytest

from bot.export.context import CommandLine, ExportScope
from bot.export.workbook import export_workbook

OFFICE = shutil.which("libreoffice") or shutil.which("soffice")
# LibreOffice's CSV filter: comma, double quote, UTF-8, ..., and -1 at the end for one file per sheet.
EVERY_SHEET_AS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
HOSTILE = "=cmd|' /C calc'!A0 and 🎉"


@pytest.mark.slow
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed (no libreoffice or soffice on PATH)")
def test_libreoffice_opens_every_sheet_and_keeps_formula_like_text_as_text(ctx, seed, tmp_path):
    cohort = seed.cohort("Cohort A", people={"U1": "Alice Smith"})
    seed.reflection(cohort, seed.person("U1"), HOSTILE)
    seed.reflection(cohort, seed.person("U1"), "+SUM(1)")
    out = tmp_path / "workbook.xlsx"
    export_workbook(ctx, out, ExportScope(), actor=CommandLine("tester"))
    subprocess.run(
        [
            OFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            EVERY_SHEET_AS_CSV,
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    sheets = {path.stem.removeprefix("workbook-") for path in tmp_path.glob("workbook-*.csv")}
    assert {"About", "Summary", "Reflections", "Evidence", "Confidence", "Evaluation", "Participation"} <= sheets
    with (tmp_path / "workbook-Reflections.csv").open(encoding="utf-8", newline="") as handle:
        cells = {cell for row in csv.reader(handle) for cell in row}
    assert HOSTILE in cells
    assert "+SUM(1)" in cells
