"""Settings from the environment and `.env`, validated before anything starts."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
TEAMS_CLOUDS = ("public", "usgov", "usgovdod", "china")  # Microsoft's clouds, as the Teams SDK names them


def _token_with_prefix(value: str, prefix: str, what: str) -> str:
    if value and not value.startswith(prefix):
        raise ValueError(f"it should start with {prefix} ({what})")
    return value


class ConfigError(Exception):
    """A setting is missing or wrong; the message says which and where to set it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_api_url: str = DEFAULT_SLACK_API_URL
    teams_client_id: str = ""
    teams_client_secret: str = ""
    teams_tenant_id: str = ""
    teams_cloud: str = "public"
    teams_openid_metadata_url: str = ""  # Bot Framework OpenID configuration; empty: the cloud's own
    teams_token_url: str = ""  # an OAuth 2.0 client-credentials endpoint used instead of Microsoft Entra
    teams_allow_unauthenticated: bool = False  # Agents Playground on a laptop only: requests are not checked
    database_url: str = "sqlite:///cohortbot.db"
    cohortbot_timezone: str = "Europe/London"
    cohortbot_admins: Annotated[frozenset[str], NoDecode] = Field(default_factory=frozenset)
    cohortbot_catch_up_hours: float = 12.0
    cohortbot_tick_seconds: float = 30.0
    # Hours after it fell due that a scheduled delivery failing for a passing reason is still tried;
    # unset: for as long as it is useful (a weekly post until next week's slot).
    cohortbot_retry_hours: float | None = Field(default=None, gt=0)
    cohortbot_follow_up_weeks: int = Field(default=3, ge=1, le=52)
    cohortbot_action_follow_up_days: int = Field(default=14, ge=1, le=180)
    cohortbot_late_cancellation_hours: int = Field(default=48, ge=0, le=336)
    cohortbot_pseudonym_key: str = ""
    cohortbot_retention_days: int = Field(default=365, ge=0, le=36_500)  # 0: keep for ever

    @field_validator("cohortbot_admins", mode="before")
    @classmethod
    def _split_admins(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.replace(",", " ").split() if part.strip())
        return value

    @field_validator("cohortbot_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown timezone {value!r} (try Europe/London)") from error
        return value

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: str) -> str:
        return _token_with_prefix(value, "xoxb-", "a bot token, from OAuth & Permissions")

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: str) -> str:
        return _token_with_prefix(value, "xapp-", "an app-level token, from Basic Information")

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("teams_cloud")
    @classmethod
    def _known_cloud(cls, value: str) -> str:
        if value.lower() not in TEAMS_CLOUDS:
            raise ValueError(f"unknown cloud {value!r} (use one of {', '.join(TEAMS_CLOUDS)})")
        return value.lower()

    @property
    def teams(self) -> bool:
        """Whether Teams is configured in this process: it can post there and answer there."""
        return bool(self.teams_client_id and self.teams_client_secret)

    def require_teams(self) -> None:
        """Raise ConfigError naming the first missing Teams variable."""
        for name in ("TEAMS_CLIENT_ID", "TEAMS_CLIENT_SECRET"):
            if not getattr(self, name.lower()):
                raise ConfigError(f"{name} is not set (Teams needs it). Set it in the environment or in .env; see .env.example.")

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    def require_slack(self, *, http: bool) -> None:
        """Raise ConfigError naming the first missing variable for the chosen mode."""
        needed = ["SLACK_BOT_TOKEN"]
        needed += ["SLACK_SIGNING_SECRET"] if http else ["SLACK_APP_TOKEN"]
        for name in needed:
            if not getattr(self, name.lower()):
                mode = "HTTP mode" if http else "Socket Mode"
                raise ConfigError(f"{name} is not set ({mode} needs it). Set it in the environment or in .env; see .env.example.")


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "a setting"
        reason = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{name} is wrong: {reason}. Fix it in the environment or in .env; see .env.example.") from None
