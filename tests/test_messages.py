"""No message is English or a Python repr: every golden case, and crafted mistakes in every kind of file.

``helpers.english_or_repr`` sets aside what a message quotes (the user's own values), paths, ids and
field names, then finds English prose (two English words in a row), capitalised English words and
Python reprs (None, ['…'], {'…'}). The golden cases and the roster and policy tests already assert it
through ``assert_chinese_messages``; here a corpus of mistakes in rosters, policy and records (and
the YAML reader's every fallback) runs through the whole pipeline, so a message nobody wrote a test
for is checked too.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from helpers import CASES, MINI, RECORD_PATH, VALID_RECORD, english_or_repr

from generator import pipeline
from generator.diagnostics import Diagnostic
from generator.yamlio import parse


def roster(name: str) -> str:
    return (MINI / "rosters" / name).read_text(encoding="utf-8")


POLICY = (MINI / "policies" / "mini.yml").read_text(encoding="utf-8")

#: Mistakes in rosters and the policy, several per file, as people make them.
ROSTER_MISTAKES: dict[str, dict[str, str]] = {
    "people": {"rosters/people.yml": roster("people.yml") + (
        "- id: Zhang San\n  name:\n  unit: 护理学院\n  roles: [dean]\n  since: 2024/1/1\n  public: 是\n"
        "- id: zhou-ming\n  name: 周明\n  unit: nursing-schol\n  roles: leadership\n  liaisons: [李红]\n")},
    "units": {"rosters/units.yml": roster("units.yml") + (
        "- {id: a-unit, name: 甲, kind: 学院, parent: b-unit}\n- {id: b-unit, name: 乙, kind: school, parent: a-unit}\n"
        "- {id: c-unit, name: 丙, kind: branch, secretary: 王建国}\n")},
    "targets": {"rosters/targets.yml": roster("targets.yml") + (
        "- {id: class-x, kind: 班级, name: 某班, enrolled: 二〇二四, level: 专科}\n"
        "- {id: dorm-x, kind: dorm, name: 某宿舍, members: [stu-9999, 陈小雨]}\n")},
    "assignments": {"rosters/assignments.yml": roster("assignments.yml") + (
        "- actor: 王建国\n  targets: [护理2024级1班]\n  since: 2024-13-01\n- actor: nobody\n  targets: stu-0001\n")},
    "leaves": {"rosters/leaves.yml": roster("leaves.yml") + (
        "- {person: li-hong, start: 2024-11-20, end: 2024-11-10, reason: 挂职}\n"
        "- {person: 李红, start: 2024-11-20, end: 2024-12-10}\n")},
    "calendar": {"rosters/calendar.yml": roster("calendar.yml").replace("2024-10-12", "2024-10-14") + (
        "  - id: 2024-2025-2\n    name: 第二学期\n    start: 2025-01-10\n    end: 2024-12-01\n"
        "    breaks:\n      - {name: 寒假, start: 2025-08-01, end: 2025-08-10}\n")},
    "institution": {"rosters/institution.yml": roster("institution.yml").replace(
        "Asia/Shanghai", "Beijing")},
    "policy": {"policies/mini.yml": POLICY.replace("types: [dorm-visit, canteen-meal, class-observation]",
                                                  "types: [dorm-visit, canteen]\n      guidance: [谈心]")
               .replace("roles: [leadership]", "roles: [leader]").replace("per: week", "per: 每周")
               .replace("max: 3", "max: 1").replace("min: 1\n", "min: -1\n  - id: weekly-face\n    title: 重复\n"
                                                                  "    who: {ids: [nobody]}\n    per: week\n    min: 1\n")},
    "policy-syntax": {"policies/mini.yml": POLICY.replace("rules:", "rules：")},
}

#: Texts for the YAML reader alone: every branch of its syntax messages, keyboard slips included.
YAML_TEXTS = [
    "a: [1, 2\n", "a: {b: 1\n", 'a: "unterminated\n', "a: 'x\n", 'a: "\\q"\n', "a:\n  - 1\n - 2\n",
    "a: 1\n  b: 2\n", "- a\nb: 1\n", "a: b: c\n", "a: @x\n", "a: `x\n", "\ta: 1\n", "a:\n\t- 1\n",
    "a: 1\nb\n", "? [a]\n: 1\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: 1\n---\nb: 2\n", "a: 1\na: 2\n",
    "a: |\n  x\n y\n", "a: >\n\tb\n", "%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "a: 1\x07\n", "a: [b, ]]\n",
    "by：x\ndate：y\n", "a:\u3000b\nc: d\n", "\u3000\u3000a: 1\n", "a: “b: c”\n", "a: b\u200b\n",
]


def every_message(diagnostics: list[Diagnostic]) -> list[tuple[str, str, list[str]]]:
    return [(d.code, d.message, bad) for d in diagnostics if (bad := english_or_repr(d.message))]


@pytest.mark.parametrize("name", sorted(ROSTER_MISTAKES))
def test_roster_and_policy_mistakes_are_told_in_chinese(name: str, make_repo) -> None:
    repo = make_repo({**ROSTER_MISTAKES[name], RECORD_PATH: VALID_RECORD})
    outcome = pipeline.run(repo, date(2025, 1, 20), use_git=False)
    assert outcome.diagnostics, "the mistakes should be found"
    assert every_message(outcome.diagnostics) == []


@pytest.mark.parametrize("text", YAML_TEXTS)
def test_every_yaml_message_is_chinese(text: str) -> None:
    loaded, problems = parse(text, "rosters/x.yml")
    assert problems, f"{text!r} should be a mistake"
    assert every_message(problems) == []


def test_the_golden_cases_run_through_the_whole_pipeline_in_chinese(make_repo) -> None:
    """Every golden case again, through the pipeline (compliance, withheld records, as-of notes)."""
    seen: set[str] = set()
    for expected in sorted(CASES.glob("*.expected.json")):
        spec = json.loads(expected.read_text(encoding="utf-8"))
        files = {**spec.get("files", {}), spec["path"]: (CASES / expected.name.replace(".expected.json", ".md")).read_bytes()}
        outcome = pipeline.run(make_repo(files), date.fromisoformat(spec.get("as_of", "2025-01-20")), use_git=False)
        assert every_message(outcome.diagnostics) == [], expected.name
        seen |= {d.code for d in outcome.diagnostics}
    assert len(seen) >= 35  # the corpus reaches most codes, not a handful


def test_the_checker_catches_what_it_should() -> None:
    assert english_or_repr("YAML 格式有误（found a tab character that violates indentation）。") == [
        "found a tab character that violates indentation"]
    assert english_or_repr("“summary”应为文本，现在是“None”。") == ["None"]
    assert english_or_repr("“type”应为文本，现在是“['dorm-visit']”。") == ["['", "']"]
    assert english_or_repr("Invalid value for 角色") == ["Invalid value for", "Invalid"]
    # what is not English: quoted values, ids, paths, field names, listed ids
    assert english_or_repr("“Dorm_12_305”不对，请写成 targets: [dorm-12-305]；见 rosters/targets.yml。") == []
    assert english_or_repr("已声明：leadership、president（校长）。请写成 by: wang-jianguo。") == []
