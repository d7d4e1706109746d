"""Shared test helpers: a temporary repository built from the mini fixture, and exact checks."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.loader import load_repo
from generator.validate import validate_repo

TESTS = Path(__file__).parent
MINI = TESTS / "fixtures" / "mini"
CASES = TESTS / "cases"
AS_OF = "2025-01-20"

# A record that is valid in the mini repository; cases and tests start from it.
RECORD_PATH = "records/2024-2025-1/wang-jianguo/2024-10-17-dorm-visit.md"
VALID_RECORD = """\
---
by: wang-jianguo
date: 2024-10-17
type: dorm-visit
targets: [dorm-12-305]
summary: 与宿舍同学座谈。
---
正文。
"""

_CJK = re.compile(r"[\u4e00-\u9fff]")


def write_repo(
    root: Path, files: Mapping[str, str | bytes] | None = None, drop: Iterable[str] = ()
) -> Path:
    """Copy the mini repository to ``root``, write ``files`` (str as UTF-8, bytes raw), delete ``drop``."""
    shutil.copytree(MINI, root)
    for rel, content in (files or {}).items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_bytes(content.encode("utf-8"))
    for rel in drop:
        path = root / rel
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    return root


def check(repo: Path, as_of: str = AS_OF) -> list[Diagnostic]:
    """Load and validate ``repo`` on ``as_of``; the sorted list of every diagnostic."""
    return validate_repo(load_repo(repo), date.fromisoformat(as_of)).diagnostics


def located(diagnostics: Iterable[Diagnostic]) -> list[tuple[str, str, str, int | None]]:
    """(code, severity, file, line) of each diagnostic, the shape exact assertions compare."""
    return [(d.code, d.severity, d.file, d.line) for d in diagnostics]


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def assert_no_diagnostics(diagnostics: list[Diagnostic]) -> None:
    assert diagnostics == [], "\n".join(f"{d.file}:{d.line} [{d.code}] {d.message}" for d in diagnostics)


def assert_chinese_messages(diagnostics: Iterable[Diagnostic]) -> None:
    for d in diagnostics:
        assert d.message.strip(), d
        assert has_cjk(d.message), d
