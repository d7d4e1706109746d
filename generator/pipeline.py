"""The one pipeline every command runs: load → validate (+ Git history) → compute compliance."""

from __future__ import annotations

import os
import zoneinfo
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from .compliance import Compliance, compute
from .diagnostics import Diagnostic, diag
from .gitinfo import History, read_history
from .loader import Repo, load_repo
from .validate import Validation, validate_repo


@dataclass(frozen=True)
class Outcome:
    repo: Repo
    as_of: date
    validation: Validation
    compliance: Compliance | None
    diagnostics: list[Diagnostic]  # validation and compliance findings, sorted
    history: History | None = None  # None outside a Git work tree

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)


def today_in(tz_name: str) -> date:
    try:
        tz = zoneinfo.ZoneInfo(tz_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("Asia/Shanghai")
    return datetime.now(tz).date()


def run(root: Path, as_of: date | None = None, jobs: int | None = None, use_git: bool = True) -> Outcome:
    """Raises loader.NotARepository when ``root`` is not a records repository."""
    repo = load_repo(root, jobs=jobs if jobs is not None else (os.cpu_count() or 1))
    tz = repo.institution.timezone if repo.institution else "Asia/Shanghai"
    as_of = as_of or today_in(tz)
    try:
        history = read_history(root, tz) if use_git else None
    except zoneinfo.ZoneInfoNotFoundError:
        history = read_history(root, "Asia/Shanghai") if use_git else None
    validation = validate_repo(repo, as_of, history)
    compliance = compute(repo, validation, as_of)
    extra = compliance.diagnostics if compliance else []
    outcome = Outcome(repo, as_of, validation, compliance, [], history)
    if compliance is not None:
        extra = extra + withheld(outcome)
    diagnostics = sorted(validation.diagnostics + extra, key=lambda d: d.sort_key)
    return replace(outcome, diagnostics=diagnostics)


def withheld(outcome: Outcome) -> list[Diagnostic]:
    """Public records the disclosure site leaves out, so their authors learn why and can fix them."""
    from .public import held_back  # the public package builds on this module's Outcome

    lines = {r.path: r.line("summary") for r in outcome.repo.records}
    return [
        diag("record-public-withheld", path, lines.get(path),
             f"这条记录设为公开，但不会出现在公开站点：{why}。请改写工作简况（例如“走访学生宿舍”而不写房间号和姓名），"
             "或把 visibility 改为 internal。记录仍计入统计。")
        for path, why in held_back(outcome)
    ]
