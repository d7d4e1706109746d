"""End-to-end check of generator/site/base.yml with a tiny Chinese demo site.

Builds a site whose mkdocs.yml INHERITs base.yml, serves it on 127.0.0.1 and
drives Debian's Chromium: Chinese search, ECharts rendering, and that nothing
is requested from any other host.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.site.offline import assert_offline, build_site

SITE_PKG = Path(__file__).resolve().parents[2] / "generator" / "site"
BASE_YML = SITE_PKG / "base.yml"
SCREENSHOT = Path("/tmp/base-site.png")

CHART_OPTION = {
    "title": {"text": "各月联系次数"},
    "tooltip": {},
    "xAxis": {"type": "category", "data": ["一月", "二月", "三月"]},
    "yAxis": {"type": "value"},
    "series": [{"type": "bar", "name": "次数", "data": [3, 5, 2]}],
}

CHART_DIV = (
    f'<div class="cr-chart" id="demo-chart" '
    f"data-chart='{json.dumps(CHART_OPTION, ensure_ascii=False)}'></div>"
)

PAGES = {
    "index.md": f"""# 联系师生工作记录

本站汇总领导干部联系师生的工作记录。

## 月度统计

{CHART_DIV}

| 姓名 | 一月 | 二月 |
| --- | --- | --- |
| 王建国 | 已完成 {{: .cr-met }} | 未完成 {{: .cr-unmet }} |
""",
    "people/index.md": "# 人员\n\n- [王建国](wang-jianguo.md)\n- [李晓红](li-xiaohong.md)\n",
    "people/wang-jianguo.md": """# 王建国

## 宿舍走访

2024年3月12日到学生宿舍走访，了解学生的学习和生活情况。
""",
    "people/li-xiaohong.md": """# 李晓红

## 课堂听课

2024年4月2日随堂听课，与任课教师交流教学安排。
""",
}


def write_demo_site(root: Path) -> Path:
    docs = root / "docs"
    for rel, text in PAGES.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shutil.copytree(SITE_PKG / "assets", docs / "assets")
    config = root / "mkdocs.yml"
    config.write_text(
        f"""INHERIT: {BASE_YML.as_posix()}
site_name: 联系师生工作记录（演示）
docs_dir: docs
site_dir: site
nav:
  - 首页: index.md
  - 人员:
      - people/index.md
      - people/wang-jianguo.md
      - people/li-xiaohong.md
extra_css:
  - assets/extra.css
extra_javascript:
  - assets/vendor/echarts.min.js
  - assets/charts.js
""",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo-site")
    config = write_demo_site(root)
    build_site(config, strict=True)
    return root / "site"


# ------------------------------------------------------------------ build output


def test_built_site_is_offline(demo_site: Path) -> None:
    assert assert_offline(demo_site) == []
    html = (demo_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in html
    assert "assets/vendor/echarts.min.js" in html


def test_chinese_headings_get_unicode_anchors(demo_site: Path) -> None:
    html = (demo_site / "people" / "wang-jianguo" / "index.html").read_text(encoding="utf-8")
    assert 'id="宿舍走访"' in html


def test_search_index_is_segmented_by_jieba(demo_site: Path) -> None:
    index = json.loads((demo_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    assert "\\u200b" in index["config"]["separator"]
    texts = [d["text"] for d in index["docs"] if d["location"].startswith("people/wang-jianguo/")]
    assert any("\u200b" in t for t in texts), "jieba did not segment Chinese text at build time"


def test_assert_offline_flags_remote_references(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<link rel="canonical" href="https://records.intranet/a/">\n'
        '<img src="https://example.com/x.png"><script src="//cdn.example.org/x.js"></script>\n'
        '<a href="https://records.intranet/b/">own host</a>\n'
        '<link href="https://fonts.googleapis.com/css?family=Roboto" rel="stylesheet">\n',
        encoding="utf-8",
    )
    (tmp_path / "b.css").write_text(
        "body{background:url('http://example.net/bg.png')}", encoding="utf-8"
    )
    (tmp_path / "c.js").write_text('var NS="http://www.w3.org/2000/svg";', encoding="utf-8")
    found = assert_offline(tmp_path)
    joined = "\n".join(found)
    assert "a.html:2: " in joined and "example.com/x.png" in joined
    assert "cdn.example.org" in joined
    assert "fonts.googleapis" in joined
    assert "b.css:1: " in joined
    assert "records.intranet" not in joined  # the canonical host is the site's own
    assert "c.js" not in joined  # XML namespace constants are not references
    assert len(found) == 4


# ----------------------------------------------------------------------- browser


@pytest.mark.browser
def test_search_chart_and_no_foreign_requests(demo_site: Path, serve_dir, browser_page) -> None:
    base_url = serve_dir(demo_site)
    page = browser_page
    page.goto(base_url, wait_until="networkidle")

    # ECharts rendered the inline chart (SVG renderer, see assets/charts.js).
    page.wait_for_selector("#demo-chart svg")
    assert page.get_attribute("#demo-chart", "data-chart-rendered") == "1"
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    # Material's search: a Chinese name must find the person's page first.
    page.material_search("王建国")
    hrefs = page.wait_for_search_result("/people/wang-jianguo/")
    assert urlsplit(hrefs[0]).path == "/people/wang-jianguo/", hrefs
    assert "王建国" in page.inner_text("li.md-search-result__item >> nth=0")

    # Words from the body text (segmented by jieba at build time) find the
    # right section, and not the other person.
    page.material_search("宿舍")
    hrefs = page.wait_for_search_result("/people/wang-jianguo/")
    assert all("li-xiaohong" not in h for h in hrefs), hrefs
    page.material_search("听课")
    hrefs = page.wait_for_search_result("/people/li-xiaohong/")
    assert all("wang-jianguo" not in h for h in hrefs), hrefs

    # Follow a result to the page itself.
    page.material_search("王建国")
    page.wait_for_search_result("/people/wang-jianguo/")
    page.click("a.md-search-result__link[href*='/people/wang-jianguo/'] >> nth=0")
    page.wait_for_url("**/people/wang-jianguo/**")
    assert page.inner_text("article h1").strip().startswith("王建国")

    page.assert_clean()
    assert page.requests, "no requests were recorded at all"
    assert any("search_index.json" in u for u in page.requests)


@pytest.mark.browser
def test_harness_records_and_blocks_foreign_requests(tmp_path: Path, serve_dir, browser_page):
    (tmp_path / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><title>t</title>"
        '<img src="http://example.invalid/pixel.png">'
        "<script>console.error('boom')</script>",
        encoding="utf-8",
    )
    browser_page.goto(serve_dir(tmp_path), wait_until="load")
    browser_page.wait_for_function("() => document.images[0].complete")
    assert browser_page.foreign_requests() == ["http://example.invalid/pixel.png"]
    assert any("boom" in e for e in browser_page.console_errors)
    with pytest.raises(AssertionError, match="example.invalid"):
        browser_page.assert_no_foreign_requests()
    with pytest.raises(AssertionError, match="boom"):
        browser_page.assert_no_errors()
