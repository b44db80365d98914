"""Where a Microsoft cloud's Bot Framework lives: its OpenID metadata, token issuer and token endpoint.

The clouds' endpoints come from the Teams SDK (`CloudEnvironment`); TEAMS_OPENID_METADATA_URL and
TEAMS_TOKEN_URL override them for a private cloud or a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from microsoft_teams.api.auth.cloud_environment import from_name

from bot.config import Settings


@dataclass(frozen=True)
class Endpoints:
    metadata_url: str  # the Bot Framework OpenID configuration
    issuer: str  # who signs the tokens Teams sends with each activity
    token_url: str  # where the bot gets its own tokens (OAuth 2.0 client credentials)
    scope: str  # what it asks for them for: the Bot Connector

    @property
    def keys_url(self) -> str:
        """The signing keys, when the metadata does not say (`.../openidconfiguration` -> `.../keys`)."""
        return re.sub(r"openidconfiguration$", "keys", self.metadata_url)


def endpoints(settings: Settings) -> Endpoints:
    cloud = from_name(settings.teams_cloud)
    tenant = settings.teams_tenant_id or cloud.login_tenant
    return Endpoints(
        metadata_url=settings.teams_openid_metadata_url or cloud.openid_metadata_url,
        issuer=cloud.token_issuer,
        token_url=settings.teams_token_url or f"{cloud.login_endpoint}/{tenant}/oauth2/v2.0/token",
        scope=cloud.bot_scope,
    )
