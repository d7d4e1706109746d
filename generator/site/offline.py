"""Build the mkdocs sites and check that a built site never reaches another host.

The sites are published on intranets without internet access, so a built site
must not reference anything outside its own host: no web fonts, no CDN
scripts, no remote images.

* :func:`build_site` wraps mkdocs' Python API (quiet by default) and, after the
  build, neutralises the CDN fallback URLs that Material for MkDocs compiles
  into its own JavaScript bundle (see :func:`neutralise_theme_cdn_urls`).
* :func:`assert_offline` scans a built site and returns every offending
  reference as ``"relative/path:line: snippet"``; an empty list means clean.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from . import shards

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

__all__ = [
    "CDN_STRINGS",
    "ENGINES",
    "ZENSICAL_CONFIG_FILE",
    "SiteBuildError",
    "assert_offline",
    "build_site",
    "neutralise_theme_cdn_urls",
]

log = logging.getLogger(__name__)

#: Substrings that must not occur anywhere in a built site (case-insensitive).
CDN_STRINGS: tuple[str, ...] = (
    "fonts.googleapis",
    "fonts.gstatic",
    "unpkg.com",
    "cdn.jsdelivr",
    "cdnjs.",
)

# Files that are scanned as text; everything else (images, fonts, ...) is skipped.
_TEXT_SUFFIXES = frozenset(
    {
        ".html",
        ".htm",
        ".css",
        ".js",
        ".mjs",
        ".json",
        ".map",
        ".xml",
        ".svg",
        ".txt",
        ".webmanifest",
    }
)

# A URL that leaves the current origin: scheme-qualified or protocol-relative.
_REMOTE = r"(?:https?:)?//[^\s\"'<>()`\\]+"

# src="…", href='…', srcset=…, action=, poster=, data= (object), xlink:href=
_ATTR_RE = re.compile(
    r"""\b(?:src|href|srcset|action|poster|data|xlink:href)\s*=\s*["']?\s*(""" + _REMOTE + ")",
    re.IGNORECASE,
)
# CSS url(…) (also inside style attributes / inline <style>) and @import "…"
_CSS_RE = re.compile(
    r"""(?:url\(\s*["']?|@import\s+["'])\s*(""" + _REMOTE + ")",
    re.IGNORECASE,
)
_CDN_RE = re.compile("|".join(re.escape(s) for s in CDN_STRINGS), re.IGNORECASE)
_CANONICAL_RE = re.compile(
    r"""<link\b[^>]*\brel=["']?canonical["']?[^>]*\bhref=["']?([^"'\s>]+)""", re.IGNORECASE
)

# Remote-script URLs compiled into Material's bundle (assets/javascripts/).
_THEME_CDN_URL_RE = re.compile(
    r"https?://(?:unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|fonts\.googleapis\.com"
    r"|fonts\.gstatic\.com)/[^\s\"'`)\\]*"
)
_SOURCE_MAP_RE = re.compile(r"^//# sourceMappingURL=\S+\.map[ \t]*$\n?", re.MULTILINE)
# What those URLs are replaced with: a data: URL that never touches the network
# and says why in the console if it is ever executed.
_DISABLED_SCRIPT_URL = (
    "data:text/javascript,console.error(%27offline%20site%3A%20remote%20script%20disabled%27)"
)


class SiteBuildError(RuntimeError):
    """mkdocs failed, or (strict mode) emitted warnings."""

    def __init__(self, message: str, warnings: list[str] | None = None) -> None:
        self.warnings = list(warnings or [])
        if self.warnings:
            message = message + "\n" + "\n".join(f"  - {w}" for w in self.warnings)
        super().__init__(message)


# --------------------------------------------------------------------------- checks


def _iter_text_files(site_dir: Path) -> Iterator[Path]:
    for path in sorted(site_dir.rglob("*")):
        if path.is_file() and path.suffix.lower() in _TEXT_SUFFIXES:
            yield path


def _host(url: str) -> str:
    if url.startswith("//"):
        url = "http:" + url
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _snippet(text: str, start: int, end: int, width: int = 60) -> str:
    """The match with up to *width* characters of context, within its own line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end == -1:
        line_end = len(text)
    lo = max(line_start, start - width)
    hi = min(line_end, end + width)
    return " ".join(text[lo:hi].split())


def _own_hosts_from_canonical(files: Iterable[tuple[Path, str]]) -> set[str]:
    hosts: set[str] = set()
    for path, text in files:
        if path.suffix.lower() in (".html", ".htm"):
            for m in _CANONICAL_RE.finditer(text):
                if host := _host(m.group(1)):
                    hosts.add(host)
    return hosts


def assert_offline(site_dir: Path, *, own_hosts: Iterable[str] = ()) -> list[str]:
    """Return references in the built site at *site_dir* to hosts other than its own.

    Reported (one ``"path:line: snippet"`` entry each, path relative to *site_dir*):

    * any occurrence of :data:`CDN_STRINGS` in any text file, and
    * ``src=/href=/srcset=/action=/poster=/data=/xlink:href=`` attributes and CSS
      ``url()`` / ``@import`` whose value is an ``http(s)://`` or ``//`` URL whose
      host is not one of the site's own hosts.

    The site's own hosts are *own_hosts* plus the host(s) of the pages'
    ``<link rel="canonical">`` (present when ``site_url`` is set). Plain strings
    in scripts such as XML namespace URIs (``http://www.w3.org/2000/svg``) are
    not references and are not reported. Despite the name (used by tests as
    ``assert not assert_offline(site)``), this function does not raise.
    """
    site_dir = Path(site_dir)
    if not site_dir.is_dir():
        raise FileNotFoundError(f"site directory does not exist: {site_dir}")

    files = [
        (p, p.read_text(encoding="utf-8", errors="replace")) for p in _iter_text_files(site_dir)
    ]
    allowed = {h.lower() for h in own_hosts} | _own_hosts_from_canonical(files)

    problems: list[str] = []
    for path, text in files:
        rel = path.relative_to(site_dir).as_posix()
        seen: set[tuple[int, int]] = set()

        def report(start: int, end: int, rel: str = rel, text: str = text, seen: set[tuple[int, int]] = seen) -> None:
            if (start, end) in seen:
                return
            seen.add((start, end))
            line = text.count("\n", 0, start) + 1
            problems.append(f"{rel}:{line}: {_snippet(text, start, end)}")

        for m in _CDN_RE.finditer(text):
            report(m.start(), m.end())
        for regex in (_ATTR_RE, _CSS_RE):
            for m in regex.finditer(text):
                url = m.group(1)
                if _CDN_RE.search(url):
                    continue  # already reported above
                if _host(url) not in allowed:
                    report(m.start(1), m.end(1))
    return problems


# --------------------------------------------------------------------------- build


def neutralise_theme_cdn_urls(site_dir: Path) -> list[Path]:
    """Remove the CDN URLs that Material compiles into its JS bundle from a built site.

    Material 9.x's ``assets/javascripts/bundle.*.min.js`` contains two fallback
    loaders that fetch from unpkg.com:

    * ``https://unpkg.com/resize-observer-polyfill`` - only when the browser
      lacks ``ResizeObserver`` (every supported browser has it);
    * ``https://unpkg.com/mermaid@11/dist/mermaid.min.js`` - only when a page
      contains a ``.mermaid`` element (base.yml configures no mermaid fence).

    Neither is fetched by our sites, but the strings would still be in the
    output and a misconfiguration could trigger them. They are replaced by a
    ``data:`` URL that logs an error instead of contacting the internet. The
    theme's source maps (``*.js.map``, only ever read by browser devtools) quote
    Material's source comments mentioning unpkg.com, so they are deleted and the
    ``//# sourceMappingURL=`` trailers removed. Only the theme's own
    ``assets/javascripts`` directory is touched. Returns the changed/deleted files.
    """
    changed: list[Path] = []
    js_dir = Path(site_dir) / "assets" / "javascripts"
    if not js_dir.is_dir():
        return changed
    for path in sorted(js_dir.rglob("*.js.map")):
        path.unlink()
        changed.append(path)
    for path in sorted(js_dir.rglob("*.js")):
        text = path.read_text(encoding="utf-8")
        new = _THEME_CDN_URL_RE.sub(_DISABLED_SCRIPT_URL, text)
        new = _SOURCE_MAP_RE.sub("", new)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


@contextmanager
def _quiet_mkdocs_logging() -> Iterator[_Collect]:
    """Collect mkdocs' warnings instead of letting them reach stderr."""
    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    old_propagate, old_level = logger.propagate, logger.level
    logger.addHandler(collector)
    logger.propagate = False
    if logger.level == logging.NOTSET or logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    try:
        import jieba  # optional; silence its "Building prefix dict ..." output

        jieba.setLogLevel(logging.WARNING)
    except ImportError:
        pass
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.propagate = old_propagate
        logger.setLevel(old_level)


ENGINES = ("mkdocs", "zensical")


def engine_version(engine: str) -> str:
    """The engine's version (and its theme's): a site built by another is rebuilt in full."""
    from importlib import metadata

    names = ("mkdocs", "mkdocs-material") if engine == "mkdocs" else ("zensical",)
    try:
        return " ".join(f"{n}=={metadata.version(n)}" for n in names)
    except metadata.PackageNotFoundError as exc:
        raise SiteBuildError(f"{engine} is not installed ({exc})") from exc


def build_site(config_file: Path, *, strict: bool = False, engine: str = "mkdocs", dirty: bool = False,
               jobs: int = 1) -> Path:
    """Build the site described by *config_file* (which may ``INHERIT`` base.yml) with mkdocs or
    Zensical, and return the folder it was built into.

    Quiet: the engine's warnings are not printed; they are re-logged at INFO on this module's
    logger. With ``strict=True`` any warning fails the build with :class:`SiteBuildError` listing
    the warnings. ``dirty`` lets mkdocs rebuild only pages whose Markdown is newer than their HTML
    (Zensical decides that itself from its cache). ``jobs`` > 1 splits a full, non-strict mkdocs
    build into that many forked processes (``shards``). After a successful build the theme's CDN
    fallback URLs are neutralised (see :func:`neutralise_theme_cdn_urls`); Material's and
    Zensical's bundles carry the same kind.
    """
    config_file = Path(config_file)
    if not config_file.is_file():
        raise FileNotFoundError(f"mkdocs config not found: {config_file}")
    if engine == "zensical":
        site_dir = _build_zensical(config_file, strict)
    elif engine == "mkdocs":
        site_dir = _build_mkdocs(config_file, strict, dirty, jobs)
    else:
        raise SiteBuildError(f"unknown engine {engine!r} (one of {', '.join(ENGINES)})")
    neutralise_theme_cdn_urls(site_dir)
    return site_dir


def _build_mkdocs(config_file: Path, strict: bool, dirty: bool, jobs: int = 1) -> Path:
    if jobs > 1 and not (strict or dirty):
        from mkdocs.config import load_config  # heavy imports: only when building

        site_dir = Path(load_config(config_file=str(config_file)).site_dir)
        messages = shards.build(site_dir, jobs, partial(_mkdocs_share, config_file))
    else:
        cfg, messages = _mkdocs(config_file, strict, dirty)
        site_dir = Path(cfg.site_dir)
    for message in messages:
        log.info("mkdocs: %s", message)
    return site_dir


def _mkdocs(config_file: Path, strict: bool, dirty: bool, site_dir: Path | None = None) -> tuple[MkDocsConfig, list[str]]:
    """One mkdocs build (into ``site_dir`` instead of the configured folder when given): its
    configuration and its warnings."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _quiet_mkdocs_logging() as collected:
        try:
            cfg = load_config(config_file=str(config_file), strict=strict)
            if site_dir is not None:
                cfg["site_dir"] = str(site_dir)
            build(cfg, dirty=dirty)
        except MkDocsException as exc:  # includes Abort (a SystemExit subclass)
            raise SiteBuildError(
                f"mkdocs build of {config_file} failed: {exc}", collected.messages
            ) from exc
    return cfg, collected.messages


def _mkdocs_share(config_file: Path, folder: Path, k: int, n: int) -> tuple[list[str], list[str]]:
    """Share ``k`` of ``n`` of a full build, in a forked process (see ``shards``): a dirty build in
    which a page counts as modified when it is in this share, and only share 0 copies static files."""
    from mkdocs.structure.files import File, get_files

    copies = File.is_modified

    def in_share(self: File) -> bool:
        if self.is_documentation_page():
            return shards.share_of(self.src_uri, n) == k
        return k == 0 and copies(self)

    File.is_modified = in_share  # type: ignore[method-assign]  # this forked process only
    cfg, messages = _mkdocs(config_file, False, True, folder)
    # a page's URL as its search entries give it (the home page's "./" is "" there)
    order = [f.url.removeprefix("./") for f in get_files(cfg).documentation_pages()]
    return [m for m in messages if "'dirty' build" not in m], order


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # a terminal's colour and cursor codes
ZENSICAL_CONFIG_FILE = "zensical.yml"  # beside mkdocs.yml: what a Zensical build that is not strict reads


def _build_zensical(config_file: Path, strict: bool) -> Path:
    """Zensical runs in a process of its own: its runtime prints to standard output and keeps
    state between builds in ``.cache/`` beside the configuration, not in this process. A build
    that is not strict reads ``zensical.yml`` beside the configuration when there is one (the
    site build writes it: the configuration without Zensical's link checks, see ``site.build``)."""
    import subprocess
    import sys

    import yaml

    lenient = config_file.with_name(ZENSICAL_CONFIG_FILE)
    command = [sys.executable, "-m", "zensical", "build", "--config-file",
               lenient.name if not strict and lenient.is_file() else config_file.name]
    if strict:
        command.append("--strict")
    done = subprocess.run(command, cwd=config_file.parent, capture_output=True, text=True, encoding="utf-8",
                          errors="replace")
    # Zensical colours its output even into a pipe, a link's letters one by one: the lines are kept plain
    output = [plain for line in (done.stdout + done.stderr).splitlines() if (plain := _ANSI.sub("", line)).strip()]
    if done.returncode != 0:
        raise SiteBuildError(f"zensical build of {config_file} failed (exit {done.returncode})", output[-40:])
    for line in output:
        log.info("zensical: %s", line)
    try:
        site = yaml.safe_load(config_file.read_text(encoding="utf-8")).get("site_dir", "site")
    except (yaml.YAMLError, AttributeError):
        site = "site"
    return config_file.parent / str(site)
