"""The built public site in a real browser: pages open, Chinese search finds a public actor, no
request leaves the server and no console error appears."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import write_repo
from test_public_leak import AS_OF, canary_files

from generator import pipeline
from generator.public import project
from generator.site.build import build
from generator.site.offline import assert_offline
from generator.site.public import render


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("public-site")
    outcome = pipeline.run(write_repo(tmp / "repo", canary_files()), AS_OF, use_git=False)
    return build(render(project(outcome)), tmp / "build", tmp / "site").site_dir


def test_built_site_references_no_other_host(public_site: Path) -> None:
    assert assert_offline(public_site) == []


@pytest.mark.browser
def test_home_actor_page_and_chinese_search(public_site: Path, serve_dir, browser_page) -> None:
    base_url = serve_dir(public_site)
    page = browser_page
    page.goto(base_url, wait_until="networkidle")
    assert page.inner_text("article h1").startswith("测试职业学院联系师生工作信息公开")
    assert "99999-0103-2024-" in page.inner_text("article")

    page.goto(base_url + "people/wang-jianguo/", wait_until="networkidle")
    assert page.inner_text("article h1").strip().startswith("王建国")
    article = page.inner_text("article")
    assert "索取号" in article and "面向社会" in article and "与护理2024级1班同学共进午餐。" in article

    page.goto(base_url + "terms/2024-2025-1/", wait_until="networkidle")
    page.wait_for_selector("div.cr-chart svg")

    page.material_search("王建国")
    hrefs = page.wait_for_search_result("/people/wang-jianguo/")
    assert urlsplit(hrefs[0]).path == "/people/wang-jianguo/", hrefs
    page.material_search("孙立新")
    page.wait_for_search_result("/people/sun-public/")

    page.assert_clean()
    assert any("search_index.json" in u for u in page.requests)
