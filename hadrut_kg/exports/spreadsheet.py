"""CSV cells made safe for spreadsheets (CSV or formula injection): a cell that starts with =, +, -, @, a tab or
a carriage return would be run as a formula by Excel, LibreOffice or Google Sheets (`=HYPERLINK(…)`, `@SUM(…)`).
As OWASP recommends, such a cell gets a leading single quote, so it shows as text; the csv module then quotes
the cell as needed. Plain numbers (-12.5) are left as they are: they are values, not formulas."""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")


def safe_cell(value: object) -> object:
    """`value`, with a leading ' when it is text that a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not NUMBER.match(value):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(v) for v in values]
