"""The rule pages: the list of counting rules, one page per rule, and the roster rules' results."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ... import schema
from ...compliance import Result, Tally
from ...text import cite, grade_limit_words
from ...vocab import LEVEL_LABELS, Status, kind_names
from .. import markup
from . import owed, rows, words
from .context import Context, rule_page
from .links import PageLinks
from .rule_views import (
    AssignmentLine,
    AssignmentSection,
    CoverageGap,
    CoverageSection,
    GapRow,
    PendingLine,
    PeriodTallyRow,
    ProfileGap,
    ProfileSection,
    RosterPage,
    RosterRuleText,
    RulePage,
    RuleRow,
    RulesIndex,
    UnitTallyRow,
)

ROSTER_PAGE = "rules/roster.md"
GAPS = 30  # actors listed by name on a rule page; the rest are counted by unit and shown on their own pages
LISTED = 200  # names listed per roster rule; the rest are counted (their own pages show them)


def rules_index(ctx: Context) -> RulesIndex:
    links = PageLinks(ctx, "rules/index.md")
    return RulesIndex(ctx.policy.title, ctx.policy.document or "", [
        RuleRow(links.rule(r.id), cite(r), LEVEL_LABELS[r.level], words.who_words(ctx, r.who),
                words.requirement(r), rows.tally_cells(ctx.rule_tally(r.id)))
        for r in ctx.policy.rules
    ])


def rule(ctx: Context, r: schema.Rule) -> RulePage:
    links = PageLinks(ctx, rule_page(r.id))
    results = ctx.results_by_rule.get(r.id, [])
    per_actor: dict[str, list[Result]] = defaultdict(list)
    for x in results:
        per_actor[x.actor].append(x)
    gaps = [(actor, unmet) for actor, rs in per_actor.items() if (unmet := [x for x in rs if x.status == Status.UNMET])]
    gaps.sort(key=lambda g: (-len(g[1]), ctx.unit_rank(ctx.roster.unit_of(g[0])), g[0]))
    return RulePage(
        title=r.title, cite=cite(r), level=LEVEL_LABELS[r.level], who=words.who_words(ctx, r.who),
        requirement=words.requirement(r), conditions=words.conditions(ctx, r), id=r.id,
        actors=len(per_actor), behind=len(gaps), tally=rows.tally_cells(Tally.of(results)),
        pending=_pending(ctx, links, results),
        units=_by_unit(ctx, links, per_actor), periods=_by_period(ctx, results),
        gaps=[_gap(ctx, links, actor, unmet) for actor, unmet in gaps[:GAPS]],
    )


def _pending(ctx: Context, links: PageLinks, results: list[Result]) -> list[PendingLine]:
    """Who still owes the rule in each period running on the as-of date (the rule's to-do list);
    the first ``GAPS`` by name, the rest counted (each unit's page lists its own)."""
    by_period: dict[tuple[date, str], list[str]] = defaultdict(list)
    for x in results:
        if x.status == Status.PENDING and x.start <= ctx.as_of <= x.end and x.actor not in by_period[(x.due, x.period)]:
            by_period[(x.due, x.period)].append(x.actor)
    out = []
    for (due, _), actors in sorted(by_period.items()):
        first = next(x for x in results if x.actor == actors[0] and x.due == due and x.status == Status.PENDING)
        period = ctx.period(first)
        name = ctx.cal.name(period) if period else first.period
        named = links.links(actors[:GAPS])
        if len(actors) > GAPS:
            named = markup.concat(named, f" 等 {len(actors)} 个")
        out.append(PendingLine(f"{name}，截止 {owed.day_words(due, ctx.as_of)}", named))
    return out


def _by_unit(ctx: Context, links: PageLinks, per_actor: dict[str, list[Result]]) -> list[UnitTallyRow]:
    """Each unit's actors under the rule (a unit acting itself counts in its own row)."""
    units: dict[str, list[str]] = defaultdict(list)
    for actor in per_actor:
        units[ctx.roster.unit_of(actor)].append(actor)
    out = []
    for uid in sorted(units, key=lambda u: (ctx.unit_rank(u), u)):
        actors = units[uid]
        results = [x for a in actors for x in per_actor[a]]
        behind = sum(1 for a in actors if any(x.status == Status.UNMET for x in per_actor[a]))
        out.append(UnitTallyRow(links.link(uid), len(actors), behind, rows.tally_cells(Tally.of(results))))
    return out


def _by_period(ctx: Context, results: list[Result]) -> list[PeriodTallyRow]:
    by_period: dict[tuple[date, date, str], list[Result]] = defaultdict(list)
    for x in results:
        by_period[(x.start, x.end, x.period)].append(x)
    out = []
    for (start, end, pid), rs in sorted(by_period.items()):
        period = ctx.period(rs[0])
        out.append(PeriodTallyRow(ctx.cal.name(period) if period else pid, f"{start.isoformat()} 至 {end.isoformat()}",
                                  rows.tally_cells(Tally.of(rs))))
    return out


def _gap(ctx: Context, links: PageLinks, actor: str, unmet: list[Result]) -> GapRow:
    def name(x: Result) -> str:
        period = ctx.period(x)
        text = ctx.cal.name(period) if period else x.period
        return f"{text} · {ctx.display(x.target)}" if x.target else text

    periods = markup.join((name(x) for x in unmet), "、")
    return GapRow(links.link(actor), links.link(ctx.roster.unit_of(actor)), len(unmet), periods)


# --------------------------------------------------------------------------- roster rules

def assignment_words(ctx: Context, r: schema.AssignmentRule) -> RosterRuleText:
    grade = grade_limit_words(r.grade, r.target_kinds) if r.grade else ""
    return RosterRuleText(r.title, LEVEL_LABELS[r.level], cite(r), words.who_words(ctx, r.who),
                          kind_names(r.target_kinds), "、".join(r.target_tags), words.amount(r.min, r.max), grade,
                          words.assignment_counting(ctx, r),
                          words.numbers(ctx, ctx.parameter_uses.get(("assignment_rules", r.id), [])))


def coverage_words(ctx: Context, r: schema.CoverageRule) -> RosterRuleText:
    return RosterRuleText(r.title, LEVEL_LABELS[r.level], cite(r), words.who_words(ctx, r.by),
                          kind_names(r.target_kinds), "、".join(r.target_tags), "", "")


def roster(ctx: Context) -> RosterPage:
    links = PageLinks(ctx, ROSTER_PAGE)
    return RosterPage(ctx.as_of.isoformat(),
                      [_assignment_section(ctx, links, r) for r in ctx.policy.assignment_rules],
                      [_coverage_section(ctx, links, r) for r in ctx.policy.coverage_rules],
                      [_profile_section(ctx, links, r) for r in ctx.policy.profile_rules])


def _assignment_section(ctx: Context, links: PageLinks, r: schema.AssignmentRule) -> AssignmentSection:
    """Who falls outside the rule's bounds, by name; those within are counted (each person's page
    shows their own line)."""
    results = [a for a in ctx.compliance.assignments if a.rule == r.id]
    unmet = sorted((a for a in results if a.status == Status.UNMET),
                   key=lambda a: (ctx.unit_rank(ctx.roster.unit_of(a.actor)), a.actor))
    return AssignmentSection(assignment_words(ctx, r), len(results), len(results) - len(unmet), [
        AssignmentLine(links.link(a.actor), a.count, links.links(a.targets), markup.status_badge(a.status))
        for a in unmet[:LISTED]
    ], max(len(unmet) - LISTED, 0))


def _coverage_section(ctx: Context, links: PageLinks, r: schema.CoverageRule) -> CoverageSection:
    results = [c for c in ctx.compliance.coverage if c.rule == r.id]
    gaps = [c for c in results if c.status == Status.UNMET]
    return CoverageSection(coverage_words(ctx, r), len(results), len(results) - len(gaps), len(gaps),
                           [CoverageGap(links.link(c.target), ctx.kind_label(c.target)) for c in gaps[:LISTED]],
                           max(len(gaps) - LISTED, 0))


def _profile_section(ctx: Context, links: PageLinks, r: schema.ProfileRule) -> ProfileSection:
    missing = [x for x in ctx.compliance.profiles if x.rule == r.id and x.status == Status.UNMET]
    return ProfileSection(r.title, [ProfileGap(links.link(x.actor), "、".join(x.missing)) for x in missing])
