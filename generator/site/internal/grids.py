"""Status grids: one per period kind, rows of rules (actor pages) or of actors, as an HTML table whose
row labels are Markdown links (``markdown="span"``), so the engine checks and rewrites them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ... import schema
from ...compliance import Result
from ...periods import Period
from ...text import format_hours
from ...vocab import PER_LABELS, STATUS_GLYPHS, STATUS_LABELS, Level
from .. import markup
from ..markup import html
from .context import Context, rule_page
from .links import PageLinks
from .views import Grid, GridCell, GridColumn, GridRow


def period_label(ctx: Context, p: Period) -> str:
    """A period as a grid column or chart axis label (第几教学周, 11月, 四季度…)."""
    return ctx.cal.short_name(p)


def period_title(ctx: Context, p: Period) -> str:
    """A period in full words, with its dates."""
    name = ctx.cal.name(p)
    return name if "（" in name else f"{name}（{p.start.month}月{p.start.day}日—{p.end.month}月{p.end.day}日）"


def grids(ctx: Context, links: PageLinks, results: Sequence[Result], row_key: str) -> list[Grid]:
    """One grid per period kind: rows are rules (``row_key="rule"``) or actors, each row optionally
    per target; columns are the kind's periods overlapping the current term."""
    kinds: dict[str, list[Result]] = {}
    for r in results:
        kinds.setdefault(r.per, []).append(r)
    return [_grid(ctx, links, per, kinds[per], row_key)
            for per in sorted(kinds, key=lambda k: schema.PERIOD_KINDS.index(k))]


def _grid(ctx: Context, links: PageLinks, per: str, results: list[Result], row_key: str) -> Grid:
    order = {r.id: i for i, r in enumerate(ctx.policy.rules)}
    periods = ctx.term_periods(per)
    rows: dict[tuple[Any, ...], dict[str, Result]] = {}
    for r in results:
        key: tuple[Any, ...]
        if row_key == "rule":
            key = (order.get(r.rule, len(order)), r.rule, r.target or "")
        else:
            key = (ctx.unit_rank(ctx.roster.unit_of(r.actor)), r.actor, r.target or "")
        rows.setdefault(key, {})[r.period] = r
    columns = [GridColumn(html(period_label(ctx, p)), html(period_title(ctx, p)),
                          html("cr-now" if p.start <= ctx.as_of <= p.end else "")) for p in periods]
    corner = "规则" if row_key == "rule" else "人员／单位"
    caption = f"按{PER_LABELS.get(per, per)}" + ("（第几教学周）" if per in ("week", "biweek") else "")
    return Grid(caption, html(corner), columns,
                [_row(ctx, links, rows[key], periods, row_key) for key in sorted(rows)])


def _row(ctx: Context, links: PageLinks, by_period: dict[str, Result], periods: list[Period],
         row_key: str) -> GridRow:
    first = next(iter(by_period.values()))
    if row_key == "rule":
        rule = ctx.rules.get(first.rule)
        label = rule.title if rule else first.rule
        page: str | None = rule_page(first.rule)
        note = "倡导" if first.level == Level.ADVISORY else ""
    else:
        label = ctx.display(first.actor)
        page = ctx.page_of(first.actor)
        note = ""
    if first.target:
        note = (note + " " if note else "") + "· " + ctx.display(first.target)
    # the full title, wrapped by the stylesheet: a cut title loses exactly the quota at its end
    text = markup.md_link(label, links.rel(page)) if page else markup.md(label)
    cells = [_cell(ctx, by_period.get(p.id), p) for p in periods]
    return GridRow(text, html(label), markup.md(note), cells)


def _cell(ctx: Context, result: Result | None, period: Period) -> GridCell:
    # The column header's title gives the period and its days; a cell's says what happened in it.
    now = " cr-now" if period.start <= ctx.as_of <= period.end else ""
    if result is None:
        why = "尚未开始" if period.start > ctx.as_of else "不在统计范围内"
        return GridCell(html(now.strip()), html(""), html(why))
    amount = f"{result.achieved}/{result.required} 次"
    if result.required_hours:
        amount += f"，{format_hours(result.hours)}/{format_hours(result.required_hours)} 小时"
    return GridCell(html(markup.status_class(result.status) + now), html(STATUS_GLYPHS[result.status]),
                    html(f"{STATUS_LABELS.get(result.status, result.status)}，{amount}"))
