import pytest
from openpyxl import load_workbook

from handlers.cli import main
from tests.export.conftest import table


def test_cohortbot_export_writes_the_workbook(seed, database_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("COHORTBOT_PSEUDONYM_KEY", "a secret")
    a = seed.cohort("Cohort A", people={"U1": "Alice Smith"})
    b = seed.cohort("Cohort B", people={"U2": "Bob Jones"})
    seed.reflection(a, seed.person("U1"), "in A, week 1")
    seed.reflection(a, seed.person("U1"), "in A, week 3", week=3)
    seed.reflection(b, seed.person("U2"), "in B")
    out = tmp_path / "out.xlsx"
    argv = ["export", "--out", str(out), "--cohort", "Cohort A", "--from", "2026-01-12", "--to", "2026-02-01", "--pseudonymise"]
    assert main(argv) == 0
    assert f"Wrote {out} (" in capsys.readouterr().out
    (row,) = table(load_workbook(out)["Reflections"])
    assert row["Reflection"] == "in A, week 3"
    assert row["Delegate"].startswith("P-")


def test_a_bad_date_is_explained(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["export", "--out", "x.xlsx", "--from", "12/01/2026"])
    assert exit.value.code == 2
    assert "is not a date; use YYYY-MM-DD" in capsys.readouterr().err


def test_without_a_file_name_the_export_is_named_for_what_it_holds(seed, database_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("COHORTBOT_PSEUDONYM_KEY", "a secret")
    seed.cohort("Cohort 1", people={"U1": "Alice Smith"})
    assert main(["export", "--out", str(tmp_path), "--cohort", "Cohort 1", "--pseudonymise"]) == 0
    assert main(["export", "--out", str(tmp_path), "--from", "2026-01-12", "--to", "2026-02-01"]) == 0
    # NOW is 12:00 UTC on 20 February 2026, 12:00 in London too
    assert sorted(path.name for path in tmp_path.glob("*.xlsx")) == [
        "cohortbot-evaluation-all-cohorts-from-2026-01-12-to-2026-02-01-named-2026-02-20T1200.xlsx",
        "cohortbot-evaluation-cohort-1-pseudonymised-2026-02-20T1200.xlsx",
    ]
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all(line.startswith("Wrote ") for line in out)  # no progress bar outside a terminal


def test_an_export_named_csv_is_refused_in_one_line(database_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["export", "--out", str(tmp_path / "x.csv")]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "cohortbot: export writes an Excel workbook: name the file .xlsx, not x.csv, or give a folder."
    assert not (tmp_path / "x.csv").exists()


def test_the_progress_bar_steps_once_a_sheet_in_a_terminal(monkeypatch):
    from bot.export.workbook import SHEET_COUNT
    from handlers.cli import export as cli_export

    steps = []

    class FakeProgress:
        def __init__(self, **_options):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def add_task(self, description, total):
            steps.append(("total", total))
            return 1

        def update(self, task, advance, description):
            steps.append(description)

    monkeypatch.setattr(cli_export, "Progress", FakeProgress)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    with cli_export.progress_bar() as on_sheet:
        on_sheet("Outcomes")
    assert steps == [("total", SHEET_COUNT), "Wrote Outcomes"]
