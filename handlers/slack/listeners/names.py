"""One listener per kind for many names: Bolt tries every registered listener's matcher on every
request (about 0.05 ms each), so one regular expression beats a listener per action id."""

from __future__ import annotations

import re
from collections.abc import Iterable


def any_of(names: Iterable[str]) -> re.Pattern[str]:
    """A pattern that matches exactly one of `names`, whole."""
    return re.compile("^(?:" + "|".join(re.escape(name) for name in names) + ")$")
