"""Allocation lists (湘人职院党〔2024〕25号 附件1、2; 委发〔2019〕19号附件 附1、2): who contacts whom, in full.

The internal version names every target (sensitive ones masked). The public version of a list whose
report sets ``params.public_omit_kinds`` is made by ``generator.public`` from ``PublicData`` only.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import schema
from ..schema import CONTACT_KINDS
from ..vocab import KIND_LABELS
from .context import ExportContext
from .options import Scope
from .table import Column, Row, Sheet


def kinds_of(ctx: ExportContext, actors: list[str]) -> list[str]:
    """The target kinds assigned to any of the actors on the as-of date, in the schema's order."""
    found = {ctx.roster.kind_of(t) for a in actors for t in ctx.roster.assigned_on(a, ctx.as_of)}
    return [k for k in CONTACT_KINDS if k in found]


def sheets(ctx: ExportContext, spec: schema.ReportSpec, scope: Scope) -> Iterator[Sheet]:
    actors = [a for a in ctx.actors(spec.who) if scope.keeps(a, ctx.roster.unit_of(a))]
    kinds = kinds_of(ctx, actors)
    columns = (Column("联系人", 10), Column("职务", 14), Column("所在单位", 18),
               *(Column(KIND_LABELS[k], 24, "long") for k in kinds), Column("联系对象数", 8, "number"))
    rows: list[Row] = []
    for actor in actors:
        assigned = sorted(ctx.roster.assigned_on(actor, ctx.as_of), key=ctx.name)
        cells = ["、".join(ctx.name(t) for t in assigned if ctx.roster.kind_of(t) == k) for k in kinds]
        rows.append((ctx.name(actor), ctx.title_of(actor), ctx.unit_name(actor), *cells, len(assigned)))
    omit = spec.params.get("public_omit_kinds")
    notes = [f"分配情况以 {ctx.as_of.isoformat()} 为准；内部版本，敏感对象姓名已打码。"]
    if isinstance(omit, list):
        notes.append("公开版本（公开站点）不列" + "、".join(KIND_LABELS.get(k, k) for k in omit) + "，也不列未同意公开姓名的人员。")
    yield Sheet("分配表", spec.title, columns, rows, tuple(notes))
