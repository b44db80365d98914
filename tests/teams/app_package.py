"""Reading a Teams app package back: its manifest checked against Microsoft's schema, its icons' pixels."""

from __future__ import annotations

import json
import struct
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, Draft6Validator, FormatChecker, validators

SCHEMA = Path(__file__).parent / "schema" / "MicrosoftTeams.schema.json"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Microsoft's schema says draft-04 but uses `const` (draft-06), e.g. for manifestVersion; check it too.
ManifestValidator = validators.extend(Draft4Validator, {"const": Draft6Validator.VALIDATORS["const"]})


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def schema_errors(manifest: dict[str, Any]) -> list[str]:
    """Every way the manifest breaks the schema, as readable lines; none when it is valid."""
    validator = ManifestValidator(schema(), format_checker=FormatChecker())
    return [f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}" for error in validator.iter_errors(manifest)]


def png_pixels(data: bytes) -> tuple[int, int, list[list[tuple[int, int, int, int]]]]:
    """Width, height and RGBA rows of an 8-bit RGBA, non-interlaced PNG (what Teams icons are)."""
    assert data.startswith(PNG_SIGNATURE), "not a PNG"
    position, header, compressed = len(PNG_SIGNATURE), b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        header = body if kind == b"IHDR" else header
        compressed += body if kind == b"IDAT" else b""
        position += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, colour_type, interlace) == (8, 6, 0), "expected 8-bit RGBA, not interlaced"
    raw, stride, rows, previous = zlib.decompress(compressed), width * 4, [], bytes(width * 4)
    for y in range(height):
        line = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        row = _unfilter(line[0], bytearray(line[1:]), previous)
        rows.append([tuple(row[x : x + 4]) for x in range(0, stride, 4)])
        previous = bytes(row)
    return width, height, rows


def _unfilter(kind: int, row: bytearray, above: bytes) -> bytearray:
    for i in range(len(row)):
        left = row[i - 4] if i >= 4 else 0
        up, up_left = above[i], above[i - 4] if i >= 4 else 0
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 2:
            row[i] = (row[i] + up) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            guess = left + up - up_left
            nearest = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - up_left), 2, up_left))[2]
            row[i] = (row[i] + nearest) & 0xFF
    return row
