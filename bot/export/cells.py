"""Cells that are safe to open in Excel, whatever people typed."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

EXCEL_CELL_LIMIT = 32_767
CUT_MARKER = " [… cut: {} more characters]"
DATE_FORMAT = "yyyy-mm-dd hh:mm"
# Characters XML 1.0 cannot hold: C0 controls other than tab, LF and CR; lone surrogates; U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Text Excel would take for a formula if someone edited the cell; marked "text" with a quote prefix.
_FORMULA_LIKE = ("=", "+", "-", "@", "\t", "\r")
_WRAP = Alignment(wrap_text=True, vertical="top")


def xml_safe(value: str) -> str:
    return _NOT_XML.sub("", value)


def fit_cell(value: str) -> str:
    """Cut text to Excel's cell limit with a visible marker saying how much was cut."""
    if len(value) <= EXCEL_CELL_LIMIT:
        return value
    cut = len(value) - EXCEL_CELL_LIMIT + len(CUT_MARKER.format(len(value)))
    return value[: len(value) - cut] + CUT_MARKER.format(cut)


def text_cell(sheet: WriteOnlyWorksheet, value: str | None, *, wrap: bool = False) -> WriteOnlyCell:
    """People's words, verbatim and typed as text: never a formula, nothing prefixed or altered."""
    text = fit_cell(xml_safe(value or ""))
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if text.startswith(_FORMULA_LIKE):
        cell.quotePrefix = True
    if wrap:
        cell.alignment = _WRAP
    return cell


def local_datetime(value: datetime | None, timezone: str) -> datetime | None:
    """An aware instant as a naive local datetime, which Excel stores as a real date."""
    if value is None:
        return None
    return value.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)


def date_cell(sheet: WriteOnlyWorksheet, value: datetime | None, timezone: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=local_datetime(value, timezone))
    cell.number_format = DATE_FORMAT
    return cell
