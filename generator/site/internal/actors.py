"""Pages of the people and units who act: person and unit pages, the people list and the unit tree."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from ... import activities
from ...text import format_date, format_hours, format_rate
from ...vocab import UNIT_KIND_LABELS, ProblemStatus
from .. import markup
from . import charts, grids, owed, paging, rows, words
from .context import Context, person_page, unit_page
from .links import PageLinks
from .views import (
    ActorSections,
    AssignmentRow,
    PeopleGroup,
    PeopleIndex,
    PersonPage,
    RosterRuleRow,
    Tenure,
    UnitPage,
    UnitsIndex,
    UnitTreeRow,
)

PEOPLE_PER_PAGE = 200
UNITS_PER_PAGE = 300

ROSTER_PAGE = "rules/roster.md"


def sections(ctx: Context, links: PageLinks, actor: str) -> ActorSections:
    """What person and unit pages share: grids, assignments, records, problems, hours."""
    records = ctx.credit.of(actor)
    in_term, earlier = rows.split_term(ctx, records)
    shown, older = rows.months(ctx, links, in_term, actor)
    return ActorSections(
        as_of=owed.day_words(ctx.as_of),
        owe=owed.owed(ctx, links, actor),
        rule_lines=owed.rule_lines(ctx, links, actor),
        tally=rows.tally_cells(ctx.actors_tally([actor])),
        term_records=len(in_term),
        hours_term=format_hours(sum(activities.hours_of(r.meta) for r in in_term)),
        record_count=len(records),
        hours_total=format_hours(sum(activities.hours_of(r.meta) for r in records)),
        grids=grids.grids(ctx, links, ctx.results_by_actor.get(actor, []), "rule"),
        assignments=_assignments(ctx, links, actor),
        roster_rules=_roster_rules(ctx, links, actor),
        heatmap=charts.heatmap(ctx, records),
        months=shown,
        older=older,
        earlier=earlier,
        problems=[rows.problem_row(ctx, links, p) for p in ctx.problems_by_actor.get(actor, [])
                  if p.problem.status != ProblemStatus.RESOLVED or ctx.in_term(p.raised)],
    )


def _assignments(ctx: Context, links: PageLinks, actor: str) -> list[AssignmentRow]:
    ordered = sorted(ctx.roster.assignments.ever(actor), key=lambda a: (a.since or date.min, a.until or date.max))
    return [AssignmentRow(links.link(t), ctx.kind_label(t), format_date(a.since), format_date(a.until))
            for a in ordered for t in a.targets]


def _roster_rules(ctx: Context, links: PageLinks, actor: str) -> list[RosterRuleRow]:
    out = []
    for a in ctx.assignment_results.get(actor, []):
        detail = f"{a.count} 个（要求 {words.amount(a.min, a.max)}）"
        out.append(RosterRuleRow(links.to(ctx.assignment_rules[a.rule].title, ROSTER_PAGE), detail,
                                 markup.status_badge(a.status)))
    for x in ctx.profiles_by_actor.get(actor, []):
        detail = f"缺少 {'、'.join(x.missing)}" if x.missing else "齐全"
        out.append(RosterRuleRow(links.to(ctx.profile_rules[x.rule].title, ROSTER_PAGE), detail,
                                 markup.status_badge(x.status)))
    return out


def person(ctx: Context, pid: str) -> PersonPage:
    links = PageLinks(ctx, person_page(pid))
    p = ctx.repo.people[pid]
    tenure = Tenure(format_date(p.since), format_date(p.until) or "今") if p.since or p.until else None
    headline = [x for x in (markup.md(p.title or ""), links.link(p.unit), markup.md(ctx.role_names(p.roles))) if x]
    return PersonPage(
        name=p.name,
        id=pid,
        id_copy=markup.copy_id(pid),
        headline=markup.join(headline, " · "),
        unit=links.link(p.unit),
        title=p.title or "",
        roles=ctx.role_names(p.roles),
        branch=links.optional(p.branch),
        tenure=tenure,
        leaves=[f"{start.isoformat()} 至 {end.isoformat()}" for start, end in sorted(ctx.roster.leaves.get(pid, []))],
        liaisons=links.links(p.liaisons),
        public="是" if p.public else "否",
        actor=sections(ctx, links, pid),
    )


def unit(ctx: Context, uid: str) -> UnitPage:
    links = PageLinks(ctx, unit_page(uid))
    u = ctx.repo.units[uid]
    members = ctx.unit_people.get(uid, [])
    contacted = ctx.credit.by_target.get(uid, [])
    return UnitPage(
        name=u.name,
        id_copy=markup.copy_id(uid),
        kind=UNIT_KIND_LABELS.get(u.kind, u.kind),
        parent=links.optional(u.parent),
        secretary=links.optional(u.secretary),
        children=links.links(ctx.children.get(uid, [])),
        members=[rows.person_row(ctx, links, p) for p in members],
        member_count=len(members),
        members_rate=format_rate(ctx.actors_tally(members).rate),
        branch_members=[rows.person_row(ctx, links, p) for p in ctx.branch_people.get(uid, []) if p not in members],
        contacted=len(contacted),
        contacted_last=contacted[-1].meta.date.isoformat() if contacted else "",
        actor=sections(ctx, links, uid) if ctx.is_actor(uid) else None,
    )


def people_groups(ctx: Context) -> list[tuple[str, list[str]]]:
    """People by unit, units in roster order (the people list and the nav)."""
    return sorted(ctx.unit_people.items(), key=lambda kv: (ctx.unit_rank(kv[0]), kv[0]))


def people_index(ctx: Context) -> list[tuple[str, PeopleIndex]]:
    """The people by unit, over pages of ``PEOPLE_PER_PAGE``."""
    pairs = [(uid, pid) for uid, pids in people_groups(ctx) for pid in pids]
    out = []
    for path, part, pager in paging.paged(ctx, "people/index.md", pairs, PEOPLE_PER_PAGE):
        links = PageLinks(ctx, path)
        groups = [PeopleGroup(links.link(uid), [rows.person_row(ctx, links, pid) for _, pid in chunk])
                  for uid, chunk in groupby(part, key=lambda pair: pair[0])]
        out.append((path, PeopleIndex(groups, pager)))
    return out


MAX_NESTING = 8


def unit_tree(ctx: Context) -> list[tuple[int, str]]:
    """Units depth-first from the roots, in roster order: (depth, id). An explicit stack, not
    recursion: a parent chain may be as long as the roster."""
    units = ctx.repo.units
    out: list[tuple[int, str]] = []
    seen: set[str] = set()

    def walk(root: str) -> None:
        stack = [(root, 0)]
        while stack:
            uid, depth = stack.pop()
            if uid in seen:
                continue
            seen.add(uid)
            out.append((depth, uid))
            stack.extend((child, depth + 1) for child in reversed(ctx.children.get(uid, [])))

    for uid, u in units.items():
        if not u.parent or u.parent not in units:
            walk(uid)
    for uid in units:  # a parent cycle has no root; list it flat rather than lose it
        walk(uid)
    return out


def units_index(ctx: Context) -> list[tuple[str, UnitsIndex]]:
    """The unit tree, over pages of ``UNITS_PER_PAGE`` lines."""
    out = []
    for path, part, pager in paging.paged(ctx, "units/index.md", unit_tree(ctx), UNITS_PER_PAGE):
        links = PageLinks(ctx, path)
        rows_ = []
        for depth, uid in part:
            kind = ctx.repo.units[uid].kind
            members = ctx.unit_people.get(uid, [])
            # nesting is shown to a few levels only: Markdown renders deeper lists by recursion
            rows_.append(UnitTreeRow(markup.indent(min(depth, MAX_NESTING)), links.link(uid),
                                     UNIT_KIND_LABELS.get(kind, kind), len(members),
                                     format_rate(ctx.actors_tally(members).rate) if members else ""))
        out.append((path, UnitsIndex(rows_, pager)))
    return out
