"""The built public site in a real browser: pages open, Chinese search finds a public actor, no
request leaves the server and no console error appears."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import write_repo
from test_public_leak import AS_OF, canary_files
from test_site_public import HOSTILE_INSTITUTION, hostile_files

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


@pytest.mark.browser
def test_a_hostile_institution_name_stays_text(tmp_path: Path, serve_dir, browser_page) -> None:
    """mkdocs prints site_name into every page's header and <title> unescaped; it must arrive inert."""
    outcome = pipeline.run(write_repo(tmp_path / "repo", hostile_files()), AS_OF, use_git=False)
    site = build(render(project(outcome)), tmp_path / "build", tmp_path / "site").site_dir
    dialogs: list[str] = []
    browser_page.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    base_url = serve_dir(site)
    for path in ("", "policy/", "people/wang-jianguo/"):
        browser_page.goto(base_url + path, wait_until="networkidle")
        assert browser_page.locator('img[src="x"], [onerror]').count() == 0
        assert "＜img src=x onerror=alert(1)＞" in browser_page.title()
        if not path:  # the home page's own heading shows the name as written
            assert browser_page.inner_text("article h1").startswith(HOSTILE_INSTITUTION.split(" ")[0])
    assert dialogs == []
    browser_page.assert_clean()
