"""Cells that are safe to open in Excel, whatever people typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.interaction.text import UNSTORABLE

EXCEL_CELL_LIMIT = 32_767  # counted in UTF-16 code units, as Excel counts them
CUT_MARKER = " [… cut: {} more characters]"
DATE_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = "0%"
# Text Excel would take for a formula if someone edited the cell; marked "text" with a quote prefix.
_FORMULA_LIKE = ("=", "+", "-", "@", "\t", "\r")
# Wrapping only matters for text that cannot fit on one line of a wide column.
_WRAP_OVER = 40
_WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_FILL = "DDEBF7"  # a pale blue that prints well in colour and in grey

CellValue = str | Cell
# The few styles the workbook uses, each registered with a workbook once and copied onto cells:
# setting styles cell by cell makes openpyxl hash and look them up every time.
_STYLES: dict[str, dict[str, Any]] = {
    "date": {"number_format": DATE_FORMAT},
    "percent": {"number_format": PERCENT_FORMAT},
    "text": {},
    "quoted": {"quotePrefix": True},
    "wrapped": {"alignment": _WRAP},
    "quoted wrapped": {"quotePrefix": True, "alignment": _WRAP},
    "header": {"font": Font(bold=True), "alignment": _WRAP, "fill": PatternFill("solid", fgColor=HEADER_FILL)},
    "heading": {"font": Font(bold=True, size=13)},
    "number": {"number_format": "0.00"},
    "signed": {"number_format": "+0.00;-0.00;0.00"},
}
_registered: WeakKeyDictionary[Any, dict[str, StyleArray]] = WeakKeyDictionary()


class ExportWorkbook(Workbook):
    """A write-only workbook that shows the people in its text as `words` does (a pseudonymised one
    replaces them): every text `text_cell` writes into it goes through `words` first."""

    def __init__(self, words: Callable[[str], str]) -> None:
        super().__init__(write_only=True)
        self.words = words


def xml_safe(value: str) -> str:
    """Without the characters XML 1.0 cannot hold: kept out of text as it comes in, and out of the
    workbook for text stored before that."""
    return UNSTORABLE.sub("", value)


def _utf16_units(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def _first_units(value: str, units: int) -> str:
    """The longest start of `value` that fits in `units` UTF-16 code units, never splitting a pair."""
    return value.encode("utf-16-le")[: units * 2].decode("utf-16-le", errors="ignore")


def fit_cell(value: str) -> str:
    """Cut text to Excel's cell limit with a visible marker saying how many characters were cut."""
    if len(value) * 2 <= EXCEL_CELL_LIMIT or _utf16_units(value) <= EXCEL_CELL_LIMIT:
        return value
    marker = CUT_MARKER.format(len(value))  # the longest the marker can be
    kept = _first_units(value, EXCEL_CELL_LIMIT - len(marker))
    return kept + CUT_MARKER.format(len(value) - len(kept))


def text_cell(sheet: WriteOnlyWorksheet, value: str | None, *, wrap: bool = False) -> CellValue | None:
    """Words from the database, verbatim and typed as text: never a formula, nothing prefixed or altered,
    except the people in them in a pseudonymised workbook (see `ExportWorkbook`).
    """
    if not value:
        return None
    text = xml_safe(value)
    workbook = sheet.parent
    return _typed_text(sheet, workbook.words(text) if isinstance(workbook, ExportWorkbook) else text, wrap)


def label_cell(sheet: WriteOnlyWorksheet, value: str, *, wrap: bool = False) -> CellValue | None:
    """The bot's own words (a label, an explanation), typed as text and shown as written in every workbook."""
    return _typed_text(sheet, xml_safe(value), wrap)


def _typed_text(sheet: WriteOnlyWorksheet, value: str, wrap: bool) -> CellValue | None:
    """Text that openpyxl would store as a plain string anyway goes through as a plain `str`
    (the fast path); anything it could read as a formula or an error code, or that needs
    wrapping, becomes a cell forced to the text type. Nothing ("") stays a blank cell.
    """
    if not value:
        return None
    text = fit_cell(value)
    formula_like = text.startswith(_FORMULA_LIKE)
    wrapped = wrap and (len(text) > _WRAP_OVER or "\n" in text)
    if not (formula_like or wrapped or text in ERROR_CODES):
        return text
    style = "quoted" if formula_like else "text"
    if wrapped:
        style = "wrapped" if style == "text" else "quoted wrapped"
    return _cell(sheet, style, text, "s")


def _cell(sheet: WriteOnlyWorksheet, style: str, value: Any, data_type: str) -> Cell:
    """A cell of a known type in one of `_STYLES`, made without openpyxl's per-cell type and style lookups."""
    styles = _registered.setdefault(sheet.parent, {})
    if style not in styles:
        probe = WriteOnlyCell(sheet)
        for attribute, setting in _STYLES[style].items():
            setattr(probe, attribute, setting)
        styles[style] = probe._style or StyleArray()
    cell = WriteOnlyCell(sheet)
    cell._value = value
    cell.data_type = data_type
    cell._style = StyleArray(styles[style])
    return cell


def local_datetime(value: datetime | None, timezone: str) -> datetime | None:
    """An aware instant as a naive local datetime, which Excel stores as a real date."""
    if value is None:
        return None
    return value.astimezone(_zone(timezone)).replace(tzinfo=None)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def date_cell(sheet: WriteOnlyWorksheet, value: datetime | None, timezone: str) -> Cell | None:
    """A real Excel date and time, in `timezone`."""
    if value is None:
        return None
    return _cell(sheet, "date", local_datetime(value, timezone), "d")


def header_cell(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    """A column header: bold, wrapped, shaded."""
    return _cell(sheet, "header", xml_safe(value), "s")


def heading_cell(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    """A section heading inside a sheet."""
    return _cell(sheet, "heading", xml_safe(value), "s")


def number_cell(sheet: WriteOnlyWorksheet, value: float | None, *, signed: bool = False) -> Cell | None:
    """A figure shown to two decimals (a change with its sign); the full value stays in the cell."""
    if value is None:
        return None
    return _cell(sheet, "signed" if signed else "number", value, "n")


def percent_cell(sheet: WriteOnlyWorksheet, value: float | None) -> Cell | None:
    if value is None:
        return None
    return _cell(sheet, "percent", value, "n")
