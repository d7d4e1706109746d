"""The internal site in a real browser: mini fixture plus one hostile record, built with mkdocs.

Checks what only a browser shows: charts render (an ``svg`` inside ``.cr-chart``), grid cells are
coloured, Chinese search finds a person, a record body cannot run script, and no request leaves
127.0.0.1. Screenshots go to /tmp/internal-home.png and /tmp/internal-actor.png for a human look.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from generator import pipeline
from generator.site.build import BuildStats, build
from generator.site.internal import render
from generator.site.offline import assert_offline

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
AS_OF = date(2024, 10, 20)

# A record whose body tries every classic injection; filed by the actor whose page we open.
HOSTILE = ("records/2024-2025-1/wang-jianguo/2024-10-18-class-observation.md", """---
by: wang-jianguo
date: 2024-10-18
type: class-observation
targets: [class-2024-nursing-1]
summary: 听课 a|b <script>window.__pwned = 1</script>
---
<script>window.__pwned = 1; alert(1)</script>
<img src=x onerror=alert(1)>

[点我](javascript:alert(1))

正文最后一段。
""")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildStats:
    tmp = tmp_path_factory.mktemp("internal-site")
    repo = tmp / "repo"
    shutil.copytree(MINI, repo)
    path = repo / HOSTILE[0]
    path.write_text(HOSTILE[1], encoding="utf-8")
    outcome = pipeline.run(repo, as_of=AS_OF, use_git=False)
    assert not outcome.has_errors
    stats = build(render(outcome), tmp / "build", tmp / "site")
    assert assert_offline(stats.site_dir) == []
    return stats


def watch_dialogs(page) -> list[str]:
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def wait_for_charts(page, count: int) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('.cr-chart svg').length >= n", arg=count
    )


def test_home_page(site: BuildStats, serve_dir, browser_page) -> None:
    base = serve_dir(site.site_dir)
    dialogs = watch_dialogs(browser_page.page)
    browser_page.goto(base)
    wait_for_charts(browser_page, 2)  # weekly trend and 七进 carriers
    assert browser_page.locator("h1").first.inner_text().startswith("测试职业学院联系师生工作")
    assert browser_page.locator("text=王建国").count() >= 1
    browser_page.screenshot(path="/tmp/internal-home.png", full_page=True)
    assert dialogs == []
    browser_page.assert_clean()


def test_actor_page(site: BuildStats, serve_dir, browser_page) -> None:
    base = serve_dir(site.site_dir)
    dialogs = watch_dialogs(browser_page.page)
    browser_page.goto(base + "people/wang-jianguo/")
    wait_for_charts(browser_page, 1)  # calendar heat map
    grid = browser_page.locator("table.cr-grid")
    assert grid.count() == 1
    for status, glyph in (("met", "✓"), ("unmet", "✗"), ("exempt", "－")):
        cell = grid.locator(f"td.cr-{status}").first
        assert cell.inner_text() == glyph
        colour = cell.evaluate("el => getComputedStyle(el).backgroundColor")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), (status, colour)
    assert "已完成，3/1 次" in grid.locator("td.cr-met").first.get_attribute("title")
    browser_page.screenshot(path="/tmp/internal-actor.png", full_page=True)

    # The hostile body is inert: no dialog, no script or image from it, no javascript: link.
    body = browser_page.locator("blockquote.cr-record-body", has_text="正文最后一段")
    assert body.count() == 1
    assert body.locator("script, img, iframe, [onerror]").count() == 0
    assert browser_page.locator("article script, article img").count() == 0
    assert browser_page.evaluate("typeof window.__pwned") == "undefined"
    hrefs = browser_page.eval_on_selector_all("article a[href]", "els => els.map(a => a.href)")
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:"))]
    assert dialogs == []
    browser_page.assert_clean()


def test_search_finds_person_by_chinese_name(site: BuildStats, serve_dir, browser_page) -> None:
    base = serve_dir(site.site_dir)
    browser_page.goto(base)
    browser_page.material_search("王建国")
    links = browser_page.wait_for_search_result("people/wang-jianguo/")
    assert any("people/wang-jianguo/" in link for link in links)
    browser_page.assert_clean()
