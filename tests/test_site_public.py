"""The public site's names reach mkdocs inert: a hostile institution name in site_name, nav and headings.

mkdocs prints ``site_name`` and nav titles into every page's header, ``<title>`` and ``aria-label``
attributes without escaping, so an institution name like ``"><img src=x onerror=…>`` would run on
every public page. The internal site's equivalent checks are in test_site_internal.py.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import MINI, write_repo
from test_public_leak import AS_OF

from generator import pipeline
from generator.public import project
from generator.site.build import SiteSource, build, mkdocs_config
from generator.site.markup import md_inline, nav_text
from generator.site.public import render

HOSTILE_INSTITUTION = '测试"><img src=x onerror=alert(1)>学院 *A* | `b`'
UNSAFE = set("<>&\"'`")


def hostile_files() -> dict[str, str]:
    text = (MINI / "rosters/institution.yml").read_text(encoding="utf-8")
    return {"rosters/institution.yml": text.replace("name: 测试职业学院", f"name: '{HOSTILE_INSTITUTION}'")}


@pytest.fixture(scope="module")
def hostile_public(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteSource, Path]:
    tmp = tmp_path_factory.mktemp("hostile-public")
    outcome = pipeline.run(write_repo(tmp / "repo", hostile_files()), AS_OF, use_git=False)
    assert outcome.repo.institution is not None and outcome.repo.institution.name == HOSTILE_INSTITUTION
    src = render(project(outcome))
    return src, build(src, tmp / "build", tmp / "site").site_dir


def titles(nav: object) -> list[str]:
    if isinstance(nav, dict):
        return [k for k in nav] + [t for v in nav.values() for t in titles(v)]
    if isinstance(nav, list):
        return [t for item in nav for t in titles(item)]
    return []


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def test_site_name_and_nav_titles_are_inert(hostile_public: tuple[SiteSource, Path]) -> None:
    src, _ = hostile_public
    assert src.site_name == nav_text(f"{HOSTILE_INSTITUTION}联系师生工作信息公开")
    assert not set(src.site_name) & UNSAFE
    assert not [t for t in titles(src.nav) if set(t) & UNSAFE]
    assert mkdocs_config(src)["site_name"] == src.site_name


def test_the_heading_is_escaped_markdown(hostile_public: tuple[SiteSource, Path]) -> None:
    src, _ = hostile_public
    assert src.pages["index.md"].startswith(f"# {md_inline(HOSTILE_INSTITUTION)}联系师生工作信息公开\n")


def test_no_built_page_carries_the_name_as_markup(hostile_public: tuple[SiteSource, Path]) -> None:
    _, site = hostile_public
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        parsed = Tags()
        parsed.feed(page.read_text(encoding="utf-8"))
        assert [attrs for tag, attrs in parsed.tags if tag == "img" and attrs.get("src") == "x"] == [], page
        handlers = [(tag, a) for tag, attrs in parsed.tags for a in attrs if a.startswith("on")]
        assert handlers == [], page
    home = Tags()
    home.feed((site / "index.html").read_text(encoding="utf-8"))
    assert "＂＞＜img src=x onerror=alert(1)＞" in home.title
