"""Fixtures shared by the validator tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest
from helpers import write_repo

MakeRepo = Callable[..., Path]


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """``make_repo(files={...}, drop=[...])``: a copy of tests/fixtures/mini with changes applied.

    Each call makes a fresh repository, so one test may build several.
    """
    counter = iter(range(1_000_000))

    def make(files: Mapping[str, str | bytes] | None = None, drop: Iterable[str] = ()) -> Path:
        return write_repo(tmp_path / f"repo{next(counter)}", files or {}, drop)

    return make
