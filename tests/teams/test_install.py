"""Added to a team or a personal chat, the bot stores what it needs to post there later."""

from __future__ import annotations

from tests.fakes.teams import GENERAL, PROJECTS, TEAM_ID
from tests.teams.activities import personal_install, team_install, team_removal
from tests.teams.helpers import conversations


def test_added_to_a_team_it_stores_every_channel_of_the_team(bot, fake_teams, db):
    assert bot.send(team_install(fake_teams)).status_code == 200
    assert conversations(db) == {
        GENERAL: {"kind": "channel", "team": TEAM_ID, "user": None, "removed": False},
        PROJECTS: {"kind": "channel", "team": TEAM_ID, "user": None, "removed": False},
    }
    [listing] = fake_teams.calls("team_conversations")
    assert listing.params == {"team": TEAM_ID}
    assert listing.headers["authorization"].startswith("Bearer token-")


def test_someone_else_joining_the_team_is_not_an_install(bot, fake_teams, db):
    bot.send(team_install(fake_teams, added="29:sam"))
    assert conversations(db) == {}


def test_a_personal_install_stores_the_chat_with_that_person(bot, fake_teams, db):
    bot.send(personal_install(fake_teams, user="29:ada"))
    assert conversations(db) == {
        fake_teams.personal_chat("29:ada"): {"kind": "personal", "team": None, "user": "29:ada", "removed": False}
    }


def test_removed_from_a_team_its_channels_are_out_of_reach_until_it_is_added_again(bot, fake_teams, db):
    bot.send(team_install(fake_teams))
    bot.send(team_removal(fake_teams))
    assert all(row["removed"] for row in conversations(db).values())
    bot.send(team_install(fake_teams))
    assert not any(row["removed"] for row in conversations(db).values())


def test_a_channel_created_in_the_team_is_stored_and_a_deleted_one_forgotten(bot, fake_teams, db):
    bot.send(team_install(fake_teams))
    for event in ("channelCreated", "channelDeleted"):
        activity = team_install(fake_teams, added="29:nobody")
        activity["channelData"].update(eventType=event, channel={"id": "19:new@thread.tacv2", "name": "New"})
        bot.send(activity)
        assert conversations(db)["19:new@thread.tacv2"]["removed"] is (event == "channelDeleted")
