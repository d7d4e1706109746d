"""Long lists split over pages of a fixed size, each page linking to the others.

A list that grows with the roster (people, targets, problems) would otherwise make one page grow
without bound, and the engine's time per page grows with its size. Page 1 keeps the list's own
path (the one the nav and other pages link to); page n is ``list_n.md`` beside it, a name no id can
take (ids have no underscore).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from .. import markup
from ..markup import Trusted
from .context import Context
from .links import PageLinks

T = TypeVar("T")

PAGE_SIZE = 100


@dataclass(frozen=True)
class Pager:
    """Where one page of a list stands among its pages; ``links`` is empty for a one-page list."""

    number: int
    total: int
    items: int  # in the whole list
    links: Trusted


def page_paths(first: str, count: int) -> list[str]:
    """``people/index.md`` → people/index.md, people/list_2.md, …; ``problems.md`` → problems_2.md."""
    head, _, name = first.rpartition("/")
    prefix = f"{head}/" if head else ""
    stem = "list" if name == "index.md" else name.removesuffix(".md")
    return [first] + [f"{prefix}{stem}_{n}.md" for n in range(2, count + 1)]


def chunks(items: Sequence[T], size: int = PAGE_SIZE) -> list[list[T]]:
    """The items in pages of ``size`` (one empty page for an empty list)."""
    return [list(items[i:i + size]) for i in range(0, len(items), size)] or [[]]


def pagers(ctx: Context, paths: list[str], items: int) -> list[Pager]:
    """One pager per page of a list: "第 n / N 页" with a link to every other page."""
    total = len(paths)
    out = []
    for n, here in enumerate(paths, start=1):
        if total == 1:
            out.append(Pager(1, 1, items, markup.md("")))
            continue
        links = PageLinks(ctx, here)
        parts = [markup.md(f"第 {i} 页") if i == n else links.to(f"第 {i} 页", p) for i, p in enumerate(paths, start=1)]
        out.append(Pager(n, total, items, markup.concat(f"共 {items} 项，分 {total} 页：", markup.join(parts, " · "))))
    return out


def paged(ctx: Context, first: str, items: Sequence[T], size: int = PAGE_SIZE) -> list[tuple[str, list[T], Pager]]:
    """(path, the page's items, its pager) for every page of a list."""
    parts = chunks(items, size)
    paths = page_paths(first, len(parts))
    return list(zip(paths, parts, pagers(ctx, paths, len(items)), strict=True))
