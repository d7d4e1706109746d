"""The problems board and the data-quality page."""

from __future__ import annotations

from collections import defaultdict

from ...diagnostics import CODES, Code, Diagnostic
from ...vocab import PROBLEM_STATUS_LABELS, ProblemStatus
from .. import markup
from . import paging, rows
from .context import Context, Problem, record_anchor
from .links import PageLinks
from .views import DiagnosticRow, ProblemSection, ProblemsPage, QualityGroup, QualityPage, StatusCount

UNRESOLVED = (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS)


PROBLEMS_PER_PAGE = 200


def _section(ctx: Context, links: PageLinks, part: list[tuple[ProblemStatus, Problem]],
             status: ProblemStatus) -> ProblemSection:
    return ProblemSection(PROBLEM_STATUS_LABELS[status], [rows.problem_row(ctx, links, p) for s, p in part if s == status])


def problems(ctx: Context) -> list[tuple[str, ProblemsPage]]:
    """Unresolved problems oldest first, then resolved ones newest first, over pages."""
    by_status = defaultdict(list)
    for p in ctx.problems:
        by_status[p.problem.status].append(p)
    order = [*((s, False) for s in UNRESOLVED), (ProblemStatus.RESOLVED, True)]
    listed = [(status, p) for status, newest_first in order
              for p in sorted(by_status.get(status, []), key=lambda p: p.raised, reverse=newest_first)]
    out = []
    for path, part, pager in paging.paged(ctx, "problems.md", listed, PROBLEMS_PER_PAGE):
        links = PageLinks(ctx, path)
        out.append((path, ProblemsPage(
            limit=ctx.policy.problems.respond_within_days if ctx.policy.problems else None,
            as_of=ctx.as_of.isoformat(),
            counts=[StatusCount(label, len(by_status.get(ProblemStatus(s), []))) for s, label in PROBLEM_STATUS_LABELS.items()],
            overdue=sum(1 for p in ctx.problems if p.overdue),
            unresolved=[_section(ctx, links, part, s) for s in UNRESOLVED],
            resolved=_section(ctx, links, part, ProblemStatus.RESOLVED),
            pager=pager,
        )))
    return out


#: Who keeps a file that is not a record (the data-quality page names them instead of an actor).
_KEEPERS = {"rosters": "名册管理员（组织部）", "policies": "制度管理员（组织部）"}


def _row(ctx: Context, links: PageLinks, d: Diagnostic) -> DiagnosticRow:
    # Messages quote roster names; the name guard masks the sensitive ones.
    message = ctx.guard.scrub(d.message)
    line = f"第 {d.line} 行" if d.line else ""
    parts = d.file.split("/")
    if parts[0] != "records" or len(parts) < 4:
        return DiagnosticRow(markup.md(_KEEPERS.get(parts[0], "仓库管理员")), "", d.file, line, message)
    actor = parts[2]
    page = ctx.page_of(actor)
    label = links.label(actor) if actor in ctx.roster.ids else markup.md(actor)
    anchor = "#" + record_anchor(d.file) if d.file in rows.shown(ctx, actor) else ""  # else not on the page
    who = markup.md_link(label, links.rel(page) + anchor) if page else label
    rec = ctx.by_path.get(d.file)
    what = f"{rec.meta.date.isoformat()} {ctx.type_name(rec.meta.type)}" if rec is not None else ""
    return DiagnosticRow(who, what, d.file, line, message)


def quality(ctx: Context) -> QualityPage:
    """Every finding, grouped by problem (errors first, then the most frequent), each linked to
    the person and the record it concerns."""
    links = PageLinks(ctx, "quality.md")
    groups: dict[Code, list[Diagnostic]] = defaultdict(list)
    for d in ctx.diagnostics:
        groups[d.code].append(d)
    ranked = sorted(groups.items(), key=lambda kv: (CODES[kv[0]].severity != "error", -len(kv[1]), kv[0]))
    errors = sum(1 for d in ctx.diagnostics if d.severity == "error")
    return QualityPage(
        total=len(ctx.diagnostics), errors=errors, warnings=len(ctx.diagnostics) - errors,
        groups=[QualityGroup(CODES[code].title, code, "错误" if CODES[code].severity == "error" else "警告",
                             [_row(ctx, links, d) for d in items])
                for code, items in ranked],
    )
