"""The 台账 (委发〔2019〕19号附件 六1): a row per record of each term, and compliance per actor × rule × period."""

from __future__ import annotations

from collections.abc import Iterator

from .. import schema
from ..compliance import Result
from ..loader import Record
from ..privacy import visibility
from ..vocab import LEVEL_LABELS, PER_LABELS, PROBLEM_STATUS_LABELS, STATUS_LABELS, VISIBILITY_LABELS
from .context import ExportContext
from .options import Scope
from .table import Column, Row, Sheet

RECORD_COLUMNS = (
    Column("日期", 11, "date"), Column("填报人", 10), Column("所在单位", 18), Column("活动类型", 14),
    Column("载体", 8), Column("联系对象", 24, "long"), Column("同行人员", 12, "long"), Column("工作简况", 40, "long"),
    Column("时长（小时）", 8, "number"), Column("发现问题", 30, "long"), Column("公开级别", 8), Column("记录文件", 30),
)
RESULT_COLUMNS = (
    Column("填报人", 10), Column("所在单位", 18), Column("规则", 36, "long"), Column("级别", 6), Column("周期", 6),
    Column("周期标识", 14), Column("开始", 11, "date"), Column("结束", 11, "date"), Column("联系对象", 14),
    Column("要求次数", 8, "number"), Column("完成次数", 8, "number"), Column("小时", 8, "number"), Column("状态", 8),
)


def _problems(ctx: ExportContext, rec: Record) -> str:
    if ctx.restricted(rec):
        return ""
    return "；".join(f"{ctx.text(p.summary)}（{PROBLEM_STATUS_LABELS[p.status]}"
                    + (f"，转{ctx.name(p.refer_to)}" if p.refer_to else "") + "）" for p in rec.meta.problems)


def record_row(ctx: ExportContext, rec: Record) -> Row:
    m = rec.meta
    restricted = ctx.restricted(rec)
    return (m.date, ctx.name(m.by), ctx.unit_name(m.by), ctx.type_name(m.type), ctx.carrier(rec),
            ctx.targets(rec), "" if restricted else ctx.names(m.with_), ctx.summary(rec), ctx.hours(rec),
            _problems(ctx, rec), VISIBILITY_LABELS[visibility(m, ctx.policy)], rec.path)


def result_row(ctx: ExportContext, r: Result, rule_titles: dict[str, str]) -> Row:
    return (ctx.name(r.actor), ctx.unit_name(r.actor), rule_titles.get(r.rule, r.rule), LEVEL_LABELS[r.level],
            PER_LABELS[r.per], r.period, r.start, r.end, ctx.name(r.target) if r.target else "", r.required,
            r.achieved, round(r.hours, 2) or None, STATUS_LABELS[r.status])


def _keeps(ctx: ExportContext, scope: Scope, actors: set[str] | None, rec: Record) -> bool:
    on = [rec.meta.by, *rec.meta.with_]
    if actors is not None and not actors.intersection(on):
        return False
    return any(scope.keeps(a, ctx.roster.unit_of(a)) for a in on)


def term_records(ctx: ExportContext, term: schema.Term, scope: Scope, actors: set[str] | None = None) -> Iterator[Record]:
    """The valid, current records reported under ``term`` (the break after a term is in it), by date."""
    for rec in ctx.records:
        if ctx.reporting_term(rec.meta.date) == term.id and _keeps(ctx, scope, actors, rec):
            yield rec


def _results(ctx: ExportContext, term: schema.Term, scope: Scope, actors: list[str]) -> Iterator[Row]:
    titles = {r.id: r.title for r in ctx.policy.rules}
    for actor in actors:
        if scope.keeps(actor, ctx.roster.unit_of(actor)):
            for r in ctx.term_results(actor, term):
                yield result_row(ctx, r, titles)


def sheets(ctx: ExportContext, scope: Scope, spec: schema.ReportSpec | None = None) -> Iterator[Sheet]:
    """One sheet of records per term (or the ``--term``), then one of compliance per term."""
    terms = [ctx.term(scope.term)] if scope.term else ctx.terms()
    actors = ctx.actors(spec.who) if spec is not None and spec.who is not None else None
    chosen = set(actors) if actors is not None else None
    title = spec.title if spec is not None else "联系师生工作台账"
    for term in terms:
        rows = (record_row(ctx, r) for r in term_records(ctx, term, scope, chosen))
        yield Sheet(f"{term.id} 记录", f"{title}：{term.name}", RECORD_COLUMNS, rows,
                    (f"统计日期 {ctx.as_of.isoformat()}；只列通过检查、未被更正的记录；受限记录只显示日期和类型。",))
    for term in terms:
        yield Sheet(f"{term.id} 完成情况", f"{title}：{term.name} 各规则完成情况", RESULT_COLUMNS,
                    _results(ctx, term, scope, actors if actors is not None else ctx.actors(None)),
                    ("每人、每条规则、每个周期一行；状态同 report --format json。",))
