"""The one table model every office output is written from: sheets of typed columns and plain rows.

Each output module (ledger, forms, summaries…) turns an ``Outcome`` into ``Sheet`` values of finished
cells — names masked, restricted records reduced to date and type, numbers rounded — and the writers
(``xlsx`` here, the internal site's pages and printable forms) only lay them out. Rows may be a
generator, so the ledger of a large term is streamed to the file and never held in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

Cell = str | int | float | date | None
Row = Sequence[Cell]
ColumnKind = Literal["text", "number", "date", "rate", "long"]


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: float = 12  # in characters of a Chinese font (two per CJK character are counted by ``width_of``)
    kind: ColumnKind = "text"


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook (and one table of a page): a title line, notes, a header and rows."""

    name: str  # sheet tab name (at most 31 characters; ``xlsx`` shortens it)
    title: str
    columns: tuple[Column, ...]
    rows: Iterable[Row]
    notes: tuple[str, ...] = ()  # printed under the title: the caveats and whose numbers these are
    frozen: bool = True  # header frozen, filters on

    def listed(self) -> Sheet:
        """The same sheet with its rows in a list (a page and a workbook may both read them)."""
        if isinstance(self.rows, list):
            return self
        return Sheet(self.name, self.title, self.columns, list(self.rows), self.notes, self.frozen)


def width_of(text: str) -> int:
    """Display width: a CJK (wide) character takes two columns of a spreadsheet cell."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def rate_cell(value: float | None) -> float | None:
    """A rate as a fraction rounded to four places (formatted as a percentage by the writers)."""
    return None if value is None else round(value, 4)
