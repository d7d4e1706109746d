"""A review as Chinese text and as JSON: the verdict first, then the changed files, the submitter's standing,
the other findings the change caused, and a count of the problems that were already there."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from itertools import groupby

from ..diagnostics import CODES, Diagnostic
from ..gitdiff import KIND_LABELS, Change, ChangeKind
from ..reporters import SEVERITY_ZH
from . import Finding, Review, Scope
from .standing import Standing


def _count(findings: Iterable[Finding]) -> tuple[int, int]:
    items = list(findings)
    errors = sum(1 for f in items if f.diagnostic.severity == "error")
    return errors, len(items) - errors


def verdict(review: Review) -> str:
    """The first line of every format: passed or not, and why, in one sentence."""
    blocking = review.blocking
    files = len({f.diagnostic.file for f in blocking})
    if blocking:
        errors, warnings = _count(blocking)
        what = f"{errors} 个错误" + (f"、{warnings} 个警告（--strict）" if warnings else "")
        return f"未通过：本次修改有 {what}，涉及 {files} 个文件。请按下面的说明修改后再提交。"
    _, warnings = _count(f for f in review.findings if f.scope != Scope.EXISTING)
    return "通过：本次修改没有错误" + (f"（有 {warnings} 个警告，不影响通过）" if warnings else "") + "。"


def context_line(review: Review) -> str:
    cs = review.changeset
    author = f"；提交人：{review.author}" if review.author else ""
    return (f"比较基准：{cs.ref}（合并基准 {cs.base[:10]}）{author}；统计日期：{review.as_of}；"
            f"改动了 {len(cs.changes)} 个文件。")


def existing_line(review: Review, labelled: bool = True) -> str:
    existing = review.scoped(Scope.EXISTING)
    errors, warnings = _count(existing)
    files = len({f.diagnostic.file for f in existing})
    label = f"{Scope.EXISTING.label}：" if labelled else ""
    return (f"{label}{errors} 个错误、{warnings} 个警告，涉及 {files} 个文件。"
            "它们不影响本次检查结果；完整列表请运行 python -m generator validate（不加 --changed-from）。")


def change_title(c: Change) -> str:
    label = KIND_LABELS[c.kind]
    return f"{c.path}（{label}，原路径 {c.old_path}）" if c.kind == ChangeKind.RENAMED else f"{c.path}（{label}）"


def _line(d: Diagnostic) -> str:
    where = f"第 {d.line} 行" if d.line else "整个文件"
    return f"  {where} {SEVERITY_ZH[d.severity]} [{d.code}] {d.message}"


def changed_lines(review: Review) -> list[str]:
    by_file: dict[str, list[Diagnostic]] = {}
    for f in review.scoped(Scope.CHANGED):
        by_file.setdefault(f.diagnostic.file, []).append(f.diagnostic)
    out = [f"== {Scope.CHANGED.label}（{len(review.changeset.changes)} 个）=="]
    for c in review.changeset.changes:
        found = [d for p in c.paths for d in by_file.get(p, [])]
        out.append(change_title(c))
        out += [_line(d) for d in sorted(found, key=lambda d: (d.severity != "error", *d.sort_key))] or ["  没有发现问题。"]
    return out


def grouped_lines(findings: Iterable[Finding]) -> list[str]:
    out: list[str] = []
    for file, group in groupby((f.diagnostic for f in findings), key=lambda d: d.file):
        out.append(file)
        out += [_line(d) for d in group]
    return out


def standing_lines(s: Standing) -> list[str]:
    out = [f"{s.name}（{s.actor}）"]
    out += [f"  {line.words()}" for line in s.lines] or ["  当前周期没有适用的计数规则。"]
    week = "；".join(d.words() for d in s.due_week) or "无"
    month = "；".join(d.words() for d in s.due_month) or "无"
    out.append(f"  本周还需完成（截至 {s.week_end}）：{week}")
    out.append(f"  本月还需完成（截至 {s.month_end}）：{month}")
    return out


def by_code_lines(findings: Iterable[Finding]) -> list[str]:
    counts = Counter((f.diagnostic.code, f.diagnostic.severity) for f in findings)
    ordered = sorted(counts.items(), key=lambda kv: (kv[0][1] != "error", -kv[1], kv[0][0]))
    return [f"  {SEVERITY_ZH[sev]} [{code}] {CODES[code].title}：{n} 个" for (code, sev), n in ordered]


def body_lines(review: Review) -> list[str]:
    """Everything after the verdict, in the order the submitter needs it."""
    out = [context_line(review), "", *changed_lines(review)]
    introduced = review.scoped(Scope.INTRODUCED)
    if introduced:
        out += ["", f"== {Scope.INTRODUCED.label}（{len(introduced)} 个，例如名册改动后原有记录出错）==",
                *grouped_lines(introduced)]
    if review.standings:
        out += ["", f"== 完成情况（修改前 → 修改后，统计日期 {review.as_of}）=="]
        for s in review.standings:
            out += standing_lines(s)
    if review.fixed:
        out += ["", f"本次修改消除了 {review.fixed} 个原有问题。"]
    existing = review.scoped(Scope.EXISTING)
    if existing:
        out += ["", f"== {existing_line(review)} ==", *by_code_lines(existing)]
    return out


def text(review: Review) -> str:
    return "\n".join([verdict(review), *body_lines(review)])


def as_json(review: Review) -> str:
    """The repository JSON of ``validate --format json`` plus the review's keys (additive)."""
    diags = review.diagnostics
    errors = sum(1 for d in diags if d.severity == "error")
    cs = review.changeset
    payload = {
        "as_of": review.as_of.isoformat(),
        "errors": errors,
        "warnings": len(diags) - errors,
        "files": len({d.file for d in diags}),
        "diagnostics": [{**f.diagnostic.to_json(), "scope": f.scope.value, "blocking": f.blocking}
                        for f in review.findings],
        "verdict": "failed" if review.failed else "passed",
        "verdict_text": verdict(review),
        "blocking": len(review.blocking),
        "changed_from": {"ref": cs.ref, "base": cs.base},
        "author": review.author,
        "changes": [c.to_json() for c in cs.changes],
        "fixed": review.fixed,
        "standing": [s.to_json() for s in review.standings],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
