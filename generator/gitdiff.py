"""What a change touches: the files changed since the merge base of REF and HEAD, work tree included.

``changes(root, ref)`` lists every file added, modified, deleted or renamed between the merge base
and the work tree (uncommitted and untracked files too, so a local pre-check sees them), with the
old and new path of a rename. ``base_overlay(root, changeset)`` is the repository as it was at the
merge base, seen through the work tree (``loader.Overlay``), so the same pipeline can run on it. Paths are relative to ``root``
(the records repository may be a sub-folder of the Git work tree); ``prefix`` is that sub-folder,
for forges that want paths from the top of the Git repository.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from .errors import GitProblem
from .inventory import READ_DIRS, READ_FILES
from .loader import Overlay
from .parsecache import CACHE_DIR


class ChangeKind(StrEnum):
    ADDED = "added"
    MODIFIED = "modified"
    DELETED = "deleted"
    RENAMED = "renamed"


KIND_LABELS: dict[ChangeKind, str] = {
    ChangeKind.ADDED: "新增",
    ChangeKind.MODIFIED: "修改",
    ChangeKind.DELETED: "删除",
    ChangeKind.RENAMED: "改名",
}


@dataclass(frozen=True, slots=True)
class Change:
    """One changed file. ``path`` is where it is now (the old path for a deletion)."""

    kind: ChangeKind
    path: str
    old_path: str | None = None  # a rename's former path

    @property
    def paths(self) -> tuple[str, ...]:
        """Every path the change touches: the new one, and the old one of a rename."""
        return (self.path,) if self.old_path is None else (self.path, self.old_path)

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind.value, "path": self.path, "old_path": self.old_path}


@dataclass(frozen=True)
class ChangeSet:
    ref: str  # as the user gave it
    base: str  # the merge base of REF and HEAD (a commit id)
    prefix: str  # the records repository's folder inside the Git work tree ("" or "sub/dir/")
    changes: tuple[Change, ...]  # by path

    @property
    def paths(self) -> frozenset[str]:
        return frozenset(p for c in self.changes for p in c.paths)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), "-c", "core.quotepath=false", *args],
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise GitProblem("找不到 git 程序。--changed-from 需要 Git：请先安装 Git（例如 apt-get install git）。") from None


def _text(root: Path, *args: str) -> str:
    done = _git(root, *args)
    if done.returncode != 0:
        raise GitProblem(_explain(args, done.stderr.decode("utf-8", "replace")))
    return done.stdout.decode("utf-8")


def _explain(args: tuple[str, ...], stderr: str) -> str:
    detail = stderr.strip().splitlines()[-1] if stderr.strip() else ""
    return f"Git 命令 git {' '.join(args[:2])} 失败：{detail[:200]}"


def _resolve(root: Path, ref: str) -> str:
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise GitProblem(f"“{root}”不在 Git 仓库中，无法使用 --changed-from。请在克隆下来的仓库里运行。")
    done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if done.returncode != 0:
        shallow = _git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true"
        hint = ("仓库是浅克隆（shallow clone），可能没有取到比较基准；在 CI 中请设置 fetch-depth: 0（GitLab：GIT_DEPTH: 0）。"
                if shallow else "请检查分支名或提交号，远程分支要写成 origin/main 的形式，并先 git fetch。")
        raise GitProblem(f"找不到比较基准“{ref}”。{hint}")
    return done.stdout.decode().strip()


def merge_base(root: Path, ref: str) -> str:
    """The merge base of REF and HEAD (REF itself when HEAD has no commits yet is not supported)."""
    commit = _resolve(root, ref)
    done = _git(root, "merge-base", commit, "HEAD")
    if done.returncode != 0:
        raise GitProblem(f"“{ref}”与当前分支没有共同的历史（找不到合并基准）。浅克隆时请设置 fetch-depth: 0。")
    return done.stdout.decode().strip()


def _parse_name_status(out: bytes) -> list[Change]:
    """``git diff --name-status -z`` output: status, then one path (two for renames and copies)."""
    fields = out.decode("utf-8").split("\0")
    changes: list[Change] = []
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        if status[0] in "RC":
            old, new = fields[i + 1], fields[i + 2]
            changes.append(Change(ChangeKind.RENAMED, new, old) if status[0] == "R" else Change(ChangeKind.ADDED, new))
            i += 3
            continue
        path = fields[i + 1]
        kind = {"A": ChangeKind.ADDED, "D": ChangeKind.DELETED}.get(status[0], ChangeKind.MODIFIED)
        changes.append(Change(kind, path))
        i += 2
    return changes


def changes(root: Path, ref: str, ignore: Iterable[str] = ()) -> ChangeSet:
    """Files changed between the merge base of REF and HEAD and the work tree (see the module);
    ``ignore`` names files that are not part of the change (the run's own report file); the tool's
    own caches never are."""
    root = Path(root)
    base = merge_base(root, ref)
    prefix = _text(root, "rev-parse", "--show-prefix").strip()
    diff = _git(root, "diff", "--name-status", "-z", "-M", "--relative", "--no-ext-diff", base, "--", ".")
    if diff.returncode != 0:
        raise GitProblem(_explain(("diff", base), diff.stderr.decode("utf-8", "replace")))
    found = {c.path: c for c in _parse_name_status(diff.stdout)}
    untracked = _text(root, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
    for path in untracked.split("\0"):
        if path and path not in found:
            found[path] = Change(ChangeKind.ADDED, path)
    skip = set(ignore)
    own = CACHE_DIR.as_posix() + "/"  # this tool's caches, in a repository that does not ignore them
    kept = (c for c in found.values() if not skip & set(c.paths) and not any(p.startswith(own) for p in c.paths))
    return ChangeSet(ref, base, prefix, tuple(sorted(kept, key=lambda c: c.path)))


def _read_by_pipeline(path: str) -> bool:
    return path.split("/", 1)[0] in READ_DIRS or path in READ_FILES


def _blobs(root: Path, commit: str, prefix: str, paths: list[str]) -> Iterator[tuple[str, bytes]]:
    """The content of each path at ``commit`` (paths absent there are skipped), in one
    ``git cat-file --batch`` (no command-line limit however many files a change touches)."""
    wanted = [p for p in paths if "\n" not in p]
    request = "".join(f"{commit}:{prefix}{p}\n" for p in wanted).encode("utf-8")
    try:
        done = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input=request, capture_output=True)
    except FileNotFoundError:
        raise GitProblem("找不到 git 程序。--changed-from 需要 Git：请先安装 Git（例如 apt-get install git）。") from None
    out, at = done.stdout, 0
    for path in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "<object> missing", or not a file at that commit
        size = int(header[2])
        yield path, out[at:at + size]
        at += size + 1


def base_overlay(root: Path, changeset: ChangeSet) -> Overlay:
    """The repository as it was at the merge base, seen through the work tree: a file the change
    did not touch is, by the diff, the same there as here, so only the touched files the pipeline
    reads are taken from Git (one ``git cat-file --batch``); the files the change added are hidden.
    Nothing is written to disk, and every unchanged record is read exactly as the work tree's."""
    touched = [p for p in changeset.paths if _read_by_pipeline(p)]
    old = sorted({c.old_path or c.path for c in changeset.changes if c.kind != ChangeKind.ADDED} & set(touched))
    replaced = dict(_blobs(Path(root), changeset.base, changeset.prefix, old))
    return Overlay(replaced, frozenset(p for p in touched if p not in replaced))
