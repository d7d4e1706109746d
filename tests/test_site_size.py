"""The internal site's size follows people, not records: a nav of sections, paged lists, rule pages
summarised by unit, actor pages that show the current term's newest records and count the rest."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from helpers import MINI

from generator import pipeline
from generator.site.build import build
from generator.site.internal import actors, boards, paging, render, rows, targets

ROOT = Path(__file__).resolve().parent.parent

AS_OF = date(2024, 10, 20)
EARLIER_TERM = """  - id: 2023-2024-2
    name: 2023—2024学年第二学期
    start: 2024-02-26
    end: 2024-07-05
"""
EARLIER_RECORD = """---
by: wang-jianguo
date: 2024-03-12
type: dorm-visit
targets: [dorm-12-305]
summary: 上学期的走访，只计数不列出。
---
"""


@pytest.fixture(scope="module")
def two_terms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("terms") / "repo"
    shutil.copytree(MINI, root)
    calendar = root / "rosters" / "calendar.yml"
    calendar.write_text(calendar.read_text(encoding="utf-8").replace("terms:\n", "terms:\n" + EARLIER_TERM), encoding="utf-8")
    rec = root / "records" / "2023-2024-2" / "wang-jianguo" / "2024-03-12-dorm-visit.md"
    rec.parent.mkdir(parents=True)
    rec.write_text(EARLIER_RECORD, encoding="utf-8")
    return root


def test_the_nav_holds_sections_and_rules_only() -> None:
    site = render(pipeline.run(MINI, as_of=AS_OF, use_git=False))
    assert [next(iter(entry)) for entry in site.nav] == ["首页", "填报记录", "人员", "单位", "规则", "联系对象", "问题", "数据质量",
                                                       "保密审查", "制度"]
    flat = yaml.safe_dump(site.nav, allow_unicode=True)
    assert "people/wang-jianguo.md" not in flat and "units/" not in flat.replace("units/index.md", "")
    assert site.nav[4] == {"规则": ["rules/index.md", {"每周面对面接触学生不少于1次": "rules/weekly-face.md"},
                                  {"分配、覆盖与名册规则": "rules/roster.md"}]}


def test_long_lists_are_paged_and_every_page_links_the_others(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(actors, "PEOPLE_PER_PAGE", 1)
    monkeypatch.setattr(actors, "UNITS_PER_PAGE", 4)
    monkeypatch.setattr(targets, "TARGETS_PER_PAGE", 3)
    monkeypatch.setattr(boards, "PROBLEMS_PER_PAGE", 1)
    site = render(pipeline.run(MINI, as_of=AS_OF, use_git=False))
    assert [p for p in site.pages if p.startswith("people/") and ("index" in p or "list_" in p)] == [
        "people/index.md", "people/list_2.md", "people/list_3.md"]
    assert "units/list_2.md" in site.pages and "targets/list_2.md" in site.pages
    assert "共 3 项，分 3 页：[第 1 页](index.md) · 第 2 页 · [第 3 页](list_3.md)" in site.pages["people/list_2.md"]
    assert site.pages["people/list_3.md"].count("](../people/") == 0  # links within the folder are short
    assert site.pages["people/list_3.md"].count("| [") == 1  # one person per page
    # every page of every list is built, and every link between them resolves (strict: no warnings)
    build(site, tmp_path / "build", tmp_path / "site", strict=True)
    assert (tmp_path / "site" / "internal" / "people" / "list_3" / "index.html").is_file()


def test_paths_of_later_pages_cannot_be_ids() -> None:
    assert paging.page_paths("people/index.md", 3) == ["people/index.md", "people/list_2.md", "people/list_3.md"]
    assert paging.page_paths("problems.md", 2) == ["problems.md", "problems_2.md"]
    assert paging.chunks([], 5) == [[]] and paging.chunks([1, 2, 3], 2) == [[1, 2], [3]]


def test_earlier_terms_are_counted_not_listed(two_terms: Path) -> None:
    outcome = pipeline.run(two_terms, as_of=AS_OF, use_git=False)
    assert not outcome.has_errors, [d for d in outcome.diagnostics if d.severity == "error"]
    site = render(outcome)
    page = site.pages["people/wang-jianguo.md"]
    assert "## 往期记录" in page and "| 2023—2024学年第二学期 | 1 | 0 |" in page
    assert "上学期的走访" not in page
    target = site.pages["targets/dorm-12-305.md"]
    assert "| 2023—2024学年第二学期 | 1 | 0 |" in target and "上学期的走访" not in target


def test_an_actor_page_shows_the_newest_records_and_counts_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rows, "SHOWN_RECORDS", 1)
    site = render(pipeline.run(MINI, as_of=AS_OF, use_git=False))
    page = site.pages["people/wang-jianguo.md"]
    shown = page.count("· 文件：records/")
    assert shown == 1
    assert "本月另有 1 条更早的记录" in page  # the mini fixture's two October records of 王建国


def test_a_rule_page_summarises_by_unit() -> None:
    page = render(pipeline.run(MINI, as_of=AS_OF, use_git=False)).pages["rules/weekly-face.md"]
    assert "## 按单位" in page and "## 按周期" in page
    assert "| [中共测试职业学院委员会](../units/party-committee.md) | 1 | 1 | 1 | 5 | 0 | 16.7% |" in page
    assert "<table" not in page  # no actor × period grid


def test_rendering_in_workers_gives_the_same_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.site.internal import pages

    outcome = pipeline.run(MINI, as_of=AS_OF, use_git=False)
    serial = render(outcome)
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pages, "CHUNK", 3)  # many runs, the last one short: the order must survive
    assert len(serial.pages) % 3 and len(serial.pages) > 3 * 3
    forked = render(outcome, jobs=2)
    assert forked.pages == serial.pages and list(forked.pages) == list(serial.pages)


def test_the_outputs_made_while_the_workers_render_give_the_same_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """``build`` makes the policy's outputs while the workers render every other page: the site is
    the one rendered with the outputs made first, and a page that read them too early would fail."""
    from generator import exports
    from generator.site.internal import pages

    outcome = pipeline.run(ROOT, use_git=False)  # the sample: its policy asks for outputs of every kind
    produced, feeds = exports.produce(outcome), exports.feeds(outcome)
    assert produced and feeds
    first = render(outcome, produced, feeds)
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pages, "CHUNK", 3)
    made: list[int] = []
    during = render(outcome, jobs=2, outputs=lambda: (made.append(1), (produced, feeds))[1])
    assert made == [1]
    assert during.pages == first.pages and list(during.pages) == list(first.pages)
    assert during.nav == first.nav and during.files == first.files
    # a page among the workers' that read the outputs would fail instead of showing none
    monkeypatch.setattr(pages.boards, "quality", lambda ctx: [*ctx.produced])
    with pytest.raises(RuntimeError, match="before they were made"):
        render(outcome, jobs=2, outputs=lambda: (produced, feeds))
