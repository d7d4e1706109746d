"""Semester summaries (吉交院组字[2018]6号 四5 and the "三个纳入"): per actor, per unit, for the institution.

Each row: records by carrier, hours, rule results (mandatory: met, unmet, pending, exempt and the
contract's rate) and problems raised, resolved and how long they took. ``params.scope`` chooses the
rows (actor | school | institution); ``params.types`` / ``params.target_tags`` keep only records of
those types or with a target carrying one of those tags (慰问探访 of staff and students in difficulty).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .. import schema
from ..activities import carrier_order, hours_of
from ..compliance import Tally
from ..loader import Record
from ..vocab import Level, ProblemStatus
from .context import ExportContext
from .options import Scope
from .table import Column, Sheet, rate_cell

SCOPES = ("actor", "school", "institution")


@dataclass(frozen=True)
class Group:
    key: str
    name: str
    detail: str
    actors: tuple[str, ...]


def scope_of(spec: schema.ReportSpec) -> str:
    chosen = spec.params.get("scope", "actor")
    return chosen if isinstance(chosen, str) and chosen in SCOPES else "actor"


def _keeps(ctx: ExportContext, spec: schema.ReportSpec, rec: Record) -> bool:
    types, tags = spec.params.get("types"), spec.params.get("target_tags")
    if not isinstance(types, list) and not isinstance(tags, list):
        return True
    if isinstance(types, list) and rec.meta.type in types:
        return True
    return isinstance(tags, list) and any(set(tags) & set(ctx.roster.tags_of(t)) for t in rec.meta.targets)


def groups(ctx: ExportContext, spec: schema.ReportSpec, scope: Scope) -> list[Group]:
    actors = [a for a in ctx.actors(spec.who) if scope.keeps(a, ctx.roster.unit_of(a))]
    chosen = scope_of(spec)
    if chosen == "institution":
        return [Group("_all", ctx.institution.name, f"{len(actors)} 名（个）", tuple(actors))]
    if chosen == "school":
        by_unit: dict[str, list[str]] = defaultdict(list)
        for a in actors:
            by_unit[ctx.roster.unit_of(a)].append(a)
        order = {u: i for i, u in enumerate(ctx.repo.units)}
        return [Group(u, ctx.name(u), f"{len(m)} 名（个）", tuple(m)) for u, m in
                sorted(by_unit.items(), key=lambda x: (order.get(x[0], len(order)), x[0]))]
    return [Group(a, ctx.name(a), ctx.unit_name(a), (a,)) for a in actors]


def _problem_cells(recs: Iterable[Record]) -> tuple[int, int, float | None]:
    days = []
    raised = 0
    for r in recs:
        for p in r.meta.problems:
            raised += 1
            if p.status == ProblemStatus.RESOLVED and p.resolved is not None:
                days.append((p.resolved - r.meta.date).days)
    return raised, len(days), round(sum(days) / len(days), 1) if days else None


def row(ctx: ExportContext, spec: schema.ReportSpec, g: Group, term: schema.Term, carriers: list[str]) -> tuple:
    recs: dict[str, Record] = {}
    for a in g.actors:
        recs.update((r.path, r) for r in ctx.credited(a, term.start, term.end) if _keeps(ctx, spec, r))
    by_carrier = Counter(ctx.carrier(r) for r in recs.values())
    tally = Tally.of(r for a in g.actors for r in ctx.term_results(a, term) if r.level == Level.MANDATORY)
    hours = round(sum(hours_of(r.meta) for r in recs.values() if not ctx.restricted(r)), 2)
    return (g.name, g.detail, len(recs), *(by_carrier[c] for c in carriers), hours, tally.met, tally.unmet,
            tally.pending, tally.exempt, rate_cell(tally.rate), *_problem_cells(recs.values()))


def sheets(ctx: ExportContext, spec: schema.ReportSpec, scope: Scope) -> Iterator[Sheet]:
    term = ctx.term(scope.term)
    carriers = carrier_order(ctx.policy)
    first = {"actor": ("姓名", "所在单位"), "school": ("单位", "人数"), "institution": ("单位", "人数")}[scope_of(spec)]
    columns = (Column(first[0], 14), Column(first[1], 18), Column("记录数", 7, "number"),
               *(Column(c, 6, "number") for c in carriers), Column("时长（小时）", 8, "number"),
               Column("已完成", 7, "number"), Column("未完成", 7, "number"), Column("进行中", 7, "number"),
               Column("不考核", 7, "number"), Column("完成率", 8, "rate"), Column("提出问题", 8, "number"),
               Column("已办结", 7, "number"), Column("平均办结天数", 8, "number"))
    rows = [row(ctx, spec, g, term, carriers) for g in groups(ctx, spec, scope)]
    notes = [f"{term.name}，统计日期 {ctx.as_of.isoformat()}。完成情况只计“必须”类规则；完成率 = 已完成 ÷（已完成 + 未完成）。",
             "时长只计填写了起止时间的活动，不含受限记录。"]
    if isinstance(spec.params.get("types"), list) or isinstance(spec.params.get("target_tags"), list):
        kinds = "、".join(ctx.type_name(t) for t in spec.params.get("types") or [])  # type: ignore[union-attr]
        tags = "、".join(spec.params.get("target_tags") or [])  # type: ignore[arg-type]
        notes.append(f"只计{kinds or '（任何类型）'}的活动，或联系对象带有标签{tags or '（无）'}的活动。")
    yield Sheet(term.id, f"{spec.title}：{term.name}", columns, rows, tuple(notes))
