"""Checks of the policy files: rule ids, references to roles, types, guidance, tags, rules and parameters, bounds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import schema
from ..loader import PolicyFile
from ..vocab import Level, PeriodKind
from ..yamlio import Loaded
from .context import Context

_SECTIONS = ("rules", "assignment_rules", "coverage_rules", "profile_rules", "reports")


def check_policy(c: Context) -> None:
    if c.policy is None:
        return
    for pf in c.repo.policy_files:
        _ids_and_whos(c, pf)
        _count_refs(c, pf, c.policy)
        for section, path_of in (("rules", ("count",)), ("assignment_rules", ()), ("coverage_rules", ())):
            for i, rule in enumerate(getattr(pf.policy, section)):
                _tags(c, pf, (section, i, *path_of), rule.count if section == "rules" else rule)
        for i, arule in enumerate(pf.policy.assignment_rules):
            if arule.max is not None and arule.max < arule.min:
                c.add("policy-bounds", pf.path, pf.loaded.line(("assignment_rules", i, "max")),
                      f"规则“{arule.id}”的上限 max={arule.max} 小于下限 min={arule.min}。")
        _rule_refs(c, pf, c.policy)
    _parameters(c)
    _weakened(c)


def _rule_refs(c: Context, pf: PolicyFile, policy: schema.Policy) -> None:
    """``distinct_from`` names counting rules of the same period without ``each``; ``in_addition_to``
    names assignment rules."""
    rules = {r.id: r for r in policy.rules}
    for i, rule in enumerate(pf.policy.rules):
        for j, ref in enumerate(rule.count.distinct_from):
            line = pf.loaded.line(("rules", i, "count", "distinct_from", j))
            other = rules.get(ref)
            if other is None or other.id == rule.id:
                c.add("policy-unknown-ref", pf.path, line, f"规则“{rule.id}”的 distinct_from 中的“{ref}”不是另一条计数规则的标识。")
            elif other.per != rule.per or other.each is not None:
                c.add("policy-bounds", pf.path, line,
                      f"规则“{rule.id}”与“{ref}”分开计数，两条规则的周期须相同，且“{ref}”不能使用 each。")
    assignment = {r.id for r in policy.assignment_rules}
    for i, arule in enumerate(pf.policy.assignment_rules):
        for j, ref in enumerate(arule.in_addition_to):
            if ref not in assignment or ref == arule.id:
                c.add("policy-unknown-ref", pf.path, pf.loaded.line(("assignment_rules", i, "in_addition_to", j)),
                      f"规则“{arule.id}”的 in_addition_to 中的“{ref}”不是另一条联系分配规则的标识。")


def _parameters(c: Context) -> None:
    """A bare value changes a parameter an ancestor declares; a new parameter needs title and origin."""
    declared: set[str] = set()
    for pf in c.repo.policy_files:
        for key, entry in pf.policy.parameters.items():
            if not isinstance(entry, schema.Parameter) and key not in declared:
                c.add("policy-parameter", pf.path, pf.loaded.line(("parameters", key)),
                      f"参数“{key}”只写了取值，但上级制度中没有这个参数。新参数请写明 title、value 和 origin，"
                      f"例如 {key}: {{title: 中文名称, value: 取值, origin: institution}}。")
        declared |= set(pf.policy.parameters)


def _whos(rule: Any, base: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], schema.Who]]:
    for key in ("who", "by"):
        who = getattr(rule, key, None)
        if isinstance(who, schema.Who):
            yield base + (key,), who


def _ids_and_whos(c: Context, pf: PolicyFile) -> None:
    seen: dict[tuple[str, str], int | None] = {}
    for section in _SECTIONS:
        for i, rule in enumerate(getattr(pf.policy, section)):
            line = pf.loaded.line((section, i, "id"))
            if (section, rule.id) in seen:
                c.add("policy-duplicate-id", pf.path, line,
                      f"规则标识“{rule.id}”在本文件第 {seen[(section, rule.id)]} 行已经用过。请换一个标识。")
            seen[(section, rule.id)] = line
            for path, who in _whos(rule, (section, i)):
                _who(c, pf.path, pf.loaded, path, who)


def _count_refs(c: Context, pf: PolicyFile, policy: schema.Policy) -> None:
    doc = pf.loaded
    for i, rule in enumerate(pf.policy.rules):
        base = ("rules", i, "count")
        for j, t in enumerate(rule.count.types or []):
            if t not in policy.activity_types:
                c.add("policy-unknown-ref", pf.path, doc.line(base + ("types", j)),
                      f"规则“{rule.id}”中的活动类型“{t}”没有在 activity_types 中声明。")
        for j, g in enumerate(rule.count.guidance):
            if g not in policy.guidance:
                c.add("policy-unknown-ref", pf.path, doc.line(base + ("guidance", j)),
                      f"规则“{rule.id}”中的引导类别“{g}”没有在 guidance 中声明。")
        if rule.each == "tagged" and not (rule.count.target_kinds or rule.count.target_tags):
            c.add("policy-bounds", pf.path, doc.line(("rules", i, "each")),
                  f"规则“{rule.id}”使用 each: tagged，但没有写 count.target_kinds 或 count.target_tags，"
                  "会对名册中的每一个对象分别计算。请写明针对哪些对象。")
        if rule.min == 0 and rule.min_hours == 0:
            c.add("policy-bounds", pf.path, doc.line(("rules", i, "min")),
                  f"规则“{rule.id}”的 min 和 min_hours 都是 0，永远算作完成。请写明最低要求。")


def _tags(c: Context, pf: PolicyFile, path: tuple[Any, ...], holder: Any) -> None:
    """Undeclared tags, when the policy declares a tag vocabulary (a typo would never match)."""
    assert c.policy is not None
    known = set(c.policy.tags) | set(c.policy.sensitive_tags)
    if not c.policy.tags:
        return
    for key in ("target_tags", "target_tags_all", "target_tags_none"):
        for j, tag in enumerate(getattr(holder, key)):
            if tag not in known:
                c.add("policy-unknown-ref", pf.path, pf.loaded.line(path + (key, j)),
                      f"标签“{tag}”没有在制度的 tags 中声明。已声明：{'、'.join(sorted(known))}。请检查拼写。")


def _who(c: Context, rel: str, doc: Loaded, path: tuple[Any, ...], who: schema.Who) -> None:
    assert c.policy is not None
    for key in ("roles", "except_roles"):
        for j, role in enumerate(getattr(who, key)):
            if role not in c.policy.roles:
                c.add("policy-unknown-ref", rel, doc.line(path + (key, j)),
                      f"角色“{role}”没有在制度的 roles 中声明。已声明：{'、'.join(c.policy.roles) or '（无）'}。")
    for j, ref in enumerate(who.ids):
        if ref not in c.repo.people and ref not in c.repo.units and c.missing(ref):
            c.add("policy-unknown-ref", rel, doc.line(path + ("ids", j)), c.ref_hint(ref, "人员或单位的标识"))


def _weaker(rule: schema.Rule, old: schema.Rule) -> list[str]:
    why = []
    if rule.min < old.min:
        why.append(f"次数由 {old.min} 降为 {rule.min}")
    if rule.min_hours < old.min_hours:
        why.append(f"时长由 {old.min_hours} 小时降为 {rule.min_hours} 小时")
    if PeriodKind(rule.per).rank > PeriodKind(old.per).rank:
        why.append(f"周期由 {old.per} 放宽为 {rule.per}")
    if old.level == Level.MANDATORY and rule.level == Level.ADVISORY:
        why.append("由必须改为倡导")
    if old.count.filer_only and not rule.count.filer_only:
        why.append("由只计本人填报改为同行人员也计入")
    if old.each is not None and rule.each is None:
        why.append("由逐个对象计算改为合计")
    return why


def _weakened(c: Context) -> None:
    inherited: dict[str, schema.Rule] = {}
    for pf in c.repo.policy_files:
        local: dict[str, schema.Rule] = {}  # a duplicate id in one file is not an override
        for i, rule in enumerate(pf.policy.rules):
            old = inherited.get(rule.id)
            why = _weaker(rule, old) if old is not None else []
            if why:
                c.add("policy-weakened", pf.path, pf.loaded.line(("rules", i, "id")),
                      f"规则“{rule.id}”覆盖了上级制度中的同名规则，但要求更低：{'；'.join(why)}。"
                      "如确需调整，请确认符合上级文件要求。")
            local[rule.id] = rule
        inherited.update(local)
