"""The policy page: every rule of the policy files in plain Chinese, as the site counts them."""

from __future__ import annotations

from collections import defaultdict

from ... import schema
from ...text import cite, value_words
from ...vocab import LEVEL_LABELS, PER_LABELS, REPORT_KIND_LABELS, VISIBILITY_LABELS
from .. import markup
from . import words
from .context import Context, rule_page
from .reports import policy_link
from .rule_views import ActivityTypeRow, ParameterRow, PolicyPage, PolicyRule, ProfileRuleText, ReportRow, RoleRow
from .rules import assignment_words, coverage_words


def _rule(ctx: Context, r: schema.Rule) -> PolicyRule:
    return PolicyRule(r.title, cite(r) or "未注明", LEVEL_LABELS[r.level], words.who_words(ctx, r.who),
                      PER_LABELS[r.per], words.requirement(r), words.conditions(ctx, r),
                      words.due(r, ctx.due_days(r)), words.numbers(ctx, ctx.parameter_uses.get(("rules", r.id), [])),
                      markup.md_link(r.id, rule_page(r.id)))


def _parameters(ctx: Context) -> list[ParameterRow]:
    """Every parameter with its value, whose it is, its clause and what uses it."""
    used: dict[str, list[str]] = defaultdict(list)
    titles = {(s, e.id): e.title for s in ("rules", "assignment_rules", "coverage_rules", "reports")
              for e in getattr(ctx.policy, s)}
    for (section, entry), uses in ctx.parameter_uses.items():
        name = titles.get((section, entry), {"problems": "问题办理时限", "filing": "填报时限"}.get(section, section))
        for use in uses:
            used[use.parameter].append(f"“{name}”" if entry else name)
    for report in ctx.policy.reports:  # an output names the parameter it reads: params {…_parameter: id}
        for key, value in report.params.items():
            if key.endswith("_parameter") and isinstance(value, str):
                used[value].append(f"“{report.title}”")
    return [ParameterRow(p.title, pid, value_words(p.value), words.origin(p), p.source or "未注明",
                         "、".join(dict.fromkeys(used.get(pid, []))) or "（未被引用）", p.note or "")
            for pid, p in ctx.policy.parameters.items() if isinstance(p, schema.Parameter)]


def _activity_type(tid: str, t: schema.ActivityType) -> ActivityTypeRow:
    return ActivityTypeRow(t.name, markup.copy_id(tid), t.carrier or "", "是" if t.face_to_face else "否", str(t.max_per_day or ""),
                           "是" if t.requires_duration else "否", VISIBILITY_LABELS[t.visibility])


def _report(ctx: Context, r: schema.ReportSpec) -> ReportRow:
    return ReportRow(r.title, cite(r), REPORT_KIND_LABELS.get(r.kind, r.kind),
                     PER_LABELS.get(r.per, "") if r.per else "", words.who_words(ctx, r.who) if r.who else "",
                     policy_link(ctx, r))


def policy(ctx: Context) -> PolicyPage:
    p = ctx.policy
    return PolicyPage(
        title=p.title, document=p.document or "", issuer=p.issuer or "", id=p.id,
        files=[pf.path for pf in ctx.repo.policy_files],
        roles=[RoleRow(name, rid) for rid, name in p.roles.items()],
        activity_types=[_activity_type(tid, t) for tid, t in p.activity_types.items()],
        guidance="、".join(p.guidance), sensitive_tags="、".join(p.sensitive_tags),
        rules=[_rule(ctx, r) for r in p.rules],
        assignment_rules=[assignment_words(ctx, r) for r in p.assignment_rules],
        coverage_rules=[coverage_words(ctx, r) for r in p.coverage_rules],
        profile_rules=[ProfileRuleText(r.title, LEVEL_LABELS[r.level], cite(r), words.who_words(ctx, r.who),
                                       "、".join(r.require)) for r in p.profile_rules],
        filing_days=p.filing.within_days if p.filing else None,
        respond_days=p.problems.respond_within_days if p.problems else None,
        reports=[_report(ctx, r) for r in p.reports],
        outputs_built=bool(ctx.produced or ctx.feeds),
        parameters=_parameters(ctx),
        filing_origin=words.numbers(ctx, ctx.parameter_uses.get(("filing", ""), [])),
        respond_origin=words.numbers(ctx, ctx.parameter_uses.get(("problems", ""), [])),
    )
