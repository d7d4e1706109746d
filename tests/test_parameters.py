"""Policy parameters: ``{parameter: id}`` references, values over an ``extends`` chain, and their errors."""

from __future__ import annotations

from pathlib import Path

from helpers import check, located

from generator import schema
from generator.loader import load_repo

PARENT = """\
id: parent
title: 上级制度
document: 上级〔2024〕1号
roles: {leadership: 校领导班子成员, party-teacher: 党员教师}
activity_types:
  dorm-visit: {name: 进宿舍, carrier: 宿舍, face_to_face: true}
parameters:
  students-min: {title: 联系学生数下限, value: 8, origin: institution, source: 三(一)2, note: 文件只说约10名}
  visits: {title: 每月走访次数, value: 2, origin: document, source: 四1}
  veto: {title: 一票否决阈值, origin: institution, source: 四4}
  thursdays: {title: 工作日, value: {weekdays: [thursday], weeks: even}, origin: document}
problems: {respond_within_days: {parameter: visits}}
rules:
  - id: monthly-visits
    title: 每月走访
    who: {roles: [leadership]}
    count: {types: [dorm-visit], days: {parameter: thursdays}}
    per: month
    min: {parameter: visits}
assignment_rules:
  - id: students
    title: 联系学生
    who: {roles: [party-teacher]}
    target_kinds: [student]
    min: {parameter: students-min}
"""

CHILD = """\
id: child
title: 本校制度
extends: policies/parent.yml
parameters:
  students-min: 9
  own: {title: 本校参数, value: 3, origin: institution}
"""


def repo_with(make_repo, child: str = CHILD, parent: str = PARENT) -> Path:
    return make_repo({
        "policies/parent.yml": parent,
        "policies/child.yml": child,
        "rosters/institution.yml": (Path(__file__).parent / "fixtures/mini/rosters/institution.yml")
        .read_text(encoding="utf-8").replace("policies/mini.yml", "policies/child.yml"),
    })


def test_references_take_the_value_the_whole_chain_ends_with(make_repo) -> None:
    repo = load_repo(repo_with(make_repo))
    policy = repo.policy
    assert policy is not None
    (arule,) = policy.assignment_rules
    assert arule.min == 9  # the child's value reaches the parent's rule
    (rule,) = policy.rules
    assert (rule.min, rule.count.days) == (2, schema.DaySpec(weekdays=["thursday"], weeks="even"))
    assert policy.problems is not None and policy.problems.respond_within_days == 2
    students = policy.parameters["students-min"]
    assert isinstance(students, schema.Parameter)
    # a bare value keeps the parent's title and source and becomes the institution's
    assert (students.value, students.origin, students.title, students.source) == (9, "institution", "联系学生数下限", "三(一)2")
    assert policy.parameter("students-min", int) == 9 and policy.parameter("students-min", float) == 9.0
    assert policy.parameter("veto", float) is None  # declared, not set
    assert policy.parameter("nowhere", int) is None
    assert policy.parameter("thursdays", schema.DaySpec) == schema.DaySpec(weekdays=["thursday"], weeks="even")
    assert policy.parameter("own", int) == 3


def test_each_file_remembers_which_fields_came_from_which_parameter(make_repo) -> None:
    repo = load_repo(repo_with(make_repo))
    parent = repo.policy_files[0]
    uses = sorted((u.entry or "", u.field, u.parameter) for u in parent.uses)
    assert uses == [("", "problems.respond_within_days", "visits"), ("monthly-visits", "count.days", "thursdays"),
                    ("monthly-visits", "min", "visits"), ("students", "min", "students-min")]
    assert repo.policy_files[1].uses == ()


def test_no_diagnostic_for_a_well_formed_chain(make_repo) -> None:
    found = [d for d in check(repo_with(make_repo)) if d.file.startswith("policies/")]
    assert found == []


def test_unknown_and_unset_parameters_are_errors_on_their_lines(make_repo) -> None:
    parent = PARENT.replace("min: {parameter: visits}", "min: {parameter: vistis}").replace(
        "min: {parameter: students-min}", "min: {parameter: veto}")
    found = [(code, file, line) for code, _, file, line in located(check(repo_with(make_repo, parent=parent)))
             if file.startswith("policies/")]
    assert found == [("policy-unknown-ref", "policies/parent.yml", 19), ("policy-parameter", "policies/parent.yml", 25)]


def test_a_bare_value_needs_a_parameter_to_change(make_repo) -> None:
    child = CHILD.replace("  students-min: 9\n", "  students-max: 12\n")
    found = [d for d in check(repo_with(make_repo, child=child)) if d.file == "policies/child.yml"]
    assert [(d.code, d.line) for d in found] == [("policy-parameter", 5)]
    assert "students-max" in found[0].message and "title" in found[0].message
    assert "students-max" not in (load_repo(repo_with(make_repo, child=child)).policy.parameters)  # type: ignore[union-attr]


def test_a_huge_value_is_refused_not_copied_into_every_reference(make_repo) -> None:
    parent = PARENT.replace("value: 2, origin: document", "value: [" + ", ".join(["x"] * 100) + "], origin: document")
    found = [(d.code, d.line) for d in check(repo_with(make_repo, parent=parent)) if d.code == "policy-parameter"]
    assert found == [("policy-parameter", 12), ("policy-parameter", 19)]  # problems: and the rule's min
