"""Every sheet prints as a report would want it: A4, one page wide, headers repeated, a footer saying what it is."""

from __future__ import annotations

from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

# Column widths (in characters) that still print legibly on one A4 page upright; wider sheets turn sideways.
PORTRAIT_WIDTH = 100
PSEUDONYMISED_FOOTER = "Pseudonymised"
NAMED_FOOTER = "Holds names: keep safe"


def print_setup(sheet: WriteOnlyWorksheet, width: float, *, pseudonymised: bool, title_rows: str | None = "1:1") -> None:
    """A4, landscape where wide, fit to one page wide (as many pages down as needed), `title_rows` on every page.

    The footer names the sheet, numbers the page and says whether the workbook is pseudonymised.
    Set before the first row, as write-only sheets need.
    """
    setup = sheet.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.orientation = Worksheet.ORIENTATION_PORTRAIT if width <= PORTRAIT_WIDTH else Worksheet.ORIENTATION_LANDSCAPE
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    if title_rows:
        sheet.print_title_rows = title_rows
    footer = sheet.oddFooter
    footer.left.text = "&A"
    footer.center.text = "Page &P of &N"
    footer.right.text = PSEUDONYMISED_FOOTER if pseudonymised else NAMED_FOOTER
