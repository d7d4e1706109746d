"""The problems board and the data-quality page."""

from __future__ import annotations

from collections import defaultdict

from ...diagnostics import CODES, Code, Diagnostic
from ...vocab import PROBLEM_STATUS_LABELS, ProblemStatus
from . import rows
from .context import Context
from .links import PageLinks
from .views import DiagnosticRow, ProblemSection, ProblemsPage, QualityGroup, QualityPage, StatusCount

UNRESOLVED = (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS)


def problems(ctx: Context) -> ProblemsPage:
    links = PageLinks(ctx, "problems.md")
    by_status = defaultdict(list)
    for p in ctx.problems:
        by_status[p.problem.status].append(p)

    def section(status: ProblemStatus, newest_first: bool = False) -> ProblemSection:
        items = sorted(by_status.get(status, []), key=lambda p: p.raised, reverse=newest_first)
        return ProblemSection(PROBLEM_STATUS_LABELS[status], [rows.problem_row(ctx, links, p) for p in items])

    return ProblemsPage(
        limit=ctx.policy.problems.respond_within_days if ctx.policy.problems else None,
        as_of=ctx.as_of.isoformat(),
        counts=[StatusCount(label, len(by_status.get(ProblemStatus(s), []))) for s, label in PROBLEM_STATUS_LABELS.items()],
        overdue=sum(1 for p in ctx.problems if p.overdue),
        unresolved=[section(s) for s in UNRESOLVED],
        resolved=section(ProblemStatus.RESOLVED, newest_first=True),
    )


def _row(ctx: Context, d: Diagnostic) -> DiagnosticRow:
    # Messages quote roster names; the name guard masks the sensitive ones.
    return DiagnosticRow(d.file, d.line or "", "错误" if d.severity == "error" else "警告", ctx.guard.scrub(d.message))


def quality(ctx: Context) -> QualityPage:
    groups: dict[Code, list[Diagnostic]] = defaultdict(list)
    for d in ctx.diagnostics:
        groups[d.code].append(d)
    order = {c: i for i, c in enumerate(CODES)}
    ranked = sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order)))
    errors = sum(1 for d in ctx.diagnostics if d.severity == "error")
    return QualityPage(
        total=len(ctx.diagnostics), errors=errors, warnings=len(ctx.diagnostics) - errors,
        groups=[QualityGroup(CODES[code].title if code in CODES else code, code, [_row(ctx, d) for d in items])
                for code, items in ranked],
    )
