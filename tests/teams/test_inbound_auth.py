"""Every request to /api/messages carries a Bot Framework JWT that is checked; anything else is 401, nothing
stored, nothing sent. Bodies over 1 MB are refused before they are read."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storage.models import Person, TeamsConversation
from tests.fakes.teams import TENANT_ID, FakeTeams, signing_key
from tests.teams.activities import personal, team_install


def stored(db) -> int:
    with db.read() as session:
        return (session.scalar(select(func.count(TeamsConversation.id))) or 0) + (
            session.scalar(select(func.count(Person.id))) or 0
        )


def test_a_signed_activity_is_taken(bot, fake_teams, db):
    response = bot.send(team_install(fake_teams))
    assert response.status_code == 200
    assert stored(db) > 0
    [token_request] = fake_teams.token_calls
    assert token_request["grant_type"] == "client_credentials"


REFUSED_TOKENS = {
    "no token": lambda fake: None,
    "not a JWT": lambda fake: "not-a-token",
    "signed with another key": lambda fake: fake.mint(key=signing_key("unpublished")),
    "for another bot": lambda fake: fake.mint(audience="someone-else"),
    "from another issuer": lambda fake: fake.mint(issuer="https://evil.example.org"),
    "expired an hour ago": lambda fake: fake.mint(expires_in=-3600),
    "for another service URL": lambda fake: fake.mint(service_url="https://smba.evil.example.org/"),
}


@pytest.mark.parametrize("case", list(REFUSED_TOKENS))
def test_a_request_without_a_good_token_is_refused_and_leaves_no_trace(case, bot, fake_teams: FakeTeams, db):
    activity = personal(fake_teams, "reflect I tried something")
    response = bot.send(activity, token=REFUSED_TOKENS[case](fake_teams))
    assert response.status_code == 401
    assert response.content == b""
    assert stored(db) == 0
    assert fake_teams.calls() == []


def test_the_activity_must_name_the_service_its_token_was_issued_for(bot, fake_teams, db):
    activity = {**team_install(fake_teams), "serviceUrl": "https://smba.evil.example.org/"}
    assert bot.send(activity).status_code == 401
    assert stored(db) == 0


def test_a_body_over_one_megabyte_is_refused_before_it_is_read(bot, fake_teams, db):
    activity = personal(fake_teams, "reflect " + "x" * (1024 * 1024))
    response = bot.send(activity)
    assert response.status_code == 413
    assert stored(db) == 0


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]"])
def test_a_signed_body_that_is_no_activity_is_a_bad_request(bot, body):
    response = bot.http.post(
        f"{bot.url}/api/messages",
        content=body,
        headers={"Authorization": f"Bearer {bot.fake.mint()}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400


def test_health_says_the_database_answers(bot):
    response = bot.http.get(f"{bot.url}/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_agents_playground_needs_the_explicit_opt_in(database_url, fake_teams, caplog):
    from handlers.after_answer import finish_after_ack_work
    from handlers.bootstrap import bootstrap
    from handlers.teams import runner
    from tests.teams.activities import TeamsClient
    from tests.teams.conftest import teams_settings

    ctx = bootstrap(teams_settings(fake_teams, database_url, teams_allow_unauthenticated=True))
    server, thread = runner.start(ctx, host="127.0.0.1", port=0, threads=2)
    try:
        client = TeamsClient(f"http://127.0.0.1:{server.port}", fake_teams)
        assert client.send(team_install(fake_teams), token=None).status_code == 200
    finally:
        finish_after_ack_work()
        server.stop()
        thread.join(timeout=5)
    assert "TEAMS_ALLOW_UNAUTHENTICATED is on" in caplog.text
    with ctx.db.read() as session:
        assert session.scalar(select(TeamsConversation.tenant).limit(1)) == TENANT_ID
    ctx.db.dispose()


def test_agents_playground_needs_no_app_registration(database_url, fake_teams):
    """With the opt-in and no client id or secret, an unsigned message is answered, and no token is asked for or sent."""
    from handlers.after_answer import finish_after_ack_work
    from handlers.bootstrap import bootstrap
    from handlers.teams import runner
    from tests.teams.activities import TeamsClient
    from tests.teams.conftest import teams_settings

    fake_teams.anonymous = True
    playground = {"teams_allow_unauthenticated": True, "teams_client_id": "", "teams_client_secret": ""}
    settings = teams_settings(fake_teams, database_url, **playground)
    settings.require_teams()
    ctx = bootstrap(settings)
    server, thread = runner.start(ctx, host="127.0.0.1", port=0, threads=2)
    try:
        client = TeamsClient(f"http://127.0.0.1:{server.port}", fake_teams)
        assert client.send(personal(fake_teams, "help"), token=None).status_code == 200
        fake_teams.wait_for("send")
    finally:
        finish_after_ack_work()
        server.stop()
        thread.join(timeout=5)
        ctx.db.dispose()
    assert fake_teams.token_calls == []
    assert [call for call in fake_teams.calls() if "authorization" in call.headers] == []
    assert "reflect" in "\n".join(a.shown() for a in fake_teams.activities)


def test_an_activity_the_bot_cannot_handle_now_is_answered_503_for_teams_to_send_again(bot, fake_teams, monkeypatch, caplog):
    from handlers.teams import install

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(install, "installed", broken)
    assert bot.send(team_install(fake_teams)).status_code == 503
    assert "could not handle a conversationUpdate activity" in caplog.text
