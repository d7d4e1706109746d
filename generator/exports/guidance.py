"""Coverage of the five guidances (五导) per party-member teacher and semester (湘人职院党〔2024〕25号 三(二))."""

from __future__ import annotations

from collections.abc import Iterator

from .. import schema
from .context import ExportContext
from .options import Scope
from .table import Column, Row, Sheet


def sheets(ctx: ExportContext, spec: schema.ReportSpec, scope: Scope) -> Iterator[Sheet]:
    term = ctx.term(scope.term)
    kinds = ctx.policy.guidance
    columns = (Column("姓名", 10), Column("所在单位", 18), Column("记录数", 7, "number"),
               *(Column(g, 8, "number") for g in kinds), Column("覆盖项数", 8, "number"), Column("未覆盖", 24))
    rows: list[Row] = []
    for actor in ctx.actors(spec.who):
        if not scope.keeps(actor, ctx.roster.unit_of(actor)):
            continue
        recs = ctx.credited(actor, term.start, term.end)
        counts = [sum(g in r.meta.guidance for r in recs) for g in kinds]
        missing = "、".join(g for g, n in zip(kinds, counts, strict=True) if not n)
        rows.append((ctx.name(actor), ctx.unit_name(actor), len(recs), *counts, sum(1 for n in counts if n), missing))
    notes = (f"{term.name}，统计日期 {ctx.as_of.isoformat()}；按记录中标注的引导类别（guidance）计数，"
             f"共 {len(kinds)} 项。",)
    yield Sheet(term.id, f"{spec.title}：{term.name}", columns, rows, notes)
