"""A review for the three forges: GitHub annotations and step summary, Gitea's plain log and summary
file, GitLab's Code Quality report. Every output puts the submitter's own findings first."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..reporters import (
    SEVERITY_ZH,
    SUMMARY_LIMIT,
    TABLE_HEAD,
    Section,
    by_code_rows,
    capped_markdown,
    code_quality_json,
    diagnostic_rows,
    github,
    md_cell,
)
from . import Review, Scope
from .render import body_lines, change_title, context_line, existing_line, verdict
from .standing import Standing


def workflow_commands(review: Review) -> str:
    """Workflow commands for the changed files only, errors first: GitHub turns only the first 10
    errors and 10 warnings of a step into annotations, so the submitter's come first."""
    own = [f.diagnostic for f in review.scoped(Scope.CHANGED)]
    ordered = sorted(own, key=lambda d: (d.severity != "error", *d.sort_key))
    return github(ordered, review.changeset.prefix)


def github_log(review: Review) -> str:
    """The verdict, the annotations, then everything else as plain lines (the rest of the log)."""
    lines = [verdict(review)]
    commands = workflow_commands(review)
    if commands:
        lines.append(commands)
    lines += body_lines(review)
    rest = [f for f in review.findings if f.scope == Scope.EXISTING]
    if rest:
        lines += ["", f"== {Scope.EXISTING.label}：完整列表 =="]
        lines += [f"{f.diagnostic.file}:{f.diagnostic.line or ''} {SEVERITY_ZH[f.diagnostic.severity]} "
                  f"[{f.diagnostic.code}] {f.diagnostic.message}" for f in rest]
    return "\n".join(lines)


CHANGED_HEAD = ["", f"### {Scope.CHANGED.label}", "", "| 文件 | 级别 | 行 | 代码 | 说明 |", "|---|---|---|---|---|"]
STANDING_HEAD = ["", "| 周期 | 规则 | 修改前 | 修改后 | 状态 |", "|---|---|---|---|---|"]


def _changed_rows(review: Review) -> list[str]:
    by_file: dict[str, list[Diagnostic]] = {}
    for f in review.scoped(Scope.CHANGED):
        by_file.setdefault(f.diagnostic.file, []).append(f.diagnostic)
    rows = []
    for c in review.changeset.changes:
        title = md_cell(change_title(c))
        found = sorted((d for p in c.paths for d in by_file.get(p, [])), key=lambda d: (d.severity != "error", *d.sort_key))
        rows += [f"| {title} | {SEVERITY_ZH[d.severity]} | {d.line or ''} | {md_cell(d.code)} | {md_cell(d.message)} |"
                 for d in found] or [f"| {title} | 通过 | | | 没有发现问题 |"]
    return rows


def _standing_section(s: Standing) -> Section:
    head = ["", f"**{md_cell(s.name)}（{md_cell(s.actor)}）**", *STANDING_HEAD]
    rows = []
    for line in s.lines:
        rule = line.title + (f"（{line.target}）" if line.target else "")
        before = line.before.words() if line.before else "（原先不适用）"
        rows.append(f"| {md_cell(line.period)} | {md_cell(rule)} | {md_cell(before)} | {md_cell(line.after.words())} | "
                    f"{line.after.status.label} |")
    if not rows:
        head = head[:2] + ["", "当前周期没有适用的计数规则。"]
    week = "；".join(d.words() for d in s.due_week) or "无"
    month = "；".join(d.words() for d in s.due_month) or "无"
    tail = ["", f"本周还需完成（截至 {s.week_end}）：{md_cell(week)}", "",
            f"本月还需完成（截至 {s.month_end}）：{md_cell(month)}"]
    return Section(head, rows, tail, priority=1)


def summary(review: Review, limit: int = SUMMARY_LIMIT) -> str:
    """The step summary: within ``limit`` bytes, cells escaped, cut parts counted (never dropped)."""
    title = "未通过" if review.failed else "通过"
    sections = [Section([f"## 记录检查：{title}", "", f"**{md_cell(verdict(review))}**", "",
                         md_cell(context_line(review))]),
                Section(list(CHANGED_HEAD), _changed_rows(review), priority=0)]
    if review.standings:
        sections.append(Section(["", f"### 完成情况（修改前 → 修改后，统计日期 {review.as_of}）"]))
        sections += [_standing_section(s) for s in review.standings]
    introduced = review.scoped(Scope.INTRODUCED)
    if introduced:
        sections.append(Section(["", f"### {Scope.INTRODUCED.label}", *TABLE_HEAD],
                                diagnostic_rows(f.diagnostic for f in introduced), priority=2))
    if review.fixed:
        sections.append(Section(["", f"本次修改消除了 {review.fixed} 个原有问题。"]))
    existing = review.scoped(Scope.EXISTING)
    if existing:
        sections.append(Section(["", f"### {Scope.EXISTING.label}", "", md_cell(existing_line(review, labelled=False)), "",
                                 "| 级别 | 代码 | 说明 | 个数 |", "|---|---|---|---|"],
                                by_code_rows(f.diagnostic for f in existing), priority=3))
    return capped_markdown(sections, limit)


def gitlab_report(review: Review) -> str:
    """GitLab Code Quality JSON: the changed files' findings first, then the rest."""
    return code_quality_json(review.diagnostics, review.changeset.prefix)
