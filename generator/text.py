"""Chinese formatting shared by every output: dates, hours, rates and citations of rules."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .schema import DaySpec, Grade
from .vocab import EDUCATION_LEVEL_LABELS, GRADED_KINDS, KIND_LABELS, PARAMETER_UNSET


def format_rate(value: float | None) -> str:
    """A compliance rate as a percentage with one decimal; ``—`` when nothing was decided."""
    return "—" if value is None else f"{value * 100:.1f}%"


def format_hours(hours: float) -> str:
    """Hours with at most one decimal, no trailing zero: 1.5, 2."""
    text = f"{hours:.1f}"
    return text[:-2] if text.endswith(".0") else text


def format_date(day: date | None) -> str:
    """ISO date (the contract's only date format); empty for None."""
    return day.isoformat() if day else ""


def format_date_zh(day: date) -> str:
    """Chinese long form: 2024年10月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def cite(rule: object) -> str:
    """A rule's citation: its document and clause, e.g. "湘人职院党〔2024〕25号 三(一)1"."""
    parts = [getattr(rule, "document", None), getattr(rule, "source", None)]
    return " ".join(p for p in parts if p)


def grade_limit_words(grade: Grade, kinds: Iterable[str]) -> str:
    """A grade limit in words, e.g. "班级限入学第 2 年以内（研究生限第 1 年以内）"."""
    graded = [KIND_LABELS[k] for k in kinds if k in GRADED_KINDS] or [KIND_LABELS["class"]]
    text = f"{'、'.join(graded)}限入学第 {grade.max_year} 年以内"
    by_level = "，".join(f"{EDUCATION_LEVEL_LABELS[level]}限第 {n} 年以内" for level, n in grade.max_year_by_level.items())
    return text + (f"（{by_level}）" if by_level else "")


_WEEKDAY_ZH = {"monday": "一", "tuesday": "二", "wednesday": "三", "thursday": "四", "friday": "五",
               "saturday": "六", "sunday": "日"}
_WEEKS_ZH = {"all": "每周", "odd": "单周", "even": "双周"}


def days_words(spec: DaySpec) -> str:
    """A set of days in words: 双周星期四, 每周星期二、星期四."""
    return _WEEKS_ZH[spec.weeks] + "、".join(f"星期{_WEEKDAY_ZH[d]}" for d in spec.weekdays)


def value_words(value: object) -> str:
    """A parameter value in words; 待本校设定 when it has none."""
    if value is None:
        return PARAMETER_UNSET
    if isinstance(value, DaySpec):
        return days_words(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return format_hours(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)
