"""Problems raised by staff and students: registered, referred, followed up (吉交院组字[2018]6号 四3,
委发〔2019〕19号附件 六3). A restricted record's problem shows its dates and status, not its words."""

from __future__ import annotations

from collections.abc import Iterator

from .. import schema
from ..activities import problem_age, response_limit
from .context import RESTRICTED, ExportContext
from .options import Scope
from .table import Column, Sheet

COLUMNS = (Column("提出日期", 11, "date"), Column("记录人", 10), Column("所在单位", 18), Column("问题", 36, "long"),
           Column("转办单位", 16), Column("状态", 8), Column("办结日期", 11, "date"), Column("办理结果", 30, "long"),
           Column("用时（天）", 8, "number"), Column("是否超期", 8), Column("记录文件", 30))


def sheets(ctx: ExportContext, spec: schema.ReportSpec, scope: Scope) -> Iterator[Sheet]:
    limit = response_limit(ctx.policy)
    term = ctx.term(scope.term) if scope.term else None
    rows = []
    for rec in ctx.records:
        if term is not None and ctx.reporting_term(rec.meta.date) != term.id:
            continue
        if not scope.keeps(rec.meta.by, ctx.roster.unit_of(rec.meta.by)):
            continue
        hidden = ctx.restricted(rec)
        for p in rec.meta.problems:
            age = problem_age(rec.meta.date, p, ctx.as_of, limit)
            rows.append((rec.meta.date, ctx.name(rec.meta.by), ctx.unit_name(rec.meta.by),
                         RESTRICTED if hidden else ctx.text(p.summary), ctx.name(p.refer_to) if p.refer_to else "",
                         p.status.label, p.resolved, "" if hidden else ctx.text(p.resolution), age.days,
                         "是" if age.overdue else "", rec.path))
    notes = (f"统计日期 {ctx.as_of.isoformat()}" + (f"；{term.name}" if term else "；全部学期")
             + (f"；办结时限 {limit} 天，超过未办结的标为超期。" if limit is not None else "；制度没有规定办结时限。"),)
    yield Sheet("问题", spec.title, COLUMNS, rows, notes)
