"""What an actor still owes this week, this month and this term, and each rule's term in words.

The first thing a cadre opening their page wants to know is "what do I still have to do?". Every
pending result (a period not over yet, the requirement not met) becomes one line: the rule in full
words, what counts, how many more, by when. Nothing depends on hovering, so a phone reads it too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from ...compliance import Result, Tally
from ...text import format_hours
from ...vocab import STATUS_LABELS, Level, Status
from .. import markup
from . import words
from .context import Context
from .links import PageLinks
from .views import OweGroup, OweItem, RuleLine

WEEKDAYS = "一二三四五六日"


def day_words(day: date, as_of: date | None = None, paren: bool = True) -> str:
    """11月22日（周日）, with the year unless it is the as-of date's; ``paren=False`` for a text
    already in parentheses (11月22日 周日), so parentheses never nest."""
    year = f"{day.year}年" if as_of is None or day.year != as_of.year else ""
    weekday = f"周{WEEKDAYS[day.weekday()]}"
    return f"{year}{day.month}月{day.day}日" + (f"（{weekday}）" if paren else f" {weekday}")


def amount(r: Result) -> str:
    """0/1 次, with hours when the rule asks for them."""
    text = f"{r.achieved}/{r.required} 次"
    if r.required_hours:
        text += f"、{format_hours(r.hours)}/{format_hours(r.required_hours)} 小时"
    return text


def _need(r: Result) -> tuple[str, str]:
    parts = []
    if r.achieved < r.required:
        parts.append(f"{r.required - r.achieved} 次")
    if r.required_hours and r.hours + 1e-9 < r.required_hours:
        parts.append(f"{format_hours(r.required_hours - r.hours)} 小时")
    have = f"已有 {r.achieved} 次，要求 {r.required} 次"
    if r.required_hours:
        have += f"；已有 {format_hours(r.hours)} 小时，要求 {format_hours(r.required_hours)} 小时"
    return "还差 " + "、".join(parts or ["0 次"]), have


def _item(ctx: Context, links: PageLinks, r: Result) -> OweItem:
    rule = ctx.rules[r.rule]
    need, have = _need(r)
    target = markup.concat("对象：", links.link(r.target)) if r.target else markup.md("")
    return OweItem(links.rule(r.rule), target, need, have, words.conditions(ctx, rule),
                   day_words(r.due, ctx.as_of), r.level == Level.ADVISORY)


def _group_of(ctx: Context, r: Result) -> int:
    if r.due <= ctx.week_end:
        return 0
    if r.due <= ctx.month_end:
        return 1
    return 2 if r.due <= ctx.term.end else 3


def owed(ctx: Context, links: PageLinks, actor: str) -> list[OweGroup]:
    """Pending results of the periods running on the as-of date, by deadline: this week, this
    month, this term, later. Mandatory rules first within each group, then by deadline."""
    groups: dict[int, list[Result]] = defaultdict(list)
    for r in ctx.results_by_actor.get(actor, []):
        if r.status == Status.PENDING and r.start <= ctx.as_of <= r.end and r.rule in ctx.rules:
            groups[_group_of(ctx, r)].append(r)
    week = ctx.cal.period_of("week", ctx.as_of)
    week_name = ctx.cal.name(week) if week else ""
    titles = (
        f"本周还需完成（{week_name.split('（')[0]}，至 {day_words(ctx.week_end, ctx.as_of, paren=False)}）",
        f"本月还需完成（至 {day_words(ctx.month_end, ctx.as_of, paren=False)}）",
        f"本学期还需完成（至 {day_words(ctx.term.end, ctx.as_of, paren=False)}）",
        "更长周期还需完成",
    )
    order = {rid: i for i, rid in enumerate(ctx.rules)}
    return [OweGroup(titles[g], [_item(ctx, links, r) for r in sorted(
        groups[g], key=lambda r: (r.level != Level.MANDATORY, r.due, order[r.rule], r.target or ""))])
        for g in sorted(groups)]


def rule_lines(ctx: Context, links: PageLinks, actor: str) -> list[RuleLine]:
    """Each rule of the actor this term: its requirement, its tally, the period running now."""
    by_rule: dict[str, list[Result]] = defaultdict(list)
    for r in ctx.results_by_actor.get(actor, []):
        by_rule[r.rule].append(r)
    return [_line(ctx, links, rid, by_rule[rid]) for rid in ctx.rules if rid in by_rule]


def _line(ctx: Context, links: PageLinks, rid: str, results: Sequence[Result]) -> RuleLine:
    t = Tally.of(results)
    summary = f"本学期已完成 {t.met} 个周期，未完成 {t.unmet} 个，进行中 {t.pending} 个"
    if t.exempt:
        summary += f"，不考核 {t.exempt} 个"
    now = [r for r in results if r.start <= ctx.as_of <= r.end]
    current = "；".join(_now(ctx, r) for r in now)
    rule = ctx.rules[rid]
    return RuleLine(links.rule(rid), words.requirement(rule), rule.level == Level.ADVISORY, summary, current)


def _now(ctx: Context, r: Result) -> str:
    period = ctx.period(r)
    target = f"（{ctx.display(r.target)}）" if r.target else ""
    return f"{ctx.cal.name(period) if period else r.period}{target}：{amount(r)}，{STATUS_LABELS[r.status]}"
