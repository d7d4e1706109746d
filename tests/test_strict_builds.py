"""Both sites build with zero warnings in mkdocs' strict mode (every link is a page, every nav
entry exists), for the mini fixture and for the shipped sample; the sample's internal site is
built strictly once per session by the browser tests' fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write_repo
from test_public_leak import AS_OF, canary_files

from generator import builder, pipeline
from generator.public import project
from generator.site.build import build
from generator.site.internal import render as render_internal
from generator.site.offline import SiteBuildError
from generator.site.public import render as render_public

ROOT = Path(__file__).resolve().parent.parent


def test_the_mini_sites_build_strictly(tmp_path: Path) -> None:
    outcome = pipeline.run(write_repo(tmp_path / "repo", canary_files()), AS_OF, use_git=False)
    for src in builder.sources(outcome).sites:  # as build makes them (the internal site with its reports)
        stats = build(src, tmp_path / "build", tmp_path / "site", strict=True)
        assert (stats.site_dir / "index.html").is_file()


def test_the_samples_public_site_builds_strictly(tmp_path: Path) -> None:
    outcome = pipeline.run(ROOT, use_git=False)
    stats = build(render_public(project(outcome)), tmp_path / "build", tmp_path / "site", strict=True)
    assert (stats.site_dir / "index.html").is_file()


def test_a_broken_link_fails_a_strict_build(tmp_path: Path) -> None:
    outcome = pipeline.run(write_repo(tmp_path / "repo", canary_files()), AS_OF, use_git=False)
    src = render_internal(outcome)
    src.pages["policy.md"] += "\n[不存在的页面](people/nobody.md)\n"
    with pytest.raises(SiteBuildError, match="nobody"):
        build(src, tmp_path / "build", tmp_path / "site", strict=True)
