"""Rules in plain Chinese: who a rule applies to, what counts, what is required."""

from __future__ import annotations

from ... import schema
from ...text import format_hours
from ...vocab import KIND_LABELS, PER_LABELS, UNIT_KIND_LABELS
from .context import Context

_BY_WORDS = {"self": "", "members": "计入本支部党员的记录",
             "self-and-members": "计入本单位及其党员的记录", "secretary": "计入书记的记录"}


def who_words(ctx: Context, who: schema.Who) -> str:
    parts = []
    if who.roles:
        parts.append(ctx.role_names(who.roles))
    if who.kinds:
        parts.append("、".join(UNIT_KIND_LABELS.get(k, k) for k in who.kinds))
    if who.ids:
        parts.append("、".join(ctx.display(i) for i in who.ids))
    text = "；".join(parts) or "（无）"
    if who.except_roles:
        text += f"（不含{ctx.role_names(who.except_roles)}）"
    return text


def _filter_words(ctx: Context, c: schema.CountFilter) -> list[str]:
    out = []
    if c.types is not None:
        out.append("活动类型为" + "、".join(ctx.type_name(t) for t in c.types) + "之一")
    if c.face_to_face is True:
        out.append("面对面接触")
    elif c.face_to_face is False:
        out.append("非面对面的活动")
    if c.target_kinds:
        out.append("联系对象中至少有一个是" + "、".join(KIND_LABELS.get(k, k) for k in c.target_kinds))
    if c.target_tags:
        out.append("联系对象带有标签" + "、".join(c.target_tags) + "之一")
    if c.target_tags_all:
        out.append("联系对象同时带有标签" + "、".join(c.target_tags_all))
    if c.guidance:
        out.append("标注了引导类别" + "、".join(c.guidance) + "之一")
    if c.assigned_only:
        out.append("只计当天分配给本人的联系对象")
    return out


def conditions(ctx: Context, rule: schema.Rule) -> str:
    """What a record must be to count towards a rule, or 所有记录."""
    c = rule.count
    out = _filter_words(ctx, c)
    if _BY_WORDS.get(c.by):
        out.append(_BY_WORDS[c.by])
    if c.within_first_days is not None:
        out.append(f"只计每个周期的前 {c.within_first_days} 天")
    if rule.each == "assigned":
        out.append("对每个分配的联系对象分别计算")
    elif rule.each == "tagged":
        out.append("对每个符合条件的对象分别计算")
    return "；".join(out) or "所有记录"


def requirement(rule: schema.Rule) -> str:
    text = f"每{PER_LABELS.get(rule.per, rule.per)}至少 {rule.min} 次"
    if rule.min_hours:
        text += f"、累计 {format_hours(rule.min_hours)} 小时"
    return text


def amount(low: int, high: int | None) -> str:
    """How many an assignment rule asks for: 2—3, or 1 个以上."""
    return f"{low}—{high}" if high is not None else f"{low} 个以上"
