"""Write generated Markdown and an mkdocs configuration to a build folder, then build with mkdocs.

Renderers (``internal``, ``public``) return a ``SiteSource``: plain pages and files, no mkdocs
plugins of ours, so the build folder is buildable by any mkdocs-compatible tool as well.
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .markup import nav_text
from .offline import build_site

HERE = Path(__file__).parent
ASSETS = HERE / "assets"


@dataclass
class SiteSource:
    """Everything one site consists of, before mkdocs runs."""

    name: str  # "internal" | "public": folder name under the build and output folders
    site_name: str
    pages: dict[str, str]  # docs-relative path -> Markdown
    nav: list[Any]  # mkdocs nav
    files: dict[str, bytes] = field(default_factory=dict)  # downloads (JSON, CSV) copied verbatim
    config: dict[str, Any] = field(default_factory=dict)  # extra mkdocs settings (extra, plugins…)
    charts: bool = True  # include the vendored chart library
    scripts: tuple[str, ...] = ()  # more of our own scripts from assets/, on every page after the charts
    # Words jieba must keep whole when it segments the search index (roster names: 尹娜振, not
    # 尹娜/振); written to a user dictionary in the build folder, never published.
    search_words: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # mkdocs prints site_name and nav titles into HTML unescaped; every site's names pass here.
        self.site_name = nav_text(self.site_name)
        self.nav = _inert_nav(self.nav)


def _inert_nav(nav: Any) -> Any:
    """The nav with every title made inert (paths are ids and stay as they are)."""
    if isinstance(nav, list):
        return [_inert_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {nav_text(title): _inert_nav(value) for title, value in nav.items()}
    return nav


_H1 = re.compile(r"# (.+)")
_MD_ESCAPE = re.compile(r"\\(.)")


def with_inert_title(page: str) -> str:
    """The page with its title set in front matter, made inert like a nav title.

    A page outside the nav takes its title from its first heading, and mkdocs prints that title
    unescaped into <title>, the header and the search index; a person's or a unit's name in the
    heading would be markup there. The heading itself stays as escaped Markdown.
    """
    meta: dict[str, Any] = {}
    body = page
    if page.startswith("---\n"):
        head, sep, rest = page[4:].partition("\n---\n")
        loaded = yaml.safe_load(head) if sep else None
        if not isinstance(loaded, dict):
            return page
        meta, body = loaded, rest
    heading = next((m for m in map(_H1.fullmatch, body.lstrip("\n").split("\n", 1)[:1]) if m), None)
    if heading is None or "title" in meta:
        return page
    meta["title"] = nav_text(htmllib.unescape(_MD_ESCAPE.sub(r"\1", heading.group(1))))
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, width=1 << 16, sort_keys=False) + "---\n" + body


@dataclass(frozen=True)
class BuildStats:
    name: str
    pages: int
    seconds: float
    site_dir: Path


class _Lenient(yaml.SafeLoader):
    """Reads base.yml for its plain settings; the Python tags in it (a slugify callable) become None."""


_Lenient.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def search_plugin(user_dict: Path) -> list[Any]:
    """base.yml's plugins, its search plugin given the user dictionary (a child's plugins list
    replaces the inherited one, so every setting of it is repeated from base.yml)."""
    base = yaml.load((HERE / "base.yml").read_text(encoding="utf-8"), Loader=_Lenient)
    plugins: list[Any] = []
    for entry in base.get("plugins", []):
        if isinstance(entry, dict) and "search" in entry:
            entry = {"search": {**(entry["search"] or {}), "jieba_dict_user": str(user_dict.resolve())}}
        plugins.append(entry)
    return plugins


def mkdocs_config(src: SiteSource, site_dir: Path) -> dict[str, Any]:
    css = ["assets/extra.css"]
    js = ["assets/vendor/echarts.min.js", "assets/charts.js", "assets/grids.js"] if src.charts else []
    js += [f"assets/{name}" for name in src.scripts]
    config: dict[str, Any] = {
        "INHERIT": "base.yml",
        "site_name": src.site_name,
        "docs_dir": "docs",
        "site_dir": str(site_dir.resolve()),
        "use_directory_urls": True,
        "nav": src.nav,
        "extra_css": css,
        "extra_javascript": js,
        # our template overrides (a Chinese 404 page); merged into base.yml's theme settings
        "theme": {"custom_dir": "overrides"},
    }
    config.update(src.config)
    return config


def write_source(src: SiteSource, work: Path, site_dir: Path) -> Path:
    """Write the build folder for one site; returns its mkdocs.yml."""
    if work.exists():
        shutil.rmtree(work)
    docs = work / "docs"
    docs.mkdir(parents=True)
    shutil.copyfile(HERE / "base.yml", work / "base.yml")
    shutil.copytree(HERE / "overrides", work / "overrides")
    assets = docs / "assets"
    assets.mkdir()
    shutil.copyfile(ASSETS / "extra.css", assets / "extra.css")
    if src.charts:
        shutil.copyfile(ASSETS / "charts.js", assets / "charts.js")
        shutil.copyfile(ASSETS / "grids.js", assets / "grids.js")
        shutil.copytree(ASSETS / "vendor", assets / "vendor")
    for name in src.scripts:
        shutil.copyfile(ASSETS / name, assets / name)
    for rel, text in src.pages.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(with_inert_title(text), encoding="utf-8")
    for rel, data in src.files.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    settings = mkdocs_config(src, site_dir)
    if src.search_words:
        words = work / "jieba_user.txt"
        words.write_text("".join(f"{w}\n" for w in sorted(set(src.search_words))), encoding="utf-8")
        settings["plugins"] = search_plugin(words)
    config = work / "mkdocs.yml"
    config.write_text(
        "# Generated by `python -m generator build`; do not edit.\n"
        + yaml.safe_dump(settings, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return config


def build(src: SiteSource, work_root: Path, out_root: Path) -> BuildStats:
    started = time.perf_counter()
    site_dir = out_root / src.name
    config = write_source(src, work_root / src.name, site_dir)
    if site_dir.exists():
        shutil.rmtree(site_dir)
    build_site(config)
    return BuildStats(src.name, len(src.pages), time.perf_counter() - started, site_dir)
