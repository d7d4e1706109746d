"""The five preset worlds by preset id, and building a variant of one (see tests/test_presets.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from . import hebei, jjy, mwy, wf, xrzy
from .builder import Evaluated, World, build, evaluate

MODULES = {m.WORLD.preset: m for m in (xrzy, mwy, wf, jjy, hebei)}
WORLDS: dict[str, World] = {preset: m.WORLD for preset, m in MODULES.items()}
PRESETS = list(WORLDS)

Build = Callable[[str], Evaluated]


def build_variant(tmp_path: Path, world: World) -> Evaluated:
    """A variant repository; invalid data is a hard failure (``pytest.fail``), never an xfail."""
    ev = evaluate(build(tmp_path / "repo", world), world)
    if ev.errors():
        pytest.fail("\n".join(ev.errors()))
    return ev
