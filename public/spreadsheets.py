"""CSV files that are safe to open in a spreadsheet: every CSV the portal writes goes through here.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one) as a formula, so a plan titled `=HYPERLINK("http://evil","x")` would become a link
on a reviewer's screen. As OWASP recommends ("CSV Injection"), such text gets a `'` in front,
which spreadsheets read as "this is text", and every text cell is quoted, so that a `;` in it
cannot start a new cell where `;` separates cells. Numbers are not typed text: they go out as
they are.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value):
    """The value, with a `'` in front when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Writer:
    """csv.writer's `writerow` and `writerows`, over cells made safe."""

    def __init__(self, file):
        self._writer = csv.writer(file, quoting=csv.QUOTE_STRINGS)

    def writerow(self, row):
        return self._writer.writerow([text_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(file) -> _Writer:
    """A csv.writer whose text cells cannot run as formulas."""
    return _Writer(file)
