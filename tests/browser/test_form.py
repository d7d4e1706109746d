"""The record form (填报记录) in a real browser, on the sample's internal site, on a phone.

One page, filled the way a cadre would: her Chinese name typed, her own dorm picked from the list of
her assigned targets, the week's standing seen to change, the composed file taken from the page,
written into a Git copy of the repository and accepted by ``validate`` with no finding for it. Then
the same form with a phone number, a second canteen meal that day and an end before the start: the
page shows the command line's own messages and composes nothing. The browser runs in Los Angeles
time with its clock pinned to an instant that is already the next day in Shanghai, so "today" is
the institution's calendar day (never a UTC or browser-zone conversion). Screenshots at 390×844
go to /tmp/form-*.png for a human look.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from gitrepo import git
from harness import OVERFLOW, PHONE, ROOT

from generator import scaffold
from generator.cli import main
from generator.site.build import BuildStats

pytestmark = pytest.mark.browser

#: 2026-11-21 17:00 UTC: 09:00 on the 21st in Los Angeles, already 01:00 on the 22nd in Shanghai.
INSTANT = "2026-11-21T17:00:00Z"
SHANGHAI_TODAY = "2026-11-22"
PATH = "records/2026-2027-1/han-tongcheng/2026-11-20-dorm-visit.md"
SUMMARY = "与宿舍同学座谈，了解学习和生活情况。"


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample repository in a fresh Git repository, every file committed (the form's file is new)."""
    root = tmp_path_factory.mktemp("form-repo") / "repo"
    for folder in ("rosters", "policies", "records", "catalogue"):
        shutil.copytree(ROOT / folder, root / folder)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sample")
    return root


def findings_for(root: Path, rel: str, text: str) -> list[tuple[str, str]]:
    """(code, message) of every finding ``validate`` reports for the file ``rel`` holding ``text``."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    try:
        result = CliRunner().invoke(main, ["--repo", str(root), "validate", "--format", "json"])
    finally:
        path.unlink()
    assert result.exit_code in (0, 1), result.output
    return [(d["code"], d["message"]) for d in json.loads(result.output)["diagnostics"] if d["file"] == rel]


def pick(page, picker: str, typed: str, ref: str) -> None:
    box = page.locator(f"[data-picker='{picker}']")
    box.click()
    box.fill(typed)
    page.locator(f"[data-field='{picker}'] .cr-suggestions button[data-id='{ref}']").click()
    assert page.locator(f"[data-field='{picker}'] .cr-chip[data-id='{ref}']").count() == 1


def no_sideways_scrolling(page) -> None:
    assert page.evaluate(OVERFLOW) == {"page": 0, "wide": []}
    wide = page.evaluate("() => [...document.querySelectorAll('#cr-form *')].filter(e => "
                         "e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
                         ".map(e => e.tagName + '.' + e.className)")
    assert wide == []


def test_a_cadre_files_a_record_on_her_phone(sample_site: BuildStats, serve_dir, browser_page_factory,
                                            repo_copy: Path) -> None:
    page = browser_page_factory(viewport=PHONE, timezone_id="America/Los_Angeles",
                                permissions=["clipboard-read", "clipboard-write"])
    page.clock.set_fixed_time(INSTANT)
    page.goto(serve_dir(sample_site.site_dir) + "form/")
    page.wait_for_selector("[data-picker='filer']")
    assert page.evaluate("() => new Date().getDate()") == 21  # the browser's own zone is still on the 21st
    assert page.locator("input[name='date']").get_attribute("max") == SHANGHAI_TODAY
    assert page.locator("input[name='date']").input_value() == "2026-11-20"  # the sample's as-of date

    pick(page, "filer", "韩彤成", "han-tongcheng")
    assert page.locator("select[name='actor']").input_value() == "han-tongcheng"
    weekly = page.locator(".cr-standing-row[data-rule='b2-weekly-face']")
    page.wait_for_selector(".cr-standing-row[data-rule='b2-weekly-face']")
    assert weekly.inner_text().split("\n")[-1] == "0/1 次 进行中"
    page.locator("select[name='type']").select_option(label="进宿舍")
    page.locator("[data-picker='targets']").click()  # the assigned targets are offered first
    group = page.locator("[data-field='targets'] .cr-suggestions li").first.inner_text()
    assert group == "分配给您的"
    pick(page, "targets", "3栋301", "dorm-3-301")
    page.locator("textarea[name='summary']").fill(SUMMARY)
    assert weekly.inner_text().split("\n")[-1] == "0/1 次 → 1/1 次 已完成"  # the standing changes
    assert "cr-gain" in (weekly.get_attribute("class") or "")
    gains = page.locator(".cr-gains")  # repeated beside the fields on a phone
    assert gains.is_visible() and "班子成员每周与学生当面接触至少1次 0/1 → 1/1 已完成" in gains.inner_text()
    page.locator("[data-field='type']").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/form-phone-fields.png", full_page=False)

    assert page.locator(".cr-path").inner_text() == PATH
    text = page.locator(".cr-content").input_value()
    assert text == scaffold.compose({"by": "han-tongcheng", "date": "2026-11-20", "type": "dorm-visit",
                                     "targets": ["dorm-3-301"], "summary": SUMMARY})
    forge = urlsplit(page.locator("a.cr-forge").get_attribute("href") or "")
    assert forge.netloc == "git.donghu.example" and forge.path.endswith("/_new/main/records/2026-2027-1/han-tongcheng/")
    assert parse_qs(forge.query) == {"filename": ["2026-11-20-dorm-visit.md"], "value": [text]}
    with page.expect_download() as download:
        page.locator("a[download]").click()
    assert download.value.suggested_filename == "2026-11-20-dorm-visit.md"
    assert Path(download.value.path()).read_text(encoding="utf-8") == text
    page.get_by_role("button", name="复制内容").click()
    page.wait_for_selector(".cr-note:has-text('已复制')")
    assert page.evaluate("() => navigator.clipboard.readText()") == text
    assert page.locator(".cr-next").count() == 1  # what happens next: open a pull request
    no_sideways_scrolling(page)
    page.screenshot(path="/tmp/form-phone-valid.png", full_page=False)
    page.locator(".cr-output").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/form-phone-composed.png", full_page=False)
    assert findings_for(repo_copy, PATH, text) == []

    # A second canteen meal that day (she had one on 2026-11-06), a phone number, an end before the start.
    page.locator("input[name='date']").fill("2026-11-06")
    page.locator("select[name='type']").select_option(label="进食堂（与学生同餐）")
    page.locator("input[name='start']").fill("12:30")
    page.locator("input[name='end']").fill("12:00")
    page.locator("textarea[name='summary']").fill("与同学共进午餐，班长电话 138 1234 5678。")
    shown = page.eval_on_selector_all(".cr-issue-list.cr-error li", "els => els.map(e => [e.dataset.code, "
                                      "e.textContent.slice(e.dataset.code.length + 1)])")
    wrong = scaffold.compose({"by": "han-tongcheng", "date": "2026-11-06", "start": "12:30", "end": "12:00",
                              "type": "canteen-meal", "targets": ["dorm-3-301"],
                              "summary": "与同学共进午餐，班长电话 138 1234 5678。"})
    cli = findings_for(repo_copy, "records/2026-2027-1/han-tongcheng/2026-11-06-canteen-meal-2.md", wrong)
    assert sorted(map(tuple, shown)) == sorted(cli), (shown, cli)
    assert sorted(code for code, _ in cli) == ["record-over-quota", "record-personal-data", "record-time-order"]
    assert page.locator(".cr-content, a.cr-forge, a[download]").count() == 0  # nothing composed
    assert page.locator(".cr-refused").count() == 1
    no_sideways_scrolling(page)
    page.locator(".cr-issues").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/form-phone-refused.png", full_page=False)

    # "Today" is Shanghai's 22nd: the 22nd may be filed, the 23rd is in the future.
    page.locator("input[name='date']").fill(SHANGHAI_TODAY)
    assert page.locator("[data-code='record-future']").count() == 0
    page.locator("input[name='date']").fill("2026-11-23")
    assert page.locator("[data-code='record-future']").inner_text().endswith(
        f"活动日期 2026-11-23 晚于今天（{SHANGHAI_TODAY}）。不能提前登记尚未发生的活动，请核对日期。")
    page.assert_clean()
