"""Fixtures for tests that drive a real headless Chromium.

    def test_something(tmp_path, serve_dir, browser_page):
        base_url = serve_dir(built_site_dir)          # http://127.0.0.1:<port>/
        browser_page.goto(base_url)                   # Playwright Page API is delegated
        ...
        browser_page.assert_clean()                   # no foreign host, no console errors

Fixtures:

* ``serve_dir``     factory ``serve_dir(path) -> base_url``; servers stop after the test.
* ``chromium``      session-scoped Playwright ``Browser`` running Debian's
                    /usr/bin/chromium headless; skips when Chromium or Playwright
                    is missing.
* ``browser_page``  a :class:`harness.RecordingPage` in a fresh browser context.
                    Requests to hosts other than 127.0.0.1 are aborted *and*
                    recorded. Use ``browser_page_factory(allowed_hosts=...,
                    block_foreign=...)`` for a different policy.

Browser tests must carry ``@pytest.mark.browser`` (registered in pyproject.toml);
``-m "not browser"`` deselects them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import CHROMIUM_ARGS, LOCAL_HOSTS, ROOT, RecordingPage, StaticServer, find_chromium

from generator import pipeline
from generator.site.build import BuildStats, build
from generator.site.internal import render
from generator.site.offline import assert_offline


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> BuildStats:
    """The sample's internal site, built once for every browser test that opens it (phone, form)."""
    tmp = tmp_path_factory.mktemp("sample-internal")
    outcome = pipeline.run(ROOT, use_git=False)  # the sample's own pinned as-of date
    assert not outcome.has_errors
    # strict: any warning of mkdocs (a link to no page, an anchor not found) fails the build
    stats = build(render(outcome), tmp / "build", tmp / "site", strict=True)
    assert assert_offline(stats.site_dir) == []
    return stats


@pytest.fixture
def serve_dir() -> Iterator[Callable[[Path], str]]:
    servers: list[StaticServer] = []

    def start(path: Path) -> str:
        server = StaticServer(Path(path)).start()
        servers.append(server)
        return server.base_url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    executable = find_chromium()
    if executable is None:
        pytest.skip(
            "no Chromium binary found (install Debian package 'chromium' or set CHROMIUM=/path)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Python package 'playwright' is not installed (pip install -e '.[test]')")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page_factory(chromium: Any) -> Iterator[Callable[..., RecordingPage]]:
    pages: list[RecordingPage] = []

    def make(
        *,
        allowed_hosts: frozenset[str] | set[str] = LOCAL_HOSTS,
        block_foreign: bool = True,
        **context_options: Any,
    ) -> RecordingPage:
        context_options.setdefault("locale", "zh-CN")
        context_options.setdefault("viewport", {"width": 1280, "height": 900})
        context_options.setdefault("service_workers", "block")
        context = chromium.new_context(**context_options)
        context.set_default_timeout(15_000)
        page = RecordingPage(context, allowed_hosts=allowed_hosts, block_foreign=block_foreign)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.close()


@pytest.fixture
def browser_page(browser_page_factory: Callable[..., RecordingPage]) -> RecordingPage:
    return browser_page_factory()
