"""The open prompt library: starter content, import all-or-nothing, export round trips."""


import threading

import pytest
import yaml
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select, text

from bot.programme import schedule as scheduling
from bot.programme.cohorts import find_cohort
from bot.programme.library import STARTER_LIBRARY, WRITERS, ImportRejected, export_rows, import_file, read_prompts
from handlers.cli import main
from storage.db import Database
from storage.models import Prompt
from tests.conftest import POSTGRES_URL
from tests.programme.conftest import deliveries
from tests.waiting import wait_until
from tests.workspaces import TEAM


def library_size(db):
    from sqlalchemy import func, select

    from storage.models import Prompt

    with db.read() as session:
        return session.scalar(select(func.count(Prompt.id)))


def test_the_starter_library_is_open_and_long_enough():
    prompts = read_prompts(STARTER_LIBRARY)
    assert len(prompts) >= 26
    assert {p.licence for p in prompts} == {"CC BY 4.0"}


def test_scheduling_loads_the_starter_library_when_it_is_empty(schedule, db):
    assert library_size(db) == 0
    schedule(weeks=2)
    assert library_size(db) == len(read_prompts(STARTER_LIBRARY))
    assert all(d.prompt_id for d in deliveries(db))


def test_a_bad_csv_reports_each_row_and_field_and_imports_nothing(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "slug,title,challenge,resources\n"
        "good-one,Good,Do a thing,\n"
        "Bad Slug,,Do a thing,\n"
        "good-one,Again,,Guide | not-a-url\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        import_file(db, bad)
    assert rejected.value.problems == [
        "row 3, slug: use lower-case letters, digits and single hyphens (got 'Bad Slug')",
        "row 3, title: is empty",
        "row 4, slug: 'good-one' is already used in row 2",
        "row 4, challenge: is empty",
        "row 4, resources: link 1 needs a title and a url starting http:// or https://",
    ]
    assert library_size(db) == 0


def test_a_bad_xlsx_names_the_row_and_imports_nothing(db, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["slug", "title", "challenge"])
    sheet.append(["fine", "Fine", "Text"])
    sheet.append(["no-title", None, "Text"])
    workbook.save(tmp_path / "bad.xlsx")
    with pytest.raises(ImportRejected, match="row 3, title: is empty"):
        import_file(db, tmp_path / "bad.xlsx")
    assert library_size(db) == 0


def test_a_bad_yaml_file_via_the_cli_exits_1_and_says_why(ctx, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", ctx.settings.database_url)
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"prompts": [{"slug": "x", "title": "X"}]}))
    assert main(["prompts", "import", str(bad)]) == 1
    assert "prompt 1, challenge: is empty" in capsys.readouterr().err
    assert library_size(ctx.db) == 0


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_export_then_import_round_trips(fmt, ctx, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", ctx.settings.database_url)
    out = tmp_path / f"library.{fmt}"
    assert main(["prompts", "export", "--format", fmt, "--out", str(out)]) == 0
    assert read_prompts(out) == read_prompts(STARTER_LIBRARY)
    assert main(["prompts", "import", str(out)]) == 0
    assert "0 new, 30 updated" in capsys.readouterr().out


def test_xlsx_export_keeps_formula_like_text_as_text(db, tmp_path):
    source = tmp_path / "in.yaml"
    source.write_text(yaml.safe_dump({"prompts": [{"slug": "sum", "title": "=SUM(A1)", "challenge": "+1 idea"}]}))
    import_file(db, source)
    out = tmp_path / "out.xlsx"
    out.write_bytes(WRITERS["xlsx"](export_rows(db)))
    row = next(load_workbook(out).active.iter_rows(min_row=2, max_row=2))
    assert (row[1].value, row[1].data_type) == ("=SUM(A1)", "s")


def test_author_and_licence_come_in_from_every_format_and_go_back_out(db, tmp_path):
    assert {p.author for p in read_prompts(STARTER_LIBRARY)} == {"cohortbot contributors"}
    (tmp_path / "mine.csv").write_text(
        "slug,title,challenge,licence,author\n"
        "our-method,Our method,Try our method.,All rights reserved,A Consultancy Ltd\n"
        "open-one,Open one,Try this.,CC BY-SA 4.0,Greater London Authority\n",
        encoding="utf-8",
    )
    import_file(db, tmp_path / "mine.csv")
    book = Workbook()
    book.active.append(["slug", "title", "challenge", "author"])
    book.active.append(["from-excel", "From Excel", "Do it.", "Jo Bloggs"])
    book.save(tmp_path / "mine.xlsx")
    import_file(db, tmp_path / "mine.xlsx")
    (tmp_path / "mine.yaml").write_text(
        "author: City Digital Team\nprompts:\n  - {slug: from-yaml, title: From YAML, challenge: Do it.}\n", encoding="utf-8"
    )
    import_file(db, tmp_path / "mine.yaml")
    exported = {p.slug: (p.author, p.licence) for p in export_rows(db)}
    assert exported == {
        "our-method": ("A Consultancy Ltd", "All rights reserved"),
        "open-one": ("Greater London Authority", "CC BY-SA 4.0"),
        "from-excel": ("Jo Bloggs", "CC BY 4.0"),
        "from-yaml": ("City Digital Team", "CC BY 4.0"),
    }
    (tmp_path / "back.xlsx").write_bytes(WRITERS["xlsx"](export_rows(db)))
    header, first, *_ = load_workbook(tmp_path / "back.xlsx").active.values
    assert dict(zip(header, first))["author"] == "A Consultancy Ltd"
    data = yaml.safe_load(WRITERS["yaml"](export_rows(db)))
    assert data["prompts"][0]["author"] == "A Consultancy Ltd"


@pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL: set COHORTBOT_TEST_DATABASE_URL (CI sets it)")
def test_two_first_schedules_at_once_load_the_starter_library_once(db, database_url, make_cohort):
    """The second waits for the first's starter library instead of loading it again and colliding."""
    cohorts = {make_cohort("First", channel="C1").id, make_cohort("Second", channel="C2").id}
    other_process = Database(database_url)
    errors: list[BaseException] = []

    def schedule_second() -> None:
        try:
            with other_process.write() as session:
                scheduling.schedule(session, find_cohort(session, TEAM, "Second"))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    second = threading.Thread(target=schedule_second)
    try:
        with db.write() as session:
            scheduling.schedule(session, find_cohort(session, TEAM, "First"))  # loads the library, not yet committed
            second.start()
            wait_until(lambda: waiting_for_a_lock(db), what="the second schedule to wait for the first")
        second.join()
    finally:
        other_process.dispose()

    assert errors == []
    with db.read() as session:
        assert session.scalar(select(func.count(Prompt.id))) == len(read_prompts(STARTER_LIBRARY))
    assert {row.cohort_id for row in deliveries(db)} == cohorts


def waiting_for_a_lock(db: Database) -> bool:
    with db.read() as session:
        query = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        return bool(session.execute(text(query)).scalar())
