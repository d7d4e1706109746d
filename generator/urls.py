"""Where a generated page lives on a site: its directory URL and relative links between pages.

Both sites are built with ``use_directory_urls: true``, so ``people/x.md`` is served at
``people/x/``. Page paths are docs-relative POSIX paths ending in ``.md``.
"""

from __future__ import annotations


def page_url(page: str) -> str:
    """Directory URL (relative to the site root) of a page: people/x.md → people/x/, index.md → ""."""
    stem = page.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


class Linker:
    """Links from one page: ``.md`` paths, which the engine checks and rewrites to URLs, and URLs
    of static files for raw HTML (the record form's data), which the engine leaves alone."""

    def __init__(self, page: str) -> None:
        self.page = page
        # Up to the site root, then down: not always the shortest path, but correct at any depth
        # and cheap (posixpath.relpath showed up in profiles with tens of thousands of links).
        self._dir = page.rpartition("/")[0]
        self._up = "../" * (self._dir.count("/") + 1) if self._dir else ""
        self._url_up = "../" * page_url(page).count("/")

    def rel(self, to_page: str) -> str:
        """Markdown link target from this page to ``to_page``."""
        to_dir, _, name = to_page.rpartition("/")
        return name if to_dir == self._dir else self._up + to_page

    def asset(self, path: str) -> str:
        """Raw-HTML link target from this page's URL to a static file (``assets/x.js``)."""
        return self._url_up + path
