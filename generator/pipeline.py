"""The one pipeline every command runs: load → validate (+ Git history) → compute compliance."""

from __future__ import annotations

import os
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .compliance import Compliance, compute
from .diagnostics import Diagnostic
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
    diagnostics = sorted(validation.diagnostics + extra, key=lambda d: d.sort_key)
    return Outcome(repo, as_of, validation, compliance, diagnostics, history)
