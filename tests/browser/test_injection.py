"""Script injection through roster, policy and record strings: every string of the mini fixture
carries a payload at once (institution, publisher, calendar, units, people, targets, tags, policy
titles, rule titles and sources, roles, guidance, activity types and carriers, summaries, places,
problems, bodies), both sites are built once, and no page of either gains an element or an
attribute from them — checked in every built page's HTML and, in Chromium, on a page of each kind."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import MINI

from generator import pipeline
from generator.public import project
from generator.site.build import build
from generator.site.internal import render as render_internal
from generator.site.public import render as render_public

AS_OF = date(2025, 1, 20)
PAYLOAD = ("\"'><img src=x onerror=alert(1)></title><svg onload=alert(2)>{{7*7}}*x*[l](javascript:alert(3))"
           "</textarea><script>alert(4)</script><!--")
TEXT_KEYS = {"name", "title", "publisher", "summary", "location", "resolution", "reason", "document",
             "issuer", "source", "carrier"}
WORD_LISTS = {"guidance", "tags", "sensitive_tags", "target_tags", "target_tags_all", "target_tags_none"}


def hostile(value: str) -> str:
    return value + PAYLOAD


def inject(node: Any, key: str | None = None) -> Any:
    """Every free-text value (and every word of a vocabulary, consistently) gets the payload."""
    if isinstance(node, dict):
        if key == "roles":
            return {k: hostile(v) for k, v in node.items()}
        return {k: inject(v, k) for k, v in node.items()}
    if isinstance(node, list):
        if key in WORD_LISTS:
            return [hostile(v) for v in node]
        return [inject(v, key) for v in node]
    if isinstance(node, str) and key in TEXT_KEYS:
        return hostile(node)
    return node


def hostile_repo(root: Path) -> Path:
    for path in sorted(MINI.rglob("*")):
        rel = path.relative_to(MINI)
        target = root / rel
        if path.is_dir():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".yml":
            text = yaml.safe_dump(inject(yaml.safe_load(text)), allow_unicode=True, sort_keys=False)
        elif path.suffix == ".md":
            _, front, body = text.split("---\n", 2)
            text = f"---\n{yaml.safe_dump(inject(yaml.safe_load(front)), allow_unicode=True, sort_keys=False)}---\n"
            text += body + "\n" + PAYLOAD + "\n"
        target.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("injection")
    outcome = pipeline.run(hostile_repo(tmp / "repo"), AS_OF, use_git=False)
    assert not outcome.has_errors, [(d.file, d.message) for d in outcome.diagnostics if d.severity == "error"]
    assert outcome.repo.institution is not None and outcome.repo.institution.name == hostile("测试职业学院")
    internal = build(render_internal(outcome), tmp / "build", tmp / "site").site_dir
    public = build(render_public(project(outcome)), tmp / "build", tmp / "site").site_dir
    return internal, public


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.footer = False


    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "img" and names.get("src") == "x":
            self.found.append("<img src=x>")
        self.found.extend(f"{tag} {a}" for a in names if a.startswith("on"))

        self.found.extend(f"{tag} {a}={v}" for a, v in names.items() if v and v.strip().lower().startswith("javascript:"))
        self.footer = self.footer or (tag == "footer")


def test_no_built_page_of_either_site_gains_markup(sites: tuple[Path, Path]) -> None:
    checked = 0
    for site in sites:
        for page in sorted(site.rglob("*.html")):
            parsed = Elements()
            parsed.feed(page.read_text(encoding="utf-8"))
            assert parsed.found == [], page
            assert parsed.footer, f"{page}: a <!-- in a value swallowed the rest of the page"
            checked += 1
    assert checked >= 30


KINDS = {
    0: ["", "people/wang-jianguo/", "units/", "rules/", "problems/", "quality/", "policy/"],
    1: ["", "policy/", "people/", "people/wang-jianguo/", "terms/2024-2025-1/", "opendata/"],
}
CREATED = "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))" \
          ".filter(n => n.startsWith('on')).length + document.querySelectorAll('img[src=\"x\"], svg[onload]').length"


@pytest.mark.browser
def test_in_chromium_nothing_runs_and_nothing_is_created(sites: tuple[Path, Path], serve_dir, browser_page) -> None:
    dialogs: list[str] = []
    browser_page.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for index, site in enumerate(sites):
        base = serve_dir(site)
        for path in KINDS[index]:
            assert (site / path / "index.html").exists(), path
            browser_page.goto(base + path, wait_until="load")
            assert browser_page.evaluate(CREATED) == 0, (index, path)
            # shown as text (textContent: collapsed blocks, such as resolved problems, count too)
            assert "\"'><img src=x" in browser_page.evaluate("document.body.textContent"), (index, path)
        browser_page.goto(base, wait_until="networkidle")
        browser_page.material_search("王建国")
        browser_page.wait_for_search_result("wang-jianguo")
        assert browser_page.evaluate(CREATED) == 0, (index, "search results")
    assert dialogs == []
    browser_page.assert_no_foreign_requests()
