"""A full mkdocs build on every core: the pages split into shares, one forked process each.

mkdocs renders page after page in one process; at 2,000 actors (7,000 pages) that was 100 s of a
cold build on a machine with a second core idle. Each share is mkdocs' own ``dirty`` build (the
mechanism the incremental build uses: a page is rendered only when its file says it was modified)
with "modified" meaning "in this share": every process reads the whole configuration, every file
and the whole nav, and renders its pages only. Share 0 builds into the site folder and alone copies
the theme's and the site's static files; share k builds into a sibling folder whose pages are then
moved into the site folder. Each share's search index holds its own pages' entries: they are put
back together in the order a single build lists the pages, so the index is the one a single build
writes. Links to anchors on a page of another share are not checked (mkdocs checks them only on
pages it rendered, as in any dirty build), so strict builds, which must check every link, run in
one process.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .incremental import SEARCH_INDEX, page_of, read_search_index

SHARD_FROM = 1000  # pages per share at least; below this, forking costs more than it saves
MAX_SHARES = 8  # every share reads the whole site (files, nav, theme) and holds ~300 MiB at 7,000 pages


def share_of(src_uri: str, shares: int) -> int:
    """Which share renders a page: a stable hash of its path, so the shares are even on average."""
    return zlib.crc32(src_uri.encode("utf-8")) % shares


def shares(pages: int, jobs: int) -> int:
    """How many processes a full build of ``pages`` pages uses with ``jobs`` cores: 1 (no forking)
    below 2 × SHARD_FROM pages or without fork, and at most MAX_SHARES, each with SHARD_FROM pages
    or more."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(jobs, MAX_SHARES, pages // SHARD_FROM))


def _folder(site_dir: Path, k: int) -> Path:
    return site_dir if k == 0 else site_dir.with_name(f"{site_dir.name}.share-{k}")


def build(site_dir: Path, jobs: int, run: Callable[[Path, int, int], tuple[list[str], list[str]]]) -> list[str]:
    """Build every share at once; ``run(folder, k, n)`` builds share k of n into ``folder`` and
    returns (the warnings it collected, every page's URL in build order). Returns the warnings."""
    for k in range(jobs):
        shutil.rmtree(_folder(site_dir, k), ignore_errors=True)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        done = [f.result() for f in [pool.submit(run, _folder(site_dir, k), k, jobs) for k in range(jobs)]]
    order = done[0][1]
    indexes = [read_search_index(site_dir)]
    for k in range(1, jobs):
        indexes.append(read_search_index(_folder(site_dir, k)))
        _move_pages(_folder(site_dir, k), site_dir)
    _write_index(site_dir, indexes, order)
    return sorted({m for messages, _ in done for m in messages})


def _move_pages(share: Path, site_dir: Path) -> None:
    """Move a share's rendered pages into the site folder (what both wrote, share 0's is kept:
    the theme's own templates such as 404.html and the sitemap, the same in every share)."""
    for dirpath, _, names in os.walk(share):
        for name in names:
            src = Path(dirpath, name)
            dst = site_dir / src.relative_to(share)
            if not dst.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.replace(src, dst)
    shutil.rmtree(share, ignore_errors=True)


def _write_index(site_dir: Path, indexes: list[dict[str, object] | None], order: list[str]) -> None:
    """One search index of every share's entries, pages in build order, each page's in its own."""
    present = [i for i in indexes if i is not None]
    if not present:
        return
    by_page: dict[str, list[object]] = {}
    for index in present:
        docs = index["docs"]
        assert isinstance(docs, list)
        for entry in docs:
            by_page.setdefault(page_of(entry), []).append(entry)
    rank = {url: i for i, url in enumerate(order)}
    merged = [e for url in sorted(by_page, key=lambda u: rank.get(u, len(rank))) for e in by_page[url]]
    # written as Material writes it, so a sharded build's index is byte for byte a single build's
    (site_dir / SEARCH_INDEX).write_text(json.dumps({**present[0], "docs": merged}, separators=(",", ":")),
                                         encoding="utf-8")
