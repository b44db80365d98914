"""Checking the Bot Framework JWT that Teams sends with every activity.

RS256 against the keys the OpenID metadata names (refetched when a key id is new), the issuer, the
audience (our client id), the expiry, and the `serviceurl` claim against the activity's `serviceUrl`.
PyJWT (the Teams SDK's own JWT library) does the checking; the SDK's validator itself is async and
lives in its FastAPI app package, so it is not used here.
"""

from __future__ import annotations

import logging
import threading

import httpx
import jwt

from handlers.teams.cloud import Endpoints
from handlers.web import Refused

log = logging.getLogger(__name__)

LEEWAY_SECONDS = 300  # clock skew allowed, as Microsoft's SDKs allow
KEY_CACHE_SECONDS = 24 * 3600  # Bot Framework rotates its keys; unknown key ids are fetched at once


class BotFrameworkTokens:
    def __init__(self, where: Endpoints, client_id: str, http: httpx.Client) -> None:
        self.where = where
        self.client_id = client_id
        self.http = http
        self._keys: jwt.PyJWKClient | None = None
        self._lock = threading.Lock()

    def keys(self) -> jwt.PyJWKClient:
        """The signing keys' client, at the metadata's `jwks_uri` (or its `keys` neighbour if it names none)."""
        with self._lock:
            if self._keys is None:
                try:
                    uri = str(self.http.get(self.where.metadata_url).json().get("jwks_uri") or self.where.keys_url)
                except (httpx.HTTPError, ValueError, AttributeError) as error:
                    raise Refused(401, f"could not read the OpenID metadata ({type(error).__name__})") from error
                self._keys = jwt.PyJWKClient(uri, cache_keys=True, lifespan=KEY_CACHE_SECONDS)
            return self._keys

    def check(self, authorization: str | None) -> dict[str, object]:
        """The token's claims when it is good; `Refused(401)` otherwise."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Refused(401, "no Bearer token")
        try:
            key = self.keys().get_signing_key_from_jwt(token)
            return jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                audience=self.client_id,
                issuer=self.where.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud", "serviceurl"]},
            )
        except (jwt.InvalidTokenError, jwt.PyJWKClientError) as error:
            raise Refused(401, f"token refused: {error}") from error


def check_service_url(claims: dict[str, object], service_url: object) -> None:
    """The activity must name the service the token was issued for: replies go there with our token."""
    if not isinstance(service_url, str) or str(claims.get("serviceurl", "")).rstrip("/") != service_url.rstrip("/"):
        raise Refused(401, "the token's serviceurl is not the activity's serviceUrl")
