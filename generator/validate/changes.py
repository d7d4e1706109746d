"""Checks on a change rather than a repository (contract §6): who may change which file, and locked periods.

Who may change a path is ``rights.PATH_RULES`` (one table, also behind CODEOWNERS). The review
passes the rights of the rosters as they were at the merge base, so a change cannot grant itself
rights; the lock date is the later of the two sides, so a change cannot unlock what it edits.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from ..diagnostics import Diagnostic, diag
from ..gitdiff import Change, ChangeKind, ChangeSet
from ..loader import RECORD_RE, Repo
from ..rights import Owner, Rights, owners_of

AMEND_HOW = ("需要更正时，请另建一条更正记录：复制原记录的内容到一个新文件，改正有误的字段，并在文件头加上 "
             "amends: {path} 和 reason: 更正原因。更正记录会在统计中取代原记录，两条都保留在内部站点上。")


@dataclass(frozen=True, slots=True)
class RecordSide:
    """What one side (before or after the change) says about a record (or review) file."""

    by: str | None
    date: date | None
    amends: str | None
    by_line: int | None


def _sides(repo: Repo | None, paths: Collection[str]) -> dict[str, RecordSide]:
    """Of ``paths``, every record file of a repository (valid, partial and unreadable ones) and
    every review file that parses, with its reviewer as its ``by``. Only the changed files are
    asked for: a side of each of 100,000 records cost a second per review."""
    if repo is None:
        return {}
    out: dict[str, RecordSide] = {}
    for path, by in repo.broken_records.items():
        if path in paths:
            out[path] = RecordSide(by, _path_date(path), None, None)
    for p in repo.partial_records:
        if p.path in paths:
            out[p.path] = RecordSide(p.meta.by or repo.broken_records.get(p.path),
                                     p.meta.date or _path_date(p.path), p.meta.amends, p.line("by"))
    for r in repo.records:
        if r.path in paths:
            out[r.path] = RecordSide(r.meta.by, r.meta.date, r.meta.amends, r.line("by"))
    for f in repo.reviews:  # a review file is about its reviewer, who alone may sign it
        if f.path in paths:
            out[f.path] = RecordSide(f.review.reviewer, None, None, f.line("reviewer"))
    return out


def _path_date(path: str) -> date | None:
    match = RECORD_RE.fullmatch(path)
    if match is None:
        return None
    try:
        return date.fromisoformat(match["date"])
    except ValueError:
        return None


def _folder_actor(path: str) -> str | None:
    parts = path.split("/")
    return parts[2] if len(parts) >= 4 and parts[0] == "records" else None


# --------------------------------------------------------------------------- who may change what


@dataclass(frozen=True)
class Touched:
    """One changed file with what both sides say about it (for records)."""

    change: Change
    before: RecordSide | None
    after: RecordSide | None

    def actors(self) -> list[str]:
        """Every actor the file belongs to on either side: folder and ``by``, old and new."""
        found = [_folder_actor(self.change.old_path or self.change.path), _folder_actor(self.change.path),
                 self.before.by if self.before else None, self.after.by if self.after else None]
        return list(dict.fromkeys(a for a in found if a))


def _where(t: Touched) -> tuple[str, int | None]:
    line = t.after.by_line if t.after is not None and t.change.kind != ChangeKind.DELETED else None
    return t.change.path, line


def _not_allowed(t: Touched, owner: Owner, author: str) -> Diagnostic:
    file, line = _where(t)
    verb = {ChangeKind.ADDED: "提交", ChangeKind.MODIFIED: "修改", ChangeKind.DELETED: "删除",
            ChangeKind.RENAMED: f"把“{t.change.old_path}”改名为这个文件"}[t.change.kind]
    return diag("git-not-allowed", file, line,
                f"账号“{author}”无权{verb}：这是{owner.label}，只能由{owner.who}提交。{owner.hint}")


def check_authorship(touched: Sequence[Touched], rights: Rights, author: str) -> list[Diagnostic]:
    """``git-not-allowed`` for every changed file ``author`` may not change, naming who may."""
    out = []
    for t in touched:
        for owner in owners_of(rights, t.change.paths, t.actors()):
            if author not in owner.accounts:
                out.append(_not_allowed(t, owner, author))
    return out


# --------------------------------------------------------------------------- locked periods


def lock_date(before: Repo | None, after: Repo) -> date | None:
    """The later of the two sides' ``locked_through``: a change cannot unlock what it edits."""
    dates = [r.institution.locked_through for r in (before, after)
             if r is not None and r.institution is not None and r.institution.locked_through is not None]
    return max(dates, default=None)


def _locked_new(t: Touched, lock: date, head: str) -> Diagnostic | None:
    new = t.after.date if t.after else None
    if t.after is None or new is None or new > lock or t.after.amends:
        return None
    return diag("git-locked", t.change.path, t.after.by_line,
                f"新记录的活动日期 {new} 在锁定期内：{head}。锁定期内只能提交更正记录：如果这是对一条已有记录的更正，"
                "请在文件头加上 amends: <被更正记录的完整路径> 和 reason: 更正原因；"
                "如果是漏报的活动，请与组织部联系。")


def _locked(t: Touched, lock: date) -> Diagnostic | None:
    head = f"锁定日期是 {lock}（rosters/institution.yml 的 locked_through），这一天及以前的记录已经锁定"
    if t.change.kind == ChangeKind.ADDED:
        return _locked_new(t, lock, head)
    old = t.before.date if t.before else None
    new = t.after.date if t.after else None
    if not any(d is not None and d <= lock for d in (old, new)):
        return None
    dated = f"{old}（改为 {new}）" if old and new and old != new else f"{old or new}"
    what = {ChangeKind.MODIFIED: "不能修改", ChangeKind.DELETED: "不能删除",
            ChangeKind.RENAMED: f"不能改名或移动（原路径 {t.change.old_path}）"}[t.change.kind]
    line = t.after.by_line if t.after is not None and t.change.kind != ChangeKind.DELETED else None
    return diag("git-locked", t.change.path, line,
                f"这条记录的活动日期是 {dated}：{head}，{what}。请撤销对这个文件的改动。"
                + AMEND_HOW.format(path=t.change.old_path or t.change.path))


def check_locks(touched: Sequence[Touched], lock: date | None) -> list[Diagnostic]:
    """``git-locked`` for every changed record dated on or before the lock date (old or new date)."""
    if lock is None:
        return []
    found = (_locked(t, lock) for t in touched if any(p.startswith("records/") for p in t.change.paths))
    return [d for d in found if d is not None]


# --------------------------------------------------------------------------- the change


def touched_files(changeset: ChangeSet, before: Repo | None, after: Repo) -> list[Touched]:
    old = _sides(before, {c.old_path or c.path for c in changeset.changes})
    new = _sides(after, {c.path for c in changeset.changes})
    out = []
    for c in changeset.changes:
        source = c.old_path or c.path
        out.append(Touched(c, old.get(source) if c.kind != ChangeKind.ADDED else None,
                           new.get(c.path) if c.kind != ChangeKind.DELETED else None))
    return out


def check_change(changeset: ChangeSet, before: Repo | None, after: Repo, rights: Rights,
                 author: str | None) -> list[Diagnostic]:
    """Locks always (relative to the merge base); authorship when the author is known."""
    touched = touched_files(changeset, before, after)
    out = check_locks(touched, lock_date(before, after))
    if author is not None:
        out += check_authorship(touched, rights, author)
    return sorted(out, key=lambda d: d.sort_key)
