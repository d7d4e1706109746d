"""Temporary Git repositories for the pull-request tests: main, then a branch with a change."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import main

BASE_DATE = "2024-10-20T10:00:00+08:00"
CHANGE_DATE = "2024-11-05T10:00:00+08:00"
AS_OF = "2024-11-06"


def git(root: Path, *args: str, when: str = BASE_DATE) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env,
                          text=True).stdout


def init_main(root: Path) -> Path:
    """Commit everything in ``root`` as the first commit of ``main``, then start branch ``feature``."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "feature")
    return root


def change(root: Path, files: Mapping[str, str] | None = None, drop: Iterable[str] = (),
           moves: Mapping[str, str] | None = None, commit: bool = True) -> None:
    """Write, delete and move files on the branch; commit them unless ``commit`` is false."""
    for old, new in (moves or {}).items():
        (root / new).parent.mkdir(parents=True, exist_ok=True)
        git(root, "mv", old, new)
    for rel, text in (files or {}).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for rel in drop:
        (root / rel).unlink()
    if commit:
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "change", when=CHANGE_DATE)


def validate(root: Path, *args: str, env: Mapping[str, str] | None = None, as_of: str = AS_OF) -> Result:
    return CliRunner().invoke(main, ["--repo", str(root), "--as-of", as_of, "validate", *args], env=dict(env or {}))


def review(root: Path, author: str | None = None, *args: str, env: Mapping[str, str] | None = None) -> Result:
    extra = ["--author", author] if author else []
    return validate(root, "--changed-from", "main", *extra, *args, env=env)
