"""Rules in plain Chinese: who a rule applies to, what counts, what is required."""

from __future__ import annotations

from ... import schema
from ...parameters import Use
from ...text import days_words, format_hours
from ...vocab import KIND_LABELS, PARAMETER_ORIGIN_LABELS, PARAMETER_UNSET, PER_LABELS, UNIT_KIND_LABELS
from .context import Context

# The numbers of an entry a parameter can give, in words (policy page).
_FIELD_WORDS = {
    "min": "下限", "max": "上限", "min_hours": "小时数", "due_min_teaching_days": "考核所需的教学日数",
    "count.within_first_days": "期限天数", "count.days": "日子", "problems.respond_within_days": "办结时限",
    "filing.within_days": "填报时限",
}

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
    if c.target_tags_none:
        out.append("联系对象不带标签" + "、".join(c.target_tags_none))
    if c.guidance:
        out.append("标注了引导类别" + "、".join(c.guidance) + "之一")
    if c.assigned_only:
        out.append("只计当天分配给本人的联系对象")
    if c.days is not None:
        out.append(f"只计{days_words(c.days)}的记录")
    return out


def conditions(ctx: Context, rule: schema.Rule) -> str:
    """What a record must be to count towards a rule, or 所有记录."""
    c = rule.count
    out = _filter_words(ctx, c)
    if _BY_WORDS.get(c.by):
        out.append(_BY_WORDS[c.by])
    if c.filer_only:
        out.append("只计本人填报的记录，只作为同行人员（with）列名的不计")
    if c.distinct_from:
        out.append("与" + "、".join(f"“{ctx.rules[r].title if r in ctx.rules else r}”" for r in c.distinct_from)
                   + "分开计数：那条规则需要的记录不再计入本条")
    if c.within_first_days is not None:
        out.append(f"只计每个周期的前 {c.within_first_days} 天")
    if rule.each == "assigned":
        out.append("对每个分配的联系对象分别计算")
    elif rule.each == "tagged":
        out.append("对每个符合条件的对象分别计算（课程等只在其开设的学期考核）")
    return "；".join(out) or "所有记录"


def due(rule: schema.Rule, days: int) -> str:
    """When a period of the rule is due, in words."""
    if rule.count.days is not None:
        return f"周期内本人在岗、未请假且属于{days_words(rule.count.days)}的教学日不少于 {days} 天"
    return f"周期内本人在岗、未请假的教学日不少于 {days} 天"


def origin(parameter: schema.Parameter) -> str:
    return PARAMETER_ORIGIN_LABELS[parameter.origin] if parameter.value is not None else PARAMETER_UNSET


def numbers(ctx: Context, uses: list[Use]) -> str:
    """Which numbers of an entry come from parameters, and whose they are; 文件规定 when none does."""
    parts = []
    for use in uses:
        p = ctx.policy.parameters.get(use.parameter)
        if isinstance(p, schema.Parameter):
            parts.append(f"{_FIELD_WORDS.get(use.field, use.field)}取参数“{p.title}”（{origin(p)}）")
    return "；".join(parts) or PARAMETER_ORIGIN_LABELS["document"]


def assignment_counting(ctx: Context, rule: schema.AssignmentRule) -> str:
    parts = []
    if rule.count_members:
        parts.append("分配的宿舍、班级按其成员计入")
    if rule.in_addition_to:
        names = "、".join(f"“{ctx.assignment_rules[r].title if r in ctx.assignment_rules else r}”" for r in rule.in_addition_to)
        parts.append(f"{names}已计入的对象不再计入")
    return "；".join(parts)


def requirement(rule: schema.Rule) -> str:
    text = f"每{PER_LABELS.get(rule.per, rule.per)}至少 {rule.min} 次"
    if rule.min_hours:
        text += f"、累计 {format_hours(rule.min_hours)} 小时"
    return text


def amount(low: int, high: int | None) -> str:
    """How many an assignment rule asks for: 2—3 个, or 1 个以上."""
    return f"{low}—{high} 个" if high is not None else f"{low} 个以上"
