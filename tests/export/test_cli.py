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
