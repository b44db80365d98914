"""The Microsoft Teams front end: `POST /api/messages`, the Bot Connector client and the Teams messenger.

Why this shape. Microsoft's current Python SDK for Teams bots is the Teams SDK (`microsoft-teams-apps` 2.x);
it is a dependency, and its clouds' endpoints (`CloudEnvironment`: login, token issuer, OpenID metadata,
Bot Connector scope for public, usgov, usgovdod and china) are used as they are. Its `App` is an asyncio
FastAPI/uvicorn server with its own routing, token validation and async httpx clients; the bot is a
threaded, synchronous process (waitress, APScheduler, SQLAlchemy sessions) whose contract needs control the
App does not give: the 1 MB limit before a body is read, 401 with nothing stored before any handler runs,
the `serviceurl` claim checked against the activity, a token endpoint other than Entra's (TEAMS_TOKEN_URL:
its client credentials go through MSAL to an Entra authority; a custom token provider can be given, but to
its async App only), Teams' rate limits kept on our side, and no blind resend of a post whose answer was lost.
So the layer here is thin and our own, on the SDK's own libraries: PyJWT for the JWT (as the SDK's validator
does), httpx for the Bot Connector, over the same REST routes the SDK's clients call.
"""
