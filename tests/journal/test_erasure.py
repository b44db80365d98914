"""What an erasure leaves in the database: a bare marker row, and no erased text in SQLite's files."""

from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from bot.delivery.ticker import tick
from bot.people.profiles import update_profile
from handlers.after_answer import finish_after_ack_work
from storage.models import Person
from tests.journal.helpers import rows
from tests.workspaces import TEAM

KEPT = ("id", "platform", "workspace", "platform_user_id", "display_name", "timezone", "personal_challenge")
KEPT += ("challenge_updated_at", "privacy_notice_seen_at", "reminders_opt_out", "reminders_snoozed_until")
KEPT += ("erased_at", "created_at")


def forget_me(slack, fake_slack, user_id="U1"):
    slack.command("/cohortbot", text="forget-me", user_id=user_id)
    slack.block_action("confirm_forget_me", user_id=user_id, response_url=fake_slack.response_url())
    fake_slack.wait_for("respond")
    finish_after_ack_work()


def columns(person):
    return {name: getattr(person, name) for name in KEPT}


def test_the_erased_row_keeps_no_id_name_or_timestamp_and_later_commands_leave_it_alone(slack, db, fake_slack, make_cohort):
    make_cohort(delegates=["U1", "U2"])
    fake_slack.users["U1"] = {"profile": {"display_name": "Alice"}, "tz": "Europe/Paris"}
    slack.command("/reflect", text="Mine", user_id="U1")
    slack.command("/cohortbot", text="challenge My problem", user_id="U1")
    slack.command("/cohortbot", text="snooze 3", user_id="U1")
    finish_after_ack_work()
    (before,) = rows(db, Person, Person.platform_user_id == "U1")
    assert before.display_name == "Alice" and before.privacy_notice_seen_at is not None

    forget_me(slack, fake_slack)
    (marker,) = rows(db, Person, Person.id == before.id)
    assert columns(marker) == {
        **{name: None for name in KEPT},
        "id": before.id,
        "platform": "slack",
        "workspace": TEAM.id,
        "platform_user_id": f"erased:{before.id}",
        "display_name": "",
        "reminders_opt_out": False,
        "erased_at": marker.erased_at,
        "created_at": marker.erased_at,  # not when they first came
    }
    assert marker.erased_at is not None

    slack.command("/cohortbot", text="challenge A second go", user_id="U1")
    slack.command("/cohortbot", text="reminders off", user_id="U1")
    slack.command("/reflect", text="Am I back?", user_id="U1")
    update_profile(db, TEAM.person("U1"), display_name="Alice", timezone="Europe/Paris")
    finish_after_ack_work()
    (after,) = rows(db, Person, Person.id == before.id)
    assert columns(after) == columns(marker)
    newcomers = rows(db, Person, Person.platform_user_id == "U1")
    assert [p.id for p in newcomers if p.id == before.id] == []  # anyone back is someone new


def secure_delete_off_by_default(dbapi_connection, record):
    """SQLite's own default, which some builds (Debian's) change: freed space keeps what was deleted."""
    dbapi_connection.execute("PRAGMA secure_delete = OFF")


def test_erased_text_is_in_neither_the_database_file_nor_its_log(slack, db, ctx, fake_slack, make_cohort, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's own files; PostgreSQL keeps dead rows until VACUUM (docs/security.md)")
    event.listen(db.engine, "connect", secure_delete_off_by_default, insert=True)
    db.engine.dispose()
    make_cohort(delegates=["U1", "U2"], facilitators=["UFAC"])
    fake_slack.users["U1"] = {"profile": {"display_name": "Xanthippe Quokka"}}
    words = ["Zebracrossing reflection 7731", "Quaggamire evidence 5521", "Okapiland challenge 9913"]
    slack.command("/reflect", text=words[0], user_id="U1")
    slack.command("/evidence", text=words[1], user_id="U1")
    slack.command("/cohortbot", text=f"challenge {words[2]}", user_id="U1")
    slack.command("/reflect", text="Someone else's words 4242", user_id="U2")
    finish_after_ack_work()
    files = [Path(make_url(database_url).database + suffix) for suffix in ("", "-wal")]
    assert all(w.encode() in b"".join(f.read_bytes() for f in files if f.exists()) for w in words)

    forget_me(slack, fake_slack)
    tick(ctx)  # the facilitators' notice names them until it is sent
    stored = b"".join(f.read_bytes() for f in files if f.exists())
    assert [w for w in [*words, "Xanthippe"] if w.encode() in stored] == []
    assert b"Someone else's words 4242" in stored
