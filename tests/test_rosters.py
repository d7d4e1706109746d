"""Rosters and calendar: every defect reported on the line at fault, and none cascading into records."""

from __future__ import annotations

from helpers import (
    MINI,
    RECORD_PATH,
    VALID_RECORD,
    assert_chinese_messages,
    assert_no_diagnostics,
    check,
    located,
)


def roster(name: str) -> str:
    return (MINI / "rosters" / name).read_text(encoding="utf-8")


CAL = "rosters/calendar.yml"
UNITS = "rosters/units.yml"
PEOPLE = "rosters/people.yml"
TARGETS = "rosters/targets.yml"
ASSIGN = "rosters/assignments.yml"
LEAVES = "rosters/leaves.yml"
INST = "rosters/institution.yml"

SECOND_TERM = """\
  - id: 2024-2025-2
    name: 2024—2025学年第二学期
    start: 2025-02-17
    end: 2025-07-04
"""


def test_gbk_calendar_is_one_error_without_cascade(make_repo) -> None:
    found = check(make_repo({CAL: roster("calendar.yml").encode("gbk")}))
    assert located(found) == [("file-encoding", "error", CAL, 3)]  # the first Chinese line
    assert "GBK" in found[0].message and "UTF-8" in found[0].message


def test_impossible_date_in_calendar(make_repo) -> None:
    found = check(make_repo({CAL: roster("calendar.yml").replace("2025-01-17", "2025-02-30")}))
    assert located(found) == [("schema-date-invalid", "error", CAL, 5)]
    assert "2025-02-30" in found[0].message
    assert_chinese_messages(found)


def test_second_term_is_accepted(make_repo) -> None:
    assert_no_diagnostics(check(make_repo({CAL: roster("calendar.yml") + SECOND_TERM})))


def test_overlapping_term(make_repo) -> None:
    found = check(make_repo({CAL: roster("calendar.yml") + SECOND_TERM.replace("2025-02-17", "2025-01-10")}))
    assert located(found) == [("roster-term-overlap", "error", CAL, 11)]
    assert "2024-2025-1" in found[0].message


def test_terms_out_of_order(make_repo) -> None:
    earlier = "  - {id: 2023-2024-2, name: 上一学年第二学期, start: 2024-02-26, end: 2024-07-05}\n"
    found = check(make_repo({CAL: roster("calendar.yml") + earlier}))
    assert located(found) == [("roster-term-overlap", "error", CAL, 9)]
    assert "先后" in found[0].message


def test_term_ending_before_it_starts(make_repo) -> None:
    found = check(make_repo({CAL: roster("calendar.yml") + SECOND_TERM.replace("2025-07-04", "2025-01-04")}))
    assert located(found) == [("roster-term-order", "error", CAL, 12)]


def test_term_id_years_not_adjacent(make_repo) -> None:
    found = check(make_repo({CAL: roster("calendar.yml") + SECOND_TERM.replace("id: 2024-2025-2", "id: 2024-2026-2")}))
    assert located(found) == [("roster-term-order", "error", CAL, 9)]
    assert "2024-2025-2" in found[0].message  # the suggested id


def test_break_outside_term(make_repo) -> None:
    text = roster("calendar.yml").replace("end: 2024-10-07", "end: 2025-02-07")
    found = check(make_repo({CAL: text}))
    assert located(found) == [("roster-break-outside", "error", CAL, 7)]


def test_break_ending_before_it_starts(make_repo) -> None:
    text = roster("calendar.yml").replace("start: 2024-10-01, end: 2024-10-07", "start: 2024-10-07, end: 2024-10-01")
    assert located(check(make_repo({CAL: text}))) == [("roster-date-order", "error", CAL, 7)]


def test_makeup_day_on_a_weekday(make_repo) -> None:
    makeup = "makeup_days:\n      - 2024-10-12\n      - 2024-10-14"
    text = roster("calendar.yml").replace("makeup_days: [2024-10-12]", makeup)
    found = check(make_repo({CAL: text}))
    assert located(found) == [("roster-makeup-day", "error", CAL, 10)]
    assert "星期一" in found[0].message


def test_makeup_day_outside_the_term(make_repo) -> None:
    text = roster("calendar.yml").replace("makeup_days: [2024-10-12]", "makeup_days: [2024-10-12, 2025-02-08]")
    assert located(check(make_repo({CAL: text}))) == [("roster-makeup-day", "error", CAL, 8)]


def test_duplicate_ids_across_units_people_and_targets(make_repo) -> None:
    extra = (
        "- {id: li-hong, kind: teacher, name: 李红}\n"  # line 9: a person's id
        "- {id: nursing-school, kind: club, name: 护理社}\n"  # line 10: a unit's id
        "- {id: stu-0001, kind: student, name: 重名}\n"  # line 11: a target's own id
    )
    found = check(make_repo({TARGETS: roster("targets.yml") + extra}))
    assert located(found) == [
        ("roster-duplicate-id", "error", TARGETS, 9),
        ("roster-duplicate-id", "error", TARGETS, 10),
        ("roster-duplicate-id", "error", TARGETS, 11),
    ]
    assert "rosters/people.yml 第 11 行" in found[0].message
    assert "rosters/units.yml 第 4 行" in found[1].message
    assert "rosters/targets.yml 第 4 行" in found[2].message


def test_duplicate_person_id_points_at_the_second(make_repo) -> None:
    extra = "- {id: zhao-min, name: 赵敏二, unit: nursing-school}\n"
    found = check(make_repo({PEOPLE: roster("people.yml") + extra}))
    assert located(found) == [("roster-duplicate-id", "error", PEOPLE, 25)]
    assert "第 18 行" in found[0].message


def test_unknown_references_in_units(make_repo) -> None:
    extra = "- {id: x-branch, name: 某支部, kind: branch, parent: no-unit, secretary: no-person}\n"
    found = check(make_repo({UNITS: roster("units.yml") + extra}))
    assert located(found) == [("roster-unknown-ref", "error", UNITS, 7)] * 2
    assert "no-unit" in found[0].message and "no-person" in found[1].message


def test_unknown_references_in_people(make_repo) -> None:
    extra = "- id: sun-li\n  name: 孙丽\n  unit: no-unit\n  branch: no-branch\n  liaisons: [li-hong, no-liaison]\n"
    found = check(make_repo({PEOPLE: roster("people.yml") + extra}))
    assert located(found) == [
        ("roster-unknown-ref", "error", PEOPLE, 27),
        ("roster-unknown-ref", "error", PEOPLE, 28),
        ("roster-unknown-ref", "error", PEOPLE, 29),
    ]
    assert "no-unit" in found[0].message
    assert "no-branch" in found[1].message
    assert "no-liaison" in found[2].message


def test_person_branch_that_is_not_a_branch(make_repo) -> None:
    text = roster("people.yml").replace(
        "  branch: nursing-branch-1\n  accounts: [lihong]", "  branch: nursing-school\n  accounts: [lihong]"
    )
    found = check(make_repo({PEOPLE: text}))
    assert located(found) == [("roster-unknown-ref", "error", PEOPLE, 16)]
    assert "护理学院" in found[0].message


def test_unknown_references_in_assignments(make_repo) -> None:
    extra = (
        "- actor: no-actor\n"  # line 8
        "  targets: [stu-0001, no-target, li-hong]\n"  # line 9: unknown, and a person as target
        "- actor: stu-0001\n"  # line 10: a target as actor
        "  targets: [stu-0002]\n"
    )
    found = check(make_repo({ASSIGN: roster("assignments.yml") + extra}))
    assert located(found) == [
        ("roster-unknown-ref", "error", ASSIGN, 8),
        ("roster-unknown-ref", "error", ASSIGN, 9),
        ("roster-unknown-ref", "error", ASSIGN, 9),
        ("roster-unknown-ref", "error", ASSIGN, 10),
    ]
    assert "no-actor" in found[0].message
    assert "no-target" in found[1].message
    assert "“li-hong”是人员" in found[2].message
    assert "“stu-0001”是联系对象" in found[3].message


def test_assignment_until_before_since(make_repo) -> None:
    text = roster("assignments.yml").replace(
        "stu-0002]\n", "stu-0002]\n  since: 2024-09-01\n  until: 2024-08-01\n"
    )
    assert located(check(make_repo({ASSIGN: text}))) == [("roster-date-order", "error", ASSIGN, 7)]


def test_leave_ending_before_it_starts(make_repo) -> None:
    found = check(make_repo({LEAVES: "- {person: li-hong, start: 2024-11-29, end: 2024-11-04}\n"}))
    assert located(found) == [("roster-date-order", "error", LEAVES, 1)]
    assert "2024-11-04" in found[0].message


def test_overlapping_leaves_and_unknown_person(make_repo) -> None:
    text = roster("leaves.yml") + (
        "- {person: li-hong, start: 2024-11-20, end: 2024-12-10}\n"
        "- {person: nobody, start: 2024-12-05, end: 2024-12-20}\n"
    )
    found = check(make_repo({LEAVES: text}))
    assert located(found) == [
        ("roster-leave-overlap", "warning", LEAVES, 2),
        ("roster-unknown-ref", "error", LEAVES, 3),
    ]
    assert "第 1 行" in found[0].message


def test_unknown_role_on_a_person(make_repo) -> None:
    text = roster("people.yml").replace("roles: [middle-cadre]", "roles: [middle-cadre, dean]")
    found = check(make_repo({PEOPLE: text}))
    assert located(found) == [("roster-unknown-role", "error", PEOPLE, 15)]
    assert "dean" in found[0].message and "middle-cadre" in found[0].message


def test_person_in_post_until_before_since(make_repo) -> None:
    text = roster("people.yml").replace("  since: 2024-11-01", "  since: 2024-11-01\n  until: 2024-10-01")
    assert located(check(make_repo({PEOPLE: text}))) == [("roster-date-order", "error", PEOPLE, 25)]


def test_invalid_timezone_points_at_its_line(make_repo) -> None:
    found = check(make_repo({INST: roster("institution.yml").replace("Asia/Shanghai", "Mars/Olympus")}))
    assert located(found) == [("roster-timezone", "error", INST, 3)]


def test_missing_institution_key_points_at_line_one(make_repo) -> None:
    text = roster("institution.yml").replace('code: "99999"\n', "")
    found = check(make_repo({INST: text}))
    assert located(found) == [("schema-missing-key", "error", INST, 1)]
    assert "code" in found[0].message


def test_roster_that_is_not_a_list(make_repo) -> None:
    found = check(make_repo({LEAVES: "person: li-hong\n"}))
    assert located(found) == [("schema-not-list", "error", LEAVES, 1)]


def test_roster_entry_that_is_not_a_mapping(make_repo) -> None:
    found = check(make_repo({LEAVES: roster("leaves.yml") + "- li-hong\n"}))
    assert located(found) == [("schema-not-mapping", "error", LEAVES, 2)]


def test_optional_leaves_file_may_be_absent(make_repo) -> None:
    assert_no_diagnostics(check(make_repo(drop=[LEAVES])))


def test_required_roster_file_missing(make_repo) -> None:
    found = check(make_repo(drop=[ASSIGN]))
    # without assignments, the mini records' targets are unassigned: warnings, as they should be
    assert located(found) == [
        ("record-unassigned-target", "warning", "records/2024-2025-1/wang-jianguo/2024-10-15-dorm-visit.md", 7),
        ("record-unassigned-target", "warning", "records/2024-2025-1/wang-jianguo/2024-10-16-canteen-meal.md", 5),
        ("file-missing", "error", ASSIGN, None),
    ]


def test_broken_person_does_not_cascade_into_records(make_repo) -> None:
    """zhao-min's entry fails the schema; records by and with zhao-min report nothing more."""
    text = roster("people.yml").replace("  since: 2024-11-01", "  since: 2024-11-31")
    files = {
        PEOPLE: text,
        "records/2024-2025-1/zhao-min/2024-11-05-online-contact.md":
            "---\nby: zhao-min\ndate: 2024-11-05\ntype: online-contact\nwith: [li-hong]\nsummary: 网上答疑。\n---\n",
        "records/2024-2025-1/wang-jianguo/2024-11-05-dorm-visit.md":
            "---\nby: wang-jianguo\ndate: 2024-11-05\ntype: dorm-visit\ntargets: [dorm-12-305]\n"
            "with: [zhao-min]\nsummary: 座谈。\n---\n",
    }
    found = check(make_repo(files))
    assert located(found) == [("schema-date-invalid", "error", PEOPLE, 24)]


def test_unreadable_people_file_does_not_cascade(make_repo) -> None:
    found = check(make_repo({PEOPLE: roster("people.yml").encode("gbk"), RECORD_PATH: VALID_RECORD}))
    assert located(found) == [("file-encoding", "error", PEOPLE, 2)]


def test_people_file_that_is_not_a_list_does_not_cascade(make_repo) -> None:
    found = check(make_repo({PEOPLE: "wang-jianguo: 王建国\n"}))
    assert located(found) == [("schema-not-list", "error", PEOPLE, 1)]


def test_target_terms_must_be_terms_of_the_calendar(make_repo) -> None:
    extra = "- {id: course-x, kind: course, name: 形势与政策, terms: [2024-2025-1, 2024-2025-2]}\n"
    found = check(make_repo({TARGETS: roster("targets.yml") + extra}))
    assert located(found) == [("roster-unknown-ref", "error", TARGETS, 9)]
    assert "2024-2025-2" in found[0].message and "2024-2025-1" in found[0].message  # the known term is listed
    assert_chinese_messages(found)


def test_undeclared_target_tag_is_a_warning_only_when_the_policy_declares_tags(make_repo) -> None:
    extra = "- {id: teacher-zhao, kind: teacher, name: 赵丽, tags: [青年老师]}\n"
    assert_no_diagnostics(check(make_repo({TARGETS: roster("targets.yml") + extra})))  # mini declares no tags
    policy = (MINI / "policies" / "mini.yml").read_text(encoding="utf-8").replace(
        "sensitive_tags: [困难学生]", "sensitive_tags: [困难学生]\ntags: [青年教师, 思政课]")
    found = check(make_repo({TARGETS: roster("targets.yml") + extra, "policies/mini.yml": policy}))
    assert located(found) == [("roster-unknown-tag", "warning", TARGETS, 9)]
    assert "teacher-zhao" in found[0].message and "是不是“青年教师”" in found[0].message
    assert "赵丽" not in found[0].message  # targets are named by id (a student's name may be sensitive)
