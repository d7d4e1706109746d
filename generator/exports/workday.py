"""The share of activity on the 双联五导 workday (湘人职院党〔2024〕25号 三(一)1: 每双周四), per branch.

The days are the policy parameter the report names (``params.days_parameter``). Per-biweek statuses
are those of the counting rules whose ``count.days`` is that parameter, read from the compliance results.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import schema
from ..loader import Record, parameter_uses
from ..text import days_words
from ..vocab import STATUS_LABELS
from .context import ExportContext
from .options import Scope
from .table import Column, Sheet, rate_cell


def day_spec(ctx: ExportContext, spec: schema.ReportSpec) -> tuple[str | None, schema.DaySpec | None]:
    pid = spec.params.get("days_parameter")
    if not isinstance(pid, str):
        return None, None
    return pid, ctx.policy.parameter(pid, schema.DaySpec)


def day_rules(ctx: ExportContext, pid: str) -> list[schema.Rule]:
    """Counting rules whose days are the parameter ``pid``."""
    uses = parameter_uses(ctx.repo.policy_files)
    ids = {entry for (section, entry), found in uses.items() if section == "rules"
           and any(u.parameter == pid and u.field == "count.days" for u in found)}
    return [r for r in ctx.policy.rules if r.id in ids]


def _records(ctx: ExportContext, actor: str, term: schema.Term) -> list[Record]:
    recs = ctx.credit.under(actor, "self-and-members") if actor in ctx.repo.units else ctx.credit.of(actor)
    return [r for r in recs if term.start <= r.meta.date <= term.end]


def sheets(ctx: ExportContext, spec: schema.ReportSpec, scope: Scope) -> Iterator[Sheet]:
    term = ctx.term(scope.term)
    pid, days = day_spec(ctx, spec)
    columns = (Column("支部或党员教师", 18), Column("所在单位", 18), Column("记录数", 7, "number"),
               Column("工作日记录数", 9, "number"), Column("占比", 8, "rate"))
    actors = [a for a in ctx.actors(spec.who) if scope.keeps(a, ctx.roster.unit_of(a))]
    rows = []
    for actor in actors:
        recs = _records(ctx, actor, term)
        on = None if days is None else sum(ctx.cal.is_workday(r.meta.date, days) for r in recs)
        share = None if on is None or not recs else on / len(recs)
        rows.append((ctx.name(actor), ctx.unit_name(actor), len(recs), on, rate_cell(share)))
    said = f"工作日为{days_words(days)}（制度参数 {pid}）的教学日。" if days is not None else \
        f"本校尚未设定工作日（制度参数 {pid}），不计算占比。"
    yield Sheet(f"{term.id} 占比", f"{spec.title}：{term.name}", columns, rows,
                (said, "支部的记录含其党员的记录；节假日不是工作日。"))
    if pid is None:
        return
    for rule in day_rules(ctx, pid):
        rrows = [(ctx.name(r.actor), r.period, r.start, r.end, r.achieved, STATUS_LABELS[r.status])
                 for a in actors for r in ctx.term_results(a, term) if r.rule == rule.id]
        yield Sheet(f"{term.id} {rule.id}"[:31], f"{rule.title}：逐两周完成情况", (
            Column("支部", 18), Column("两周", 18), Column("开始", 11, "date"), Column("结束", 11, "date"),
            Column("工作日活动次数", 9, "number"), Column("状态", 8)), rrows, ("状态同 report --format json。",))
