"""Git history in one pass: the date each record file was first committed (for late filing)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from . import clock


@dataclass(frozen=True)
class History:
    """When each file was first committed; ``problem`` explains why history is unusable, if so.

    ``first_commit`` is the day in the institution's time zone (late filing); ``first_commit_ts``
    is the Unix time, for orderings that must only ever append (disclosure serial numbers).
    """

    first_commit: dict[str, date]
    problem: str | None = None
    first_commit_ts: dict[str, int] = field(default_factory=dict)


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "-c", "core.quotepath=false", *args], capture_output=True, text=True, check=True, encoding="utf-8",
    ).stdout


def read_history(root: Path, timezone: str) -> History | None:
    """None outside a Git work tree (late-filing checks then simply do not apply)."""
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree").strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    if inside != "true":
        return None
    try:
        if _git(root, "rev-parse", "--is-shallow-repository").strip() == "true":
            return History({}, "仓库是浅克隆（shallow clone），无法得知每条记录的首次提交日期，本次不检查补录时间。"
                               "在 CI 中请设置 fetch-depth: 0 获取完整历史。")
        # Newest first; the last date seen for a path is the commit that first added it.
        out = _git(root, "log", "--relative", "--no-renames", "--diff-filter=A", "--name-only",
                   "--format=%x1e%ct", "--", "records", "rosters", "policies")
    except subprocess.CalledProcessError as exc:
        if "does not have any commits" in (exc.stderr or ""):
            return History({})
        return History({}, f"读取 Git 历史失败：{(exc.stderr or '').strip()[:200]}")
    tz = clock.zone(timezone)
    first: dict[str, date] = {}
    stamps: dict[str, int] = {}
    for chunk in out.split("\x1e"):
        lines = chunk.strip().split("\n")
        if not lines or not lines[0].strip():
            continue
        stamp = int(lines[0])
        day = datetime.fromtimestamp(stamp, tz).date()
        for name in lines[1:]:
            if name.strip():
                first[name.strip()] = day
                stamps[name.strip()] = stamp
    return History(first, first_commit_ts=stamps)
