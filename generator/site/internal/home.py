"""The home page: this term's rates, what falls due this week and month, recent records, open problems."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ...compliance import Result, Tally
from ...vocab import UNIT_KIND_LABELS, Level, ProblemStatus, Status
from .. import markup
from . import charts, rows
from .actors import unit_tree
from .context import Context
from .links import PageLinks
from .views import DueRow, HomePage, TallyRow

RECENT_RECORDS = 20
OPEN_PROBLEMS = 20
DUE_ROWS = 30  # due items listed by name per list; the rest are counted (unit and person pages list them)
UNIT_DEPTH = 1  # the home page's rates by unit go this deep into the unit tree; the units page has all


@dataclass
class _Due:
    """Pending results due by one date, for one unit and rule: the to-do list with names."""

    end: date
    unit: str
    rule: str
    period: str
    actors: list[str] = field(default_factory=list)


def _due(ctx: Context, links: PageLinks, week_end: date, month_end: date) -> tuple[list[DueRow], list[DueRow]]:
    week: dict[tuple[Any, ...], _Due] = {}
    month: dict[tuple[Any, ...], _Due] = {}

    def name(r: Result) -> str:
        period = ctx.period(r)
        return ctx.cal.name(period) if period else r.period

    for r in ctx.term_results:
        if r.status != Status.PENDING or not r.start <= ctx.as_of <= r.end:
            continue
        bucket = week if r.end <= week_end else month if r.end <= month_end else None
        if bucket is None:
            continue
        unit = ctx.roster.unit_of(r.actor)
        key = (r.end, ctx.unit_rank(unit), unit, r.rule, r.period)
        group = bucket.setdefault(key, _Due(r.end, unit, r.rule, name(r)))
        if r.actor not in group.actors:
            group.actors.append(r.actor)

    def done(groups: dict[tuple[Any, ...], _Due]) -> list[DueRow]:
        return [DueRow(g.end.isoformat(), links.link(g.unit), links.rule(g.rule), g.period, links.links(g.actors))
                for g in (groups[k] for k in sorted(groups))]

    return done(week), done(month)


def _roles(ctx: Context) -> list[TallyRow]:
    """Rates by role, then by the kind of unit acting in its own name."""
    out = []
    for role, name in ctx.policy.roles.items():
        actors = [p.id for p in ctx.repo.people.values() if role in p.roles]
        if actors:
            out.append(TallyRow(markup.md(name), len(actors), rows.tally_cells(ctx.actors_tally(actors))))
    by_kind: dict[str, list[str]] = defaultdict(list)
    for uid, unit in ctx.repo.units.items():
        if ctx.results_by_actor.get(uid):
            by_kind[unit.kind].append(uid)
    for kind, uids in by_kind.items():
        label = UNIT_KIND_LABELS.get(kind, kind) + "（单位）"
        out.append(TallyRow(markup.md(label), len(uids), rows.tally_cells(ctx.actors_tally(uids))))
    return out


def _units(ctx: Context, links: PageLinks) -> list[TallyRow]:
    """Rates by unit (the top of the unit tree): its people and the unit itself, for units with
    anything to count."""
    out = []
    for depth, uid in unit_tree(ctx):
        if depth > UNIT_DEPTH:
            continue
        actors = [*ctx.unit_people.get(uid, []), *([uid] if ctx.results_by_actor.get(uid) else [])]
        tally = ctx.actors_tally(actors)
        if actors and (tally.decided or tally.pending):
            out.append(TallyRow(links.link(uid), len(actors), rows.tally_cells(tally)))
    return out


def home(ctx: Context) -> HomePage:
    links = PageLinks(ctx, "index.md")
    as_of = ctx.as_of
    week_end, month_end = ctx.week_end, ctx.month_end
    due_week, due_month = _due(ctx, links, week_end, month_end)
    unresolved = [p for p in ctx.problems if p.problem.status != ProblemStatus.RESOLVED]
    oldest = sorted(unresolved, key=lambda p: (-p.age, p.record.path, p.index))[:OPEN_PROBLEMS]
    return HomePage(
        institution=ctx.institution.name,
        as_of=as_of.isoformat(),
        term=ctx.term.name, term_start=ctx.term.start.isoformat(), term_end=ctx.term.end.isoformat(),
        actors=len({r.actor for r in ctx.term_results}),
        overall=rows.tally_cells(Tally.of(r for r in ctx.term_results if r.level == Level.MANDATORY)),
        units=_units(ctx, links), roles=_roles(ctx),
        week_end=week_end.isoformat(), due_week=due_week[:DUE_ROWS], due_week_more=max(len(due_week) - DUE_ROWS, 0),
        month_end=month_end.isoformat(), due_month=due_month[:DUE_ROWS],
        due_month_more=max(len(due_month) - DUE_ROWS, 0),
        trend=charts.weekly_trend(ctx), carriers=charts.carriers(ctx),
        recent=[rows.recent_row(ctx, links, r) for r in reversed(ctx.records[-RECENT_RECORDS:])],
        open_count=len(unresolved),
        overdue=sum(1 for p in unresolved if p.overdue),
        limit=ctx.policy.problems.respond_within_days if ctx.policy.problems else None,
        open_problems=[rows.problem_row(ctx, links, p) for p in oldest],
    )
