"""The generator's calendar: what each day of the data span is, and its weeks, months and quarters."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .institution import DATA_END, DATA_START, EXAM_DAYS, TERMS, TermDef


@dataclass(frozen=True)
class DayInfo:
    term: str | None  # term id, None between terms
    teaching: bool
    in_break: bool
    exam: bool  # the last EXAM_DAYS of a term


def build_days() -> dict[date, DayInfo]:
    """Every day of the data span, in or out of term."""
    days: dict[date, DayInfo] = {}
    d = DATA_START
    while d <= DATA_END:
        term = next((t for t in TERMS if t.start <= d <= t.end), None)
        if term is None:
            days[d] = DayInfo(None, False, False, False)
        else:
            in_break = any(s <= d <= e for _, s, e in term.breaks)
            teaching = (d.weekday() < 5 and not in_break) or d in term.makeup
            exam = d > term.end - timedelta(days=EXAM_DAYS)
            days[d] = DayInfo(term.id, teaching, in_break, exam)
        d += timedelta(days=1)
    return days


DAYS = build_days()


def mondays() -> list[date]:
    d = DATA_START - timedelta(days=DATA_START.weekday())
    out = []
    while d <= DATA_END:
        out.append(d)
        d += timedelta(days=7)
    return out


def months() -> list[tuple[int, int]]:
    out = []
    y, m = DATA_START.year, DATA_START.month
    while (y, m) <= (DATA_END.year, DATA_END.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def quarters() -> list[tuple[date, date]]:
    out = []
    for y in range(DATA_START.year, DATA_END.year + 1):
        for q in range(4):
            start = date(y, 3 * q + 1, 1)
            end = date(y + (q == 3), (3 * q + 4 - 1) % 12 + 1, 1) - timedelta(days=1)
            if end >= DATA_START and start <= DATA_END:
                out.append((start, end))
    return out


def span_days(start: date, end: date) -> list[date]:
    """The days from start to end (inclusive) that fall within the data span."""
    out, d = [], max(start, DATA_START)
    while d <= min(end, DATA_END):
        out.append(d)
        d += timedelta(days=1)
    return out


def week_days(monday: date) -> list[date]:
    return span_days(monday, monday + timedelta(days=6))


def month_days(y: int, m: int) -> list[date]:
    return span_days(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]))


def term_days(term: TermDef) -> list[date]:
    return span_days(term.start, term.end)
