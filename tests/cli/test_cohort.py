"""Facilitators set up cohorts from the command line."""

import time_machine
from sqlalchemy import select

from handlers.cli import main
from storage.models import Cohort, Membership

BEFORE_THE_START = "2026-10-01 12:00Z"  # the cohorts below start on Monday 2 November 2026


@time_machine.travel(BEFORE_THE_START)
def test_create_and_enrol(database_url, monkeypatch, capsys, db):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["cohort", "create", "Cohort 1", "--channel", "C111", "--start", "2026-11-02"]) == 0
    assert main(["cohort", "enrol", "Cohort 1", "--delegate", "U1", "--delegate", "U2", "--facilitator", "UF"]) == 0
    assert main(["cohort", "enrol", "Cohort 1", "--delegate", "U1"]) == 0
    out = capsys.readouterr().out
    assert "Created cohort Cohort 1" in out and "Already enrolled: U1" in out
    with db.read() as session:
        cohort = session.scalar(select(Cohort))
        roles = sorted((m.person.platform_user_id, m.role) for m in session.scalars(select(Membership)))
        assert (cohort.conversation, str(cohort.start_date), cohort.timezone) == ("C111", "2026-11-02", "Europe/London")
    assert roles == [("U1", "delegate"), ("U2", "delegate"), ("UF", "facilitator")]


def test_unknown_cohort_is_a_polite_error(database_url, monkeypatch, capsys, db):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["cohort", "enrol", "Nope", "--delegate", "U1"]) == 1
    assert "no cohort called 'Nope'" in capsys.readouterr().err


@time_machine.travel(BEFORE_THE_START)
def test_duplicate_cohort_names_are_refused(database_url, monkeypatch, capsys, db):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["cohort", "create", "A", "--start", "2026-11-02"]) == 0
    assert main(["cohort", "create", "A", "--start", "2026-11-02"]) == 1
    assert "already exists" in capsys.readouterr().err


def test_an_output_path_that_cannot_be_written_is_one_line(database_url, monkeypatch, capsys, db):
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["export", "--out", "/no/such/folder/x.xlsx"]) == 1
    assert main(["prompts", "export", "--out", "/no/such/folder/x.yaml"]) == 1
    err = capsys.readouterr().err
    assert "There is no folder /no/such/folder, so x.xlsx cannot be written there." in err
    assert "No such file or directory (/no/such/folder/x.yaml). Nothing was written." in err
