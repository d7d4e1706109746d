"""Fixtures shared by the validator tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest
from helpers import write_repo
from presets.builder import Evaluated, build, evaluate
from presets.worlds import WORLDS, Build

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


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """``built(preset)``: the preset's example repository (tests/presets/), built and evaluated once per session."""
    cache: dict[str, Evaluated] = {}

    def get(preset: str) -> Evaluated:
        if preset not in cache:
            world = WORLDS[preset]
            root = build(tmp_path_factory.mktemp(preset) / "repo", world)
            cache[preset] = evaluate(root, world)
        return cache[preset]

    return get
