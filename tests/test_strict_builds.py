"""Both sites build with zero warnings in mkdocs' strict mode (every link is a page, every nav
entry exists), for the mini fixture and for the shipped sample; the sample's internal site is
built strictly once per session by the browser tests' fixture."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from helpers import site_files, write_repo
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


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_broken_link_fails_a_strict_build(tmp_path: Path, engine: str) -> None:
    if engine == "zensical":
        pytest.importorskip("zensical")
    outcome = pipeline.run(write_repo(tmp_path / "repo", canary_files()), AS_OF, use_git=False)
    src = render_internal(outcome)
    src.pages["policy.md"] += "\n[不存在的页面](people/nobody.md)\n"
    with pytest.raises(SiteBuildError, match="people/nobody.md"):  # the link as written, in plain text on both
        build(src, tmp_path / "build", tmp_path / "site", engine=engine, strict=True)


def test_zensical_checks_links_only_when_strict(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A build that is not strict reads zensical.yml, without Zensical's link checks (they cost it
    a scan of every page on every build, see site.build); its HTML is the strict build's, byte for byte."""
    pytest.importorskip("zensical")
    outcome = pipeline.run(write_repo(tmp_path / "repo", canary_files()), AS_OF, use_git=False)
    src = render_internal(outcome)
    strict = build(src, tmp_path / "strict", tmp_path / "site-strict", engine="zensical", strict=True)
    lenient = build(src, tmp_path / "lenient", tmp_path / "site-lenient", engine="zensical")
    assert site_files(lenient.site_dir) == site_files(strict.site_dir)
    src.pages["policy.md"] += "\n[不存在的页面](people/nobody.md)\n"
    with caplog.at_level(logging.INFO, logger="generator.site.offline"):
        build(src, tmp_path / "lenient", tmp_path / "site-lenient", engine="zensical")
    said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("zensical:")]
    assert said and not [m for m in said if "does not exist" in m]  # Zensical ran and did not look at the links

