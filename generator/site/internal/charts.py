"""Chart options (ECharts) of the internal pages: an actor's calendar heat map, the weekly trend, carriers."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from ... import activities
from ...compliance import Result, rate
from ...loader import Record
from ...vocab import NO_CARRIER, Level
from .. import markup
from ..markup import Trusted
from .context import Context
from .grids import period_label


def heatmap(ctx: Context, records: Sequence[Record]) -> Trusted:
    """Records per day of the current term."""
    per_day = Counter(r.meta.date for r in records if ctx.in_term(r.meta.date))
    return markup.chart({
        "tooltip": {"position": "top"},
        "visualMap": heat_legend(max(per_day.values(), default=0)),
        "calendar": {
            "top": 40, "left": 40, "right": 20, "bottom": 50,
            "range": [ctx.term.start.isoformat(), ctx.term.end.isoformat()],
            "cellSize": ["auto", 16],
            "dayLabel": {"firstDay": 1, "nameMap": list("日一二三四五六")},
            "monthLabel": {"nameMap": [f"{m}月" for m in range(1, 13)]},
            "yearLabel": {"show": False},
        },
        "series": [{"type": "heatmap", "coordinateSystem": "calendar", "name": "记录数",
                    "data": [[d.isoformat(), n] for d, n in sorted(per_day.items())]}],
    }, "14rem")


#: Shades of the calendar, lightest for one record a day.
HEAT_COLOURS = ("#c5cae9", "#7986cb", "#3f51b5", "#1a237e")


def heat_legend(peak: int) -> dict[str, object]:
    """A legend with numbers: one piece per count of records a day (1 条, 2 条, … N 条及以上)."""
    top = max(1, min(peak, len(HEAT_COLOURS)))
    pieces: list[dict[str, object]] = [
        {"min": n, "max": n, "label": f"{n} 条", "color": HEAT_COLOURS[n - 1]} for n in range(1, top)]
    last = f"{top} 条及以上" if peak > top else f"{top} 条"
    pieces.append({"min": top, "label": last, "color": HEAT_COLOURS[top - 1]})
    return {"type": "piecewise", "orient": "horizontal", "left": "center", "bottom": 0, "pieces": pieces}


def weekly_trend(ctx: Context) -> Trusted:
    """The met rate of mandatory weekly rules, week by week up to the as-of date."""
    weeks = [w for w in ctx.term_periods("week") if w.start <= ctx.as_of]
    by_week: dict[str, list[Result]] = defaultdict(list)
    for r in ctx.term_results:
        if r.per == "week" and r.level == Level.MANDATORY:
            by_week[r.period].append(r)
    data = []
    for w in weeks:
        value = rate(by_week.get(w.id, []))
        data.append(None if value is None else round(value * 100, 1))
    # Start the axis 10 points below the lowest week (rounded to tens), so 92% and 97% differ.
    values = [v for v in data if v is not None]
    floor = max(0, int(min(values) // 10) * 10 - 10) if values else 0
    return markup.chart({
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 50, "right": 20, "top": 30, "bottom": 40},
        "xAxis": {"type": "category", "data": [period_label(ctx, w) for w in weeks], "axisLabel": {"interval": 0}},
        "yAxis": {"type": "value", "min": floor, "max": 100, "axisLabel": {"formatter": "{value}%"}},
        "series": [{"type": "line", "name": "每周规则完成率（%）", "data": data,
                    "connectNulls": False, "symbolSize": 8}],
    }, "16rem")


def carriers(ctx: Context) -> Trusted:
    """Records per carrier (七进) this term; 其他 only when something counts under it."""
    types = (r.meta.type for r in ctx.records if ctx.in_term(r.meta.date))
    counts = [(c, n) for c, n in activities.carrier_tally(ctx.policy, types) if n or c != NO_CARRIER]
    return markup.chart({
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 50, "right": 20, "top": 30, "bottom": 40},
        "xAxis": {"type": "category", "data": [c for c, _ in counts]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [{"type": "bar", "name": "记录数", "data": [n for _, n in counts],
                    "barMaxWidth": 48, "itemStyle": {"color": "#3f51b5"}}],
    }, "16rem")
