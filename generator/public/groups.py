"""Small-group protection: published groups of actors never single out fewer than ``k`` people."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .data import MERGED


def protect(partitions: Sequence[Mapping[str, set[str]]], k: int) -> list[dict[str, frozenset[str]]]:
    """Merge groups of each partition so that no published group singles out fewer than ``k`` actors.

    Within a partition, groups smaller than ``k`` go into a merged group, which itself must reach
    ``k`` (the smallest remaining groups join it until it does), so the total minus the listed
    groups never isolates anyone. Across partitions, two published groups where one contains the
    other and the difference is smaller than ``k`` would isolate that difference by subtraction;
    the smaller of the two is merged too. A merged group still smaller than ``k`` (the whole
    partition has fewer than ``k`` actors) is not published. Returns each partition's published
    groups, the merged one under ``MERGED``.
    """
    merged: list[set[str]] = [set() for _ in partitions]

    def view(i: int) -> dict[str, frozenset[str]]:
        p = partitions[i]
        out = {g: frozenset(m) for g, m in p.items() if g not in merged[i]}
        if merged[i]:
            out[MERGED] = frozenset().union(*(p[g] for g in merged[i]))
        return out

    def next_to_merge(i: int) -> str | None:
        """A group of partition ``i`` that must join the merged group, if any."""
        p, v = partitions[i], view(i)
        small = sorted(g for g in v if g != MERGED and len(v[g]) < k)
        rest = sorted((g for g in v if g != MERGED), key=lambda g: (len(p[g]), g))
        if small:
            return small[0]
        if MERGED in v and len(v[MERGED]) < k and rest:
            return rest[0]
        for j in range(len(partitions)):
            if j == i:
                continue
            for g, members in v.items():
                if any(members < other and len(other - members) < k for other in view(j).values()):
                    return g if g != MERGED else (rest[0] if rest else None)
        return None

    while True:
        found = [(i, g) for i in range(len(partitions)) if (g := next_to_merge(i)) is not None]
        if not found:
            break
        i, g = found[0]
        merged[i].add(g)
    final = [view(i) for i in range(len(partitions))]
    for v in final:
        if MERGED in v and len(v[MERGED]) < k:
            del v[MERGED]
    return final
