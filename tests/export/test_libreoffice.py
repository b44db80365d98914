"""The workbook opens in a real spreadsheet program, where one is installed."""

import shutil
import subprocess

import pytest

from bot.export.context import ExportScope
from bot.export.workbook import export_workbook

OFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.slow
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed (no libreoffice or soffice on PATH)")
def test_libreoffice_opens_the_workbook(services, seed, tmp_path):
    cohort = seed.cohort("Cohort A", people={"U1": "Alice Smith"})
    seed.reflection(cohort, seed.person("U1"), "=cmd|' /C calc'!A0 and 🎉")
    out = tmp_path / "workbook.xlsx"
    export_workbook(services, out, ExportScope(), actor="cli:tester")
    subprocess.run(
        [
            OFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        timeout=120,
        capture_output=True,
    )
    assert "About" in (tmp_path / "workbook.csv").read_text(encoding="utf-8", errors="replace")
