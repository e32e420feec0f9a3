"""The dashboard's downloads: a CSV per table and the whole dashboard as one Excel workbook.

A text cell that a spreadsheet would run as a formula (one beginning with =, +,
-, @, or a tab or carriage return before them) gets a leading apostrophe: labels
come from reference data an admin edits, and a download must never run code.
Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response
from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | int | float | None
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutral(value: Cell) -> Cell:
    """The value, with a text that would start a formula made plain text."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def download(content: bytes | str, mimetype: str, filename: str) -> Response:
    answer = Response(content, mimetype=mimetype)
    answer.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    answer.headers["Cache-Control"] = "private, no-store"
    return answer


def csv_file(header: Sequence[Cell], rows: Iterable[Sequence[Cell]], filename: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutral(v) for v in header])
    writer.writerows([neutral(v) for v in row] for row in rows)
    return download(out.getvalue(), "text/csv", filename)


def workbook(sheets: Sequence[tuple[str, Sequence[Cell], Iterable[Sequence[Cell]]]]) -> bytes:
    """One sheet per (name, header, rows); every text cell neutralised and typed as text."""
    book = Workbook()
    book.remove(book.active)
    for name, header, rows in sheets:
        sheet = book.create_sheet(title=name[:31])
        sheet.append([neutral(v) for v in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([neutral(v) for v in row])
        for column in sheet.iter_cols():
            for cell in column:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
        sheet.column_dimensions["A"].width = 48
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
