"""The trail of a correction (contract §6): what an amendment replaced, what it changed, why, when, by whom.

An amendment counts and the record it amends does not; the internal site shows both, so the trail
lists the replaced record (and, when that was itself a correction, the one before it) with each
changed field before and after. A restricted record on either side shows dates and types only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from ... import activities, schema
from ...loader import Record
from ...text import format_hours
from .. import markup
from ..markup import Trusted
from .context import Context
from .links import PageLinks
from .views import AmendmentStep, FieldChange

#: Longest chain followed (a cycle of amends is reported by the validator; the site just stops).
MAX_STEPS = 20
HIDDEN = "（受限记录，不显示）"
NOT_FILED = "尚未提交"


def _time(value: time | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def _fields(ctx: Context, links: PageLinks) -> list[tuple[str, Callable[[schema.RecordMeta], Trusted], bool]]:
    """(label, value as shown, shown on a restricted record) of every field a correction may change."""
    text: Callable[[str | None], Trusted] = markup.md
    return [
        ("日期", lambda m: text(m.date.isoformat()), True),
        ("类型", lambda m: text(ctx.type_name(m.type)), True),
        ("开始时间", lambda m: text(_time(m.start)), False),
        ("结束时间", lambda m: text(_time(m.end)), False),
        ("联系对象", lambda m: links.links(m.targets), False),
        ("同行人员", lambda m: links.links(m.with_), False),
        ("地点", lambda m: text(ctx.free_text(m.location)), False),
        ("工作简况", lambda m: text(ctx.free_text(m.summary)), False),
        ("引导类别", lambda m: text("、".join(m.guidance)), False),
        ("公开范围", lambda m: text(m.visibility.label if m.visibility else ""), False),
        ("发现问题", lambda m: text(f"{len(m.problems)} 个" if m.problems else ""), False),
    ]


def _changes(ctx: Context, links: PageLinks, old: Record, new: Record) -> list[FieldChange]:
    hidden = ctx.restricted(old) or ctx.restricted(new)
    out = []
    for label, show, always in _fields(ctx, links):
        before, after = show(old.meta), show(new.meta)
        if before != after:
            out.append(FieldChange(label, before, after) if always or not hidden
                       else FieldChange(label, markup.md(HIDDEN), markup.md(HIDDEN)))
    if old.body.strip() != new.body.strip():
        out.append(FieldChange("正文", markup.md("（原正文）"), markup.md("（已修改）")))
    return out


def _step(ctx: Context, links: PageLinks, rec: Record) -> AmendmentStep:
    amended = rec.meta.amends or ""
    old = ctx.by_path.get(amended)
    history = ctx.history
    filed = history.first_commit.get(rec.path) if history is not None and not history.problem else None
    reason = HIDDEN if ctx.restricted(rec) else rec.meta.reason or ""
    if old is None:  # the amended file failed the schema: nothing of it can be shown
        return AmendmentStep(amended, "（原记录格式有误，无法显示内容）", [], reason,
                             filed.isoformat() if filed else NOT_FILED, links.link(rec.meta.by))
    when = f"{old.meta.date.isoformat()} {ctx.type_name(old.meta.type)}"
    if old.meta.start is not None and old.meta.end is not None and not (ctx.restricted(old) or ctx.restricted(rec)):
        when += f"（{format_hours(activities.hours_of(old.meta))} 小时）"
    return AmendmentStep(amended, when, _changes(ctx, links, old, rec), reason,
                         filed.isoformat() if filed else NOT_FILED, links.link(rec.meta.by))


def trail(ctx: Context, links: PageLinks, rec: Record) -> list[AmendmentStep]:
    """The corrections behind ``rec``, newest first (empty for a record that amends nothing)."""
    steps: list[AmendmentStep] = []
    seen = {rec.path}
    current: Record | None = rec
    while current is not None and current.meta.amends and len(steps) < MAX_STEPS:
        steps.append(_step(ctx, links, current))
        nxt = ctx.by_path.get(current.meta.amends)
        current = nxt if nxt is not None and nxt.path not in seen else None
        seen.add(current.path if current else "")
    return steps


def note(ctx: Context, rec: Record) -> str:
    """A short marker for tables that list records (target pages, recent records)."""
    if not rec.meta.amends:
        return ""
    old = ctx.by_path.get(rec.meta.amends)
    return f"（更正记录，取代 {old.meta.date.isoformat()} 的原记录）" if old is not None else "（更正记录）"
