"""Forms as workbooks: one sheet per form, the grid's spans as merged cells, A4 portrait, one page wide."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from typing import Any

import xlsxwriter

from .grid import Form, placed
from .xlsx import created_at, sheet_name


def _formats(wb: xlsxwriter.Workbook) -> tuple[Any, Any, Any, Any]:
    font = {"font_name": "宋体", "font_size": 10.5, "border": 1, "text_wrap": True, "valign": "vcenter"}
    return (wb.add_format({**font, "bold": True, "align": "center", "bg_color": "#F2F2F2"}),
            wb.add_format({**font, "valign": "top"}),
            wb.add_format({"font_name": "宋体", "font_size": 16, "bold": True, "align": "center"}),
            wb.add_format({"font_name": "宋体", "font_size": 9, "font_color": "#555555"}))


def _sheet(wb: xlsxwriter.Workbook, fmts: tuple[Any, Any, Any, Any], f: Form, name: str) -> None:
    head, body, title, note = fmts
    ws = wb.add_worksheet(name)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(0.6, 0.6, 0.7, 0.7)
    for i, w in enumerate(f.widths):
        ws.set_column(i, i, w)
    ws.merge_range(0, 0, 0, f.columns - 1, f.title, title)
    ws.write_string(1, 0, f.caption, note)
    top = 2
    lines: dict[int, int] = {}
    for r, c, cell in placed(f):
        fmt = head if cell.head else body
        r0, c1, r1 = top + r, c + cell.span - 1, top + r + cell.rows - 1
        if cell.span > 1 or cell.rows > 1:
            ws.merge_range(r0, c, r1, c1, cell.text, fmt)
        elif cell.text:
            ws.write_string(r0, c, cell.text, fmt)
        else:
            ws.write_blank(r0, c, None, fmt)
        if cell.rows == 1:
            lines[r0] = max(lines.get(r0, 1), len(cell.lines) or 1)
    for r0, n in lines.items():
        ws.set_row(r0, 15 * min(n, 27) + 6)
    end = top + len(f.rows) + 1
    for i, text in enumerate(f.notes):
        ws.write_string(end + i, 0, text, note)


def to_bytes(forms: Iterable[Form], as_of: date, title: str) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                      "strings_to_urls": False})
    wb.set_properties({"title": title, "created": created_at(as_of), "author": "", "company": ""})
    fmts = _formats(wb)
    taken: set[str] = set()
    chosen = list(forms)
    one_actor = len({f.actor for f in chosen}) <= 1
    for f in chosen:
        _sheet(wb, fmts, f, sheet_name(f.period if one_actor else f"{f.period} {f.actor}", taken))
    if not chosen:
        wb.add_worksheet("空")
    wb.close()
    return buffer.getvalue()
