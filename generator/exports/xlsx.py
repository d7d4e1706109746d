"""Writing ``Sheet`` values to .xlsx with XlsxWriter, byte for byte the same for the same input.

A workbook's only clock is its creation date (``docProps/core.xml``): it is set from the as-of date,
and XlsxWriter stamps every part of the zip with a fixed 1980 date, so the same repository and as-of
date give the same bytes. ``constant_memory`` writes each row out as soon as the next begins: the
ledger of a whole term at scale is streamed, never held.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import xlsxwriter

from .table import Column, Sheet, width_of

#: Excel's limit on a sheet name, and the characters it refuses in one.
SHEET_NAME_LIMIT = 31
_BAD_NAME = str.maketrans({c: "_" for c in "[]:*?/\\"})
#: Columns never get wider than this (characters): long texts wrap instead.
MAX_WIDTH = 60


def created_at(as_of: date) -> datetime:
    """The workbook's creation date: midnight of the as-of date (UTC, as the file format stores it)."""
    return datetime.combine(as_of, time(0, 0), tzinfo=UTC)


def sheet_name(name: str, taken: set[str]) -> str:
    base = name.translate(_BAD_NAME).strip("'")[:SHEET_NAME_LIMIT] or "Sheet"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        suffix = f"~{n}"
        candidate = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        font = {"font_name": "宋体", "font_size": 10.5}
        self.title = wb.add_format({**font, "bold": True, "font_size": 14})
        self.note = wb.add_format({**font, "italic": True, "font_color": "#555555"})
        self.head = wb.add_format({**font, "bold": True, "bg_color": "#E8EEF4", "border": 1, "text_wrap": True,
                                   "valign": "vcenter", "align": "center"})
        self.text = wb.add_format({**font, "border": 1, "valign": "top"})
        self.long = wb.add_format({**font, "border": 1, "valign": "top", "text_wrap": True})
        self.number = wb.add_format({**font, "border": 1, "valign": "top", "num_format": "0.##"})
        self.date = wb.add_format({**font, "border": 1, "valign": "top", "num_format": "yyyy-mm-dd"})
        self.rate = wb.add_format({**font, "border": 1, "valign": "top", "num_format": "0.0%"})

    def of(self, column: Column) -> Any:
        return getattr(self, column.kind)


def _write_sheet(wb: xlsxwriter.Workbook, fmt: _Formats, sheet: Sheet, name: str) -> None:
    ws = wb.add_worksheet(name)
    widths = [max(c.width, width_of(c.title) + 2) for c in sheet.columns]
    for i, w in enumerate(widths):
        ws.set_column(i, i, min(w, MAX_WIDTH), fmt.of(sheet.columns[i]))
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.write_string(0, 0, sheet.title, fmt.title)
    row = 1
    for note in sheet.notes:
        ws.write_string(row, 0, note, fmt.note)
        row += 1
    header = row
    for i, c in enumerate(sheet.columns):
        ws.write_string(header, i, c.title, fmt.head)
    ws.repeat_rows(header)
    last = header
    for values in sheet.rows:
        last += 1
        for i, (column, value) in enumerate(zip(sheet.columns, values, strict=True)):
            _cell(ws, last, i, value, fmt.of(column))
    if sheet.frozen:
        ws.freeze_panes(header + 1, 0)
        ws.autofilter(header, 0, max(last, header), len(sheet.columns) - 1)


def _cell(ws: Any, row: int, col: int, value: object, cell_format: Any) -> None:
    if value is None or value == "":
        ws.write_blank(row, col, None, cell_format)
    elif isinstance(value, bool):
        ws.write_string(row, col, "是" if value else "否", cell_format)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, cell_format)
    elif isinstance(value, date):
        ws.write_datetime(row, col, datetime.combine(value, time(0, 0)), cell_format)
    else:
        ws.write_string(row, col, str(value), cell_format)


def write(target: Path | io.BytesIO, sheets: Iterable[Sheet], as_of: date, title: str) -> None:
    """Write a workbook of ``sheets`` (streamed: rows are consumed once, in order)."""
    wb = xlsxwriter.Workbook(target, {"constant_memory": True, "tmpdir": tempfile.gettempdir(),
                                      "strings_to_numbers": False, "strings_to_formulas": False,
                                      "strings_to_urls": False})
    wb.set_properties({"title": title, "created": created_at(as_of), "author": "", "company": ""})
    wb.set_calc_mode("manual")
    fmt = _Formats(wb)
    taken: set[str] = set()
    wrote = False
    for sheet in sheets:
        _write_sheet(wb, fmt, sheet, sheet_name(sheet.name, taken))
        wrote = True
    if not wrote:
        wb.add_worksheet("空")
    wb.close()


def to_bytes(sheets: Iterable[Sheet], as_of: date, title: str) -> bytes:
    buffer = io.BytesIO()
    write(buffer, sheets, as_of, title)
    return buffer.getvalue()


def to_file(path: Path, sheets: Iterable[Sheet], as_of: date, title: str) -> None:
    """Write next to ``path`` and move into place, so a failed export leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".xlsx.part")
    os.close(fd)
    try:
        write(Path(tmp), sheets, as_of, title)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; the export is an ordinary file
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
