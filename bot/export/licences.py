"""Which licences make a prompt open content that other organisations may reuse (outcome 4)."""

from __future__ import annotations

import re

# Licences that let anyone copy, adapt and share the text, with credit at most, and where to read them.
OPEN_LICENCES = {
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC BY 3.0": "https://creativecommons.org/licenses/by/3.0/",
    "CC BY-SA 3.0": "https://creativecommons.org/licenses/by-sa/3.0/",
    "CC0 1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "Open Government Licence v3.0": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
_ALIASES = {"cc0": "CC0 1.0", "ogl": "Open Government Licence v3.0", "ogl v3.0": "Open Government Licence v3.0"}
_OPEN = {re.sub(r"\s+", " ", licence).casefold(): licence for licence in OPEN_LICENCES}


def open_licence(licence: str | None) -> str | None:
    """The open licence `licence` names (spacing and case aside), or None if it is not an open one."""
    key = re.sub(r"\s+", " ", licence or "").strip().casefold()
    return _OPEN.get(key) or _ALIASES.get(key)
