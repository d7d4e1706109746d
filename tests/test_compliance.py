"""Compliance engine (contract §4–§5, §7): exact results of individual (actor, rule, period, target).

Every test builds its own copy of tests/fixtures/mini (rosters, calendar with the 国庆节 break
2024-10-01..07 and the make-up Saturday 2024-10-12), replaces the policy's rules, writes records
from compact dicts, runs the whole pipeline and looks at single results — never at totals.

The fixture's two records (wang-jianguo, 2024-10-15 and 2024-10-16) are removed by default so
that each test controls exactly which records exist.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest
from click.testing import CliRunner

from generator import pipeline
from generator.cli import main
from generator.compliance import Result
from generator.pipeline import Outcome

MINI = Path(__file__).parent / "fixtures" / "mini"
TERM = ("2024-2025-1", date(2024, 9, 2), date(2025, 1, 17))
Key = tuple[str, str, str, str | None]


# --------------------------------------------------------------------------- helper

class Mini:
    """A scratch copy of the mini repository that a test edits, then evaluates."""

    def __init__(self, root: Path, keep_records: bool = False) -> None:
        shutil.copytree(MINI, root)
        self.root = root
        if not keep_records:
            shutil.rmtree(root / "records")
            (root / "records").mkdir()
        self.outcome: Outcome | None = None

    # ---- files
    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str, raw: bool = False) -> None:
        """Write ``rel`` (dedented unless ``raw``), creating folders as needed."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if raw else dedent(text), encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace the one occurrence of ``old`` in ``rel`` (fails loudly when it is not there)."""
        text = self.read(rel)
        assert text.count(old) == 1, f"{old!r} must occur once in {rel}"
        self.write(rel, text.replace(old, new), raw=True)

    def drop(self, rel: str) -> None:
        (self.root / rel).unlink()

    def rules(self, rules_yaml: str) -> None:
        """Replace the ``rules:`` list of policies/mini.yml (assignment and coverage rules stay)."""
        text = self.read("policies/mini.yml")
        head, rest = text.split("\nrules:\n", 1)
        _, tail = rest.split("\nassignment_rules:\n", 1)
        body = dedent(rules_yaml).strip("\n")
        self.write("policies/mini.yml", f"{head}\nrules:\n{body}\n\nassignment_rules:\n{tail}", raw=True)

    def record(self, fields: Mapping[str, Any], slug: str | None = None) -> str:
        """Write a record from a compact dict; the path follows the contract. Returns the path.

        Values are written as JSON, which is valid YAML (strings quoted, lists in flow style).
        """
        meta = {"summary": "与同学座谈，了解学习和生活情况。", **fields}
        when = date.fromisoformat(meta["date"])
        term = TERM[0] if TERM[1] <= when <= TERM[2] else "no-term"
        rel = f"records/{term}/{meta['by']}/{meta['date']}-{slug or meta['type']}.md"
        front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
        self.write(rel, f"---\n{front}\n---\n正文。\n", raw=True)
        return rel

    # ---- evaluation
    def run(self, as_of: str, allow_errors: bool = False, today: str | None = None) -> dict[Key, Result]:
        outcome = pipeline.run(self.root, as_of=date.fromisoformat(as_of), use_git=False,
                               today=date.fromisoformat(today) if today else None)
        self.outcome = outcome
        errors = [d for d in outcome.diagnostics if d.severity == "error"]
        if not allow_errors:
            assert errors == [], "\n".join(f"{d.file}:{d.line} [{d.code}] {d.message}" for d in errors)
        assert outcome.compliance is not None
        results: dict[Key, Result] = {}
        for r in outcome.compliance.results:
            key = (r.actor, r.rule, r.period, r.target)
            assert key not in results, f"duplicate result {key}"
            results[key] = r
        return results

    def found(self, code: str) -> list[tuple[str, int | None]]:
        assert self.outcome is not None
        return [(d.file, d.line) for d in self.outcome.diagnostics if d.code == code]


def periods(results: Mapping[Key, Result], actor: str, rule: str, target: str | None = None) -> list[str]:
    """Period ids of one (actor, rule, target), in report order."""
    return [k[2] for k in results if k[0] == actor and k[1] == rule and k[3] == target]


def status(results: Mapping[Key, Result], actor: str, rule: str, period: str, target: str | None = None) -> str:
    return results[(actor, rule, period, target)].status


@pytest.fixture
def mini(tmp_path: Path) -> Mini:
    return Mini(tmp_path / "repo")


WEEKLY_LEADERSHIP = """
- id: weekly
  title: 每周联系学生不少于1次
  who: {roles: [leadership]}
  per: week
  min: 1
"""


def monthly(rule_id: str, who: str, count: str = "{}", extra: str = "", least: int = 1) -> str:
    return f"""
- id: {rule_id}
  title: 每月联系不少于{least}次
  who: {who}
  count: {count}
  per: month
  min: {least}
{extra}"""


def dorm(by: str, day: str, **more: Any) -> dict[str, Any]:
    return {"by": by, "date": day, "type": "dorm-visit", "targets": ["dorm-12-305"], **more}


# --------------------------------------------------------------------------- 1–3 holidays


def test_week_mostly_holiday_is_exempt_and_week_with_makeup_saturday_is_due(mini: Mini) -> None:
    mini.rules(WEEKLY_LEADERSHIP)
    res = mini.run("2024-10-20")
    w40 = res[("wang-jianguo", "weekly", "2024-W40", None)]
    assert (w40.start, w40.end) == (date(2024, 9, 30), date(2024, 10, 6))
    assert (w40.status, w40.required, w40.achieved) == ("exempt", 1, 0)  # only Mon 09-30 is taught
    w41 = res[("wang-jianguo", "weekly", "2024-W41", None)]
    assert (w41.status, w41.achieved) == ("unmet", 0)  # 10-08..10-11 + make-up Sat 10-12
    assert status(res, "wang-jianguo", "weekly", "2024-W39") == "unmet"  # an ordinary week


def test_week_due_threshold_boundary_on_the_makeup_week(mini: Mini) -> None:
    """W41 has exactly 5 teaching days: a threshold of 5 keeps it due, 6 makes it exempt."""
    mini.rules(WEEKLY_LEADERSHIP + "  due_min_teaching_days: 5\n")
    assert status(mini.run("2024-10-20"), "wang-jianguo", "weekly", "2024-W41") == "unmet"
    mini.rules(WEEKLY_LEADERSHIP + "  due_min_teaching_days: 6\n")
    assert status(mini.run("2024-10-20"), "wang-jianguo", "weekly", "2024-W41") == "exempt"


def test_record_on_makeup_saturday_counts_for_its_week(mini: Mini) -> None:
    mini.rules(WEEKLY_LEADERSHIP)
    path = mini.record(dorm("wang-jianguo", "2024-10-12"))
    res = mini.run("2024-10-20")
    w41 = res[("wang-jianguo", "weekly", "2024-W41", None)]
    assert (w41.status, w41.achieved, w41.records) == ("met", 1, (path,))
    assert res[("wang-jianguo", "weekly", "2024-W42", None)].achieved == 0


def test_record_during_break_counts_for_month_but_does_not_make_week_due(mini: Mini) -> None:
    mini.rules(WEEKLY_LEADERSHIP + monthly("monthly", "{roles: [leadership]}"))
    path = mini.record(dorm("wang-jianguo", "2024-10-03"))
    res = mini.run("2024-11-05")
    month = res[("wang-jianguo", "monthly", "2024-10", None)]
    assert (month.status, month.achieved, month.records) == ("met", 1, (path,))
    w40 = res[("wang-jianguo", "weekly", "2024-W40", None)]
    assert (w40.status, w40.achieved) == ("exempt", 1)
    assert status(res, "wang-jianguo", "monthly", "2024-09") == "unmet"


# --------------------------------------------------------------------------- 4–6 active days


def test_joining_mid_term(mini: Mini) -> None:
    mini.rules("""
        - id: weekly-teacher
          title: 每周联系学生
          who: {roles: [party-teacher]}
          per: week
        """)
    res = mini.run("2024-11-20")
    assert periods(res, "zhao-min", "weekly-teacher") == ["2024-W44", "2024-W45", "2024-W46", "2024-W47"]
    w44 = res[("zhao-min", "weekly-teacher", "2024-W44", None)]
    assert (w44.start, w44.status) == (date(2024, 10, 28), "exempt")  # only Fri 11-01 in post
    assert status(res, "zhao-min", "weekly-teacher", "2024-W45") == "unmet"
    assert status(res, "zhao-min", "weekly-teacher", "2024-W47") == "pending"
    assert not any(k[0] in ("wang-jianguo", "li-hong") for k in res)


def test_leaving_mid_term(mini: Mini) -> None:
    mini.rules(WEEKLY_LEADERSHIP)
    mini.edit("rosters/people.yml", "  since: 2021-07-01\n", "  since: 2021-07-01\n  until: 2024-11-12\n")
    res = mini.run("2024-12-01")
    got = periods(res, "wang-jianguo", "weekly")
    assert got[0] == "2024-W36" and got[-1] == "2024-W46"
    assert status(res, "wang-jianguo", "weekly", "2024-W45") == "unmet"
    assert status(res, "wang-jianguo", "weekly", "2024-W46") == "exempt"  # Mon 11-11, Tue 11-12
    assert ("wang-jianguo", "weekly", "2024-W47", None) not in res


def test_leaving_on_the_third_teaching_day_keeps_the_week_due(mini: Mini) -> None:
    mini.rules(WEEKLY_LEADERSHIP)
    mini.edit("rosters/people.yml", "  since: 2021-07-01\n", "  since: 2021-07-01\n  until: 2024-11-13\n")
    res = mini.run("2024-12-01")
    assert status(res, "wang-jianguo", "weekly", "2024-W46") == "unmet"
    assert periods(res, "wang-jianguo", "weekly")[-1] == "2024-W46"


def test_leave_makes_month_not_due(mini: Mini) -> None:
    mini.rules(monthly("monthly-cadre", "{roles: [middle-cadre]}"))
    res = mini.run("2024-12-10")
    # li-hong's leave 11-04..11-29 leaves only Fri 11-01 active in November.
    assert status(res, "li-hong", "monthly-cadre", "2024-11") == "exempt"
    assert status(res, "li-hong", "monthly-cadre", "2024-10") == "unmet"
    assert status(res, "li-hong", "monthly-cadre", "2024-12") == "pending"

    mini.drop("rosters/leaves.yml")
    assert status(mini.run("2024-12-10"), "li-hong", "monthly-cadre", "2024-11") == "unmet"


# --------------------------------------------------------------------------- 7–8 credit


def test_with_credits_the_companion(mini: Mini) -> None:
    mini.rules(monthly("monthly-cadre", "{roles: [middle-cadre]}")
               + monthly("monthly-leader", "{roles: [leadership]}"))
    shared = mini.record(dorm("wang-jianguo", "2024-10-09", **{"with": ["li-hong"]}))
    alone = mini.record({"by": "wang-jianguo", "date": "2024-10-10", "type": "class-observation",
                         "targets": ["class-2024-nursing-1"]})
    res = mini.run("2024-11-05")
    li = res[("li-hong", "monthly-cadre", "2024-10", None)]
    assert (li.status, li.achieved, li.records) == ("met", 1, (shared,))
    wang = res[("wang-jianguo", "monthly-leader", "2024-10", None)]
    assert (wang.achieved, wang.records) == (2, (shared, alone))
    assert status(res, "li-hong", "monthly-cadre", "2024-09") == "unmet"


def test_branch_credited_once_through_two_members_on_one_record(mini: Mini) -> None:
    mini.rules("""
        - id: branch-monthly
          title: 支部每月开展联系活动不少于2次
          who: {kinds: [branch]}
          count: {by: members}
          per: month
          min: 2
        """)
    path = mini.record(dorm("wang-jianguo", "2024-10-09", **{"with": ["li-hong"]}))
    res = mini.run("2024-11-05")
    r = res[("nursing-branch-1", "branch-monthly", "2024-10", None)]
    assert (r.achieved, r.records, r.status) == (1, (path,), "unmet")
    assert not any(k[0] == "nursing-general-branch" for k in res)  # kind general-branch


def test_branch_credited_through_a_member_named_only_in_with(mini: Mini) -> None:
    """zhao-min is a member; li-hong files alone but names zhao-min → the branch is credited."""
    mini.edit("rosters/people.yml", "  branch: nursing-branch-1\n  accounts: [lihong]\n",
              "  accounts: [lihong]\n")
    mini.rules("""
        - id: branch-monthly
          title: 支部每月开展联系活动
          who: {kinds: [branch]}
          count: {by: members}
          per: month
        """)
    outside = mini.record({"by": "li-hong", "date": "2024-11-05", "type": "dorm-visit",
                           "targets": ["dorm-12-305"]}, slug="alone")
    joint = mini.record({"by": "li-hong", "date": "2024-11-01", "type": "class-observation",
                         "targets": ["class-2024-nursing-1"], "with": ["zhao-min"]})
    res = mini.run("2024-12-05")
    r = res[("nursing-branch-1", "branch-monthly", "2024-11", None)]
    assert (r.achieved, r.records, r.status) == (1, (joint,), "met")
    assert outside not in r.records


# --------------------------------------------------------------------------- 9–10 per target


def test_each_assigned_gives_one_result_per_target_within_the_assignment(mini: Mini) -> None:
    mini.edit("rosters/targets.yml", "- {id: course-sixiang",
              "- {id: teacher-wu-lei, kind: teacher, name: 吴磊, unit: nursing-school}\n- {id: course-sixiang")
    mini.edit("rosters/assignments.yml", "- actor: li-hong\n",
              "- actor: wang-jianguo\n  targets: [teacher-wu-lei]\n  since: 2024-10-21\n  until: 2024-11-30\n"
              "- actor: li-hong\n")
    mini.rules(monthly("teacher-monthly", "{roles: [leadership]}", "{target_kinds: [teacher]}",
                       "  each: assigned\n"))
    path = mini.record({"by": "wang-jianguo", "date": "2024-10-09", "type": "class-observation",
                        "targets": ["teacher-chen-jing"]})
    res = mini.run("2024-12-20")
    rule = "teacher-monthly"
    assert {k[3] for k in res if k[1] == rule} == {"teacher-chen-jing", "teacher-wu-lei"}
    chen = res[("wang-jianguo", rule, "2024-10", "teacher-chen-jing")]
    assert (chen.status, chen.achieved, chen.records) == ("met", 1, (path,))
    assert status(res, "wang-jianguo", rule, "2024-09", "teacher-chen-jing") == "unmet"
    assert status(res, "wang-jianguo", rule, "2024-11", "teacher-chen-jing") == "unmet"
    assert status(res, "wang-jianguo", rule, "2024-12", "teacher-chen-jing") == "pending"
    # teacher-wu-lei: assigned 10-21..11-30 → October has 9 assigned teaching days (exempt),
    # November is due, and the months outside the assignment have no result at all.
    assert periods(res, "wang-jianguo", rule, "teacher-wu-lei") == ["2024-10", "2024-11"]
    wu = res[("wang-jianguo", rule, "2024-10", "teacher-wu-lei")]
    assert (wu.status, wu.achieved) == ("exempt", 0)
    assert status(res, "wang-jianguo", rule, "2024-11", "teacher-wu-lei") == "unmet"


def test_each_tagged_over_courses_per_semester(mini: Mini) -> None:
    mini.edit("rosters/targets.yml", "- {id: course-sixiang, kind: course, name: 思想道德与法治, tags: [思政课]}\n",
              "- {id: course-sixiang, kind: course, name: 思想道德与法治, tags: [思政课]}\n"
              "- {id: course-xingshi, kind: course, name: 形势与政策, tags: [思政课]}\n"
              "- {id: course-math, kind: course, name: 高等数学}\n")
    mini.rules("""
        - id: lecture-each-course
          title: 每学期为每门思政课讲课
          who: {roles: [leadership]}
          count: {types: [ideology-lecture], target_kinds: [course], target_tags: [思政课]}
          per: semester
          each: tagged
        """)
    path = mini.record({"by": "wang-jianguo", "date": "2024-10-09", "type": "ideology-lecture",
                        "targets": ["course-sixiang"]})
    mini.record({"by": "wang-jianguo", "date": "2024-10-10", "type": "ideology-lecture",
                 "targets": ["course-math"]})
    during = mini.run("2024-12-20")
    assert {k[3] for k in during if k[0] == "wang-jianguo"} == {"course-sixiang", "course-xingshi"}
    six = during[("wang-jianguo", "lecture-each-course", "2024-2025-1", "course-sixiang")]
    assert (six.status, six.achieved, six.records) == ("met", 1, (path,))
    assert status(during, "wang-jianguo", "lecture-each-course", "2024-2025-1", "course-xingshi") == "pending"
    after = mini.run("2025-01-20")
    assert status(after, "wang-jianguo", "lecture-each-course", "2024-2025-1", "course-xingshi") == "unmet"
    assert status(after, "wang-jianguo", "lecture-each-course", "2024-2025-1", "course-sixiang") == "met"


# --------------------------------------------------------------------------- 11–12 hours, pending


HOURS_RULE = """
- id: onsite-hours
  title: 每月驻点办公不少于4小时
  who: {roles: [leadership]}
  count: {types: [onsite-office]}
  per: month
  min: 1
  min_hours: 4
"""


def onsite(day: str, start: str, end: str) -> dict[str, Any]:
    return {"by": "wang-jianguo", "date": day, "start": start, "end": end, "type": "onsite-office",
            "targets": ["nursing-school"]}


def test_hours_rule_met_by_count_but_not_by_hours(mini: Mini) -> None:
    mini.rules(HOURS_RULE)
    mini.record(onsite("2024-10-09", "14:00", "16:00"))
    during = mini.run("2024-10-20")[("wang-jianguo", "onsite-hours", "2024-10", None)]
    assert (during.status, during.achieved, during.hours) == ("pending", 1, 2.0)
    assert (during.required, during.required_hours) == (1, 4.0)
    after = mini.run("2024-11-05")[("wang-jianguo", "onsite-hours", "2024-10", None)]
    assert (after.status, after.achieved, after.hours) == ("unmet", 1, 2.0)


def test_hours_rule_met_when_hours_add_up(mini: Mini) -> None:
    mini.rules(HOURS_RULE)
    mini.record(onsite("2024-10-09", "14:00", "16:00"))
    mini.record(onsite("2024-10-10", "08:30", "10:15"))
    short = mini.run("2024-11-05")[("wang-jianguo", "onsite-hours", "2024-10", None)]
    assert (short.status, short.achieved, short.hours) == ("unmet", 2, 3.75)
    mini.record(onsite("2024-10-10", "08:30", "10:30"))  # same path: replaces the 1¾ h record
    full = mini.run("2024-11-05")[("wang-jianguo", "onsite-hours", "2024-10", None)]
    assert (full.status, full.achieved, full.hours) == ("met", 2, 4.0)


def test_pending_on_the_last_day_of_the_period_unmet_the_day_after(mini: Mini) -> None:
    mini.rules(WEEKLY_LEADERSHIP)
    on_sunday = mini.run("2024-10-13")
    assert status(on_sunday, "wang-jianguo", "weekly", "2024-W41") == "pending"
    assert periods(on_sunday, "wang-jianguo", "weekly")[-1] == "2024-W41"
    on_monday = mini.run("2024-10-14")
    assert status(on_monday, "wang-jianguo", "weekly", "2024-W41") == "unmet"
    assert status(on_monday, "wang-jianguo", "weekly", "2024-W42") == "pending"


# --------------------------------------------------------------------------- 13 extends


def test_extending_policy_with_weaker_rule_warns_and_applies_the_local_rule(mini: Mini) -> None:
    mini.write("policies/base.yml", """\
        id: base
        title: 上级制度
        roles: {leadership: 校领导班子成员}
        activity_types:
          dorm-visit: {name: 进宿舍, carrier: 宿舍, face_to_face: true}
        rules:
          - id: weekly-face
            title: 每周面对面接触学生不少于2次
            who: {roles: [leadership]}
            count: {types: [dorm-visit]}
            per: week
            min: 2
        """)
    mini.edit("policies/mini.yml", "document: 测院党〔2024〕1号\n",
              "document: 测院党〔2024〕1号\nextends: policies/base.yml\n")
    mini.rules("""
        - id: weekly-face
          title: 每周面对面接触学生不少于1次
          who: {roles: [leadership]}
          count: {types: [dorm-visit]}
          per: week
          min: 1
        """)
    mini.record(dorm("wang-jianguo", "2024-10-15"))
    res = mini.run("2024-10-20")
    line = mini.read("policies/mini.yml").splitlines().index("- id: weekly-face") + 1
    assert mini.found("policy-weakened") == [("policies/mini.yml", line)]
    assert mini.outcome is not None and mini.outcome.compliance is not None
    assert mini.outcome.compliance.policy == "mini"
    w42 = res[("wang-jianguo", "weekly-face", "2024-W42", None)]
    assert (w42.required, w42.achieved, w42.status) == (1, 1, "met")
    assert [k for k in res if k[1] != "weekly-face"] == []


def test_extending_policy_with_equal_rule_does_not_warn(mini: Mini) -> None:
    mini.write("policies/base.yml", """\
        id: base
        title: 上级制度
        roles: {leadership: 校领导班子成员}
        rules:
          - id: weekly-face
            title: 每周面对面接触学生不少于1次
            who: {roles: [leadership]}
            per: week
            min: 1
        """)
    mini.edit("policies/mini.yml", "document: 测院党〔2024〕1号\n",
              "document: 测院党〔2024〕1号\nextends: policies/base.yml\n")
    mini.run("2024-10-20")
    assert mini.found("policy-weakened") == []


# --------------------------------------------------------------------------- 14–18 count filters


def test_face_to_face_rule_ignores_online_contact(mini: Mini) -> None:
    mini.rules(monthly("f2f", "{roles: [leadership]}", "{face_to_face: true}"))
    mini.record({"by": "wang-jianguo", "date": "2024-10-09", "type": "online-contact",
                 "targets": ["class-2024-nursing-1"]})
    seen = mini.record({"by": "wang-jianguo", "date": "2024-10-10", "type": "class-observation",
                        "targets": ["class-2024-nursing-1"]})
    res = mini.run("2024-11-05")
    r = res[("wang-jianguo", "f2f", "2024-10", None)]
    assert (r.achieved, r.records, r.status) == (1, (seen,), "met")


def test_face_to_face_rule_unmet_with_online_contact_only(mini: Mini) -> None:
    mini.rules(monthly("f2f", "{roles: [leadership]}", "{face_to_face: true}"))
    mini.record({"by": "wang-jianguo", "date": "2024-10-09", "type": "online-contact", "targets": []})
    r = mini.run("2024-11-05")[("wang-jianguo", "f2f", "2024-10", None)]
    assert (r.achieved, r.status) == (0, "unmet")


def test_assigned_only_counts_targets_assigned_on_the_record_date(mini: Mini) -> None:
    mini.edit("rosters/assignments.yml", "- actor: li-hong\n",
              "- actor: wang-jianguo\n  targets: [course-sixiang]\n  since: 2024-10-15\n- actor: li-hong\n")
    mini.rules(monthly("assigned", "{roles: [leadership]}", "{assigned_only: true}", least=2)
               + monthly("any", "{roles: [leadership]}"))
    mini.record({"by": "wang-jianguo", "date": "2024-10-08", "type": "class-observation",
                 "targets": ["class-2021-nursing-1"]})  # never assigned to wang
    mine = mini.record({"by": "wang-jianguo", "date": "2024-10-09", "type": "class-observation",
                        "targets": ["class-2024-nursing-1"]})
    mini.record({"by": "wang-jianguo", "date": "2024-10-10", "type": "ideology-lecture",
                 "targets": ["course-sixiang"]})  # before the assignment starts
    later = mini.record({"by": "wang-jianguo", "date": "2024-10-16", "type": "ideology-lecture",
                         "targets": ["course-sixiang"]})
    res = mini.run("2024-11-05")
    r = res[("wang-jianguo", "assigned", "2024-10", None)]
    assert (r.achieved, r.records, r.status) == (2, (mine, later), "met")
    assert res[("wang-jianguo", "any", "2024-10", None)].achieved == 4
    assert len(mini.found("record-unassigned-target")) == 2


def test_secretary_rule_credits_branch_with_its_secretarys_records(mini: Mini) -> None:
    mini.rules(monthly("secretary", "{kinds: [branch]}", "{by: secretary}"))
    own = mini.record({"by": "li-hong", "date": "2024-10-09", "type": "dorm-visit",
                       "targets": ["class-2024-nursing-1"]})
    mini.record(dorm("wang-jianguo", "2024-10-10"))  # a member, not the secretary
    res = mini.run("2024-11-05")
    r = res[("nursing-branch-1", "secretary", "2024-10", None)]
    assert (r.achieved, r.records, r.status) == (1, (own,), "met")
    assert status(res, "nursing-branch-1", "secretary", "2024-09") == "unmet"


FIRST_DAYS = monthly("report-early", "{roles: [leadership]}", "{within_first_days: 5}")


def test_within_first_days_counts_only_records_in_the_window(mini: Mini) -> None:
    mini.rules(FIRST_DAYS)
    early = mini.record(dorm("wang-jianguo", "2024-11-03"))
    late = mini.record(dorm("wang-jianguo", "2024-11-10"))
    r = mini.run("2024-11-20")[("wang-jianguo", "report-early", "2024-11", None)]
    assert (r.achieved, r.records, r.status) == (1, (early,), "met")
    assert late not in r.records


def test_within_first_days_late_record_does_not_count(mini: Mini) -> None:
    mini.rules(FIRST_DAYS)
    mini.record(dorm("wang-jianguo", "2024-11-10"))
    r = mini.run("2024-11-20")[("wang-jianguo", "report-early", "2024-11", None)]
    assert (r.achieved, r.status) == (0, "unmet")


@pytest.mark.parametrize(("as_of", "expected"), [
    ("2024-11-04", "pending"), ("2024-11-05", "pending"), ("2024-11-06", "unmet"),
])
def test_within_first_days_pending_in_window_unmet_after(mini: Mini, as_of: str, expected: str) -> None:
    mini.rules(FIRST_DAYS)
    r = mini.run(as_of)[("wang-jianguo", "report-early", "2024-11", None)]
    assert (r.end, r.status) == (date(2024, 11, 30), expected)


def test_except_roles_excludes_an_actor(mini: Mini) -> None:
    mini.rules(monthly("cadres", "{roles: [leadership, middle-cadre], except_roles: [party-secretary]}"))
    res = mini.run("2024-11-05")
    assert {k[0] for k in res} == {"li-hong"}
    mini.rules(monthly("cadres", "{roles: [leadership, middle-cadre]}"))
    assert {k[0] for k in mini.run("2024-11-05")} == {"li-hong", "wang-jianguo"}


# --------------------------------------------------------------------------- 19 invalid, amended


def test_invalid_record_never_counts(mini: Mini) -> None:
    bad = mini.record(dorm("wang-jianguo", "2024-10-09", targets=["dorm-99-999"], **{"with": ["li-hong"]}))
    mini.rules(WEEKLY_LEADERSHIP + monthly("monthly-cadre", "{roles: [middle-cadre]}"))
    res = mini.run("2024-10-20", allow_errors=True)
    assert mini.outcome is not None
    errors = [(d.code, d.file) for d in mini.outcome.diagnostics if d.severity == "error"]
    assert errors == [("record-unknown-ref", bad)]
    w41 = res[("wang-jianguo", "weekly", "2024-W41", None)]
    assert (w41.achieved, w41.status) == (0, "unmet")
    li = res[("li-hong", "monthly-cadre", "2024-10", None)]
    assert (li.achieved, li.status) == (0, "pending")


def test_superseded_record_counts_only_through_its_amendment(mini: Mini) -> None:
    mini.rules(WEEKLY_LEADERSHIP)
    original = mini.record(dorm("wang-jianguo", "2024-10-10"))
    fixed = mini.record(dorm("wang-jianguo", "2024-10-15", amends=original, reason="日期填写错误"))
    res = mini.run("2024-10-27")
    w41 = res[("wang-jianguo", "weekly", "2024-W41", None)]
    assert (w41.achieved, w41.status) == (0, "unmet")
    w42 = res[("wang-jianguo", "weekly", "2024-W42", None)]
    assert (w42.achieved, w42.records, w42.status) == (1, (fixed,), "met")


def test_record_after_a_past_as_of_does_not_exist_and_is_no_error(mini: Mini) -> None:
    mini.rules(WEEKLY_LEADERSHIP)
    later = mini.record(dorm("wang-jianguo", "2024-10-16"))
    res = mini.run("2024-10-15")  # today (the real one) is long after: the record is simply not there yet
    assert mini.outcome is not None and mini.found("record-future") == []
    assert mini.outcome.validation.beyond == {later} and later not in mini.outcome.validation.invalid_records
    w42 = res[("wang-jianguo", "weekly", "2024-W42", None)]
    assert (w42.achieved, w42.status) == (0, "pending")
    assert status(mini.run("2024-10-16"), "wang-jianguo", "weekly", "2024-W42") == "met"


def test_only_a_record_after_today_is_in_the_future(mini: Mini) -> None:
    mini.rules(WEEKLY_LEADERSHIP)
    future = mini.record(dorm("wang-jianguo", "2024-10-16"))
    res = mini.run("2024-10-15", today="2024-10-15", allow_errors=True)
    assert mini.found("record-future") == [(future, 4)]
    assert mini.outcome is not None and mini.outcome.validation.invalid_records == {future}
    assert res[("wang-jianguo", "weekly", "2024-W42", None)].achieved == 0
    # an as-of after today: the record between them is in the future too
    mini.run("2024-10-20", today="2024-10-15", allow_errors=True)
    assert mini.found("record-future") == [(future, 4)]


def test_broken_record_after_a_past_as_of_is_not_reported(mini: Mini) -> None:
    mini.rules(WEEKLY_LEADERSHIP)
    path = "records/2024-2025-1/wang-jianguo/2024-10-16-dorm-visit.md"
    mini.write(path, "---\nby: wang-jianguo\ndate: 2024/10/16\n---\n")
    mini.run("2024-10-15")
    assert mini.outcome is not None and [d for d in mini.outcome.diagnostics if d.file == path] == []
    mini.run("2024-10-16", allow_errors=True)
    assert {d.code for d in mini.outcome.diagnostics if d.file == path} >= {"schema-date-format"}


# --------------------------------------------------------------------------- 20 report JSON


def test_report_json_shape(tmp_path: Path) -> None:
    repo = Mini(tmp_path / "repo", keep_records=True).root
    out = CliRunner().invoke(main, ["report", "--format", "json", "--repo", str(repo), "--as-of", "2024-10-20"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert {"as_of", "policy", "results", "assignments", "coverage", "diagnostics"} <= set(data)
    assert (data["as_of"], data["policy"]) == ("2024-10-20", "mini")
    contract = {"actor", "rule", "level", "period", "target", "required", "achieved", "hours", "status"}
    assert all(contract <= set(item) for item in data["results"])
    by_period = {item["period"]: item for item in data["results"] if item["rule"] == "weekly-face"}
    w42 = by_period["2024-W42"]
    assert {k: w42[k] for k in contract} == {
        "actor": "wang-jianguo", "rule": "weekly-face", "level": "mandatory", "period": "2024-W42",
        "target": None, "required": 1, "achieved": 2, "hours": 1.5, "status": "met",
    }
    assert by_period["2024-W40"]["status"] == "exempt"
    assert list(by_period) == ["2024-W36", "2024-W37", "2024-W38", "2024-W39", "2024-W40", "2024-W41",
                               "2024-W42"]
    [assignment] = data["assignments"]
    assert {k: assignment[k] for k in ("actor", "rule", "count", "min", "max", "status")} == {
        "actor": "nursing-branch-1", "rule": "branch-classes", "count": 2, "min": 2, "max": 3, "status": "met",
    }
    [coverage] = data["coverage"]
    assert {k: coverage[k] for k in ("rule", "target", "status")} == {
        "rule": "hardship-covered", "target": "stu-0002", "status": "met",
    }
    # The fixture's only finding: class-2021-nursing-1 is past the branch rule's grade limit.
    assert [{k: d[k] for k in ("severity", "code", "file", "line")} for d in data["diagnostics"]] == [
        {"severity": "warning", "code": "assignment-grade", "file": "rosters/assignments.yml", "line": 7},
    ]


# --------------------------------------------------------------------------- 21 assignment, coverage


def test_assignment_rule_bounds(mini: Mini) -> None:
    mini.run("2024-10-20")
    assert mini.outcome is not None and mini.outcome.compliance is not None
    [ok] = mini.outcome.compliance.assignments
    assert (ok.actor, ok.rule, ok.count, ok.status) == ("nursing-branch-1", "branch-classes", 2, "met")
    assert mini.found("assignment-bounds") == []

    mini.edit("rosters/assignments.yml", "[class-2024-nursing-1, class-2021-nursing-1]", "[class-2024-nursing-1]")
    mini.run("2024-10-20")
    [short] = mini.outcome.compliance.assignments
    assert (short.actor, short.count, short.min, short.max, short.status) == ("nursing-branch-1", 1, 2, 3, "unmet")
    line = mini.read("rosters/assignments.yml").splitlines().index("- actor: nursing-branch-1") + 1
    assert mini.found("assignment-bounds") == [("rosters/assignments.yml", line)]


def test_coverage_rule(mini: Mini) -> None:
    mini.run("2024-10-20")
    assert mini.outcome is not None and mini.outcome.compliance is not None
    [covered] = mini.outcome.compliance.coverage
    assert (covered.rule, covered.target, covered.status, covered.by) == (
        "hardship-covered", "stu-0002", "met", ("li-hong",))
    assert mini.found("coverage-gap") == []

    mini.edit("rosters/assignments.yml", "[class-2024-nursing-1, stu-0002]", "[class-2024-nursing-1]")
    mini.run("2024-10-20")
    [gap] = mini.outcome.compliance.coverage
    assert (gap.target, gap.status, gap.by) == ("stu-0002", "unmet", ())
    assert mini.found("coverage-gap") == [("rosters/targets.yml", None)]


# --------------------------------------------------------------------------- 22 biweeks


BIWEEKLY = """
- id: biweekly
  title: 每两周联系不少于1次
  who: {roles: [leadership]}
  per: biweek
"""


def test_biweek_ids_anchored_on_the_first_teaching_week(mini: Mini) -> None:
    mini.rules(BIWEEKLY)
    mini.record(dorm("wang-jianguo", "2024-10-12"))
    res = mini.run("2024-10-20")
    assert periods(res, "wang-jianguo", "biweekly") == [
        "2024-2025-1-B01", "2024-2025-1-B02", "2024-2025-1-B03", "2024-2025-1-B04"]
    b01 = res[("wang-jianguo", "biweekly", "2024-2025-1-B01", None)]
    assert (b01.start, b01.end, b01.status) == (date(2024, 9, 2), date(2024, 9, 15), "unmet")
    b03 = res[("wang-jianguo", "biweekly", "2024-2025-1-B03", None)]
    assert (b03.start, b03.end, b03.status, b03.achieved) == (date(2024, 9, 30), date(2024, 10, 13), "met", 1)
    assert status(res, "wang-jianguo", "biweekly", "2024-2025-1-B04") == "pending"


def test_biweek_anchor_is_the_monday_of_a_mid_week_term_start(mini: Mini) -> None:
    mini.edit("rosters/calendar.yml", "start: 2024-09-02", "start: 2024-09-04")
    mini.rules(BIWEEKLY)
    res = mini.run("2024-09-30")
    assert periods(res, "wang-jianguo", "biweekly") == [
        "2024-2025-1-B01", "2024-2025-1-B02", "2024-2025-1-B03"]
    b01 = res[("wang-jianguo", "biweekly", "2024-2025-1-B01", None)]
    assert (b01.start, b01.end, b01.status) == (date(2024, 9, 2), date(2024, 9, 15), "unmet")
    b02 = res[("wang-jianguo", "biweekly", "2024-2025-1-B02", None)]
    assert (b02.start, b02.end) == (date(2024, 9, 16), date(2024, 9, 29))


# --------------------------------------------------------------------------- policy fidelity (issue 12)

def test_adoption_periods_before_it_have_no_result_and_a_straddling_one_counts_from_it(mini: Mini) -> None:
    mini.rules(WEEKLY_LEADERSHIP + monthly("monthly", "{roles: [leadership]}"))
    mini.edit("rosters/institution.yml", "locked_through:", "adoption: 2024-11-06\nlocked_through:")
    mini.record(dorm("wang-jianguo", "2024-11-04"))  # before adoption, in the straddling week
    res = mini.run("2024-11-30")
    weeks = periods(res, "wang-jianguo", "weekly")
    assert weeks == ["2024-W45", "2024-W46", "2024-W47", "2024-W48"]  # W36–W44 ended before 11-06: absent
    w45 = res[("wang-jianguo", "weekly", "2024-W45", None)]
    # 11-06..11-08 are three teaching days: due, and the week's record of 11-04 still counts
    assert (w45.status, w45.achieved) == ("met", 1)
    assert periods(res, "wang-jianguo", "monthly") == ["2024-11"]


def test_adoption_on_a_thursday_leaves_its_week_exempt(mini: Mini) -> None:
    mini.rules(WEEKLY_LEADERSHIP)
    mini.edit("rosters/institution.yml", "locked_through:", "adoption: 2024-11-07\nlocked_through:")
    res = mini.run("2024-11-30")
    assert status(res, "wang-jianguo", "weekly", "2024-W45") == "exempt"  # two active days of three


def test_filer_only_with_members_credits_what_a_member_filed_not_where_one_is_listed(mini: Mini) -> None:
    mini.rules("""
    - id: lectures
      title: 支部党员每学期讲课
      who: {kinds: [branch]}
      count: {types: [ideology-lecture], by: members, filer_only: true}
      per: semester
    """)
    outsider = {"by": "wang-jianguo", "date": "2024-10-15", "type": "ideology-lecture",
                "targets": ["class-2024-nursing-1"], "with": ["li-hong"]}
    mini.edit("rosters/people.yml", "  branch: nursing-branch-1\n  since: 2021-07-01",
              "  since: 2021-07-01")  # the secretary is no member: li-hong (a member) only attends
    mini.record(outsider)
    res = mini.run("2024-11-30")
    assert (res[("nursing-branch-1", "lectures", "2024-2025-1", None)].achieved) == 0
    own = mini.record({**outsider, "by": "li-hong", "with": [], "date": "2024-10-16"})
    res = mini.run("2024-11-30")
    r = res[("nursing-branch-1", "lectures", "2024-2025-1", None)]
    assert (r.achieved, r.records) == (1, (own,))


def test_distinct_from_one_record_serves_one_of_two_rules(mini: Mini) -> None:
    mini.rules(monthly("visits", "{roles: [leadership]}", "{types: [dorm-visit, canteen-meal]}")
               + monthly("dorms", "{roles: [leadership]}", "{types: [dorm-visit], distinct_from: [visits]}"))
    first = mini.record(dorm("wang-jianguo", "2024-10-15"))
    res = mini.run("2024-11-30")
    # one dorm visit: it is the one `visits` needs, so `dorms` has none
    assert (status(res, "wang-jianguo", "visits", "2024-10"), res[("wang-jianguo", "dorms", "2024-10", None)].achieved) == (
        "met", 0)
    meal = mini.record({"by": "wang-jianguo", "date": "2024-10-16", "type": "canteen-meal", "targets": ["dorm-12-305"]})
    res = mini.run("2024-11-30")
    # the meal serves `visits`, which leaves the dorm visit to `dorms`
    dorms = res[("wang-jianguo", "dorms", "2024-10", None)]
    assert (dorms.status, dorms.records) == ("met", (first,))
    assert res[("wang-jianguo", "visits", "2024-10", None)].records == (first, meal)


def test_days_filter_counts_records_on_those_days_and_due_counts_those_teaching_days(mini: Mini) -> None:
    mini.rules("""
    - id: thursdays
      title: 双周四联系学生
      who: {roles: [leadership]}
      count: {days: {weekdays: [thursday], weeks: even}}
      per: biweek
    """)
    # term starts Monday 2024-09-02: B01 = 09-02..09-15, its even-week Thursday is 09-12
    odd = mini.record(dorm("wang-jianguo", "2024-09-05"))
    even = mini.record(dorm("wang-jianguo", "2024-09-12"))
    res = mini.run("2024-10-31")
    b01 = res[("wang-jianguo", "thursdays", "2024-2025-1-B01", None)]
    assert (b01.status, b01.records) == ("met", (even,))
    assert odd not in b01.records
    assert status(res, "wang-jianguo", "thursdays", "2024-2025-1-B02") == "unmet"  # 09-26, nothing
    # B03 = 09-30..10-13: the even week's Thursday 10-10 is taught, so it is due (the break is 10-01..07)
    assert status(res, "wang-jianguo", "thursdays", "2024-2025-1-B03") == "unmet"
    mini.edit("rosters/calendar.yml", "end: 2024-10-07}", "end: 2024-10-10}")
    res = mini.run("2024-10-31")
    assert status(res, "wang-jianguo", "thursdays", "2024-2025-1-B03") == "exempt"


def test_each_tagged_course_is_due_only_in_its_terms(mini: Mini) -> None:
    mini.rules("""
    - id: courses
      title: 每门思政课每学期听课
      who: {roles: [leadership]}
      count: {types: [class-observation], target_kinds: [course], target_tags: [思政课]}
      per: semester
      each: tagged
    """)
    mini.edit("rosters/calendar.yml", "    makeup_days: [2024-10-12]\n", "    makeup_days: [2024-10-12]\n"
              "  - {id: 2024-2025-2, name: 2024—2025学年第二学期, start: 2025-02-24, end: 2025-07-04}\n")
    mini.edit("rosters/targets.yml", "tags: [思政课]}", "tags: [思政课], terms: [2024-2025-2]}")
    res = mini.run("2025-07-20")
    assert [k[2] for k in res if k[:2] == ("wang-jianguo", "courses")] == ["2024-2025-2"]
