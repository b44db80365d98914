"""`cohortbot demo` then `cohortbot export`: a workbook with rows at once."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.console.test_cli import cohortbot


def test_demo_then_export_gives_a_workbook_with_rows(tmp_path: Path, database_url: str):
    demo = cohortbot("demo", "--weeks", "8", cwd=tmp_path, database_url=database_url)
    assert demo.returncode == 0, demo.stderr
    assert "Added the demo programme: Cohort 1 (demo) and Cohort 2 (demo), 20 people" in demo.stdout
    export = cohortbot("export", "--out", "demo.xlsx", cwd=tmp_path, database_url=database_url)
    assert export.returncode == 0, export.stderr
    sheet = load_workbook(tmp_path / "demo.xlsx")["Reflections"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Cohort", "Delegate")
    assert len(rows) > 50
    assert {row[0] for row in rows[1:]} == {"Cohort 1 (demo)", "Cohort 2 (demo)"}
    assert all(row[6] for row in rows[1:])


def test_demo_refuses_a_database_with_cohorts_unless_forced(tmp_path: Path, database_url: str):
    assert cohortbot("demo", cwd=tmp_path, database_url=database_url).returncode == 0
    again = cohortbot("demo", cwd=tmp_path, database_url=database_url)
    assert again.returncode == 1
    assert "already has cohorts" in again.stderr and "--force" in again.stderr and "Traceback" not in again.stderr
    forced = cohortbot("demo", "--force", "--weeks", "2", cwd=tmp_path, database_url=database_url)
    assert forced.returncode == 0, forced.stderr


def test_bad_weeks_are_refused_politely(tmp_path: Path, database_url: str):
    result = cohortbot("demo", "--weeks", "40", cwd=tmp_path, database_url=database_url)
    assert result.returncode == 2  # a usage error, like any other wrong argument
    assert "The demo programme can have run for 1 to 26 weeks, not 40." in result.stderr
    assert "Traceback" not in result.stderr


def test_the_demo_keeps_to_its_own_file_and_says_how_to_export_it(tmp_path: Path):
    demo = cohortbot("demo", "--weeks", "3", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert (tmp_path / "cohortbot-demo.db").exists() and not (tmp_path / "cohortbot.db").exists()
    hint = "DATABASE_URL=sqlite:///cohortbot-demo.db cohortbot export --out demo.xlsx"
    assert hint in demo.stdout
    export = cohortbot("export", "--out", "demo.xlsx", cwd=tmp_path, database_url="sqlite:///cohortbot-demo.db")
    assert export.returncode == 0, export.stderr
    assert len(list(load_workbook(tmp_path / "demo.xlsx")["Reflections"].iter_rows())) > 10
