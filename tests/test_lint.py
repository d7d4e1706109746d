"""Strict gates on the whole package: ruff (with bugbear) and mypy, as in CI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{name} is not installed (it comes with the project's test extras)")
    return found


def test_ruff() -> None:
    result = subprocess.run([_tool("ruff"), "check", "generator", "scripts", "tests"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = subprocess.run([_tool("mypy"), "generator"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_print_outside_the_cli() -> None:
    """Library code reports through diagnostics and return values; only the CLI writes output."""
    allowed = {"cli.py", "refdocs.py"}
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in (ROOT / "generator").rglob("*.py") if path.name not in allowed
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if line.lstrip().startswith("print(")
    ]
    assert offenders == []


def test_no_merge_conflict_markers_in_tracked_files() -> None:
    """A marker left by a merge or rebase must never land (a README once carried two)."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split("\n")
    marked = []
    for rel in filter(None, files):
        path = ROOT / rel
        if path.suffix in {".md", ".py", ".yml", ".yaml", ".j2", ".toml", ".css", ".js", ".txt"} and path.is_file():
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            marked += [f"{rel}:{n}" for n, line in enumerate(lines, 1) if line.startswith(("<<<<<<< ", ">>>>>>> "))]
    assert marked == []
