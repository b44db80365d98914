"""The Microsoft Teams front end: `POST /api/messages`, the Bot Connector client and the Teams messenger.

Microsoft's Teams SDK for Python (`microsoft-teams-api`) gives the clouds' endpoints; the rest is
a thin layer of our own where the contract needs control (see `docs/teams.md` and the modules here).
"""
