"""The workspaces tests work in: the fake Slack's team (what auth.test answers) and the console."""

from bot.messaging.addresses import LOCAL_CONSOLE, SLACK, Workspace
from tests.fakes.slack_api import TEAM_ID

TEAM = Workspace(SLACK, TEAM_ID)
CONSOLE = LOCAL_CONSOLE
