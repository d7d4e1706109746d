"""The sample's internal site on a phone (390×844) and in search: every page type without sideways
scrolling, what is still owed on the first screen, the current period in view, names found whole.

The sample (not the mini fixture) is what a new user opens first, and its long unit names, rule
titles and paths are what would overflow a phone. Screenshots of each page type at 390 px go to
/tmp/phone-<page>.png for a human look.
"""

from __future__ import annotations

import pytest
from harness import OVERFLOW, PHONE

from generator.site.build import BuildStats

#: One page of every type the internal site has.
PAGE_TYPES = {
    "home": "",
    "form": "form/",
    "people": "people/",
    "person": "people/cai-junli/",
    "units": "units/",
    "unit": "units/party-committee/",
    "branch": "units/econ-general-branch/",
    "rules": "rules/",
    "rule": "rules/b2-weekly-face/",
    "roster-rules": "rules/roster/",
    "targets": "targets/",
    "target": "targets/dorm-1-201/",
    "problems": "problems/",
    "quality": "quality/",
    "policy": "policy/",
}

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_sideways_scrolling_on_a_phone(kind: str, sample_site: BuildStats, serve_dir, browser_page_factory) -> None:
    page = browser_page_factory(viewport=PHONE)
    page.goto(serve_dir(sample_site.site_dir) + PAGE_TYPES[kind])
    page.wait_for_load_state("load")
    found = page.evaluate(OVERFLOW)
    assert found == {"page": 0, "wide": []}
    page.screenshot(path=f"/tmp/phone-{kind}.png")
    page.assert_clean()


def test_a_person_page_opens_with_what_is_still_owed(sample_site: BuildStats, serve_dir, browser_page_factory) -> None:
    page = browser_page_factory(viewport=PHONE)
    page.goto(serve_dir(sample_site.site_dir) + "people/cai-junli/")
    owed = page.locator("h2", has_text="还需完成").first
    assert owed.bounding_box()["y"] < PHONE["height"]  # on the first screen
    items = page.locator("h2:has-text('还需完成') + .cr-key li")
    assert items.count() >= 1
    text = items.first.inner_text()
    assert "还差 1 次" in text and "截止" in text and "计入：" in text  # readable without hovering
    # the month grid is scrolled so that the current month sits next to the rule titles
    page.wait_for_function("() => [...document.querySelectorAll('.cr-grid-wrap')].some(w => w.scrollLeft > 0)")
    for wrap in page.locator(".cr-grid-wrap").all():
        now = wrap.locator("thead th.cr-now")
        if now.count():
            box, frame = now.bounding_box(), wrap.bounding_box()
            assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1
    # the term's newest records, collapsed by month, the newest open; earlier terms counted
    months = page.locator("details.cr-month")
    assert months.count() >= 1 and months.first.get_attribute("open") is not None
    assert all(months.nth(i).get_attribute("open") is None for i in range(1, months.count()))
    assert page.locator("h2", has_text="往期记录").count() == 1
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 20_000, height  # it was 77,000 px with every record open
    page.assert_clean()


def test_the_calendar_legend_has_numbers(sample_site: BuildStats, serve_dir, browser_page) -> None:
    browser_page.goto(serve_dir(sample_site.site_dir) + "people/cai-junli/")
    browser_page.wait_for_function("() => document.querySelectorAll('.cr-chart svg').length >= 1")
    texts = browser_page.eval_on_selector_all(".cr-chart svg text", "els => els.map(e => e.textContent)")
    assert "1 条" in texts and any(t.endswith("条及以上") or t == "3 条" for t in texts), texts


#: (query, page it must find, id the result shows)
SEARCHES = [
    ("尹娜振", "people/yin-nazhen/", "yin-nazhen"),  # jieba alone splits it: 尹娜/振
    ("夏晗飞", "people/xia-hanfei/", "xia-hanfei"),
    ("每周与学生当面接触", "rules/b2-weekly-face/", "b2-weekly-face"),  # rule pages are searchable
    ("1栋201宿舍", "targets/dorm-1-201/", "dorm-1-201"),  # and target pages, digits and all
]


def test_search_finds_people_rules_and_targets_with_their_ids(sample_site: BuildStats, serve_dir, browser_page) -> None:
    browser_page.goto(serve_dir(sample_site.site_dir))
    for query, href, shown in SEARCHES:
        browser_page.material_search(query)
        links = browser_page.wait_for_search_result(href)
        assert href in links[0], (query, links[:3])  # the first result
        item = browser_page.locator("li.md-search-result__item").first
        assert shown in item.inner_text(), query  # it shows the id, not only the name
    browser_page.assert_clean()


def test_the_404_page_is_chinese(sample_site: BuildStats) -> None:
    text = (sample_site.site_dir / "404.html").read_text(encoding="utf-8")
    assert "找不到这个页面" in text and "Not found" not in text
