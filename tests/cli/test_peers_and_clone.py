"""`cohortbot cohort pairs` and `cohortbot cohort clone` in a subprocess: stdout, stderr and exit codes."""

from __future__ import annotations

import pytest

from tests.cli.test_first_hour import cohortbot, one_line


@pytest.fixture
def run(tmp_path, database_url):
    def cli(*args: str):
        return cohortbot(*args, cwd=tmp_path, env={"DATABASE_URL": database_url})

    assert cli("cohort", "create", "Cohort 1", "--channel", "C111", "--start", "2099-01-05", "--weeks", "12").returncode == 0
    return cli


def test_pairs_from_the_terminal_and_its_refusals(run):
    result = run("cohort", "pairs", "Cohort 1", "--every", "2")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "Cohort 1: delegates will be paired every 2 week(s) once the cohort is scheduled.\n"
    assert run("cohort", "schedule", "Cohort 1", "--yes").returncode == 0
    result = run("cohort", "pairs", "Cohort 1", "--every", "3")
    assert result.stdout == "Cohort 1: delegates will be paired every 3 week(s), first in week 1 (Tue 06 Jan 2099 09:00).\n"
    for args, message in (
        (("Cohort 1", "--every", "0"), "cohortbot: Pairs can change every 1 to 12 weeks."),
        (("Nowhere", "--every", "2"), "cohortbot: There is no cohort called 'Nowhere'."),
    ):
        result = run("cohort", "pairs", *args)
        assert (result.returncode, result.stdout) == (1, "")
        assert one_line(result).startswith(message)
    result = run("cohort", "pairs", "Cohort 1", "--every", "two")
    assert result.returncode == 2 and "argument --every: invalid int value: 'two'" in result.stderr


def test_clone_from_the_terminal_and_its_refusals(run):
    result = run("cohort", "clone", "Cohort 1", "--as", "Cohort 2", "--start", "2099-06-01", "--channel", "C222")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "Created Cohort 2 from Cohort 1: the same 12 weekly challenges, 09:00 Europe/London, from Monday 01 June 2099, "
        'in C222. No one is enrolled yet. Schedule it with `cohortbot cohort schedule "Cohort 2"`.\n'
    )
    for args, message in (
        (("--as", "Cohort 2", "--start", "2099-06-01"), "cohortbot: A cohort called 'Cohort 2' already exists."),
        (("--as", "X", "--start", "2001-06-01"), "cohortbot: 01 June 2001 has passed, so its weeks could not be posted."),
    ):
        result = run("cohort", "clone", "Cohort 1", *args)
        assert (result.returncode, result.stdout) == (1, "")
        assert one_line(result).startswith(message)
    result = run("cohort", "clone", "Cohort 1", "--as", "X", "--start", "2099-06-01", "--channel", "general")
    assert result.returncode == 2 and "'general' is not a Slack channel ID" in result.stderr
    listed = run("cohort", "list").stdout.splitlines()
    assert listed == ["Cohort 1\tC111\t2099-01-05\t12 weeks\tplanned", "Cohort 2\tC222\t2099-06-01\t12 weeks\tplanned"]
