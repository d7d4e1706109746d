"""Policy fidelity: each finding of the clause-by-clause reading of the five documents, with exact results.

The repositories are the presets' example repositories of tests/presets/ (see tests/test_presets.py);
docs/policies.md gives the reading taken for each clause. Numbers in the test names follow the
findings of issue 12.
"""

from __future__ import annotations

from pathlib import Path

from presets import jjy, mwy, wf, xrzy
from presets.builder import TERM1, TERM2, rec
from presets.worlds import PRESETS, WORLDS, Build, build_variant

from generator import schema
from generator.vocab import Status

T1, T2 = "2024-2025-1", "2024-2025-2"


def results_of(built: Build, preset: str, actor: str, rule: str) -> dict[tuple[str, str | None], tuple[str, int]]:
    """(period, target) → (status, achieved) of one actor and rule."""
    return {(k[2], k[3]): (r.status, r.achieved) for k, r in built(preset).results.items() if k[:2] == (actor, rule)}


# --------------------------------------------------------------------------- 1 attendance is not a lecture

def test_1_a_person_only_in_with_of_a_lecture_is_unmet_for_personal_lecture_duties(built: Build) -> None:
    # (preset, actor who only attended, rule, period, the attended lecture)
    cases = [
        ("wf-2019-19", "named-bad", "s4-heads-lecture", T1, wf.HEAD_LECTURE),
        ("wf-2019-19", "lead-bad", "s4-leaders-lecture", T1, wf.LEAD_LECTURE),
        ("mwy-2021-31", "lead-bad", "f12-other-leaders-lectures", T1, mwy.LEAD_LECTURE),
        ("mwy-2021-31", "lead-bad", "f3-annual-party-lecture", "2024", mwy.F3_ATTENDED),
        ("hebei-2019", "lead-bad", "b1-semester-lecture", T1, None),
    ]
    for preset, actor, rule, period, lecture in cases:
        r = built(preset).results[(actor, rule, period, None)]
        assert (r.status, r.achieved, r.records) == ("unmet", 0, ()), (preset, rule)
        if lecture is not None:
            assert actor in lecture.with_
    # the secretary who sat in the president's second lecture still has one lecture of two
    sec = built("mwy-2021-31").results[("sec-bad", "f12-secretary-president-lectures", T1, None)]
    assert (sec.status, sec.achieved, sec.required) == ("unmet", 1, 2)
    assert mwy.PRES_SECOND.path in built("mwy-2021-31").results[
        ("pres-good", "f12-secretary-president-lectures", T1, None)].records


def test_1_the_lecturer_is_credited_and_attendance_still_counts_where_presence_is_the_duty(built: Build) -> None:
    ev = built("wf-2019-19")
    assert ev.results[("org-head", "s4-heads-lecture", T1, None)].records == (wf.HEAD_LECTURE.path,)
    # sitting in the lecture met the students: it counts for the weekly face-to-face rule (S6)
    face = ev.results[("lead-bad", "s6-weekly-face", "2024-W42", None)]
    own = rec("lead-bad", "2024-10-17", "party-lecture", ["class-2"])  # its own 党课 that day
    assert (face.status, face.records) == ("met", (own.path, wf.LEAD_LECTURE.path))


def test_1_h3_by_secretary_credits_only_what_the_secretary_filed(built: Build) -> None:
    r = built("xrzy-2024-25").results[("branch-bad", "h3-secretary-class-lecture", T1, None)]
    assert (r.status, r.achieved) == ("unmet", 0)
    assert xrzy.H3_ATTENDED.with_ == ("sec-bad",) and xrzy.H3_ATTENDED.by == "member-c"


# --------------------------------------------------------------------------- 2 F7 is 倡导, courses have terms

def test_2_f7_is_advisory_and_due_only_for_courses_taught_in_the_term(built: Build) -> None:
    ev = built("mwy-2021-31")
    rule = next(r for r in ev.outcome.repo.policy.rules if r.id == "f7-ideology-course-observation")  # type: ignore[union-attr]
    assert rule.level == "advisory"
    keys = sorted((k[2], k[3]) for k in ev.results if k[:2] == ("lead-good", "f7-ideology-course-observation"))
    # course-a is taught in the autumn only; course-c is no 思政课
    assert keys == [(T1, "course-a"), (T1, "course-b"), (T2, "course-b")]
    assert ev.results[("lead-good", "f7-ideology-course-observation", T2, "course-b")].status == "unmet"
    assert not ev.outcome.has_errors  # an advisory unmet blocks nothing


# --------------------------------------------------------------------------- 3 members of an assigned dorm

def test_3_two_assigned_dorms_of_12_students_make_h7_and_h13_met(built: Build) -> None:
    ev = built("xrzy-2024-25")
    for rule in ("h7-teacher-students", "h13-every-teacher-has-students"):
        a = ev.assignments[("teacher-dorms", rule)]
        assert (a.status, a.count, a.targets) == ("met", 12, tuple(xrzy.ROOM_STUDENTS)), rule
    assert ev.outcome.repo.policy is not None
    assert ev.assignments[("teacher-dorms", "h7-teacher-students")].max == 12
    # a student assigned both directly and through the dorm counts once
    assert ev.assignments[("teacher-good", "h7-teacher-students")].count == 10
    assert all(ev.coverage[("h13-every-student-covered", s)].by == ("teacher-dorms",) for s in xrzy.ROOM_STUDENTS)


def test_3_a_dorm_with_some_students_assigned_directly_stands_for_those_only(tmp_path: Path) -> None:
    # two teachers share dorm-5: each is assigned the room and their own three of its six students
    room = xrzy.ROOM_STUDENTS[:6]
    world = xrzy.WORLD.but(assignments={**xrzy.WORLD.assignments, "teacher-dorms": ["dorm-5", *room[:3]],
                                        "teacher-many": ["dorm-5", *room[3:]]})
    ev = build_variant(tmp_path, world)
    assert ev.assignments[("teacher-dorms", "h7-teacher-students")].targets == tuple(room[:3])
    assert ev.assignments[("teacher-many", "h7-teacher-students")].targets == tuple(room[3:])
    # coverage reads the dorm the same way: each student is covered by their own teacher only
    assert [ev.coverage[("h13-every-student-covered", s)].by for s in room] == [("teacher-dorms",)] * 3 + [
        ("teacher-many",)] * 3


# --------------------------------------------------------------------------- 4 J2 and J3

def test_4_j2_counts_an_expert_activist_for_a_leader_who_is_not_secretary_or_president(tmp_path: Path) -> None:
    world = jjy.WORLD.but(assignments={**jjy.WORLD.assignments, "lead-bad": ["br-3", "ind-3", "ind-4"]})
    a = build_variant(tmp_path, world).assignments[("lead-bad", "j2-individuals-assigned")]
    assert (a.status, a.count, a.targets) == ("met", 2, ("ind-3", "ind-4"))


def test_4_j2_for_the_secretary_leaves_out_only_the_j3_young_activists(tmp_path: Path) -> None:
    world = jjy.WORLD.but(assignments={**jjy.WORLD.assignments, "sec-good": ["act-1", "ind-1", "ind-4"]})
    ev = build_variant(tmp_path, world)
    j2, j3 = ev.assignments[("sec-good", "j2-individuals-assigned")], ev.assignments[("sec-good", "j3-young-activists-assigned")]
    assert (j2.count, j2.targets, j2.status) == (2, ("ind-1", "ind-4"), "met")  # ind-4 is no young teacher
    assert (j3.count, j3.targets) == (1, ("act-1",))


def test_4_j3_school_rule_binds_the_schools_party_secretaries_not_the_deans(built: Build) -> None:
    ev = built("jjy-2018-6")
    actors = sorted(a for a, rule in ev.assignments if rule == "j3-school-secretaries-activists")
    assert actors == ["dean-bad", "dean-good"]  # not dean-plain (school-head only)
    assert ("dean-plain", "j1-branches-assigned") in ev.assignments  # still a leading cadre for J1


# --------------------------------------------------------------------------- 5 B7 per teacher

def test_5_b7_is_counted_per_assigned_counsellor_or_ideology_teacher(built: Build) -> None:
    mine = results_of(built, "hebei-2019", "cadre-good", "b7-join-their-work")
    assert mine == {(T1, "couns-3"): ("unmet", 0), (T1, "ideo-1"): ("met", 1)}
    bad = results_of(built, "hebei-2019", "cadre-bad", "b7-join-their-work")
    # the talk with couns-4's students counts for couns-4 only
    assert bad == {(T1, "couns-2"): ("unmet", 0), (T1, "couns-4"): ("met", 1), (T1, "couns-5"): ("unmet", 0),
                   (T1, "ideo-2"): ("unmet", 0)}


# --------------------------------------------------------------------------- 6 S2, S3, S4 roles

def test_6_one_theme_meeting_does_not_satisfy_both_s2_rules(built: Build) -> None:
    ev = built("wf-2019-19")
    theme = ev.results[("cadre-bad", "s2-theme-meeting-or-club", T1, None)]
    assert (theme.status, theme.records) == ("met", (wf.S2_THEME.path,))
    activity = ev.results[("cadre-bad", "s2-class-activity", T1, "class-old")]
    assert (activity.status, activity.achieved) == ("unmet", 0)


def test_6_s2_class_activity_is_per_assigned_class_and_a_club_contact_owes_only_the_club_activity(built: Build) -> None:
    ev = built("wf-2019-19")
    assert sorted(k[3] for k in ev.results if k[:3] == ("cadre-good", "s2-class-activity", T1)) == [
        "class-1", "class-grad1", "class-ug2"]
    assert [k for k in ev.results if k[:2] == ("lead-good", "s2-class-activity")] == []  # a club, no class
    assert ev.results[("lead-good", "s2-theme-meeting-or-club", T1, None)].status == "met"


def test_6_s3_dorm_visit_must_be_to_the_assigned_dorm(built: Build) -> None:
    r = built("wf-2019-19").results[("cadre-bad", "s3-monthly-dorm-visit", "2024-11", None)]
    assert (r.status, r.achieved) == ("unmet", 0)  # the visit of 11-06 is to dorm-3, lead-good's


def test_6_the_organisation_head_owes_the_s4_lecture_and_the_half_time_share_but_not_s8(built: Build) -> None:
    ev = built("wf-2019-19")
    policy = ev.outcome.repo.policy
    assert policy is not None
    assert ("org-head", "s4-heads-lecture", T1, None) in ev.results
    assert ("org-head", "s8-online-channel") not in ev.profiles
    roster = ev.outcome.roster
    half_time = next(r for r in policy.reports if r.id == "heads-half-time")
    assert half_time.who is not None and roster.applies(half_time.who, "org-head")  # 四5: a party work department
    assert not roster.applies(half_time.who, "named-bad")
    # S6 binds every member of a school's team, not only its principal heads
    assert {k[0] for k in ev.results if k[1] == "s6-weekly-face"} >= {"dean", "deputy"}


# --------------------------------------------------------------------------- 7 the 双联五导 workday

def test_7_h2_counts_the_even_week_thursday_only(built: Build) -> None:
    ev = built("xrzy-2024-25")
    cal = ev.outcome.calendar
    assert cal is not None
    spec = ev.outcome.repo.policy.parameter("workday", schema.DaySpec)  # type: ignore[union-attr]
    assert spec == schema.DaySpec(weekdays=["thursday"], weeks="even")
    from datetime import date
    workdays = [d for d in cal.teaching_dates(date(2024, 9, 2), date(2024, 10, 31)) if cal.is_workday(d, spec)]
    assert [d.isoformat() for d in workdays] == ["2024-09-12", "2024-09-26", "2024-10-10", "2024-10-24"]
    periods = [k[2] for k in ev.results if k[:2] == ("branch-good", "h2-branch-workday-activity")]
    assert periods[:3] == ["2024-2025-1-B01", "2024-2025-1-B02", "2024-2025-1-B03"]
    r = ev.results[("branch-good", "h2-branch-workday-activity", "2024-2025-1-B04", None)]
    assert (r.status, r.level, r.required) == ("met", "advisory", 1)


def test_7_a_biweek_whose_workday_is_a_holiday_is_not_due(tmp_path: Path) -> None:
    term = {**TERM1, "breaks": [{"name": "国庆节", "start": "2024-10-01", "end": "2024-10-11"}]}
    ev = build_variant(tmp_path, xrzy.WORLD.but(terms=(term, TERM2)))
    b03 = ev.results[("branch-good", "h2-branch-workday-activity", "2024-2025-1-B03", None)]
    assert b03.status == Status.EXEMPT  # its workday 10-10 is in the break
    assert ev.results[("branch-good", "h2-branch-workday-activity", "2024-2025-1-B04", None)].status == "met"


# --------------------------------------------------------------------------- 8 numbers: the document's or ours

def test_8_every_number_the_documents_do_not_give_is_a_marked_parameter(built: Build) -> None:
    invented = {
        "xrzy-2024-25": {"students-per-teacher-min": 8, "students-per-teacher-max": 12, "veto-threshold": None},
        "mwy-2021-31": {"onsite-hours": 4, "registration-days": 15, "monthly-record-due-days": 1,
                        "canteen-meals": 1, "online-contacts": 1, "filing-days": 31, "response-days": 10,
                        "working-day-hours": 8},
        "wf-2019-19": {"response-days": 10, "working-day-hours": 8},
        "jjy-2018-6": {"response-days": 10},
        "hebei-2019": {"response-days": 10, "working-day-hours": 8},
    }
    for preset in PRESETS:
        policy = built(preset).outcome.repo.policy
        assert policy is not None
        ours = {k: p.value for k, p in policy.parameters.items()
                if isinstance(p, schema.Parameter) and p.origin == "institution"}
        assert ours == invented[preset], preset
        assert all(p.source and p.note for p in policy.parameters.values() if isinstance(p, schema.Parameter))


def test_8_parameters_reach_the_rules_and_outputs_read_them_typed(built: Build) -> None:
    policy = built("mwy-2021-31").outcome.repo.policy
    assert policy is not None
    rules = {r.id: r for r in policy.rules}
    assert rules["f2-monthly-onsite-office"].min_hours == 4
    assert rules["f14-contact-registration"].count.within_first_days == 15
    assert rules["f15-monthly-work-record"].due_min_teaching_days == 1
    assert (policy.filing and policy.filing.within_days, policy.problems and policy.problems.respond_within_days) == (31, 10)
    assert policy.parameter("onsite-hours", float) == 4.0 and policy.parameter("onsite-hours", int) == 4
    xrzy_policy = built("xrzy-2024-25").outcome.repo.policy
    assert xrzy_policy is not None and xrzy_policy.parameter("veto-threshold", float) is None  # 本校尚未设定
    veto = next(r for r in xrzy_policy.reports if r.id == "h14-annual-veto")
    assert veto.params == {"threshold_parameter": "veto-threshold"}


def test_8_f15_every_month_with_a_teaching_day_is_due(built: Build) -> None:
    mine = results_of(built, "mwy-2021-31", "cadre-bad", "f15-monthly-work-record")
    assert mine[("2025-02", None)] == ("unmet", 0)  # five teaching days: due
    assert [p for p, _ in mine] == [f"2024-{m:02d}" for m in (9, 10, 11, 12)] + [
        f"2025-{m:02d}" for m in range(1, 8)]  # January to July; no August (the term ends 07-04)


# --------------------------------------------------------------------------- 11 complete vocabulary

VOCABULARY_CODES = {"record-unknown-type", "record-unknown-guidance", "roster-unknown-role", "roster-unknown-tag",
                    "policy-unknown-ref"}


def test_11_every_example_repository_validates_with_no_error_and_no_vocabulary_warning(built: Build) -> None:
    for preset in PRESETS:
        ev = built(preset)
        assert ev.errors() == [], preset
        assert [d for d in ev.outcome.diagnostics if d.code in VOCABULARY_CODES] == [], preset
        # the check is live: the roster uses the preset's tags, and they are declared
        policy = ev.outcome.repo.policy
        assert policy is not None and policy.tags, preset
        used = {tag for t in ev.outcome.repo.targets.values() for tag in t.tags}
        assert used and used <= set(policy.tags) | set(policy.sensitive_tags), preset


def test_11_an_undeclared_target_tag_is_a_vocabulary_warning(tmp_path: Path) -> None:
    world = WORLDS["hebei-2019"]
    typo = tuple({**t, "tags": ["辅导猿"]} if t["id"] == "couns-1" else t for t in world.targets)
    ev = build_variant(tmp_path, world.but(targets=typo))
    (message,) = ev.diagnostics("roster-unknown-tag")
    assert "couns-1" in message and "辅导猿" in message and "是不是“辅导员”" in message


def test_11_every_type_of_every_example_record_is_the_presets_own(built: Build) -> None:
    for preset in PRESETS:
        ev = built(preset)
        declared = set(ev.outcome.repo.policy.activity_types)  # type: ignore[union-attr]
        assert {r.meta.type for r in ev.outcome.repo.records} <= declared, preset


def test_11_j6_visits_use_the_presets_condolence_type(built: Build) -> None:
    ev = built("jjy-2018-6")
    assert [r.meta.type for r in ev.outcome.counting if "staff-hard" in r.meta.targets] == ["condolence-visit"]
    assert "staff-hard" in ev.outcome.sensitive  # 困难职工 is a sensitive tag
    assert rec("lead-good", "2024-12-24", "condolence-visit", ["staff-hard"]) in jjy.EXTRA


def test_8_the_policy_page_marks_each_parameter_and_each_rules_numbers(built: Build) -> None:
    from generator.site import internal

    page = internal.render(built("xrzy-2024-25").outcome).pages["policy.md"]
    rows = {line.split(" | ")[1]: line.split(" | ")[2:6] for line in page.splitlines()
            if line.startswith("| ") and line.count(" | ") >= 6}
    assert rows["students-per-teacher-min"] == ["8", "本校设定", "三\\(一\\)2", "“每名党员教师联系约10名学生（一般为两间寝室）”"]
    assert rows["workday"][:3] == ["双周星期四", "文件规定", "三\\(一\\)1"]
    assert rows["veto-threshold"] == ["待本校设定", "待本校设定", "四4", "“年度考核“一票否决”提示”"]
    assert ("数字来源：下限取参数“每名党员教师联系学生数的下限”（本校设定）；上限取参数“每名党员教师联系学生数的上限”（本校设定）"
            in page)
    assert "应有 8—12 个（分配的宿舍、班级按其成员计入）" in page
    assert "计数条件：面对面接触；联系对象中至少有一个是班级；只计当天分配给本人的联系对象；只计双周星期四的记录" in page
    assert "何时考核：周期内本人在岗、未请假且属于双周星期四的教学日不少于 1 天" in page
    mwy_page = internal.render(built("mwy-2021-31").outcome).pages["policy.md"]
    assert "提出后 10 天内办结，超过会提示“超期未办结”（办结时限取参数“问题办结时限（天）”（本校设定））" in mwy_page
    assert "- 数字来源：小时数取参数“每月驻点办公的小时数（“不少于0.5天”）”（本校设定）" in mwy_page
    assert "只计本人填报的记录，只作为同行人员（with）列名的不计" in mwy_page
