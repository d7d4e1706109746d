"""Calendar arithmetic for the compliance engine: teaching days, reporting periods and their ids."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from . import schema

# Minimum active teaching days for a period to be due (contract §5). A policy's `due` mapping and a
# rule's `due_min_teaching_days` override these; see `due_threshold`.
DEFAULT_DUE: dict[str, int] = {
    "week": 3,
    "biweek": 5,
    "month": 10,
    "quarter": 10,
    "half-year": 10,
    "semester": 1,
    "academic-year": 1,
    "year": 1,
}

# Kinds whose periods exist only where the calendar has terms; the others tile the whole time line.
TERM_KINDS = ("biweek", "semester", "academic-year")

Span = tuple[date, date]


@dataclass(frozen=True, slots=True)
class Period:
    kind: str  # one of schema.PERIOD_KINDS
    id: str
    start: date
    end: date  # inclusive
    term: str | None  # term id for biweek/semester, else None

    def __contains__(self, d: object) -> bool:
        return isinstance(d, date) and self.start <= d <= self.end

    @property
    def days(self) -> int:
        """Calendar days in the period (not teaching days)."""
        return (self.end - self.start).days + 1


def due_threshold(
    kind: str, policy_due: Mapping[Any, int] | None = None, override: int | None = None
) -> int:
    """Minimum active teaching days for `kind`: rule override, else policy value, else default."""
    if override is not None:
        return override
    if policy_due and kind in policy_due:
        return policy_due[kind]
    return DEFAULT_DUE[kind]


def rule_due_threshold(rule: schema.Rule, policy_due: Mapping[Any, int] | None = None) -> int:
    """A counting rule's threshold: its override; else 1 when it counts only some days (``count.days``:
    a biweek has one workday, so the kind's default could never be reached); else the kind's."""
    if rule.due_min_teaching_days is None and rule.count.days is not None:
        return 1
    return due_threshold(rule.per, policy_due, rule.due_min_teaching_days)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def _calendar_period(kind: str, d: date) -> tuple[object, str, date, date]:
    """(cache key, id, first day, last day) of the week, month, quarter, half-year or year holding ``d``."""
    if kind == "week":
        monday = _monday(d)
        iso = monday.isocalendar()
        # Clamp so the week holding date.max (an open end) does not overflow.
        sunday = date.fromordinal(min(monday.toordinal() + 6, date.max.toordinal()))
        return monday, f"{iso.year}-W{iso.week:02d}", monday, sunday
    if kind == "month":
        return (d.year, d.month), f"{d.year}-{d.month:02d}", date(d.year, d.month, 1), _month_end(d.year, d.month)
    if kind == "quarter":
        q = (d.month - 1) // 3 + 1
        return (d.year, q), f"{d.year}-Q{q}", date(d.year, 3 * q - 2, 1), _month_end(d.year, 3 * q)
    if kind == "half-year":
        h = 1 if d.month <= 6 else 2
        return (d.year, h), f"{d.year}-H{h}", date(d.year, 6 * h - 5, 1), _month_end(d.year, 6 * h)
    return d.year, str(d.year), date(d.year, 1, 1), date(d.year, 12, 31)


def _check_kind(kind: str) -> None:
    if kind not in DEFAULT_DUE:
        raise ValueError(f"unknown period kind {kind!r}; expected one of {schema.PERIOD_KINDS}")


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of inclusive ordinal intervals, sorted and disjoint (adjacent ones are joined)."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(s for s in spans if s[0] <= s[1]):
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _teaching_flags(terms: list[schema.Term]) -> tuple[int, int, bytes, list[int]]:
    """(first ordinal, last ordinal, one teaching flag per day, prefix sums of the flags).

    One flag per day from the earliest to the latest relevant day. A make-up day is included even
    if it lies just outside its term's start..end, since the calendar says it is taught.
    ``prefix[i]`` = teaching days among the first i days, so any inclusive range is answered with
    one subtraction.
    """
    relevant = [d for t in terms for d in (t.start, t.end, *t.makeup_days)]
    lo, hi = (min(relevant).toordinal(), max(relevant).toordinal()) if relevant else (1, 0)
    flags = bytearray(max(hi - lo + 1, 0))
    for t in terms:
        breaks = [(b.start.toordinal(), b.end.toordinal()) for b in t.breaks]
        for o in range(t.start.toordinal(), t.end.toordinal() + 1):
            if date.fromordinal(o).weekday() < 5 and not any(a <= o <= b for a, b in breaks):
                flags[o - lo] = 1
        # 调休 overrides both the weekend and any break it falls in.
        for d in t.makeup_days:
            flags[d.toordinal() - lo] = 1
    prefix = [0] * (len(flags) + 1)
    running = 0
    for i, f in enumerate(flags):
        running += f
        prefix[i + 1] = running
    return lo, hi, bytes(flags), prefix


def _academic_years(terms: list[schema.Term]) -> list[Period]:
    """Academic years in order, each spanning its first term's start to its last term's end."""
    years: dict[str, list[schema.Term]] = {}
    for t in terms:
        years.setdefault(t.academic_year, []).append(t)
    return sorted(
        (Period("academic-year", ay, min(t.start for t in ts), max(t.end for t in ts), None) for ay, ts in years.items()),
        key=lambda p: p.start,
    )


class TeachingCalendar:
    """A `schema.Calendar` with precomputed teaching-day prefix sums and period lookups."""

    def __init__(self, calendar: schema.Calendar) -> None:
        # The schema asks for terms in order, but sorting here keeps lookups correct regardless;
        # the loader is responsible for reporting disorder or overlap to the user.
        self._terms: list[schema.Term] = sorted(calendar.terms, key=lambda t: (t.start, t.end))
        self._term_starts = [t.start.toordinal() for t in self._terms]
        self._period_cache: dict[tuple[str, object], Period] = {}
        self._periods_cache: dict[tuple[str, date, date], tuple[Period, ...]] = {}
        # (period, include, exclude) -> active teaching days: most actors share both span lists
        self._days_cache: dict[tuple[Period, tuple[Span, ...] | None, tuple[Span, ...]], int] = {}

        self._lo, self._hi, self._flags, self._prefix = _teaching_flags(self._terms)
        # Term-bound periods are finite, so build them once; lookups then bisect these lists.
        self._semesters = [Period("semester", t.id, t.start, t.end, t.id) for t in self._terms]
        self._term_by_id = {t.id: t for t in self._terms}
        self._term_biweek_lists = [self._term_biweeks(t) for t in self._terms]
        self._biweeks = sorted(
            (p for ps in self._term_biweek_lists for p in ps), key=lambda p: (p.start, p.id)
        )
        self._years = _academic_years(self._terms)
        self._year_starts = [p.start.toordinal() for p in self._years]

    # ------------------------------------------------------------------ teaching days

    def span(self) -> tuple[date, date]:
        """First term's start and last term's end."""
        if not self._terms:
            raise ValueError("the calendar has no terms")
        return self._terms[0].start, max(t.end for t in self._terms)

    def terms(self) -> list[schema.Term]:
        """Terms in chronological order."""
        return list(self._terms)

    def is_teaching_day(self, d: date) -> bool:
        o = d.toordinal()
        return self._lo <= o <= self._hi and bool(self._flags[o - self._lo])

    def _term_index(self, d: date) -> int | None:
        i = bisect_right(self._term_starts, d.toordinal()) - 1
        if i >= 0 and d <= self._terms[i].end:
            return i
        return None

    def term_of(self, d: date) -> schema.Term | None:
        """The term whose start..end contains `d` (make-up days outside that range have none)."""
        i = self._term_index(d)
        return None if i is None else self._terms[i]

    def reporting_term(self, d: date) -> schema.Term | None:
        """The term a day reports under: the term containing it, else the latest term begun before
        it (the break after a term reports with that term); None before the first term."""
        i = bisect_right(self._term_starts, d.toordinal()) - 1
        return self._terms[i] if i >= 0 else None

    def _count(self, lo: int, hi: int) -> int:
        lo, hi = max(lo, self._lo), min(hi, self._hi)
        if lo > hi:
            return 0
        return self._prefix[hi - self._lo + 1] - self._prefix[lo - self._lo]

    def teaching_days(self, start: date, end: date) -> int:
        """Teaching days in [start, end] inclusive; 0 when start > end."""
        return self._count(start.toordinal(), end.toordinal())

    def teaching_week(self, d: date) -> int | None:
        """Week number of ``d`` in its term: 1 for the Monday–Sunday week holding the term's first day
        (the first week of its first biweek), so even weeks are the second weeks of the biweeks;
        None outside every term."""
        term = self.term_of(d)
        return None if term is None else (_monday(d) - _monday(term.start)).days // 7 + 1

    def on_days(self, d: date, spec: schema.DaySpec) -> bool:
        """Whether ``d`` is one of the days ``spec`` names (weekday, odd/even teaching week), taught or not."""
        if schema.WEEKDAYS[d.weekday()] not in spec.weekdays:
            return False
        if spec.weeks == "all":
            return True
        week = self.teaching_week(d)
        return week is not None and week % 2 == (1 if spec.weeks == "odd" else 0)

    def is_workday(self, d: date, spec: schema.DaySpec) -> bool:
        """Whether ``d`` is a teaching day among ``spec``'s days: "is this a 双联五导 workday" for the
        policy's ``workday`` parameter (``policy.parameter("workday", schema.DaySpec)``)."""
        return self.is_teaching_day(d) and self.on_days(d, spec)

    def teaching_dates(self, start: date, end: date) -> list[date]:
        lo, hi = max(start.toordinal(), self._lo), min(end.toordinal(), self._hi)
        return [date.fromordinal(o) for o in range(lo, hi + 1) if self._flags[o - self._lo]]

    def teaching_days_within(
        self,
        start: date,
        end: date,
        include: Sequence[Span] | None = None,
        exclude: Sequence[Span] = (),
    ) -> int:
        """Teaching days in [start, end] that lie in some `include` span and in no `exclude` span.

        `include=None` means no restriction (e.g. a person with no since/until); an empty list means
        nothing is allowed. All spans are inclusive; use date.min / date.max for open ends.
        Typical use: include = in-post or assigned spans, exclude = leaves.
        """
        s, e = start.toordinal(), end.toordinal()
        if include is None:
            allowed = [(s, e)] if s <= e else []
        else:
            allowed = _merge(
                (max(a.toordinal(), s), min(b.toordinal(), e)) for a, b in include
            )
        # Ordinals rather than dates so that date.max + 1 cannot overflow.
        holes = _merge((a.toordinal(), b.toordinal()) for a, b in exclude)
        total = 0
        for lo, hi in allowed:
            total += self._count(lo, hi)
            for a, b in holes:
                if b < lo:
                    continue
                if a > hi:
                    break
                total -= self._count(max(a, lo), min(b, hi))
        return total

    def period_teaching_days(
        self, period: Period, include: Sequence[Span] | None = None, exclude: Sequence[Span] = ()
    ) -> int:
        """Active teaching days of a period, counting only its own term for biweeks.

        A term's last biweek keeps its full 14 days, which could reach into the next term if terms
        were back to back; clipping here keeps those days out of this term's biweek.
        """
        key = (period, tuple(include) if include is not None else None, tuple(exclude))
        found = self._days_cache.get(key)
        if found is None:
            start, end = self._own_span(period)
            found = self._days_cache[key] = self.teaching_days_within(start, end, include, exclude)
        return found

    def period_days_on(self, period: Period, spec: schema.DaySpec, include: Sequence[Span] | None = None,
                       exclude: Sequence[Span] = ()) -> int:
        """Like ``period_teaching_days``, counting only the days among ``spec``'s days."""
        start, end = self._own_span(period)
        return sum(1 for d in self.teaching_dates(start, end) if self.on_days(d, spec)
                   and (include is None or any(lo <= d <= hi for lo, hi in include))
                   and not any(lo <= d <= hi for lo, hi in exclude))

    def _own_span(self, period: Period) -> Span:
        """A period's days, a biweek's clipped to its own term."""
        if period.kind == "biweek" and period.term is not None:
            term = self._term_by_id[period.term]
            return max(period.start, term.start), min(period.end, term.end)
        return period.start, period.end

    # ------------------------------------------------------------------ periods

    def _term_biweeks(self, term: schema.Term) -> list[Period]:
        anchor = _monday(term.start)
        out: list[Period] = []
        n = 0
        while (first := anchor + timedelta(days=14 * n)) <= term.end:
            pid = f"{term.id}-B{n + 1:02d}"
            out.append(Period("biweek", pid, first, first + timedelta(days=13), term.id))
            n += 1
        return out

    def _store(self, kind: str, key: object, pid: str, start: date, end: date) -> Period:
        p = self._period_cache[(kind, key)] = Period(kind, pid, start, end, None)
        return p

    def period_of(self, kind: str, d: date) -> Period | None:
        """The period of `kind` containing `d`, or None (term-bound kinds outside their spans)."""
        _check_kind(kind)
        if kind in TERM_KINDS:
            return self._term_period(kind, d)
        key, pid, start, end = _calendar_period(kind, d)
        p = self._period_cache.get((kind, key))
        return p or self._store(kind, key, pid, start, end)

    def _term_period(self, kind: str, d: date) -> Period | None:
        if kind == "academic-year":
            # the span of its terms, so the break between them belongs to it too
            y = bisect_right(self._year_starts, d.toordinal()) - 1
            return self._years[y] if y >= 0 and d <= self._years[y].end else None
        t = self._term_index(d)
        if t is None:
            return None
        if kind == "semester":
            return self._semesters[t]
        n = (d - _monday(self._terms[t].start)).days // 14
        return self._term_biweek_lists[t][n]

    def periods(self, kind: str, start: date, end: date) -> list[Period]:
        """Every period of `kind` overlapping [start, end], in chronological order."""
        _check_kind(kind)
        key = (kind, start, end)
        cached = self._periods_cache.get(key)
        if cached is None:
            cached = self._periods_cache[key] = tuple(self._periods(kind, start, end))
        return list(cached)

    def _periods(self, kind: str, start: date, end: date) -> list[Period]:
        if start > end:
            return []
        if kind in TERM_KINDS:
            pool = {"semester": self._semesters, "biweek": self._biweeks}.get(kind, self._years)
            return [p for p in pool if p.start <= end and p.end >= start]
        out: list[Period] = []
        p = self.period_of(kind, start)
        while p is not None and p.start <= end:
            out.append(p)
            if p.end >= date.max:
                break
            p = self.period_of(kind, p.end + timedelta(days=1))
        return out

    def academic_years(self) -> list[Period]:
        """Academic years in order, each spanning its first term's start to its last term's end."""
        return list(self._years)

    # ------------------------------------------------------------------ names

    def week_number(self, p: Period) -> int | None:
        """A week's (or a biweek's first week's) number as ``teaching_week`` counts it, counted on
        into the break that reports with the term, so the weeks of a winter break have numbers too;
        None before the first term."""
        term = self.reporting_term(p.end)
        if term is None or p.end < term.start:
            return None
        return (p.start - _monday(term.start)).days // 7 + 1

    def name(self, p: Period) -> str:
        """A period in words: 第 12 周（11/16—11/22）, 2026年11月, 2026年第四季度, 2026—2027学年第一学期."""
        span = f"{p.start.month}/{p.start.day}—{p.end.month}/{p.end.day}"
        if p.kind in ("week", "biweek"):
            first = self.week_number(p)
            if first is None:
                return f"{p.start.year}年第 {p.start.isocalendar().week} 周（{span}）"
            weeks = f"第 {first} 周" if p.kind == "week" else f"第 {first}—{first + 1} 周"
            return f"{weeks}（{span}）"
        if p.kind == "month":
            return f"{p.start.year}年{p.start.month}月"
        if p.kind == "quarter":
            return f"{p.start.year}年第{'一二三四'[(p.start.month - 1) // 3]}季度"
        if p.kind == "half-year":
            return f"{p.start.year}年{'上' if p.start.month <= 6 else '下'}半年"
        if p.kind == "semester" and p.term in self._term_by_id:
            return self._term_by_id[p.term].name
        if p.kind == "academic-year":
            return f"{p.id[:4]}—{p.id[5:9]}学年"
        return f"{p.id}年" if p.kind == "year" else p.id

    def short_name(self, p: Period) -> str:
        """A period as a grid column: 12 (teaching week), 11月, 四季度, 下半年, 本学期, 2026—2027, 2026."""
        if p.kind in ("week", "biweek"):
            first = self.week_number(p)
            if first is None:
                return f"W{p.start.isocalendar().week}"
            return str(first) if p.kind == "week" else f"{first}—{first + 1}"
        if p.kind == "month":
            return f"{p.start.month}月"
        if p.kind == "quarter":
            return f"{'一二三四'[(p.start.month - 1) // 3]}季度"
        if p.kind == "half-year":
            return "上半年" if p.start.month <= 6 else "下半年"
        if p.kind == "semester":
            return "本学期"
        return self.name(p).removesuffix("学年").removesuffix("年")
