"""Who and where, on any chat platform: a person and a place, each inside one workspace.

A workspace is one organisation on one platform: a Slack team (or an Enterprise Grid org for
an org-wide install), later a Microsoft Entra tenant; the console has one of its own. Ids are
only unique inside their workspace, so every lookup by a platform id names the workspace too.
"""

from __future__ import annotations

from dataclasses import dataclass

SLACK = "slack"
CONSOLE = "console"
TEAMS = "teams"

CONSOLE_WORKSPACE = "local"
UNKNOWN_WORKSPACE = ""
"""A Slack workspace not learnt yet: rows made before workspaces existed, or by the CLI with no
bot token. The bot adopts them into its workspace when it next learns it (see `people.workspaces`)."""


@dataclass(frozen=True)
class Workspace:
    platform: str
    id: str

    def person(self, user_id: str) -> PersonRef:
        return PersonRef(self.platform, self.id, user_id)

    def place(self, conversation: str, thread: str | None = None) -> Place:
        return Place(self.platform, self.id, conversation, thread)


@dataclass(frozen=True)
class PersonRef:
    platform: str
    workspace: str
    user_id: str

    @property
    def scope(self) -> Workspace:
        return Workspace(self.platform, self.workspace)

    def __str__(self) -> str:
        return f"{self.platform}:{self.workspace}:{self.user_id}"


@dataclass(frozen=True)
class Place:
    """A conversation (a channel, a DM), or a thread in it when `thread` names its first message."""

    platform: str
    workspace: str
    conversation: str
    thread: str | None = None

    @property
    def scope(self) -> Workspace:
        return Workspace(self.platform, self.workspace)


@dataclass(frozen=True)
class Reach:
    """The workspaces a messenger speaks in: one platform's, or just one of them when `workspace` is set.

    A process only takes work for people and places its messenger reaches, so the console's
    demo never goes to Slack, and each platform's rows wait for a process that speaks there.
    """

    platform: str | None  # None: no platform at all, so nothing is reached
    workspace: str | None = None  # None: every workspace of the platform


@dataclass(frozen=True)
class Reaches:
    """Several platforms' reaches at once: a process that speaks on Slack and Teams together."""

    parts: tuple[Reach, ...]


NOWHERE = Reach(None)


def reach_of(workspace: Workspace) -> Reach:
    """A messenger speaking for one workspace; a Slack workspace not learnt yet may be any of the platform's."""
    return Reach(workspace.platform, None if workspace.id == UNKNOWN_WORKSPACE else workspace.id)


LOCAL_CONSOLE = Workspace(CONSOLE, CONSOLE_WORKSPACE)
