"""Write generated Markdown and an mkdocs configuration to a build folder, then build it with mkdocs
or Zensical and publish it.

Renderers (``internal``, ``public``) return a ``SiteSource``: plain pages and files, no mkdocs
plugins of ours, so the build folder is buildable by any mkdocs-compatible tool as well: the same
``mkdocs.yml`` builds with both engines. The engine writes into ``site/`` inside the build folder
(Zensical refuses an output folder outside its project), which is then copied, changed files only,
to the output folder; a second build rebuilds only what changed (see ``incremental``).
"""

from __future__ import annotations

import hashlib
import html as htmllib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import shards
from .incremental import (
    STAMP,
    Written,
    merge_search_index,
    publish,
    read_search_index,
    read_stamp,
    remove_pages,
    stamp_of,
    write_stamp,
    write_tree,
)
from .markup import nav_text
from .offline import ZENSICAL_CONFIG_FILE, build_site, engine_version

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
# libyaml's loader and dumper: a site's 7,000 pages each pass through both (PyYAML's own are the fallback)
_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_MD_ESCAPE = re.compile(r"\\(.)")


def _front_matter(page: str) -> tuple[dict[str, Any], str] | None:
    """(front matter, body) of a page ({} when it has none); None when its front matter is not a mapping."""
    if not page.startswith("---\n"):
        return {}, page
    head, sep, rest = page[4:].partition("\n---\n")
    loaded = yaml.load(head, Loader=_LOADER) if sep else None  # noqa: S506 - a safe loader
    return (loaded, rest) if isinstance(loaded, dict) else None


def _heading_title(body: str) -> str | None:
    """The page's first heading as an inert title, or None when it does not begin with one."""
    heading = next((m for m in map(_H1.fullmatch, body.lstrip("\n").split("\n", 1)[:1]) if m), None)
    return nav_text(htmllib.unescape(_MD_ESCAPE.sub(r"\1", heading.group(1)))) if heading else None


def with_inert_title(page: str) -> str:
    """The page with its title set in front matter, made inert like a nav title.

    A page outside the nav takes its title from its first heading, and mkdocs prints that title
    unescaped into <title>, the header and the search index; a person's or a unit's name in the
    heading would be markup there. The heading itself stays as escaped Markdown.
    """
    split = _front_matter(page)
    if split is None or "title" in split[0]:
        return page
    meta, body = split
    title = _heading_title(body)
    if title is None:
        return page
    meta["title"] = title
    return "---\n" + yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, width=1 << 16, sort_keys=False) + "---\n" + body


def page_title(page: str) -> str | None:
    """The title mkdocs gives a page: its front matter's, else its first heading's (as
    ``with_inert_title`` sets it), or None when it has neither."""
    split = _front_matter(page)
    if split is None:
        return None
    meta, body = split
    if "title" in meta:
        return str(meta["title"]) if meta["title"] else None
    return _heading_title(body)


def titled(nav: Any, pages: dict[str, str]) -> Any:
    """The nav with a title on every page entry. mkdocs reads a page's own title only when it renders
    the page, so a build that renders some pages (incremental, or one share of a full build) would
    print "None" in the sidebar and footer for every nav entry without a title."""
    if isinstance(nav, dict):  # a titled page, or a section
        return {title: value if isinstance(value, str) else titled(value, pages) for title, value in nav.items()}
    if isinstance(nav, list):
        return [titled(item, pages) for item in nav]
    title = page_title(pages[nav]) if isinstance(nav, str) and nav in pages else None
    return {title: nav} if title else nav


@dataclass(frozen=True)
class BuildStats:
    name: str
    pages: int
    seconds: float
    site_dir: Path
    engine: str = "mkdocs"
    changed: int = 0  # pages whose Markdown was written (new or different) by this build
    incremental: bool = False  # the engine rebuilt only what changed (else every page)


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


SITE_DIR = "site"  # the engine's output, inside the build folder (Zensical requires it there)
USER_DICT = "jieba_user.txt"
#: ``offline.ZENSICAL_CONFIG_FILE``: Zensical 0.0.x checks links by scanning every page in Python on
#: every build (46 s of a build with nothing changed at 7,000 pages, 12 s without; docs/decisions.md).
ZENSICAL_CONFIG = (
    "# Generated by `python -m generator build`; do not edit. Zensical's builds that are not strict read this\n"
    "# file: mkdocs.yml without Zensical's link checks (the strict builds read mkdocs.yml and check them).\n"
    "INHERIT: mkdocs.yml\nvalidation: false\n"
)


def mkdocs_config(src: SiteSource, work: Path | None = None) -> dict[str, Any]:
    """The site's mkdocs.yml: the same file builds with mkdocs and with Zensical (which ignores the
    search plugin's jieba settings and splits Chinese itself). ``work`` is the build folder, for
    the absolute path of the user dictionary mkdocs' search plugin needs."""
    css = ["assets/extra.css"]
    js = ["assets/vendor/echarts.min.js", "assets/charts.js", "assets/grids.js"] if src.charts else []
    js += [f"assets/{name}" for name in src.scripts]
    config: dict[str, Any] = {
        "INHERIT": "base.yml",
        "site_name": src.site_name,
        "docs_dir": "docs",
        "site_dir": SITE_DIR,
        "use_directory_urls": True,
        "nav": titled(src.nav, src.pages),
        "extra_css": css,
        "extra_javascript": js,
        # our template overrides (a Chinese 404 page); merged into base.yml's theme settings
        "theme": {"custom_dir": "overrides"},
    }
    if src.search_words and work is not None:
        config["plugins"] = search_plugin(work / USER_DICT)
    config.update(src.config)
    return config


def _docs(src: SiteSource) -> dict[str, bytes]:
    """Every file of the docs folder: pages (their titles made inert), downloads and our assets."""
    out: dict[str, bytes] = {"assets/extra.css": (ASSETS / "extra.css").read_bytes()}
    if src.charts:
        for name in ("charts.js", "grids.js"):
            out[f"assets/{name}"] = (ASSETS / name).read_bytes()
        for path in sorted((ASSETS / "vendor").rglob("*")):
            if path.is_file():
                out["assets/vendor/" + path.relative_to(ASSETS / "vendor").as_posix()] = path.read_bytes()
    for name in src.scripts:
        out[f"assets/{name}"] = (ASSETS / name).read_bytes()
    out.update((rel, with_inert_title(text).encode("utf-8")) for rel, text in src.pages.items())
    out.update(src.files)
    return out


def write_source(src: SiteSource, work: Path, docs: dict[str, bytes] | None = None) -> Written:
    """Write (or bring up to date) the build folder of one site: ``work/mkdocs.yml``, base.yml and
    ``work/docs``. Only files whose bytes changed are written, so an incremental build sees which
    pages changed; the engine's output (``site/``) and Zensical's cache (``.cache/``) are kept."""
    work.mkdir(parents=True, exist_ok=True)
    config = ("# Generated by `python -m generator build`; do not edit.\n"
              + yaml.safe_dump(mkdocs_config(src, work), allow_unicode=True, sort_keys=False))
    top = {"base.yml": (HERE / "base.yml").read_bytes(), "mkdocs.yml": config.encode("utf-8"),
           ZENSICAL_CONFIG_FILE: ZENSICAL_CONFIG.encode("utf-8")}
    top.update((f"overrides/{p.relative_to(HERE / 'overrides').as_posix()}", p.read_bytes())
               for p in sorted((HERE / "overrides").rglob("*")) if p.is_file())
    if src.search_words:
        top[USER_DICT] = "".join(f"{w}\n" for w in sorted(set(src.search_words))).encode("utf-8")
    write_tree(work, top, keep=("docs/", f"{SITE_DIR}/", ".cache/", STAMP))
    return write_tree(work / "docs", _docs(src) if docs is None else docs)


def build(src: SiteSource, work_root: Path, out_root: Path, engine: str = "mkdocs", strict: bool = False,
          jobs: int = 1) -> BuildStats:
    """Build one site into ``out_root/<name>``. A second build with the same configuration, theme
    and engine rebuilds only the pages whose Markdown changed (see ``incremental``). ``jobs`` > 1
    lets a full mkdocs build of a large site fork that many processes (``shards``); only the
    ``build`` command asks, never a server with threads."""
    started = time.perf_counter()
    work = work_root / src.name
    previous = read_stamp(work)
    docs = _docs(src)
    written = write_source(src, work, docs)
    # Everything besides a page's own Markdown that its HTML depends on; pages added or removed
    # need no full build (the pages linking them changed too, and the nav lists none of them).
    stamp = stamp_of(engine, engine_version(engine),
                     [(p.relative_to(work).as_posix(), _digest(p.read_bytes())) for p in sorted(work.glob("*"))
                      if p.is_file() and p.name != STAMP],
                     [(p.relative_to(work).as_posix(), _digest(p.read_bytes())) for p in sorted((work / "overrides").rglob("*"))
                      if p.is_file()],
                     [(rel, _digest(data)) for rel, data in sorted(docs.items()) if rel.startswith("assets/")])
    incremental = previous == stamp and (work / SITE_DIR).is_dir()
    _run_engine(work, written, incremental, stamp, engine, strict, shards.shares(len(src.pages), jobs))
    publish(work / SITE_DIR, out_root / src.name)
    pages = sum(1 for p in written.changed if p.endswith(".md"))
    return BuildStats(src.name, len(src.pages), time.perf_counter() - started, out_root / src.name,
                      engine, pages, incremental)


def _run_engine(work: Path, written: Written, incremental: bool, stamp: str, engine: str, strict: bool,
                shares: int) -> None:
    """Build the build folder's site with the engine (only what changed, when ``incremental``) and
    stamp it. With the same stamp and not one file of the docs folder written or removed, the
    engine's output from the last build is this build's, byte for byte: the engine does not run."""
    if incremental and not written.changed and not written.removed:
        return
    site_dir = work / SITE_DIR
    before = read_search_index(site_dir) if incremental and engine == "mkdocs" else None
    write_stamp(work, None)  # a build that fails half-way must not pass for a finished one
    if incremental:
        remove_pages(site_dir, written.removed)
    build_site(work / "mkdocs.yml", strict=strict, engine=engine, dirty=incremental, jobs=shares)
    if before is not None:
        merge_search_index(site_dir, before, [p for p in written.changed if p.endswith(".md")])
    write_stamp(work, stamp)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
