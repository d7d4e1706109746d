"""The internal site shows an amendment and the record it replaced, with the trail: what changed,
the reason, the date and who filed it; a restricted side shows dates and types only."""

from __future__ import annotations

from datetime import date

from gitrepo import change, init_main

from generator import pipeline
from generator.site.internal import render

WANG = "records/2024-2025-1/wang-jianguo"
OLD = f"{WANG}/2024-10-15-dorm-visit.md"  # mini fixture: 14:30–16:00, dorm-12-305, with li-hong
NEW = f"{WANG}/2024-10-14-dorm-visit.md"
AMENDMENT = f"""\
---
by: wang-jianguo
date: 2024-10-14
start: "14:30"
end: "16:00"
type: dorm-visit
targets: [dorm-12-305]
with: [li-hong]
location: 12栋305
summary: 与宿舍同学座谈，了解学习和生活情况。
guidance: [思政引导, 学业辅导]
amends: {OLD}
reason: 日期填写错误
---
与 305 宿舍四名同学座谈。
"""
AS_OF = date(2024, 10, 20)


def test_person_page_shows_the_amendment_with_its_trail(make_repo) -> None:
    root = init_main(make_repo())
    change(root, {NEW: AMENDMENT})  # first committed on 2024-11-05 (gitrepo.CHANGE_DATE)
    outcome = pipeline.run(root, as_of=date(2024, 11, 6))
    assert OLD in outcome.validation.superseded
    page = render(outcome).pages["people/wang-jianguo.md"]
    assert ("<span class=\"cr-badge\">更正</span> 取代了原记录“2024-10-15 进宿舍（1.5 小时）”"
            f"（{OLD}）。更正原因：日期填写错误；更正日期：2024-11-05；"
            "填报：[王建国](wang-jianguo.md)。") in page
    assert "| 日期 | 2024-10-15 | 2024-10-14 |" in page
    assert "| 正文 | （原正文） | （已修改） |" in page
    assert "| 类型 |" not in page  # unchanged fields are not listed
    # the amended record counts no more, the amendment does
    assert page.count("**2024-10-15（周二）") == 0 and page.count("**2024-10-14（周一）") == 1


def test_target_and_home_pages_mark_the_correction(make_repo) -> None:
    outcome = pipeline.run(make_repo({NEW: AMENDMENT}), as_of=AS_OF, use_git=False)
    pages = render(outcome).pages
    assert "（更正记录，取代 2024-10-15 的原记录） |" in pages["targets/dorm-12-305.md"]
    assert "（更正记录，取代 2024-10-15 的原记录） |" in pages["index.md"]


def test_restricted_trail_shows_dates_and_types_only(make_repo) -> None:
    restricted = AMENDMENT.replace("summary: 与宿舍同学座谈，了解学习和生活情况。", "summary: 不应出现的简况。\nvisibility: restricted")
    outcome = pipeline.run(make_repo({NEW: restricted}), as_of=AS_OF, use_git=False)
    page = render(outcome).pages["people/wang-jianguo.md"]
    assert "不应出现的简况" not in page and "日期填写错误" not in page
    assert "取代了原记录“2024-10-15 进宿舍”（" in page  # no duration: the correction is restricted
    assert "更正原因：（受限记录，不显示）；更正日期：尚未提交" in page
    assert "| 日期 | 2024-10-15 | 2024-10-14 |" in page
    assert "| 工作简况 | （受限记录，不显示） | （受限记录，不显示） |" in page
