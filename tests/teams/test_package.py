"""`cohortbot teams package`: a zip Teams accepts, checked against Microsoft's published manifest schema."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from handlers.cli import main
from tests.teams.app_package import png_pixels, schema_errors

CLIENT_ID = "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"
COMMANDS = ["reflect", "evidence", "confidence", "journal", "coach", "cohortbot", "help"]
WHITE = (255, 255, 255)


@pytest.fixture(autouse=True)
def _no_teams_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEAMS_CLIENT_ID", raising=False)


def build(monkeypatch: pytest.MonkeyPatch, *args: str, client_id: str = CLIENT_ID) -> tuple[int, Path]:
    monkeypatch.setenv("TEAMS_CLIENT_ID", client_id)
    out = Path("cohortbot-teams.zip")
    return main(["teams", "package", "--out", str(out), *args]), out


def read_package(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    with zipfile.ZipFile(path) as package:
        files = {name: package.read(name) for name in package.namelist()}
    return json.loads(files.pop("manifest.json")), files


def test_the_manifest_is_valid_against_microsofts_schema(monkeypatch):
    code, out = build(monkeypatch)
    assert code == 0
    manifest, _ = read_package(out)
    assert schema_errors(manifest) == []
    assert manifest["manifestVersion"] == "1.30"
    assert manifest["$schema"].endswith("/teams/v1.30/MicrosoftTeams.schema.json")


def test_the_schema_check_catches_a_broken_manifest(monkeypatch):
    _, out = build(monkeypatch)
    manifest, _ = read_package(out)
    del manifest["bots"][0]["botId"]
    manifest["bots"][0]["scopes"] = ["everywhere"]
    manifest["manifestVersion"] = "1.29"
    errors = "\n".join(schema_errors(manifest))
    assert "'botId' is a required property" in errors
    assert "'everywhere' is not one of" in errors
    assert "'1.30' was expected" in errors


def test_the_bot_takes_files_in_personal_chats_and_teams_and_lists_its_commands(monkeypatch):
    _, out = build(monkeypatch)
    manifest, _ = read_package(out)
    assert manifest["id"] == CLIENT_ID
    (bot,) = manifest["bots"]
    assert bot["botId"] == CLIENT_ID
    assert bot["supportsFiles"] is True
    assert sorted(bot["scopes"]) == ["personal", "team"]
    lists = {tuple(entry["scopes"]): entry["commands"] for entry in bot["commandLists"]}
    assert sorted(lists) == [("personal",), ("team",)]
    for commands in lists.values():
        assert [command["title"] for command in commands] == COMMANDS
        assert all(0 < len(command["description"]) <= 80 for command in commands)
    assert "webApplicationInfo" not in manifest  # no single sign-on, so no Entra app for tabs to name


def test_the_icons_are_192_colour_and_32_white_on_transparent(monkeypatch):
    _, out = build(monkeypatch)
    manifest, files = read_package(out)
    assert sorted(files) == sorted(manifest["icons"].values())  # each icon named is there, and nothing else

    width, height, rows = png_pixels(files[manifest["icons"]["color"]])
    assert (width, height) == (192, 192)
    assert all(pixel[3] == 255 for row in rows for pixel in row)  # a full-colour square, no holes

    width, height, rows = png_pixels(files[manifest["icons"]["outline"]])
    assert (width, height) == (32, 32)
    pixels = [pixel for row in rows for pixel in row]
    assert all(pixel[:3] == WHITE or pixel[3] == 0 for pixel in pixels)
    assert any(pixel[3] == 0 for pixel in pixels) and any(pixel[3] == 255 for pixel in pixels)


def test_the_organisations_pages_and_domain_go_into_the_manifest(monkeypatch, capsys):
    code, out = build(
        monkeypatch,
        *("--developer", "Greater London Authority", "--domain", "cohortbot.example.gov.uk"),
        *("--website", "https://example.gov.uk/cohortbot", "--privacy-url", "https://example.gov.uk/privacy"),
        *("--terms-url", "https://example.gov.uk/terms", "--app-version", "2.0.1"),
    )
    assert code == 0
    manifest, _ = read_package(out)
    assert schema_errors(manifest) == []
    assert manifest["developer"] == {
        "name": "Greater London Authority",
        "websiteUrl": "https://example.gov.uk/cohortbot",
        "privacyUrl": "https://example.gov.uk/privacy",
        "termsOfUseUrl": "https://example.gov.uk/terms",
    }
    assert manifest["validDomains"] == ["cohortbot.example.gov.uk"]
    assert manifest["version"] == "2.0.1"
    captured = capsys.readouterr()
    assert captured.out == f"Wrote cohortbot-teams.zip for the bot {CLIENT_ID}, version 2.0.1.\n"
    assert captured.err == ""


def test_placeholder_pages_are_pointed_out(monkeypatch, capsys):
    code, out = build(monkeypatch)
    assert code == 0
    manifest, _ = read_package(out)
    assert manifest["developer"]["privacyUrl"].startswith("https://example.org/")
    assert "--website, --privacy-url and --terms-url" in capsys.readouterr().err


def test_the_same_settings_give_the_same_bytes(monkeypatch):
    _, out = build(monkeypatch)
    first = out.read_bytes()
    _, out = build(monkeypatch)
    assert out.read_bytes() == first


@pytest.mark.parametrize("client_id", ["", "not-a-guid"])
def test_without_a_client_id_one_line_names_it_and_nothing_is_written(monkeypatch, capsys, client_id):
    code, out = build(monkeypatch, client_id=client_id)
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("cohortbot: TEAMS_CLIENT_ID is ") and err.count("\n") == 1
    assert not out.exists()


def test_a_package_not_named_zip_is_refused(monkeypatch, capsys):
    monkeypatch.setenv("TEAMS_CLIENT_ID", CLIENT_ID)
    assert main(["teams", "package", "--out", "cohortbot-teams.json"]) == 1
    assert "name the file cohortbot-teams.zip" in capsys.readouterr().err
    assert not Path("cohortbot-teams.json").exists()


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--website", "example.gov.uk", "is not a web address"),
        ("--domain", "https://cohortbot.example.gov.uk/api/messages", "give the host alone"),
        ("--app-version", "2", "use three numbers"),
        ("--developer", "The Greater London Authority Digital Team", "1 to 32 characters"),
    ],
)
def test_wrong_options_are_explained(monkeypatch, capsys, option, value, said):
    with pytest.raises(SystemExit) as exit_:
        build(monkeypatch, option, value)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert not Path("cohortbot-teams.zip").exists()
