"""Helpers for browser tests: a local static HTTP server and a recording Playwright page.

Used through the fixtures in ``conftest.py``:

* ``serve_dir(path) -> base_url``   serve a directory on 127.0.0.1:<free port>
* ``chromium``                      session-wide headless Debian Chromium (Playwright)
* ``browser_page``                  a fresh :class:`RecordingPage` per test

A :class:`RecordingPage` records every request URL (page, iframes, workers),
every console message of type ``error`` and every uncaught page error, and by
default *aborts* requests to any host other than the local server, so a test
can never leak to the internet yet still sees (and fails on) the attempt.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

LOCAL_HOSTS = frozenset({"127.0.0.1"})
ROOT = Path(__file__).resolve().parents[2]  # the repository, with the sample institution
PHONE = {"width": 390, "height": 844}

#: Everything in the article that could make a reader scroll sideways, except status grids, which
#: scroll inside their own frame by design (grids.js brings the current period into view).
OVERFLOW = """() => {
  const d = document.documentElement;
  const wide = [...document.querySelectorAll(
      'article table, article .md-typeset__scrollwrap, article .cr-key, article p, article li, article pre')]
    // a table's frame reaches into the page margin on phones (Material's full-bleed tables): the
    // frame itself is checked, not the block around it
    .filter(e => !e.closest('.cr-grid-wrap') && !e.querySelector('.md-typeset__scrollwrap'))
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => `${e.tagName}.${e.className} ${e.scrollWidth}>${e.clientWidth}: ${(e.innerText || '').slice(0, 30)}`);
  return {page: d.scrollWidth - d.clientWidth, wide};
}"""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """Path of the system Chromium (env CHROMIUM overrides), or None."""
    candidates = [
        os.environ.get("CHROMIUM"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
        shutil.which("chromium-browser"),
    ]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


# --------------------------------------------------------------------------- server


class _QuietHandler(SimpleHTTPRequestHandler):
    # Correct types for what the sites ship (the stdlib guesses most already).
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".woff2": "font/woff2",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output clean


class StaticServer:
    """A threaded ``http.server`` serving *root* on 127.0.0.1 with a free port."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise FileNotFoundError(f"cannot serve missing directory {self.root}")
        handler = functools.partial(_QuietHandler, directory=str(self.root))
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self.port: int = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name=f"static-server-{self.port}", daemon=True
        )

    def start(self) -> StaticServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> StaticServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------- page


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def is_local(url: str, allowed_hosts: Iterable[str] = LOCAL_HOSTS) -> bool:
    """True for URLs that do not leave the machine (127.0.0.1, data:, blob:, about:)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("data", "blob", "about", "javascript", "chrome-extension"):
        return True
    return host_of(url) in set(allowed_hosts)


class RecordingPage:
    """Wraps a Playwright ``Page``; unknown attributes are delegated to it.

    Attributes filled while the test runs:

    * ``requests``        every request URL (page, frames, dedicated/service workers)
    * ``console_errors``  text + location of every ``console.error`` (page and workers)
    * ``page_errors``     uncaught exceptions / unhandled rejections
    * ``failed_requests`` "URL (reason)" for network failures, incl. blocked ones
    * ``bad_responses``   "status URL" for HTTP responses >= 400
    """

    def __init__(
        self,
        context: Any,
        *,
        allowed_hosts: Iterable[str] = LOCAL_HOSTS,
        block_foreign: bool = True,
    ) -> None:
        self.context = context
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.bad_responses: list[str] = []

        # Context-level events also cover workers (Material's search worker).
        context.on("request", lambda req: self.requests.append(req.url))
        context.on("requestfailed", self._on_request_failed)
        context.on("response", self._on_response)
        if block_foreign:
            context.route("**/*", self._route)

        self.page = context.new_page()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda err: self.page_errors.append(str(err)))
        self.page.on("worker", self._on_worker)

    # -- event handlers ---------------------------------------------------------
    def _route(self, route: Any) -> None:
        if is_local(route.request.url, self.allowed_hosts):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _on_request_failed(self, request: Any) -> None:
        self.failed_requests.append(f"{request.url} ({request.failure})")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.bad_responses.append(f"{response.status} {response.url}")

    def _on_console(self, msg: Any) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            where = f" @ {loc.get('url')}:{loc.get('lineNumber')}" if loc.get("url") else ""
            self.console_errors.append(f"{msg.text}{where}")

    def _on_worker(self, worker: Any) -> None:
        # Worker console messages are not always mirrored on the page.
        worker.on("console", self._on_worker_console)

    def _on_worker_console(self, msg: Any) -> None:
        if msg.type == "error":
            text = f"[worker] {msg.text}"
            if text not in self.console_errors:
                self.console_errors.append(text)

    # -- queries / assertions ---------------------------------------------------
    def foreign_requests(self) -> list[str]:
        """Request URLs that went (or tried to go) to a host other than the allowed ones."""
        return [u for u in self.requests if not is_local(u, self.allowed_hosts)]

    def assert_no_foreign_requests(self) -> None:
        foreign = self.foreign_requests()
        assert not foreign, "requests to other hosts:\n  " + "\n  ".join(foreign)

    def assert_no_errors(self) -> None:
        problems = (
            [f"console.error: {e}" for e in self.console_errors]
            + [f"page error: {e}" for e in self.page_errors]
            + [f"HTTP {r}" for r in self.bad_responses]
        )
        assert not problems, "browser reported errors:\n  " + "\n  ".join(problems)

    def assert_clean(self) -> None:
        """No request left the allowed hosts, no console/page errors, no HTTP errors."""
        self.assert_no_foreign_requests()
        self.assert_no_errors()

    # -- Material for MkDocs helpers ---------------------------------------------
    SEARCH_INPUT = "input.md-search__input"
    SEARCH_LINKS = "a.md-search-result__link"

    def material_search(self, query: str) -> None:
        """Type *query* into Material's search box (opens the search overlay).

        Material listens for ``keyup`` (a real IME commits Chinese text and
        then fires one); ``fill()`` only fires ``input``, so a harmless End
        key press follows. Wait for results with :meth:`wait_for_search_result`.
        """
        self.page.click(self.SEARCH_INPUT)
        self.page.fill(self.SEARCH_INPUT, query)
        self.page.press(self.SEARCH_INPUT, "End")

    def wait_for_search_result(self, href_contains: str) -> list[str]:
        """Wait until a result link's URL contains *href_contains*; return all result URLs."""
        self.page.wait_for_function(
            "s => [...document.querySelectorAll('a.md-search-result__link')]"
            ".some(a => a.href.includes(s))",
            arg=href_contains,
        )
        return self.search_result_links()

    def zensical_search(self, query: str) -> None:
        """Type *query* into Zensical's search dialog (its modern theme draws the dialog from
        script when the header's search button is clicked; the input has a placeholder)."""
        self.page.click(".md-search__button")
        field = self.page.locator("input[type=search], input[placeholder]").first
        field.fill(query)
        field.press("End")

    def wait_for_zensical_result(self, path: str) -> list[str]:
        """Wait until a result links ``path`` (Zensical's result links carry ``?h=<query>`` and
        sit in a shadow root, which Playwright's selectors enter and ``querySelector`` does not)."""
        self.page.locator(f'a[href*="{path.strip("/")}/?h="]').first.wait_for(state="attached")
        return self.page.eval_on_selector_all('a[href*="?h="]', "els => els.map(a => a.href)")

    def search_result_links(self) -> list[str]:
        """Absolute URLs of the currently shown search results (incl. section hits)."""
        return self.page.eval_on_selector_all(self.SEARCH_LINKS, "els => els.map(a => a.href)")

    def close(self) -> None:
        self.context.close()

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not found on the wrapper itself.
        if name == "page" or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.page, name)
