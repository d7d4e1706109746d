"""Hours of contact work: per teacher per academic year (湘人职院党〔2024〕25号 四4: 计入年度教学工作量),
and the time-share indicator of the named heads ("一半以上时间精力": 闽卫院委〔2021〕31号 四(二),
委发〔2019〕19号附件 四5, 河北 二).

Hours are those recorded (start and end); a record without them adds none. The time share is an
indicator, not a measurement: recorded hours with students against the working hours of the active
teaching days (``params.day_hours`` a day) — it says what the records show, no more.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import schema
from ..activities import hours_of
from ..loader import Record
from ..periods import Period
from .context import ExportContext
from .options import Scope
from .table import Column, Sheet, rate_cell

#: Contact with students: a record with at least one target of these kinds.
STUDENT_KINDS = frozenset({"class", "dorm", "club", "student"})


def _span(ctx: ExportContext, spec: schema.ReportSpec, scope: Scope) -> Period:
    term = ctx.term(scope.term)
    if spec.per == "academic-year":
        found = ctx.cal.period_of("academic-year", term.start)
        if found is not None:
            return found
    return Period("semester", term.id, term.start, term.end, term.id)


def _counted_hours(ctx: ExportContext, recs: list[Record]) -> tuple[int, float]:
    timed = [r for r in recs if not ctx.restricted(r) and hours_of(r.meta) > 0]
    return len(timed), round(sum(hours_of(r.meta) for r in timed), 2)


def workload(ctx: ExportContext, spec: schema.ReportSpec, scope: Scope) -> Iterator[Sheet]:
    span = _span(ctx, spec, scope)
    columns = (Column("姓名", 10), Column("所在单位", 18), Column("记录数", 7, "number"),
               Column("填写起止时间的记录", 10, "number"), Column("合计小时", 9, "number"),
               Column("面对面小时", 9, "number"))
    rows = []
    for actor in ctx.actors(spec.who):
        if not scope.keeps(actor, ctx.roster.unit_of(actor)):
            continue
        recs = ctx.credited(actor, span.start, span.end)
        timed, total = _counted_hours(ctx, recs)
        face = [r for r in recs if (t := ctx.policy.activity_types.get(r.meta.type)) is not None and t.face_to_face]
        rows.append((ctx.name(actor), ctx.unit_name(actor), len(recs), timed, total, _counted_hours(ctx, face)[1]))
    notes = (f"{span.id}（{span.start.isoformat()} 至 {span.end.isoformat()}），统计日期 {ctx.as_of.isoformat()}。",
             "小时数按记录的起止时间计算，未填起止时间的活动不计小时、受限记录不计；折算为教学工作量的办法由本校确定。")
    yield Sheet(span.id, f"{spec.title}：{span.id}", columns, rows, notes)


def day_hours(spec: schema.ReportSpec) -> float:
    value = spec.params.get("day_hours", 8)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 else 8.0


def share_of(spec: schema.ReportSpec) -> float | None:
    value = spec.params.get("share")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def time_share(ctx: ExportContext, spec: schema.ReportSpec, scope: Scope) -> Iterator[Sheet]:
    term = ctx.term(scope.term)
    end = min(term.end, ctx.as_of)
    per_day, share = day_hours(spec), share_of(spec)
    columns = (Column("姓名", 10), Column("所在单位", 18), Column("与学生接触的记录", 9, "number"),
               Column("记录的小时", 9, "number"), Column("在岗教学日", 9, "number"), Column("工作小时", 9, "number"),
               Column("占比", 8, "rate"), Column("是否达到", 8))
    rows = []
    for actor in ctx.actors(spec.who):
        if not scope.keeps(actor, ctx.roster.unit_of(actor)):
            continue
        recs = [r for r in ctx.credited(actor, term.start, end)
                if any(ctx.roster.kind_of(t) in STUDENT_KINDS for t in r.meta.targets)]
        _, hours = _counted_hours(ctx, recs)
        days = ctx.cal.teaching_days_within(term.start, end, [ctx.roster.in_post(actor)], ctx.roster.leaves.get(actor, []))
        worked = days * per_day
        ratio = hours / worked if worked else None
        reached = "" if ratio is None or share is None else ("是" if ratio > share else "否")
        rows.append((ctx.name(actor), ctx.unit_name(actor), len(recs), hours, days, worked, rate_cell(ratio), reached))
    notes = (f"{term.name}，{term.start.isoformat()} 至 {end.isoformat()}；工作小时 = 在岗教学日 × {per_day:g} 小时"
             + (f"；要求占比超过 {share:.0%}。" if share is not None else "。"),
             "这是一个提示性指标，不是测量结果：只计填写了起止时间、联系对象中有班级、宿舍、社团或学生的记录，"
             "未记录的工作、没有填时长的活动都不在内。")
    yield Sheet(term.id, f"{spec.title}：{term.name}", columns, rows, notes)
