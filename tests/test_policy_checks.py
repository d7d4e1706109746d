"""Policy well-formedness: references, ids, bounds, the extends chain and weakened overrides."""

from __future__ import annotations

from helpers import MINI, assert_chinese_messages, assert_no_diagnostics, check, located

POLICY = "policies/mini.yml"
BASE = "policies/base.yml"
MINI_POLICY = (MINI / POLICY).read_text(encoding="utf-8")
# mini.yml has 41 lines; rules: starts at line 17, assignment_rules: at line 28.

EXTRA_RULE = """\
  - id: monthly-lecture
    title: 每月讲一次思政课
    who: {roles: [leadership]}
    count: {types: [ideology-lecture]}
    per: month
"""


def with_rule(rule: str) -> str:
    """mini.yml with ``rule`` appended to its rules (first line of the rule is line 28)."""
    return MINI_POLICY.replace("assignment_rules:\n", rule + "assignment_rules:\n", 1)


def test_extra_rule_is_well_formed(make_repo) -> None:
    assert_no_diagnostics(check(make_repo({POLICY: with_rule(EXTRA_RULE)})))


def test_undeclared_role_in_who(make_repo) -> None:
    rule = EXTRA_RULE.replace("who: {roles: [leadership]}", "who:\n      roles: [leadership, dean]")
    found = check(make_repo({POLICY: with_rule(rule)}))
    assert located(found) == [("policy-unknown-ref", "error", POLICY, 31)]
    assert "dean" in found[0].message
    assert_chinese_messages(found)


def test_undeclared_role_in_except_roles(make_repo) -> None:
    rule = EXTRA_RULE.replace("who: {roles: [leadership]}", "who: {roles: [leadership], except_roles: [dean]}")
    assert located(check(make_repo({POLICY: with_rule(rule)}))) == [("policy-unknown-ref", "error", POLICY, 30)]


def test_unknown_id_in_who(make_repo) -> None:
    rule = EXTRA_RULE.replace("who: {roles: [leadership]}", "who: {ids: [wang-jianguo, nobody]}")
    found = check(make_repo({POLICY: with_rule(rule)}))
    assert located(found) == [("policy-unknown-ref", "error", POLICY, 30)]
    assert "nobody" in found[0].message


def test_undeclared_type_in_count_types(make_repo) -> None:
    rule = EXTRA_RULE.replace(
        "count: {types: [ideology-lecture]}", "count:\n      types:\n        - ideology-lecture\n        - lecture"
    )
    found = check(make_repo({POLICY: with_rule(rule)}))
    assert located(found) == [("policy-unknown-ref", "error", POLICY, 34)]
    assert "lecture" in found[0].message and "activity_types" in found[0].message


def test_undeclared_guidance_in_count(make_repo) -> None:
    rule = EXTRA_RULE.replace("count: {types: [ideology-lecture]}", "count: {guidance: [思政引导, 思想引导]}")
    found = check(make_repo({POLICY: with_rule(rule)}))
    assert located(found) == [("policy-unknown-ref", "error", POLICY, 31)]
    assert "思想引导" in found[0].message


def test_duplicate_rule_id(make_repo) -> None:
    rule = EXTRA_RULE.replace("id: monthly-lecture", "id: weekly-face")
    found = check(make_repo({POLICY: with_rule(rule)}))
    assert located(found) == [("policy-duplicate-id", "error", POLICY, 28)]
    assert "第 18 行" in found[0].message


def test_assignment_rule_max_below_min(make_repo) -> None:
    text = MINI_POLICY.replace("    min: 2\n    max: 3\n", "    min: 2\n    max: 1\n")
    found = check(make_repo({POLICY: text}))
    assert located(found) == [("policy-bounds", "error", POLICY, 34)]
    assert "max=1" in found[0].message and "min=2" in found[0].message


def test_rule_that_is_always_met(make_repo) -> None:
    rule = EXTRA_RULE + "    min: 0\n"
    assert located(check(make_repo({POLICY: with_rule(rule)}))) == [("policy-bounds", "error", POLICY, 33)]


def test_unknown_key_in_rule_suggests_the_right_one(make_repo) -> None:
    rule = EXTRA_RULE + "    mni: 2\n"
    found = check(make_repo({POLICY: with_rule(rule)}))
    assert located(found) == [("schema-unknown-key", "error", POLICY, 33)]
    assert "mni" in found[0].message and "是不是“min”" in found[0].message


def test_unknown_key_in_count_suggests_the_right_one(make_repo) -> None:
    rule = EXTRA_RULE.replace("count: {types:", "count: {face_to_fase: true, types:")
    found = check(make_repo({POLICY: with_rule(rule)}))
    assert located(found) == [("schema-unknown-key", "error", POLICY, 31)]
    assert "是不是“face_to_face”" in found[0].message


def test_extends_a_missing_file(make_repo) -> None:
    text = MINI_POLICY.replace("document:", "extends: policies/nothing.yml\ndocument:", 1)
    found = check(make_repo({POLICY: text}))
    assert located(found) == [("policy-extends", "error", POLICY, 3)]
    assert "policies/nothing.yml" in found[0].message


# ----------------------------------------------------------------------------- inheritance

BASE_POLICY = """\
id: base
title: 上级制度
roles: {leadership: 校领导班子成员}
activity_types:
  dorm-visit: {name: 进宿舍, face_to_face: true}
rules:
  - id: weekly-face
    title: 每周面对面接触学生不少于2次
    who: {roles: [leadership]}
    count: {types: [dorm-visit]}
    per: week
    min: 2
"""


def child(**changes: str) -> str:
    """mini.yml extending base.yml; ``changes`` replace lines of its weekly-face rule."""
    text = MINI_POLICY.replace("document:", "extends: policies/base.yml\ndocument:", 1)
    for old, new in changes.items():
        text = text.replace(f"    {old.replace('_', '-')}\n", f"    {new}\n", 1)
    return text
# In the child, weekly-face's id is on line 19 (one line lower than in mini.yml).


def test_extends_chain_is_accepted(make_repo) -> None:
    assert_no_diagnostics(check(make_repo({POLICY: child(**{"min: 1": "min: 2"}), BASE: BASE_POLICY})))


def test_weaker_override_warns_on_the_childs_rule(make_repo) -> None:
    found = check(make_repo({POLICY: child(), BASE: BASE_POLICY}))  # the child keeps min: 1
    assert located(found) == [("policy-weakened", "warning", POLICY, 19)]
    assert "由 2 降为 1" in found[0].message
    assert_chinese_messages(found)


def test_longer_period_is_weaker(make_repo) -> None:
    found = check(make_repo({POLICY: child(**{"min: 1": "min: 2", "per: week": "per: month"}), BASE: BASE_POLICY}))
    assert located(found) == [("policy-weakened", "warning", POLICY, 19)]
    assert "week" in found[0].message and "month" in found[0].message


def test_advisory_override_of_a_mandatory_rule_is_weaker(make_repo) -> None:
    text = child(**{"min: 1": "min: 2", "source: 四(一)2": "level: advisory"})
    found = check(make_repo({POLICY: text, BASE: BASE_POLICY}))
    assert located(found) == [("policy-weakened", "warning", POLICY, 19)]
    assert "倡导" in found[0].message


def test_dropping_filer_only_or_each_is_weaker(make_repo) -> None:
    base = BASE_POLICY.replace("count: {types: [dorm-visit]}", "count: {types: [dorm-visit], filer_only: true}\n    each: assigned")
    found = check(make_repo({POLICY: child(**{"min: 1": "min: 2"}), BASE: base}))
    assert located(found) == [("policy-weakened", "warning", POLICY, 19)]
    assert "只计本人填报" in found[0].message and "逐个对象" in found[0].message


def test_stronger_override_does_not_warn(make_repo) -> None:
    base = BASE_POLICY.replace("min: 2", "min: 1").replace("per: week", "per: month")
    assert_no_diagnostics(check(make_repo({POLICY: child(**{"min: 1": "min: 3"}), BASE: base})))


def test_inherited_roles_and_types_are_usable_in_the_child(make_repo) -> None:
    base = BASE_POLICY.replace("roles: {leadership: 校领导班子成员}", "roles: {leadership: 校领导班子成员, dean: 院长}")
    rule = EXTRA_RULE.replace("who: {roles: [leadership]}", "who: {roles: [dean]}")
    text = child(**{"min: 1": "min: 2"}).replace("assignment_rules:\n", rule + "assignment_rules:\n", 1)
    assert_no_diagnostics(check(make_repo({POLICY: text, BASE: base})))


def test_extends_cycle(make_repo) -> None:
    base = BASE_POLICY.replace("roles:", "extends: policies/mini.yml\nroles:", 1)
    found = check(make_repo({POLICY: child(**{"min: 1": "min: 2"}), BASE: base}))
    assert located(found) == [("policy-extends", "error", BASE, 3)]
    assert "policies/mini.yml → policies/base.yml → policies/mini.yml" in found[0].message


def test_extends_itself(make_repo) -> None:
    text = MINI_POLICY.replace("document:", "extends: policies/mini.yml\ndocument:", 1)
    found = check(make_repo({POLICY: text}))
    assert located(found) == [("policy-extends", "error", POLICY, 3)]


def test_broken_parent_is_reported_in_the_parent(make_repo) -> None:
    base = BASE_POLICY.replace("title: 上级制度\n", "")
    found = check(make_repo({POLICY: child(**{"min: 1": "min: 2"}), BASE: base}))
    assert located(found) == [("schema-missing-key", "error", BASE, 1)]


def test_an_inherited_rule_keeps_citing_its_own_document(make_repo) -> None:
    from generator.loader import load_repo

    mini = (MINI / "policies/mini.yml").read_text(encoding="utf-8")
    base = mini.replace("id: mini", "id: base").replace("测院党〔2024〕1号", "省教工委〔2019〕9号")
    local = "\n".join([
        "id: local", "title: 本校制度", "document: 本校〔2025〕1号", "extends: policies/base.yml",
        "rules:", "  - {id: local-rule, title: 本校规则, who: {roles: [leadership]}, per: month}", "",
    ])
    root = make_repo({"policies/base.yml": base, "policies/mini.yml": local})
    policy = load_repo(root).policy
    assert policy is not None
    documents = {r.id: r.document for r in policy.rules}
    assert documents == {"weekly-face": "省教工委〔2019〕9号", "local-rule": "本校〔2025〕1号"}
    assert [a.document for a in policy.assignment_rules] == ["省教工委〔2019〕9号"]
