"""What the output pages print: each report entry's tables, forms and downloads, as finished values."""

from __future__ import annotations

from dataclasses import dataclass

from ..markup import Trusted


@dataclass(frozen=True)
class TableView:
    title: str
    notes: list[str]
    header: list[str]
    rows: list[list[str]]
    more: int  # rows left to the workbook (a page shows at most ``reports.PAGE_ROWS``)


@dataclass(frozen=True)
class FormRow:
    actor: Trusted
    period: str
    page: Trusted  # the printable A4 page
    book: Trusted  # the actor's workbook


@dataclass(frozen=True)
class ReportPage:
    title: str
    cite: str
    kind: str
    per: str
    who: str
    about: str  # what the output is and what it reads, in one paragraph
    downloads: list[Trusted]
    tables: list[TableView]
    forms: list[FormRow]


@dataclass(frozen=True)
class ReportLink:
    title: str
    link: Trusted
    kind: str
    cite: str


@dataclass(frozen=True)
class CalendarRow:
    person: Trusted
    feed: Trusted
    pending: int


@dataclass(frozen=True)
class ReportsIndex:
    reports: list[ReportLink]
    calendars: list[CalendarRow]
