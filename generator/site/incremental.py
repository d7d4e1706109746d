"""What lets a second build of a site cost only what changed: files written only when their bytes
differ, a stamp saying whether the engine may rebuild only changed pages, the search index of such
a build merged with the previous one, and the engine's output copied to where the site is served
file by file.

mkdocs' ``dirty`` build (``mkdocs build --dirty``) rebuilds a page only when its Markdown is newer
than its HTML, so pages whose Markdown did not change must keep their file and its time: that is
why nothing here rewrites a file with the same bytes. It is only correct while everything else a
page is made of stays the same (configuration, nav, theme and engine): the stamp records those,
and any difference means a full build. mkdocs' dirty build also writes a search index of the
rebuilt pages only; ``merge_search_index`` puts the others back. Zensical keeps its own cache of
rendered pages (in ``.cache/`` beside its configuration) and needs none of this but the writing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..urls import page_url

STAMP = ".build-stamp.json"


@dataclass(frozen=True)
class Written:
    """What ``write_tree`` changed under a folder (paths relative to it)."""

    changed: tuple[str, ...]
    removed: tuple[str, ...]


def write_tree(base: Path, wanted: Mapping[str, bytes], keep: Iterable[str] = ()) -> Written:
    """Make ``base`` hold exactly ``wanted``: files written only when their bytes differ (their time
    is what an incremental build compares), files not wanted removed, except under ``keep``."""
    changed = []
    for rel, data in wanted.items():
        path = base / rel
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                continue
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        changed.append(rel)
    kept = tuple(keep)
    removed = sorted(rel for rel in _files(base) if rel not in wanted and not rel.startswith(kept))
    for rel in removed:
        (base / rel).unlink()
    return Written(tuple(changed), tuple(removed))


def _files(base: Path) -> Iterator[str]:
    """Every file under ``base`` (not following links to folders), relative, with ``/``: one
    ``os.walk`` rather than a ``Path`` and two ``stat`` calls for each of 15,000 files."""
    for dirpath, _, names in os.walk(base):
        folder = Path(dirpath).relative_to(base).as_posix()
        prefix = "" if folder == "." else folder + "/"
        for name in names:
            yield prefix + name


def stamp_of(*parts: object) -> str:
    """A digest of everything besides the pages that every page's HTML depends on."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def read_stamp(work: Path) -> str | None:
    try:
        return json.loads((work / STAMP).read_text(encoding="utf-8")).get("stamp")
    except (OSError, ValueError, AttributeError):
        return None


def write_stamp(work: Path, stamp: str | None) -> None:
    if stamp is None:
        (work / STAMP).unlink(missing_ok=True)
    else:
        (work / STAMP).write_text(json.dumps({"stamp": stamp}), encoding="utf-8")


def remove_pages(site_dir: Path, pages: Iterable[str]) -> None:
    """Take the HTML of removed pages out of an engine's output (an incremental build keeps it)."""
    for page in pages:
        if not page.endswith(".md"):
            continue
        folder = site_dir / page_url(page)
        (folder / "index.html").unlink(missing_ok=True)
        if folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


SEARCH_INDEX = Path("search") / "search_index.json"


def read_search_index(site_dir: Path) -> dict[str, object] | None:
    try:
        data = json.loads((site_dir / SEARCH_INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("docs"), list) else None


def page_of(entry: object) -> str:
    """The page URL a search index entry belongs to (its location without the anchor)."""
    location = entry.get("location", "") if isinstance(entry, dict) else ""
    return str(location).partition("#")[0]


def merge_search_index(site_dir: Path, before: Mapping[str, object], rebuilt: Iterable[str]) -> None:
    """After an incremental mkdocs build, whose index holds the rebuilt pages only: keep the
    previous entries of every other page, in their order, and the new ones of the rebuilt."""
    after = read_search_index(site_dir)
    if after is None:
        return
    redone = {page_url(p) for p in rebuilt}
    old = before.get("docs")
    kept = [e for e in old if page_of(e) not in redone] if isinstance(old, list) else []
    new = after["docs"]
    fresh = [e for e in new if page_of(e) in redone] if isinstance(new, list) else []
    merged = {**after, "docs": kept + fresh}
    (site_dir / SEARCH_INDEX).write_text(json.dumps(merged, ensure_ascii=False, separators=(",", ":")),
                                         encoding="utf-8")


def publish(source: Path, target: Path) -> int:
    """Make ``target`` a copy of ``source``, copying only files whose size or time differ (and
    whose bytes differ: Zensical rewrites every file), removing the rest; returns files copied."""
    copied = 0
    seen: set[str] = set()
    for dirpath, _, names in os.walk(source):
        for name in names:
            src = Path(dirpath, name)
            rel = src.relative_to(source).as_posix()
            seen.add(rel)
            dst = target / rel
            if _same(src, dst):
                continue
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
            copied += 1
    for dirpath, _, names in os.walk(target, topdown=False):  # the deepest folders first
        folder = Path(dirpath)
        prefix = folder.relative_to(target).as_posix()
        for name in names:
            if (name if prefix == "." else f"{prefix}/{name}") not in seen:
                (folder / name).unlink()
        if folder != target and not any(folder.iterdir()):
            folder.rmdir()
    return copied


def _same(src: Path, dst: Path) -> bool:
    try:
        a, b = src.stat(), dst.stat()
    except FileNotFoundError:
        return False
    if a.st_size != b.st_size:
        return False
    # copy2 keeps the time, so a file mkdocs did not rebuild has the time of its copy; Zensical
    # rewrites every file, so for it the bytes decide (the published copy is left as it is)
    return a.st_mtime_ns == b.st_mtime_ns or src.read_bytes() == dst.read_bytes()
