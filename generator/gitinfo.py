"""Git history in one pass: the date each record file was first committed (for late filing), and
when the institution's own code first appeared (where its disclosure catalogue starts)."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from . import clock


@dataclass(frozen=True)
class History:
    """When each file was first committed; ``problem`` explains why history is unusable, if so.

    ``first_commit`` is the day in the institution's time zone (late filing); ``first_commit_ts``
    is the Unix time, for orderings that must only ever append (disclosure serial numbers). A
    renamed file keeps the first commit of its old name. ``clamped`` lists the files whose commit
    time was before 1970 or after now and was brought into that range (``git-date``).
    """

    first_commit: dict[str, date]
    problem: str | None = None
    first_commit_ts: dict[str, int] = field(default_factory=dict)
    clamped: tuple[tuple[str, str], ...] = ()  # (path, the time as committed, ISO date or raw)
    #: Unix time of the first commit whose rosters/institution.yml carries the institution's current
    #: ``code`` (None when no commit does yet, or the code was not asked for): a school that adopts
    #: the template under its own code starts its catalogue there (``public.catalogue``).
    code_since: int | None = None


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "-c", "core.quotepath=false", *args], capture_output=True, text=True, check=True,
        encoding="utf-8", errors="surrogateescape",
    ).stdout


def _in_git_tree(root: Path) -> bool:
    """Whether ``root`` looks like part of a Git work tree, without asking git."""
    return any((folder / ".git").exists() for folder in (root.resolve(), *root.resolve().parents))


_NO_GIT = ("找不到 git 程序，无法读取 Git 历史：本次不检查补录时间，索取号只按已登记的和记录日期编排。"
           "请在运行检查的机器上安装 Git。")
_SHALLOW = ("仓库是浅克隆（shallow clone），无法得知每条记录的首次提交日期，本次不检查补录时间。"
            "在 CI 中请设置 fetch-depth: 0 获取完整历史。")


def read_history(root: Path, timezone: str, now: float | None = None, code: str | None = None) -> History | None:
    """None outside a Git work tree (late-filing checks then simply do not apply). With ``code``,
    also when the institution's rosters first carried it (``History.code_since``)."""
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree").strip()
    except OSError:
        return History({}, _NO_GIT) if _in_git_tree(root) else None
    except subprocess.CalledProcessError:
        return None
    if inside != "true":
        return None
    try:
        if _git(root, "rev-parse", "--is-shallow-repository").strip() == "true":
            return History({}, _SHALLOW)
        # Oldest first, following renames: a file's first commit is when it (or its old name) was added.
        out = _git(root, "log", "--reverse", "--relative", "--find-renames", "--diff-filter=AR", "--name-status",
                   "-z", "--format=%x1e%ct", "--", "records", "rosters", "policies", "catalogue")
    except subprocess.CalledProcessError as exc:
        if "does not have any commits" in (exc.stderr or ""):
            return History({})
        return History({}, f"读取 Git 历史失败：{(exc.stderr or '').strip()[:200]}")
    except OSError:
        return History({}, _NO_GIT)
    now = time.time() if now is None else now
    history = _parse_log(out, clock.zone(timezone), now)
    if code is None:
        return history
    return dataclasses.replace(history, code_since=code_since(root, code, int(now) + 86400))


#: Commit times outside this range are clamped (a committer's clock set to 2099, or to 1900).
_EARLIEST = 0


def _stamp(raw: str, latest: int) -> tuple[int, str | None]:
    """(the commit time within range, what was written when it was out of range)."""
    try:
        value = int(raw)
    except ValueError:
        return latest, raw[:40]
    if _EARLIEST <= value <= latest:
        return value, None
    shown = datetime.fromtimestamp(value, UTC).date().isoformat() if -62135596800 < value < 253402300800 else raw[:40]
    return min(max(value, _EARLIEST), latest), shown


def _parse_log(out: str, tz: ZoneInfo, now: float) -> History:
    """``git log -z --name-status`` output: per commit "\\x1e<time>\\0", then "<status>\\0<path>\\0"
    (two paths for a rename)."""
    stamps: dict[str, int] = {}
    clamped: list[tuple[str, str]] = []
    latest = int(now) + 86400  # a day of clock skew is not worth a warning
    for chunk in out.split("\x1e"):
        fields = [f.strip("\n") for f in chunk.split("\x00")]
        if not fields[0].strip():
            continue
        stamp, odd = _stamp(fields[0].strip(), latest)
        i = 1
        while i + 1 < len(fields) and fields[i]:
            renamed = fields[i].startswith("R") and i + 2 < len(fields)
            old, new = (fields[i + 1], fields[i + 2]) if renamed else (None, fields[i + 1])
            i += 3 if renamed else 2
            if new in stamps:
                continue
            stamps[new] = stamps.get(old, stamp) if old is not None else stamp
            if odd is not None and stamps[new] == stamp:
                clamped.append((new, odd))
    days = {stamp: datetime.fromtimestamp(stamp, tz).date() for stamp in set(stamps.values())}  # fewer commits than files
    first = {path: days[stamp] for path, stamp in stamps.items()}
    return History(first, first_commit_ts=stamps, clamped=tuple(clamped))


INSTITUTION = "rosters/institution.yml"


def code_since(root: Path, code: str, latest: int) -> int | None:
    """When a commit first added a ``code:`` line with ``code`` to rosters/institution.yml (oldest
    first, whatever branch brought it), clamped like the other commit times; None when none did."""
    try:
        out = _git(root, "log", "--reverse", "--relative", "--format=%x1e%ct", "-p", "--unified=0", "--no-renames",
                   "--", INSTITUTION)
    except (OSError, subprocess.CalledProcessError):
        return None
    line = re.compile(rf"^\+code:[ \t]*(['\"]?){re.escape(code)}\1[ \t]*(#.*)?$", re.MULTILINE)
    for chunk in out.split("\x1e"):
        stamp, _, diff = chunk.partition("\n")
        if stamp.strip() and line.search(diff):
            return _stamp(stamp.strip(), latest)[0]
    return None
