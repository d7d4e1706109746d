"""The one-vote veto prompt (湘人职院党〔2024〕25号 四4): actors below the institution's threshold.

The document gives no number. The report names the parameter that holds it (``params.threshold_parameter``);
while the institution has not set it, the output says so and flags nobody.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import schema
from ..compliance import Tally
from ..vocab import Level
from .context import ExportContext
from .options import Scope
from .table import Column, Sheet, rate_cell


def threshold(ctx: ExportContext, spec: schema.ReportSpec) -> tuple[str | None, float | None]:
    """(parameter id, its value) — the value None while the institution has not set it."""
    pid = spec.params.get("threshold_parameter")
    if not isinstance(pid, str):
        return None, None
    return pid, ctx.policy.parameter(pid, float)


def sheets(ctx: ExportContext, spec: schema.ReportSpec, scope: Scope) -> Iterator[Sheet]:
    term = ctx.term(scope.term)
    year = ctx.cal.period_of("academic-year", term.start)
    assert year is not None
    pid, limit = threshold(ctx, spec)
    columns = (Column("姓名", 12), Column("所在单位", 18), Column("已完成", 7, "number"), Column("未完成", 7, "number"),
               Column("进行中", 7, "number"), Column("完成率", 8, "rate"), Column("提示", 16))
    rows = []
    for actor in ctx.actors(spec.who):
        if not scope.keeps(actor, ctx.roster.unit_of(actor)):
            continue
        t = Tally.of(r for r in ctx.year_results(actor, year) if r.level == Level.MANDATORY)
        if limit is None:
            flag = "阈值未设定"
        elif t.rate is None:
            flag = "尚无可计算项"
        else:
            flag = "低于阈值，提示一票否决" if t.rate < limit else ""
        rows.append((ctx.name(actor), ctx.unit_name(actor), t.met, t.unmet, t.pending, rate_cell(t.rate), flag))
    if limit is None:
        rule = (f"本校尚未设定阈值（制度参数 {pid}），本表只列出完成率，不作一票否决提示。"
                "请在本校的制度文件中设定，例如 parameters: {" + f"{pid}: 0.6" + "}。")
    else:
        rule = f"学年完成率低于 {limit:.0%}（制度参数 {pid}，本校设定）的，提示在年度考核中实行一票否决。"
    notes = (f"{year.id} 学年（{year.start.isoformat()} 至 {year.end.isoformat()}），统计日期 {ctx.as_of.isoformat()}；"
             "完成率只计“必须”类规则。", rule)
    yield Sheet(year.id, f"{spec.title}：{year.id} 学年", columns, rows, notes)
