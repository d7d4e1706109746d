"""A second build rebuilds only what changed: the generated Markdown is compared and unchanged pages
are not rewritten, mkdocs rebuilds only changed pages (its search index merged back to whole),
Zensical uses its own cache; the published folder gets the changed files only."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from helpers import MINI

from generator import pipeline
from generator.site.build import SITE_DIR, SiteSource, build
from generator.site.internal import render

AS_OF = date(2024, 10, 20)
RECORD = "records/2024-2025-1/wang-jianguo/2024-10-15-dorm-visit.md"


def _site(root: Path) -> SiteSource:
    return render(pipeline.run(root, as_of=AS_OF, use_git=False))


def _index(site: Path) -> list[tuple[str, str, str]]:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return sorted((d["location"], d["title"], d["text"]) for d in docs)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(MINI, root)
    return root


def _edit(repo: Path) -> None:
    path = repo / RECORD
    text = path.read_text(encoding="utf-8")
    assert "summary:" in text
    path.write_text(text.replace("summary: ", "summary: 改过的摘要。", 1), encoding="utf-8")


def test_mkdocs_rebuilds_only_the_changed_pages(repo: Path, tmp_path: Path) -> None:
    first = _site(repo)
    stats = build(first, tmp_path / "build", tmp_path / "site")
    assert (stats.incremental, stats.changed) == (False, len(first.pages))
    out = tmp_path / "site" / "internal"
    untouched = out / "policy" / "index.html"
    before = untouched.stat().st_mtime_ns

    _edit(repo)
    second = _site(repo)
    differ = sorted(p for p in second.pages if second.pages[p] != first.pages.get(p))
    assert "people/wang-jianguo.md" in differ and "policy.md" not in differ
    stats = build(second, tmp_path / "build", tmp_path / "site")
    assert (stats.incremental, stats.changed) == (True, len(differ))
    assert "改过的摘要" in (out / "people" / "wang-jianguo" / "index.html").read_text(encoding="utf-8")
    assert untouched.stat().st_mtime_ns == before  # neither rebuilt nor copied again

    # the merged search index is the one a full build of the same pages writes
    build(second, tmp_path / "full-build", tmp_path / "full")
    assert _index(out) == _index(tmp_path / "full" / "internal")


def test_a_removed_page_leaves_the_site_and_its_index(repo: Path, tmp_path: Path) -> None:
    site = _site(repo)
    build(site, tmp_path / "build", tmp_path / "site")
    out = tmp_path / "site" / "internal"
    assert (out / "policy" / "index.html").is_file()
    pages = {p: t for p, t in site.pages.items() if p != "policy.md"}
    nav = [e for e in site.nav if "制度" not in e]
    smaller = replace(site, pages=pages, nav=nav)
    stats = build(smaller, tmp_path / "build", tmp_path / "site")
    assert stats.incremental is False  # the nav changed: every page's sidebar did, a full build
    assert not (out / "policy").exists()
    assert not [loc for loc, _, _ in _index(out) if loc.startswith("policy/")]


def test_a_page_removed_outside_the_nav_is_removed_incrementally(repo: Path, tmp_path: Path) -> None:
    site = _site(repo)
    build(site, tmp_path / "build", tmp_path / "site")
    out = tmp_path / "site" / "internal"
    assert (out / "targets" / "teacher-chen-jing" / "index.html").is_file()
    pages = {p: t for p, t in site.pages.items() if p != "targets/teacher-chen-jing.md"}
    stats = build(replace(site, pages=pages), tmp_path / "build", tmp_path / "site")
    assert stats.incremental is True and stats.changed == 0
    assert not (out / "targets" / "teacher-chen-jing").exists()
    assert not (tmp_path / "build" / "internal" / SITE_DIR / "targets" / "teacher-chen-jing").exists()


def test_another_configuration_or_engine_means_a_full_build(repo: Path, tmp_path: Path) -> None:
    site = _site(repo)
    build(site, tmp_path / "build", tmp_path / "site")
    assert build(site, tmp_path / "build", tmp_path / "site").incremental is True
    renamed = replace(site, site_name="另一个名字")
    assert build(renamed, tmp_path / "build", tmp_path / "site").incremental is False
    assert build(renamed, tmp_path / "build", tmp_path / "site", engine="zensical").incremental is False


def test_zensical_rebuilds_from_its_cache(repo: Path, tmp_path: Path) -> None:
    pytest.importorskip("zensical")
    first = _site(repo)
    build(first, tmp_path / "build", tmp_path / "site", engine="zensical")
    assert (tmp_path / "build" / "internal" / ".cache").is_dir()  # Zensical's own, kept between builds
    out = tmp_path / "site" / "internal"
    untouched = out / "policy" / "index.html"
    before = untouched.stat().st_mtime_ns
    _edit(repo)
    second = _site(repo)
    stats = build(second, tmp_path / "build", tmp_path / "site", engine="zensical")
    assert stats.incremental is True and 0 < stats.changed < len(second.pages)
    assert "改过的摘要" in (out / "people" / "wang-jianguo" / "index.html").read_text(encoding="utf-8")
    assert untouched.stat().st_mtime_ns == before  # same bytes: not copied again


def test_the_build_folder_and_the_published_copy_hold_exactly_what_is_wanted(tmp_path: Path) -> None:
    from generator.site.incremental import Written, publish, write_tree

    docs = tmp_path / "docs"
    first = write_tree(docs, {"index.md": b"a", "people/a.md": b"b", "people/deep/c.md": b"c", "keep/x": b"x"})
    assert sorted(first.changed) == ["index.md", "keep/x", "people/a.md", "people/deep/c.md"]
    again = write_tree(docs, {"index.md": b"a", "people/a.md": b"B"}, keep=("keep/",))
    assert again == Written(("people/a.md",), ("people/deep/c.md",))
    assert (docs / "keep" / "x").read_bytes() == b"x" and not (docs / "people" / "deep" / "c.md").exists()
    out = tmp_path / "out"
    assert publish(docs, out) == 3
    (docs / "keep" / "x").unlink()
    (docs / "keep").rmdir()
    assert publish(docs, out) == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["index.md", "people", "people/a.md"]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_build_with_nothing_changed_does_not_run_the_engine(repo: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    from generator.site import build as build_module

    site = _site(repo)
    build(site, tmp_path / "build", tmp_path / "site", engine=engine)
    out = tmp_path / "site" / "internal"
    published = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    ran: list[bool] = []
    real = build_module.build_site
    monkeypatch.setattr(build_module, "build_site", lambda *a, **k: ran.append(k["dirty"]) or real(*a, **k))
    stats = build(site, tmp_path / "build", tmp_path / "site", engine=engine)
    assert ran == [] and (stats.incremental, stats.changed) == (True, 0)
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} == published
    _edit(repo)  # one page changed: the engine runs again, on what changed
    build(_site(repo), tmp_path / "build", tmp_path / "site", engine=engine)
    assert ran == [True]
    assert "改过的摘要" in (out / "people" / "wang-jianguo" / "index.html").read_text(encoding="utf-8")
