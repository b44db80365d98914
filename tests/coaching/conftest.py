import pytest

from tests.coaching.helpers import SettledRequester
from tests.conftest import SIGNING_SECRET


@pytest.fixture
def slack(bot_server) -> SettledRequester:
    """Requests that wait for the outbox drain after the answer (the DMs to others), so tests can read them at once."""
    return SettledRequester(bot_server.url, SIGNING_SECRET)
