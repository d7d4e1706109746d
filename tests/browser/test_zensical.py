"""Both sites built with Zensical, the second engine: offline like the mkdocs build (its script
bundle's CDN fallbacks neutralised), and Chinese search finds a person on each."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import MINI, write_repo
from test_internal_site import AS_OF as INTERNAL_AS_OF
from test_internal_site import HOSTILE
from test_public_leak import AS_OF as PUBLIC_AS_OF
from test_public_leak import canary_files

from generator import pipeline
from generator.public import project
from generator.site.build import BuildStats, build
from generator.site.internal import render as render_internal
from generator.site.offline import _THEME_CDN_URL_RE, assert_offline
from generator.site.public import render as render_public

zensical = pytest.importorskip("zensical")


@pytest.fixture(scope="module")
def internal(tmp_path_factory: pytest.TempPathFactory) -> BuildStats:
    tmp = tmp_path_factory.mktemp("zensical-internal")
    repo = tmp / "repo"
    shutil.copytree(MINI, repo)
    (repo / HOSTILE[0]).write_text(HOSTILE[1], encoding="utf-8")
    outcome = pipeline.run(repo, as_of=INTERNAL_AS_OF, use_git=False)
    return build(render_internal(outcome), tmp / "build", tmp / "site", engine="zensical", strict=True)


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> BuildStats:
    tmp = tmp_path_factory.mktemp("zensical-public")
    outcome = pipeline.run(write_repo(tmp / "repo", canary_files()), PUBLIC_AS_OF, use_git=False)
    return build(render_public(project(outcome)), tmp / "build", tmp / "site", engine="zensical", strict=True)


def test_zensicals_own_bundle_carries_the_cdn_urls_we_neutralise() -> None:
    bundles = list((Path(zensical.__file__).parent / "templates" / "assets" / "javascripts").glob("bundle.*.js"))
    assert bundles
    found = _THEME_CDN_URL_RE.findall(bundles[0].read_text(encoding="utf-8"))
    assert len(found) >= 7, found  # unpkg.com and cdn.jsdelivr.net fallbacks (mermaid, pyodide, ace, …)


@pytest.mark.parametrize("which", ["internal", "public"])
def test_both_sites_are_offline(which: str, request: pytest.FixtureRequest) -> None:
    stats: BuildStats = request.getfixturevalue(which)
    assert stats.engine == "zensical" and stats.incremental is False
    assert assert_offline(stats.site_dir) == []
    html = (stats.site_dir / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in html and re.search(r'content="zensical-[0-9.]+"', html)


@pytest.mark.browser
def test_internal_search_finds_a_chinese_name(internal: BuildStats, serve_dir, browser_page) -> None:
    browser_page.goto(serve_dir(internal.site_dir))
    browser_page.zensical_search("王建国")
    links = browser_page.wait_for_zensical_result("/people/wang-jianguo/")
    assert any("/people/wang-jianguo/" in link for link in links)
    # the record body that tries to run script stays inert on this engine too
    browser_page.goto(serve_dir(internal.site_dir) + "people/wang-jianguo/")
    assert browser_page.evaluate("typeof window.__pwned") == "undefined"
    browser_page.assert_clean()


@pytest.mark.browser
def test_public_search_finds_a_chinese_name(public: BuildStats, serve_dir, browser_page) -> None:
    browser_page.goto(serve_dir(public.site_dir))
    browser_page.zensical_search("孙立新")
    browser_page.wait_for_zensical_result("/people/sun-public/")
    browser_page.assert_clean()
