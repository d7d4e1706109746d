"""Per person, an iCalendar feed of what is still due: one event per pending rule and period, on its last day.

Stable UIDs (actor, rule, period, target) let a calendar app update an event rather than add another
when the feed is fetched again; DTSTAMP is the as-of date, so the same run gives the same bytes.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import icalendar

from ..compliance import Result
from ..text import format_hours
from ..vocab import PER_LABELS, Status
from .context import ExportContext

PRODID = "-//contact-records//联系师生工作//ZH"


def pending(ctx: ExportContext, actor: str) -> list[Result]:
    """The actor's results still open on the as-of date (contract §5: ``pending``), by deadline."""
    out = [r for r in ctx.results_by_actor.get(actor, []) if r.status == Status.PENDING]
    return sorted(out, key=lambda r: (r.end, r.rule, r.period, r.target or ""))


def uid(ctx: ExportContext, r: Result) -> str:
    parts = [r.actor, r.rule, r.period, *([r.target] if r.target else [])]
    return "-".join(parts) + f"@{ctx.institution.code}.contact-records"


def missing(r: Result) -> str:
    """What is still missing, in words: 还差 1 次 / 还差 2.5 小时."""
    parts = []
    if r.achieved < r.required:
        parts.append(f"{r.required - r.achieved} 次")
    if r.required_hours and r.hours < r.required_hours:
        parts.append(f"{format_hours(r.required_hours - r.hours)} 小时")
    return "还差" + "、".join(parts) if parts else "已达到次数，待周期结束确认"


def _put(component: icalendar.cal.Component, name: str, value: object) -> None:
    component.add(name, value)


def _event(ctx: ExportContext, r: Result, titles: dict[str, str], stamp: datetime) -> icalendar.Event:
    target = f"（{ctx.name(r.target)}）" if r.target else ""
    ev = icalendar.Event()
    _put(ev, "uid", uid(ctx, r))
    _put(ev, "dtstamp", stamp)
    _put(ev, "dtstart", r.end)
    _put(ev, "dtend", r.end + timedelta(days=1))
    _put(ev, "summary", f"截止：{titles.get(r.rule, r.rule)}{target}")
    _put(ev, "description", f"{PER_LABELS[r.per]} {r.period}（{r.start.isoformat()} 至 {r.end.isoformat()}）："
                          f"要求 {r.required} 次，已完成 {r.achieved} 次，{missing(r)}。统计日期 {ctx.as_of.isoformat()}。")
    _put(ev, "transp", "TRANSPARENT")
    return ev


def feed(ctx: ExportContext, actor: str) -> bytes:
    cal = icalendar.Calendar()
    _put(cal, "prodid", PRODID)
    _put(cal, "version", "2.0")
    _put(cal, "calscale", "GREGORIAN")
    _put(cal, "x-wr-calname", f"{ctx.name(actor)}：联系师生工作待完成事项")
    _put(cal, "x-wr-timezone", ctx.institution.timezone)
    stamp = datetime.combine(ctx.as_of, time(0, 0), tzinfo=UTC)
    titles = {r.id: r.title for r in ctx.policy.rules}
    for r in pending(ctx, actor):
        cal.add_component(_event(ctx, r, titles, stamp))
    return bytes(cal.to_ical())
