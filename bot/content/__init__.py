"""The programme's data files here: prompt themes, the confidence instrument, the evaluation."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CONTENT = Path(__file__).parent


@cache
def load(name: str) -> dict[str, Any]:
    with (CONTENT / name).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{name} should hold a mapping at the top level")
    return data


def themes() -> tuple[str, ...]:
    """The programme's themes, as listed at the top of the prompt library."""
    return tuple(str(theme) for theme in load("prompts.yaml").get("themes", []))
