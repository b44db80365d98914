# The same fixtures as the programme and console tests: a scheduled cohort, and the console on the demo.
from tests.console.conftest import console, console_ctx, console_db, demo  # noqa: F401
from tests.programme.conftest import schedule  # noqa: F401
