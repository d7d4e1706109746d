"""The internal site's generated Markdown: golden pages for the mini fixture, plus targeted checks.

The golden files under tests/golden/internal/ are the exact pages (and, in ``_source.yml``, the
site name and nav) that ``generator.site.internal.render`` produces for tests/fixtures/mini as of
2024-10-20. After an intended change, regenerate them and review the diff:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_site_internal.py

The targeted tests run on a copy of the mini fixture with hostile and privacy-relevant records added
(``hostile_repo``): a restricted counselling record about a sensitive student, and a record whose
summary, location, problem and body try to break tables and inject script.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from helpers import write_repo

from generator import pipeline
from generator.privacy import mask_name
from generator.site.build import SiteSource, build, page_title, with_inert_title
from generator.site.internal import render
from generator.site.markup import md_inline, status_badge
from generator.site.sanitize import clean_html, render_body
from generator.text import format_hours, format_rate

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"
GOLDEN = HERE / "golden" / "internal"
SOURCE_FILE = "_source.yml"
AS_OF = date(2024, 10, 20)
UPDATE = bool(os.environ.get("UPDATE_GOLDEN"))

HOSTILE_BODY = """# 正文标题

<script>alert(1)</script>
<img src=x onerror=alert(1)>

[x](javascript:alert(1))

第二段。
"""

# Roster names reach mkdocs' nav, <title> and aria-label attributes, which mkdocs does not escape.
HOSTILE_UNIT = 'H<b>后勤</b>"处" | *A*'
HOSTILE_INSTITUTION = '测试"><img src=x onerror=alert(1)>学院 `b`'

EXTRA_RECORDS = {
    "records/2024-2025-1/li-hong/2024-10-17-counselling.md": """---
by: li-hong
date: 2024-10-17
type: counselling
targets: [stu-0003]
summary: 与周明谈心，受限摘要不应出现。
---
受限正文不应出现。
""",
    "records/2024-2025-1/li-hong/2024-10-18-dorm-visit.md": """---
by: li-hong
date: 2024-10-18
type: dorm-visit
targets: [dorm-12-305, stu-0002]
location: "12栋|305 <b>楼</b>"
summary: |
  走访 a|b 宿舍 <i>斜体</i> *强调*
  第二行
problems:
  - summary: "热水 | 供应 <script>alert(2)</script>"
    refer_to: logistics-dept
---
""" + HOSTILE_BODY,
}


def source_yaml(src: SiteSource) -> str:
    return yaml.safe_dump({"name": src.name, "site_name": src.site_name, "nav": src.nav},
                          allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def mini_site() -> SiteSource:
    return render(pipeline.run(MINI, as_of=AS_OF, use_git=False))


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "repo"
    shutil.copytree(MINI, root)
    for rel, text in EXTRA_RECORDS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    units = root / "rosters" / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace(
        "name: 后勤管理处", f"name: '{HOSTILE_UNIT}'"), encoding="utf-8")
    institution = root / "rosters" / "institution.yml"
    institution.write_text(institution.read_text(encoding="utf-8").replace(
        "name: 测试职业学院", f"name: '{HOSTILE_INSTITUTION}'"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def hostile_site(hostile_repo: Path) -> SiteSource:
    outcome = pipeline.run(hostile_repo, as_of=AS_OF, use_git=False)
    assert not outcome.has_errors, [d for d in outcome.diagnostics if d.severity == "error"]
    return render(outcome)


def front_matter(page: str) -> dict:
    if not page.startswith("---\n"):
        return {}
    return yaml.safe_load(page[4:].split("\n---\n", 1)[0]) or {}


def to_html(page: str) -> str:
    """The page as mkdocs would turn it into HTML (front matter stripped)."""
    if page.startswith("---\n"):
        page = page.split("\n---\n", 1)[1]
    return markdown.markdown(page, extensions=["tables", "attr_list", "md_in_html"])


class Tags(HTMLParser):
    """Collects start tags with attributes and the cell count of every table row."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[list[int]] = []  # per table, cells per row
        self._cells = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self.rows.append([])
        elif tag == "tr":
            self._cells = 0
        elif tag in ("td", "th"):
            self._cells += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self.rows:
            self.rows[-1].append(self._cells)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


# --------------------------------------------------------------------------- golden

def test_golden_pages(mini_site: SiteSource) -> None:
    if UPDATE:
        if GOLDEN.exists():
            shutil.rmtree(GOLDEN)
        for rel, text in mini_site.pages.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
        (GOLDEN / SOURCE_FILE).write_text(source_yaml(mini_site), encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(GOLDEN.rglob("*.md"))}
    assert sorted(mini_site.pages) == sorted(expected), "page set changed; see module docstring"
    for rel, text in mini_site.pages.items():
        assert text == expected[rel], f"{rel} differs from tests/golden/internal/{rel}"


def test_golden_nav_and_name(mini_site: SiteSource) -> None:
    assert source_yaml(mini_site) == (GOLDEN / SOURCE_FILE).read_text(encoding="utf-8")
    assert mini_site.name == "internal"
    assert mini_site.site_name == "测试职业学院联系师生工作（内部）"


def test_deterministic(hostile_repo: Path) -> None:
    first = render(pipeline.run(hostile_repo, as_of=AS_OF, use_git=False))
    second = render(pipeline.run(hostile_repo, as_of=AS_OF, use_git=False))
    assert first.pages == second.pages and first.nav == second.nav


def test_page_set_scales_with_roster_not_records(mini_site: SiteSource, hostile_site: SiteSource) -> None:
    # 3 people, 6 units, 1 rule, 4 targets with pages; 11 fixed pages (the record form among them)
    assert len(mini_site.pages) == 3 + 6 + 1 + 4 + 11
    assert sorted(hostile_site.pages) == sorted(mini_site.pages)
    assert all(re.fullmatch(r"[a-z0-9/_.-]+", p) for p in mini_site.pages)


def test_search_exclusion(mini_site: SiteSource) -> None:
    excluded = {p for p, text in mini_site.pages.items()
                if front_matter(text).get("search", {}).get("exclude") is True}
    assert {"quality.md", "disclosure.md", "rules/roster.md", "targets/index.md"} <= excluded
    # rule and target pages are searchable (their grids and record lists are not)
    assert not {p for p in excluded if p.startswith(("people/", "rules/weekly", "targets/dorm"))
                and "index" not in p and "list_" not in p}  # list pages are not; names are found on their own
    assert "## 本学期记录 { data-search-exclude }" in mini_site.pages["targets/dorm-12-305.md"]
    assert "policy.md" not in excluded and "index.md" not in excluded
    assert front_matter(mini_site.pages["people/wang-jianguo.md"]) == {"hide": ["toc"]}


def test_links_are_markdown_links_the_engine_checks(hostile_site: SiteSource) -> None:
    """No raw-HTML link anywhere (the status grids' row labels included): every link is a Markdown
    ``.md`` link, so the strict build below checks each one."""
    assert [p for p, text in hostile_site.pages.items() if "<a " in text or "href=" in text] == []
    grid_links = re.findall(r'<th scope="row"[^>]*markdown="span">\[[^]]*\]\(([^)]*)\)', "\n".join(hostile_site.pages.values()))
    assert grid_links and all(link.endswith(".md") for link in grid_links)


def test_strict_mkdocs_build(hostile_site: SiteSource, tmp_path: Path) -> None:
    """Every Markdown link points at a page and the nav matches the pages (strict = no warnings)."""
    build(hostile_site, tmp_path / "build", tmp_path / "site", strict=True)
    assert (tmp_path / "site" / "internal" / "people" / "wang-jianguo" / "index.html").is_file()
    # The hostile institution and unit names sit in every page's header, <title> and nav: inert there.
    for page in ("index.html", "units/logistics-dept/index.html"):
        tags = parse((tmp_path / "site" / "internal" / page).read_text(encoding="utf-8")).tags
        assert [a for t, a in tags if t == "img" and a.get("src") == "x"] == [], page
        assert [(t, a) for t, attrs in tags for a in attrs if a.startswith("on")] == [], page
        assert not [t for t, _ in tags if t == "b"], page


# --------------------------------------------------------------------------- privacy

def test_sensitive_students_never_unmasked(hostile_site: SiteSource) -> None:
    everything = "\n".join(hostile_site.pages.values()) + source_yaml(hostile_site)
    for name in ("周明", "刘晓"):  # stu-0003 (sensitive: true), stu-0002 (tag 困难学生)
        assert name not in everything
    assert "刘\\*（stu-0002）" in hostile_site.pages["people/li-hong.md"]
    assert mask_name("刘晓") == "刘*"


def test_restricted_record_shows_date_and_type_only(hostile_site: SiteSource) -> None:
    everything = "\n".join(hostile_site.pages.values())
    assert "受限摘要不应出现" not in everything
    assert "受限正文不应出现" not in everything
    page = hostile_site.pages["people/li-hong.md"]
    assert "**2024-10-17（周四） · 心理疏导谈话** · 受限记录，只显示日期和类型" in page
    assert "stu-0003" not in page  # not even the target of a restricted record


def test_scrub_masks_sensitive_names_in_messages(hostile_repo: Path) -> None:
    outcome = pipeline.run(hostile_repo, as_of=AS_OF, use_git=False)
    assert outcome.guard.scrub("刘晓和周明，刘晓峰，陈小雨") == "刘*和周*，刘*峰，陈小雨"


def test_leave_reasons_never_shown(hostile_site: SiteSource) -> None:
    assert "外出培训" not in "\n".join(hostile_site.pages.values())
    assert "2024-11-04 至 2024-11-29" in hostile_site.pages["people/li-hong.md"]


# --------------------------------------------------------------------------- escaping

def test_table_cells_with_pipes_stay_one_cell(hostile_site: SiteSource) -> None:
    for page in ("problems.md", "index.md", "people/li-hong.md", "targets/dorm-12-305.md"):
        tables = parse(to_html(hostile_site.pages[page])).rows
        assert tables, page
        for rows in tables:
            assert len(set(rows)) == 1, f"{page}: ragged table {rows}"
    html = to_html(hostile_site.pages["index.md"])
    assert "<td>热水 &#124; 供应 &lt;script&gt;alert(2)&lt;/script&gt;</td>" in html
    # the problems board lists open problems as items (phones), the text just as inert
    assert "· 热水 &#124; 供应 &lt;script&gt;alert(2)&lt;/script&gt; ·" in to_html(hostile_site.pages["problems.md"])


def test_nav_titles_are_inert(hostile_site: SiteSource) -> None:
    def titles(nav: object) -> list[str]:
        if isinstance(nav, dict):
            return [k for k in nav] + [t for v in nav.values() for t in titles(v)]
        if isinstance(nav, list):
            return [t for item in nav for t in titles(item)]
        return []

    page = hostile_site.pages["units/logistics-dept.md"]
    # a unit is not in the nav (nav.py): the build names its page in the front matter from its
    # heading, inert the same way (build.with_inert_title)
    assert front_matter(with_inert_title(page))["title"] == "H＜b＞后勤＜/b＞＂处＂ | *A*"
    found = titles(hostile_site.nav) + [hostile_site.site_name] + [
        front_matter(with_inert_title(text)).get("title", "") for text in hostile_site.pages.values()]
    assert hostile_site.site_name == "测试＂＞＜img src=x onerror=alert(1)＞学院 ｀b｀联系师生工作（内部）"
    assert not [t for t in found if set(t) & set("<>&\"'`")]
    assert '# H&lt;b&gt;后勤&lt;/b&gt;"处" &#124; \\*A\\*\n' in page
    assert hostile_site.pages["index.md"].startswith(f"# {md_inline(HOSTILE_INSTITUTION)}联系师生工作\n")


@pytest.mark.parametrize("heading", ["走访 a: b #c", "😀 谈心谈话", "'引号' 与 \"双引号\"", "- 列表", "yes", "1.5", "~", "\u3000全角空格"])
def test_the_title_set_in_front_matter_reads_back_as_the_heading(heading: str) -> None:
    page = f"---\nsearch:\n  exclude: true\n---\n\n# {heading}\n\n正文\n"
    titled = with_inert_title(page)
    assert front_matter(titled) == {"search": {"exclude": True}, "title": page_title(page)}
    assert page_title(page) and titled.endswith("---\n\n# " + heading + "\n\n正文\n")


def test_user_text_is_escaped(hostile_site: SiteSource) -> None:
    html = to_html(hostile_site.pages["people/li-hong.md"])
    assert "走访 a&#124;b 宿舍 &lt;i&gt;斜体&lt;/i&gt; *强调* 第二行" in html  # one line, literal
    assert "12栋&#124;305 &lt;b&gt;楼&lt;/b&gt;" in html


def test_record_body_is_inert_in_page(hostile_site: SiteSource) -> None:
    for page in ("people/li-hong.md", "index.md"):
        tags = parse(to_html(hostile_site.pages[page])).tags
        assert not [t for t, _ in tags if t in ("script", "img", "iframe", "style")]
        for tag, attrs in tags:
            assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
            assert not (attrs.get("href") or "").lower().startswith(("javascript:", "data:"))
    bodies = re.findall(r'<blockquote class="cr-record-body">.*?</blockquote>',
                        hostile_site.pages["people/li-hong.md"], re.S)
    assert len(bodies) == 2 and "<h4>正文标题</h4>" in bodies[0]
    inner = parse(bodies[0]).tags[1:]  # after the blockquote itself
    assert not [a for _, attrs in inner for a in attrs if a not in ("href", "rel")]


# --------------------------------------------------------------------------- sanitiser

@pytest.mark.parametrize("body, absent", [
    ("<script>alert(1)</script>", ["<script", "alert"]),
    ("<img src=x onerror=alert(1)>", ["<img", "onerror"]),
    ("[x](javascript:alert(1))", ["javascript", "href"]),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', ["javascript", "href"]),
    ('<a href="&#106;avascript:alert(1)">x</a>', ["avascript", "href"]),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", ["data:", "href"]),
    ('<p style="color:red" onclick="x()">t</p>', ["style", "onclick"]),
    ('<iframe src="https://example.com"></iframe>', ["iframe", "example.com"]),
    ("<style>body{display:none}</style>", ["<style", "display"]),
    ('<svg onload="alert(1)"></svg>', ["svg", "onload"]),
])
def test_sanitiser_removes(body: str, absent: list[str]) -> None:
    out = render_body(body)
    for bad in absent:
        assert bad.lower() not in out.lower(), out


def test_sanitiser_keeps_ordinary_markdown() -> None:
    out = render_body("# 标题\n\n**粗体** [链接](https://example.com/a)\n\n"
                      "| a | b |\n|---|---|\n| 1 | 2 |\n\n    <code>\n")
    assert "<h4>标题</h4>" in out  # the body's headings sit below the page's
    assert "<strong>粗体</strong>" in out
    assert '<a href="https://example.com/a" rel="noopener noreferrer nofollow">链接</a>' in out
    assert "<td>1</td>" in out
    assert "&lt;code&gt;" in out


def test_clean_html_is_idempotent() -> None:
    once = render_body(HOSTILE_BODY)
    assert clean_html(once) == once


# --------------------------------------------------------------------------- common helpers

@pytest.mark.parametrize("name, masked", [("李华", "李*"), ("欧阳明月", "欧***"), ("周", "*"), (" 王五 ", "王*")])
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_md_inline() -> None:
    assert md_inline("a|b\nc *d* <e> [f](g) &h") == r"a&#124;b c \*d\* &lt;e&gt; \[f\]\(g\) &amp;h"
    assert md_inline(None) == ""


def test_formatting() -> None:
    assert format_rate(None) == "—"
    assert format_rate(2 / 3) == "66.7%"
    assert format_hours(1.5) == "1.5" and format_hours(2.0) == "2"
    assert status_badge("met") == '<span class="cr-badge cr-met">✓ 已完成</span>'


def test_sanitiser_leaves_blocked_links_as_text() -> None:
    assert render_body("<img src=x onerror=alert(1)>\n\n[点我](javascript:alert(1))") == "<p>点我</p>"


def test_a_sensitive_name_in_free_text_is_masked_on_every_internal_page(tmp_path: Path) -> None:
    """Contract §8: a sensitive target shows masked on the internal site — in the text people write too."""
    record = ("---\nby: li-hong\ndate: 2024-10-16\ntype: dorm-visit\ntargets: [dorm-12-305]\nlocation: 周明的宿舍\n"
              "summary: 与周明谈学业。\nproblems:\n  - summary: 周明反映热水不足\n    refer_to: logistics-dept\n"
              "---\n周明最近状态不错。\n")
    repo = write_repo(tmp_path / "repo", {"records/2024-2025-1/li-hong/2024-10-16-dorm-visit.md": record})
    pages = render(pipeline.run(repo, as_of=AS_OF, use_git=False)).pages
    everything = "\n".join(pages.values())
    assert "周明" not in everything
    assert "与周\\*谈学业。" in pages["people/li-hong.md"] and "周\\*的宿舍" in pages["people/li-hong.md"]
    assert "周*最近状态不错。" in pages["people/li-hong.md"]  # the body is HTML: no Markdown escape
    assert "周\\*反映热水不足" in pages["problems.md"]


def test_a_public_record_says_whether_the_public_site_shows_it(tmp_path: Path) -> None:
    record = ("---\nby: wang-jianguo\ndate: 2024-10-18\ntype: class-observation\ntargets: [class-2024-nursing-1]\n"
              "summary: 听课并与同学交流。\nvisibility: public\n---\n")
    repo = write_repo(tmp_path / "repo", {"records/2024-2025-1/wang-jianguo/2024-10-18-class-observation.md": record})
    page = render(pipeline.run(repo, as_of=AS_OF, use_git=False)).pages["people/wang-jianguo.md"]
    assert "**2024-10-18（周五） · 听课** · 公开（尚未经过保密审查，暂不上公开站点）" in page
    assert "**2024-10-16（周三） · 进食堂** · 公开（已经保密审查，公开站点可见）" in page
