"""The policy page: every rule of the policy files in plain Chinese, as the site counts them."""

from __future__ import annotations

from ... import schema
from ...text import cite
from ...vocab import LEVEL_LABELS, PER_LABELS, REPORT_KIND_LABELS, VISIBILITY_LABELS
from .. import markup
from . import words
from .context import Context, rule_page
from .rule_views import ActivityTypeRow, PolicyPage, PolicyRule, ProfileRuleText, ReportRow, RoleRow
from .rules import assignment_words, coverage_words


def _rule(ctx: Context, r: schema.Rule) -> PolicyRule:
    return PolicyRule(r.title, cite(r) or "未注明", LEVEL_LABELS[r.level], words.who_words(ctx, r.who),
                      PER_LABELS[r.per], words.requirement(r), words.conditions(ctx, r), ctx.due_days(r),
                      markup.md_link(r.id, rule_page(r.id)))


def _activity_type(t: schema.ActivityType) -> ActivityTypeRow:
    return ActivityTypeRow(t.name, t.carrier or "", "是" if t.face_to_face else "否", str(t.max_per_day or ""),
                           "是" if t.requires_duration else "否", VISIBILITY_LABELS[t.visibility])


def _report(ctx: Context, r: schema.ReportSpec) -> ReportRow:
    return ReportRow(r.title, cite(r), REPORT_KIND_LABELS.get(r.kind, r.kind),
                     PER_LABELS.get(r.per, "") if r.per else "", words.who_words(ctx, r.who) if r.who else "")


def policy(ctx: Context) -> PolicyPage:
    p = ctx.policy
    return PolicyPage(
        title=p.title, document=p.document or "", issuer=p.issuer or "", id=p.id,
        files=[pf.path for pf in ctx.repo.policy_files],
        roles=[RoleRow(name, rid) for rid, name in p.roles.items()],
        activity_types=[_activity_type(t) for t in p.activity_types.values()],
        guidance="、".join(p.guidance), sensitive_tags="、".join(p.sensitive_tags),
        rules=[_rule(ctx, r) for r in p.rules],
        assignment_rules=[assignment_words(ctx, r) for r in p.assignment_rules],
        coverage_rules=[coverage_words(ctx, r) for r in p.coverage_rules],
        profile_rules=[ProfileRuleText(r.title, LEVEL_LABELS[r.level], cite(r), words.who_words(ctx, r.who),
                                       "、".join(r.require)) for r in p.profile_rules],
        filing_days=p.filing.within_days if p.filing else None,
        respond_days=p.problems.respond_within_days if p.problems else None,
        reports=[_report(ctx, r) for r in p.reports],
    )
