"""A form as a grid of cells with spans, as the documents' own tables are drawn: one model, two writers.

The printable page (``printable``) prints the rows as an HTML table with ``colspan``/``rowspan``; the
workbook (``formbook``) places the same cells with merged ranges. ``placed`` is the one place that
turns spans into positions, so the two cannot lay a form out differently.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class FormCell:
    lines: tuple[str, ...]  # one line per entry (a record, a date); empty: left blank to be filled in
    span: int = 1  # columns
    rows: int = 1  # rows
    head: bool = False  # a printed label of the form (bold, shaded), not a value

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def label(text: str, span: int = 1, rows: int = 1) -> FormCell:
    return FormCell((text,), span, rows, True)


def value(lines: str | Sequence[str], span: int = 1, rows: int = 1) -> FormCell:
    return FormCell((lines,) if isinstance(lines, str) else tuple(lines), span, rows)


@dataclass(frozen=True)
class Form:
    """One filled-in form of one actor and one period."""

    report: str  # the report entry's id
    title: str  # the form's own title, as the document names it
    caption: str  # e.g. 填表时间：2024年10月 — the line the document prints above the table
    actor: str
    period: str  # period id (2024-10, 2024-2025-1)
    widths: tuple[float, ...]  # relative column widths (characters)
    rows: tuple[tuple[FormCell, ...], ...]
    notes: tuple[str, ...] = field(default=())  # printed under the table: sources and caveats

    @property
    def columns(self) -> int:
        return len(self.widths)


def placed(form: Form) -> Iterator[tuple[int, int, FormCell]]:
    """(row, column, cell) of every cell, spans taken into account (HTML's table model)."""
    taken: set[tuple[int, int]] = set()
    for r, cells in enumerate(form.rows):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            yield r, c, cell
            for dr in range(cell.rows):
                for dc in range(cell.span):
                    taken.add((r + dr, c + dc))
            c += cell.span


def check(form: Form) -> None:
    """Raise when a row does not fill the grid's width exactly (a layout bug, never user data)."""
    width: dict[int, int] = {}
    for r, c, cell in placed(form):
        for dr in range(cell.rows):
            width[r + dr] = max(width.get(r + dr, 0), c + cell.span)
    bad = {r: w for r, w in width.items() if w != form.columns}
    if bad:
        raise ValueError(f"form {form.report} rows {sorted(bad)} do not span {form.columns} columns")
