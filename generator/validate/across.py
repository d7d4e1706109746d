"""Checks between records of one actor: duplicate credit, overlapping times, the daily quota, and
a person credited in ``with`` who also filed the same activity."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..loader import PartialRecord, Record
from ..messages import LIST_SEPARATOR
from .context import Context

Compared = Record | PartialRecord  # a partial record only with valid by, date, type, targets and times


def check_across(c: Context, live: Sequence[Compared]) -> set[str]:
    """``live`` is in filing order; returns the paths that got an error."""
    bad = _duplicates(c, live)
    by_day: dict[tuple[str | None, date | None], list[Compared]] = defaultdict(list)
    for r in live:
        by_day[(r.meta.by, r.meta.date)].append(r)
    for day in by_day.values():
        bad |= _overlaps(c, day)
        bad |= _over_quota(c, day)
    return bad


def _duplicates(c: Context, live: Sequence[Compared]) -> set[str]:
    bad: set[str] = set()
    seen: dict[tuple[Any, ...], Compared] = {}
    for r in live:
        m = r.meta
        key = (m.by, m.date, m.type, frozenset(m.targets))
        other = seen.get(key)
        if other is None:
            seen[key] = r
            continue
        c.say("duplicate", r.path, r.line("type"), other=other.path)
        bad.add(r.path)
    return bad


def _overlaps(c: Context, day: list[Compared]) -> set[str]:
    bad: set[str] = set()
    timed = sorted((r for r in day if r.meta.start and r.meta.end), key=lambda r: (r.meta.start, r.path))
    for a, b in zip(timed, timed[1:], strict=False):
        assert a.meta.end is not None and b.meta.start is not None and b.meta.end is not None
        if b.meta.start < a.meta.end:
            c.say("overlap", b.path, b.line("start"), start=f"{b.meta.start:%H:%M}", end=f"{b.meta.end:%H:%M}",
                  other=a.path, other_start=f"{a.meta.start:%H:%M}", other_end=f"{a.meta.end:%H:%M}")
            bad.add(b.path)
    return bad


def _over_quota(c: Context, day: list[Compared]) -> set[str]:
    bad: set[str] = set()
    if c.policy is None:
        return bad
    per_type: dict[str | None, list[Compared]] = defaultdict(list)
    for r in day:
        per_type[r.meta.type].append(r)
    for t, rs in per_type.items():
        atype = c.policy.activity_types.get(t) if t is not None else None
        if atype is None or atype.max_per_day is None or len(rs) <= atype.max_per_day:
            continue
        for r in rs[atype.max_per_day:]:  # later filings are the extra ones
            files = LIST_SEPARATOR.join(x.path.rsplit("/", 1)[-1] for x in rs)
            c.say("over-quota", r.path, r.line("type"), type=atype.name, max=atype.max_per_day, date=r.meta.date,
                  count=len(rs), files=files)
            bad.add(r.path)
    return bad


def check_with_also_filed(c: Context, live: Sequence[Record]) -> None:
    index: dict[tuple[str, date, str], list[Record]] = defaultdict(list)
    for r in live:
        index[(r.meta.by, r.meta.date, r.meta.type)].append(r)
    for r in live:
        for w in r.meta.with_:
            for other in index.get((w, r.meta.date, r.meta.type), []):
                if other is r:
                    continue  # `with` naming the filer is its own error (record-unknown-ref)
                if set(other.meta.targets) & set(r.meta.targets) or not r.meta.targets:
                    c.add("record-with-also-filed", other.path, other.line("by"),
                          f"{r.path} 已把“{w}”列为同行人员（with）并计入，本人又登记了同一活动，会重复计数。"
                          "请删除其中一处。")
