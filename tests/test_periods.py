"""Calendar arithmetic: teaching days, period ids and spans, active days with since/until/leave."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from generator import schema
from generator.periods import DEFAULT_DUE, Period, TeachingCalendar, due_threshold

D = date.fromisoformat

# Three terms over two academic years. Term 1 is the contract's example plus New Year's Day.
CALENDAR = {
    "terms": [
        {
            "id": "2024-2025-1",
            "name": "2024—2025学年第一学期",
            "start": "2024-09-02",
            "end": "2025-01-17",
            "breaks": [
                {"name": "国庆节", "start": "2024-10-01", "end": "2024-10-07"},
                {"name": "元旦", "start": "2025-01-01", "end": "2025-01-01"},
            ],
            "makeup_days": ["2024-10-12"],
        },
        {
            "id": "2024-2025-2",
            "name": "2024—2025学年第二学期",
            "start": "2025-02-17",
            "end": "2025-07-04",
            "breaks": [{"name": "劳动节", "start": "2025-05-01", "end": "2025-05-05"}],
            "makeup_days": ["2025-04-27"],
        },
        {
            "id": "2025-2026-1",
            "name": "2025—2026学年第一学期",
            "start": "2025-09-01",
            "end": "2026-01-16",
            "breaks": [{"name": "国庆节", "start": "2025-10-01", "end": "2025-10-08"}],
            "makeup_days": ["2025-09-28", "2025-10-11"],
        },
    ]
}


def make(data: dict) -> TeachingCalendar:
    return TeachingCalendar(schema.Calendar.model_validate(data))


@pytest.fixture(scope="module")
def cal() -> TeachingCalendar:
    return make(CALENDAR)


def brute_force(data: dict, d: date) -> bool:
    """Independent, obviously-correct restatement of the teaching-day definition."""
    for t in data["terms"]:
        if d.isoformat() in t.get("makeup_days", []):
            return True
        if D(t["start"]) <= d <= D(t["end"]) and d.weekday() < 5:
            return not any(D(b["start"]) <= d <= D(b["end"]) for b in t.get("breaks", []))
    return False


# ---------------------------------------------------------------- teaching days


def test_teaching_day_definition(cal: TeachingCalendar) -> None:
    assert cal.is_teaching_day(D("2024-09-02"))  # first day, a Monday
    assert cal.is_teaching_day(D("2024-10-12"))  # make-up Saturday
    assert not cal.is_teaching_day(D("2024-10-13"))  # ordinary Sunday
    assert not cal.is_teaching_day(D("2024-10-02"))  # Wednesday inside the National Day break
    assert not cal.is_teaching_day(D("2024-10-07"))  # Monday, last day of the break
    assert cal.is_teaching_day(D("2024-10-08"))
    assert not cal.is_teaching_day(D("2025-01-01"))
    assert not cal.is_teaching_day(D("2025-01-20"))  # Monday in the winter vacation
    assert not cal.is_teaching_day(D("2024-08-30"))  # Friday before the first term
    assert cal.is_teaching_day(D("2025-04-27"))  # make-up Sunday


def test_teaching_day_counts(cal: TeachingCalendar) -> None:
    # 20 weeks x 5 weekdays, minus breaks, plus make-up days.
    assert cal.teaching_days(D("2024-09-02"), D("2025-01-17")) == 100 - 5 - 1 + 1
    assert cal.teaching_days(D("2025-02-17"), D("2025-07-04")) == 100 - 3 + 1
    assert cal.teaching_days(D("2025-09-01"), D("2026-01-16")) == 100 - 6 + 2
    assert cal.teaching_days(date.min, date.max) == 95 + 98 + 96
    assert cal.teaching_days(D("2024-01-01"), D("2024-09-01")) == 0
    assert cal.teaching_days(D("2024-10-12"), D("2024-10-12")) == 1
    assert cal.teaching_days(D("2024-10-31"), D("2024-10-01")) == 0  # start > end


def test_counts_match_the_definition_day_by_day(cal: TeachingCalendar) -> None:
    lo, hi = D("2024-08-01"), D("2026-02-28")
    d, running = lo, 0
    while d <= hi:
        assert cal.is_teaching_day(d) is brute_force(CALENDAR, d), d
        running += brute_force(CALENDAR, d)
        assert cal.teaching_days(lo, d) == running, d
        d += timedelta(days=1)
    assert running == 289


def test_teaching_dates(cal: TeachingCalendar) -> None:
    assert cal.teaching_dates(D("2024-09-30"), D("2024-10-06")) == [D("2024-09-30")]
    assert cal.teaching_dates(D("2024-10-05"), D("2024-10-13")) == [
        D("2024-10-08"),
        D("2024-10-09"),
        D("2024-10-10"),
        D("2024-10-11"),
        D("2024-10-12"),
    ]
    assert cal.teaching_dates(D("2025-07-05"), D("2025-08-31")) == []


def test_months(cal: TeachingCalendar) -> None:
    # October 2024: 23 weekdays, 5 in the break, plus the make-up Saturday.
    oct24 = cal.period_of("month", D("2024-10-15"))
    assert oct24 == Period("month", "2024-10", D("2024-10-01"), D("2024-10-31"), None)
    assert cal.teaching_days(oct24.start, oct24.end) == 19
    may25 = cal.period_of("month", D("2025-05-20"))
    assert cal.teaching_days(may25.start, may25.end) == 19
    assert cal.period_of("month", D("2024-02-10")).end == D("2024-02-29")
    assert cal.period_of("month", D("2025-02-10")).end == D("2025-02-28")


# ---------------------------------------------------------------- weeks


def test_week_ids_around_the_year_boundary(cal: TeachingCalendar) -> None:
    w = cal.period_of("week", D("2024-12-30"))
    assert w == Period("week", "2025-W01", D("2024-12-30"), D("2025-01-05"), None)
    assert cal.period_of("week", D("2025-01-05")).id == "2025-W01"
    assert cal.period_of("week", D("2024-12-29")).id == "2024-W52"
    assert cal.period_of("week", D("2021-01-03")).id == "2020-W53"
    assert cal.period_of("week", D("2024-10-15")).id == "2024-W42"
    assert cal.period_of("week", D("2024-09-02")).id == "2024-W36"
    # Mon, Tue, (Wed is New Year's Day), Thu, Fri.
    assert cal.teaching_days(w.start, w.end) == 4


def test_holiday_week_is_not_due(cal: TeachingCalendar) -> None:
    w = cal.period_of("week", D("2024-10-03"))
    assert (w.id, w.start, w.end) == ("2024-W40", D("2024-09-30"), D("2024-10-06"))
    days = cal.teaching_days(w.start, w.end)
    assert days == 1
    assert days < DEFAULT_DUE["week"]
    nxt = cal.period_of("week", D("2024-10-07"))
    assert cal.teaching_days(nxt.start, nxt.end) == 5  # Tue–Fri plus the make-up Saturday
    assert cal.teaching_days(nxt.start, nxt.end) >= DEFAULT_DUE["week"]


def test_weeks_of_a_term(cal: TeachingCalendar) -> None:
    weeks = cal.periods("week", D("2024-09-02"), D("2025-01-17"))
    assert len(weeks) == 20
    assert (weeks[0].id, weeks[-1].id) == ("2024-W36", "2025-W03")
    assert all(b.start - a.start == timedelta(days=7) for a, b in zip(weeks, weeks[1:], strict=False))
    # Partial overlap at both ends still counts the week.
    assert [p.id for p in cal.periods("week", D("2024-09-08"), D("2024-09-09"))] == [
        "2024-W36",
        "2024-W37",
    ]


def test_week_holding_date_max_does_not_overflow(cal: TeachingCalendar) -> None:
    assert cal.period_of("week", date.max).end == date.max
    assert cal.periods("week", date.max, date.max)[0].start == D("9999-12-27")


# ---------------------------------------------------------------- biweeks


def test_biweeks_from_a_monday_start(cal: TeachingCalendar) -> None:
    b1 = cal.period_of("biweek", D("2024-09-02"))
    assert b1 == Period(
        "biweek", "2024-2025-1-B01", D("2024-09-02"), D("2024-09-15"), "2024-2025-1"
    )
    b3 = cal.period_of("biweek", D("2024-10-01"))
    assert (b3.id, b3.start, b3.end) == ("2024-2025-1-B03", D("2024-09-30"), D("2024-10-13"))
    assert cal.teaching_days(b3.start, b3.end) == 6
    assert cal.period_of("biweek", D("2024-09-16")).id == "2024-2025-1-B02"
    # The last biweek keeps its full 14 days past the term's end.
    last = cal.period_of("biweek", D("2025-01-17"))
    assert (last.id, last.start, last.end) == ("2024-2025-1-B10", D("2025-01-06"), D("2025-01-19"))
    assert cal.period_of("biweek", D("2025-01-18")) is None  # after term end: no biweek
    assert [p.id for p in cal.periods("biweek", D("2025-01-18"), D("2025-02-16"))] == [
        "2024-2025-1-B10"
    ]
    assert cal.period_of("biweek", D("2025-02-17")).id == "2024-2025-2-B01"
    assert len(cal.periods("biweek", date.min, date.max)) == 30


def test_biweeks_anchor_on_the_monday_of_a_wednesday_start() -> None:
    cal = make(
        {
            "terms": [
                {"id": "2024-2025-1", "name": "秋", "start": "2024-09-04", "end": "2025-01-17"},
            ]
        }
    )
    b1 = cal.period_of("biweek", D("2024-09-04"))
    assert (b1.id, b1.start, b1.end) == ("2024-2025-1-B01", D("2024-09-02"), D("2024-09-15"))
    assert cal.teaching_days(b1.start, b1.end) == 8  # Wed–Fri, then a full week
    assert cal.period_of("biweek", D("2024-09-15")).id == "2024-2025-1-B01"
    assert cal.period_of("biweek", D("2024-09-16")).id == "2024-2025-1-B02"
    assert cal.period_of("biweek", D("2024-12-09")).id == "2024-2025-1-B08"
    # Monday and Tuesday of the anchor week are before the term: no biweek for them.
    assert cal.period_of("biweek", D("2024-09-03")) is None
    assert cal.periods("biweek", D("2024-09-02"), D("2024-09-02"))[0].id == "2024-2025-1-B01"


def test_biweek_teaching_days_stay_inside_their_term() -> None:
    cal = make(
        {
            "terms": [
                {"id": "2024-2025-1", "name": "甲", "start": "2024-09-02", "end": "2024-09-11"},
                {"id": "2024-2025-2", "name": "乙", "start": "2024-09-12", "end": "2024-12-31"},
            ]
        }
    )
    a = cal.period_of("biweek", D("2024-09-10"))
    assert a.id == "2024-2025-1-B01"
    assert cal.teaching_days(a.start, a.end) == 10
    assert cal.period_teaching_days(a) == 8  # 09-02..09-11 only
    b = cal.period_of("biweek", D("2024-09-12"))
    assert (b.id, b.start) == ("2024-2025-2-B01", D("2024-09-09"))
    assert cal.period_teaching_days(b) == 7  # Thu 09-12, Fri 09-13, then 09-16..09-20
    assert [p.id for p in cal.periods("biweek", D("2024-09-10"), D("2024-09-10"))] == [
        "2024-2025-1-B01",
        "2024-2025-2-B01",
    ]


# ---------------------------------------------------------------- calendar periods


def test_quarter_half_year_and_year_ids(cal: TeachingCalendar) -> None:
    d = D("2024-10-15")
    assert cal.period_of("quarter", d) == Period(
        "quarter", "2024-Q4", D("2024-10-01"), D("2024-12-31"), None
    )
    assert cal.period_of("half-year", d) == Period(
        "half-year", "2024-H2", D("2024-07-01"), D("2024-12-31"), None
    )
    assert cal.period_of("year", d) == Period(
        "year", "2024", D("2024-01-01"), D("2024-12-31"), None
    )
    d = D("2025-03-31")
    q1 = cal.period_of("quarter", d)
    assert (q1.id, q1.start, q1.end) == ("2025-Q1", D("2025-01-01"), D("2025-03-31"))
    assert cal.period_of("quarter", D("2025-04-01")).id == "2025-Q2"
    assert cal.period_of("half-year", d) == Period(
        "half-year", "2025-H1", D("2025-01-01"), D("2025-06-30"), None
    )
    assert cal.period_of("half-year", D("2025-07-01")).id == "2025-H2"
    quarters = cal.periods("quarter", D("2024-12-31"), D("2025-01-01"))
    assert [p.id for p in quarters] == ["2024-Q4", "2025-Q1"]
    assert [p.id for p in cal.periods("month", D("2024-09-15"), D("2024-12-01"))] == [
        "2024-09",
        "2024-10",
        "2024-11",
        "2024-12",
    ]
    years = cal.periods("year", D("2024-09-02"), D("2026-01-16"))
    assert [p.id for p in years] == ["2024", "2025", "2026"]


# ---------------------------------------------------------------- term-bound periods


def test_semester_and_academic_year_spans(cal: TeachingCalendar) -> None:
    assert cal.period_of("semester", D("2024-11-11")) == Period(
        "semester", "2024-2025-1", D("2024-09-02"), D("2025-01-17"), "2024-2025-1"
    )
    assert cal.period_of("semester", D("2025-07-04")).id == "2024-2025-2"
    assert cal.academic_years() == [
        Period("academic-year", "2024-2025", D("2024-09-02"), D("2025-07-04"), None),
        Period("academic-year", "2025-2026", D("2025-09-01"), D("2026-01-16"), None),
    ]
    assert cal.period_of("academic-year", D("2025-03-03")).id == "2024-2025"
    assert cal.span() == (D("2024-09-02"), D("2026-01-16"))
    assert cal.term_of(D("2025-02-17")).id == "2024-2025-2"
    assert [p.id for p in cal.periods("academic-year", D("2025-06-01"), D("2025-09-30"))] == [
        "2024-2025",
        "2025-2026",
    ]
    assert [p.id for p in cal.periods("semester", date.min, date.max)] == [
        "2024-2025-1",
        "2024-2025-2",
        "2025-2026-1",
    ]


def test_dates_between_terms(cal: TeachingCalendar) -> None:
    winter, summer = D("2025-02-01"), D("2025-08-01")
    for d in (winter, summer):
        assert cal.term_of(d) is None
        assert cal.period_of("semester", d) is None
        assert cal.period_of("biweek", d) is None
        # Calendar periods exist whatever the term calendar says.
        assert cal.period_of("week", d) is not None
        assert cal.period_of("year", d).id == "2025"
    # The winter vacation lies inside its academic year's span; the summer is in none.
    assert cal.period_of("academic-year", winter).id == "2024-2025"
    assert cal.period_of("academic-year", summer) is None
    assert cal.period_of("academic-year", D("2024-08-31")) is None
    assert cal.periods("semester", D("2025-01-18"), D("2025-02-16")) == []
    assert cal.periods("academic-year", D("2025-07-05"), D("2025-08-31")) == []


def test_periods_returns_a_fresh_list_each_time(cal: TeachingCalendar) -> None:
    first = cal.periods("month", D("2024-09-01"), D("2024-12-31"))
    first.clear()
    assert len(cal.periods("month", D("2024-09-01"), D("2024-12-31"))) == 4
    assert cal.periods("month", D("2024-12-31"), D("2024-09-01")) == []


def test_unknown_kind_is_rejected(cal: TeachingCalendar) -> None:
    with pytest.raises(ValueError):
        cal.period_of("fortnight", D("2024-10-01"))
    with pytest.raises(ValueError):
        cal.periods("decade", D("2024-10-01"), D("2024-10-31"))


def test_empty_calendar() -> None:
    cal = make({"terms": []})
    assert cal.teaching_days(date.min, date.max) == 0
    assert cal.period_of("semester", D("2024-10-01")) is None
    assert cal.period_of("week", D("2024-10-01")).id == "2024-W40"
    assert cal.academic_years() == []
    with pytest.raises(ValueError):
        cal.span()


# ---------------------------------------------------------------- due thresholds and active days


def test_due_thresholds() -> None:
    assert DEFAULT_DUE == {
        "week": 3,
        "biweek": 5,
        "month": 10,
        "quarter": 10,
        "half-year": 10,
        "semester": 1,
        "academic-year": 1,
        "year": 1,
    }
    assert set(DEFAULT_DUE) == set(schema.PERIOD_KINDS)
    assert due_threshold("week") == 3
    assert due_threshold("week", {"week": 2}) == 2
    assert due_threshold("month", {"week": 2}) == 10
    assert due_threshold("week", {"week": 2}, 0) == 0


def test_teaching_days_within_since_until_and_leave(cal: TeachingCalendar) -> None:
    oct_start, oct_end = D("2024-10-01"), D("2024-10-31")
    leave = [(D("2024-10-14"), D("2024-10-18"))]
    assert cal.teaching_days_within(oct_start, oct_end) == 19
    assert cal.teaching_days_within(oct_start, oct_end, None, leave) == 14
    # In post from 10-09: 9, 10, 11, 12 (make-up), then 5 + 5 + 4 = 18; minus the leave week.
    since = [(D("2024-10-09"), date.max)]
    assert cal.teaching_days_within(oct_start, oct_end, since) == 18
    assert cal.teaching_days_within(oct_start, oct_end, since, leave) == 13
    # In post until 10-10 (inclusive): 9/30 is outside the month, so 10-08, 10-09, 10-10.
    until = [(date.min, D("2024-10-10"))]
    assert cal.teaching_days_within(oct_start, oct_end, until) == 3
    # A week: the leave week has no active days, so it is not due; the half-week after since is.
    w42 = cal.period_of("week", D("2024-10-15"))
    assert cal.teaching_days_within(w42.start, w42.end, since, leave) == 0
    w41 = cal.period_of("week", D("2024-10-09"))
    assert cal.teaching_days_within(w41.start, w41.end, since, leave) == 4


def test_teaching_days_within_overlapping_and_empty_spans(cal: TeachingCalendar) -> None:
    oct_start, oct_end = D("2024-10-01"), D("2024-10-31")
    # Overlapping spans are unioned, never counted twice.
    assigned = [(D("2024-10-01"), D("2024-10-10")), (D("2024-10-08"), D("2024-10-31"))]
    assert cal.teaching_days_within(oct_start, oct_end, assigned) == 19
    leaves = [(D("2024-10-14"), D("2024-10-16")), (D("2024-10-15"), D("2024-10-18"))]
    assert cal.teaching_days_within(oct_start, oct_end, None, leaves) == 14
    # Two disjoint assignments: 10-08..10-09 and 10-28..10-31.
    split = [(D("2024-10-28"), D("2024-11-30")), (D("2024-09-01"), D("2024-10-09"))]
    assert cal.teaching_days_within(oct_start, oct_end, split) == 6
    gap = [(D("2024-10-09"), D("2024-10-28"))]
    assert cal.teaching_days_within(oct_start, oct_end, split, gap) == 4
    assert cal.teaching_days_within(oct_start, oct_end, []) == 0  # never assigned
    assert cal.teaching_days_within(oct_start, oct_end, [(date.min, date.max)]) == 19
    assert cal.teaching_days_within(oct_start, oct_end, None, [(date.min, date.max)]) == 0
    assert cal.teaching_days_within(oct_end, oct_start) == 0
    # Open-ended spans over the whole calendar.
    assert cal.teaching_days_within(date.min, date.max, [(D("2025-01-01"), date.max)]) == 289 - 83


# ---------------------------------------------------------------- teaching weeks and workdays (双周四)

EVEN_THURSDAYS = schema.DaySpec(weekdays=["thursday"], weeks="even")


def test_teaching_week_counts_from_the_week_of_the_first_teaching_day(cal: TeachingCalendar) -> None:
    assert [cal.teaching_week(D(d)) for d in ("2024-09-02", "2024-09-08", "2024-09-09", "2025-01-17")] == [1, 1, 2, 20]
    assert cal.teaching_week(D("2025-02-01")) is None  # winter break: no term, no week
    # a term starting on a Monday that begins its first biweek: even weeks are the second week of each
    for n in (1, 2, 3):
        biweek = cal.period_of("biweek", D("2024-09-02") + timedelta(weeks=2 * (n - 1)))
        assert biweek is not None
        assert [cal.teaching_week(biweek.start), cal.teaching_week(biweek.end)] == [2 * n - 1, 2 * n]


def test_on_days_weekday_and_parity_and_is_workday_needs_a_teaching_day(cal: TeachingCalendar) -> None:
    assert cal.on_days(D("2024-09-12"), EVEN_THURSDAYS) and not cal.on_days(D("2024-09-05"), EVEN_THURSDAYS)
    assert not cal.on_days(D("2024-09-11"), EVEN_THURSDAYS)  # a Wednesday
    assert not cal.on_days(D("2025-02-06"), EVEN_THURSDAYS)  # outside every term: neither odd nor even
    assert cal.on_days(D("2025-02-06"), schema.DaySpec(weekdays=["thursday"]))  # every week: any Thursday
    # 2025-05-01 is the Thursday of week 11 (odd), inside the 劳动节 break: on the days, but no workday
    odd = schema.DaySpec(weekdays=["thursday"], weeks="odd")
    assert cal.teaching_week(D("2025-05-01")) == 11 and cal.on_days(D("2025-05-01"), odd)
    assert not cal.is_workday(D("2025-05-01"), odd)
    assert cal.is_workday(D("2025-04-24"), EVEN_THURSDAYS) and not cal.is_workday(D("2025-04-24"), odd)


def test_period_days_on_counts_matching_active_teaching_days(cal: TeachingCalendar) -> None:
    term = cal.period_of("semester", D("2024-09-02"))
    assert term is not None
    assert cal.period_days_on(term, EVEN_THURSDAYS) == 10  # weeks 2, 4 … 20
    assert cal.period_days_on(term, EVEN_THURSDAYS, include=[(D("2024-09-13"), D("2025-01-17"))]) == 9
    assert cal.period_days_on(term, EVEN_THURSDAYS, exclude=[(D("2024-09-01"), D("2024-10-31"))]) == 6
