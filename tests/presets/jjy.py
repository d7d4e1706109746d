"""003 — 吉交院组字[2018]6号 (policies/jjy-2018-6.yml): party-member leading cadres and their branches.

Actors: lead-good (branches br-1, br-2; individuals ind-1 — an expert teacher — and ind-2, a
student) and lead-bad (branch br-3; one individual ind-3); sec-good (party secretary, one young
teacher activist) and pres-bad (president with three activists and three branches — too many);
dean-good (secretary of a school's party organisation, one activist) and dean-bad (a secretary
with none); dean-plain (a dean who is not the secretary: no J3 duty); cadre-good (a department
cadre with a school branch) and cadre-bad (none). ind-4 is an expert who is also an activist (not
a young teacher). One term; as of 2025-01-20.
"""

from __future__ import annotations

from .builder import ONE_TERM, Assign, Case, World, person, rec, side, target, unit

T1 = "2024-2025-1"

J4_BAD_ACTIVITY = rec("lead-bad", "2024-10-10", "branch-visit", ["br-3"])
J4_BAD_MISS = rec("lead-bad", "2024-11-14", "seminar", ["br-1"])  # another leader's branch
J4_BAD_HEARING = rec("lead-bad", "2024-10-17", "report-hearing", ["br-3"])
J4_BAD_TALK = rec("lead-bad", "2024-11-05", "secretary-talk", ["br-1"])
J5_BAD = (rec("lead-bad", "2024-09-24", "teacher-talk", ["ind-3"]),)
J5_BAD_MISS = (rec("lead-bad", "2024-10-09", "student-talk", ["ind-2"]),  # not its individual
               rec("lead-bad", "2024-11-20", "seminar", ["ind-3"]))  # a seminar is not a talk

CASES = (
    # J4 — per semester at each assigned branch
    Case("j4-branch-activities", T1,
         side("lead-good", rec("lead-good", "2024-10-10", "branch-visit", ["br-1"]),
              rec("lead-good", "2024-11-14", "party-lecture", ["br-1"]), target="br-1"),
         side("lead-bad", J4_BAD_ACTIVITY, misses=[J4_BAD_MISS], target="br-3"),
         why="one activity at its branch; the second at a branch that is not its own"),
    Case("j4-branch-activities", T1,
         side("lead-good", rec("lead-good", "2024-10-11", "seminar", ["br-2"]),
              rec("lead-good", "2024-12-05", "branch-visit", ["br-2"]), target="br-2"),
         side("lead-bad", J4_BAD_ACTIVITY, misses=[J4_BAD_MISS], target="br-3")),
    Case("j4-branch-report-hearings", T1,
         side("lead-good", rec("lead-good", "2024-10-17", "report-hearing", ["br-1"]),
              rec("lead-good", "2024-12-12", "report-hearing", ["br-1"]), target="br-1"),
         side("lead-bad", J4_BAD_HEARING, misses=[J4_BAD_ACTIVITY], target="br-3"),
         why="one hearing; a visit is not a hearing"),
    Case("j4-branch-report-hearings", T1,
         side("lead-good", rec("lead-good", "2024-10-18", "report-hearing", ["br-2"]),
              rec("lead-good", "2024-12-13", "report-hearing", ["br-2"]), target="br-2"),
         side("lead-bad", J4_BAD_HEARING, misses=[J4_BAD_ACTIVITY], target="br-3")),
    Case("j4-secretary-talk", T1,
         side("lead-good", rec("lead-good", "2024-11-05", "secretary-talk", ["br-1"]), target="br-1"),
         side("lead-bad", misses=[J4_BAD_TALK], target="br-3"),
         why="talks with the secretary of a branch that is not its own"),
    Case("j4-secretary-talk", T1,
         side("lead-good", rec("lead-good", "2024-11-06", "secretary-talk", ["br-2"]), target="br-2"),
         side("lead-bad", misses=[J4_BAD_TALK], target="br-3")),
    # J5 — two talks with each assigned individual, teacher or student
    Case("j5-individual-talks", T1,
         side("lead-good", rec("lead-good", "2024-09-24", "teacher-talk", ["ind-1"]),
              rec("lead-good", "2024-12-17", "teacher-talk", ["ind-1"]), target="ind-1"),
         side("lead-bad", *J5_BAD, misses=J5_BAD_MISS, target="ind-3"),
         why="one talk with its individual; the second with someone else's"),
    Case("j5-individual-talks", T1,
         side("lead-good", rec("lead-good", "2024-09-25", "student-talk", ["ind-2"]),
              rec("lead-good", "2024-12-18", "student-talk", ["ind-2"]), target="ind-2"),
         side("lead-bad", *J5_BAD, misses=J5_BAD_MISS, target="ind-3")),
)

ASSIGNS = (
    Assign("j1-branches-assigned", ("lead-good", 2), ("pres-bad", 3)),  # too many
    Assign("j1-branches-assigned", ("lead-bad", 1), ("dean-bad", 0)),  # too few
    Assign("j1-department-cadres-branch", ("cadre-good", 1), ("cadre-bad", 0), level="advisory"),
    Assign("j2-individuals-assigned", ("lead-good", 2), ("lead-bad", 1)),  # too few
    Assign("j2-individuals-assigned", ("lead-good", 2), ("pres-bad", 1)),  # J3 activists do not count
    Assign("j2-experts-included", ("lead-good", 1), ("lead-bad", 0), level="advisory"),
    Assign("j3-young-activists-assigned", ("sec-good", 1), ("pres-bad", 3)),  # too many
    Assign("j3-school-secretaries-activists", ("dean-good", 1), ("dean-bad", 0), level="advisory"),
)

# Visits to staff and students in special difficulty (J6's output) use the preset's own type.
EXTRA = (rec("lead-good", "2024-12-24", "condolence-visit", ["staff-hard"],
             problems=[{"summary": "家中老人住院需要照顾", "refer_to": "office", "status": "in-progress"}]),)

WORLD = World(
    preset="jjy-2018-6",
    as_of="2025-01-20",
    terms=ONE_TERM,
    units=(
        unit("office", "组织部", "department"),
        unit("school-1", "汽车工程学院", "school"),
        unit("br-1", "汽车工程学院教工党支部", "branch", parent="college"),
        unit("br-2", "汽车工程学院学生党支部", "branch", parent="college"),
        unit("br-3", "交通运输学院教工党支部", "branch", parent="college"),
        unit("br-4", "交通运输学院学生党支部", "branch", parent="college"),
    ),
    people=(
        person("lead-good", "吴副校长", ["leadership"]),
        person("lead-bad", "郑副校长", ["leadership"]),
        person("sec-good", "冯书记", ["leadership", "party-secretary"]),
        person("pres-bad", "王校长", ["leadership", "president"]),
        person("dean-good", "陈书记", ["school-head", "school-secretary"], unit_="school-1"),
        person("dean-bad", "褚书记", ["school-head", "school-secretary"], unit_="school-1"),
        person("dean-plain", "秦院长", ["school-head"], unit_="school-1"),
        person("cadre-good", "卫处长", ["middle-cadre"], unit_="office"),
        person("cadre-bad", "蒋处长", ["middle-cadre"], unit_="office"),
    ),
    targets=(
        target("ind-1", "teacher", "专家教师甲", unit="school-1", tags=["专家"]),
        target("ind-2", "student", "学生甲", unit="school-1", enrolled=2023),
        target("ind-3", "teacher", "一线教师乙", unit="school-1"),
        *(target(f"act-{i}", "teacher", f"青年教师{i}", unit="school-1", tags=["青年教师", "入党积极分子"])
          for i in (1, 2, 3)),
        target("act-old", "teacher", "资深教师丙", unit="school-1", tags=["入党积极分子"]),
        target("ind-4", "teacher", "专家教师丁", unit="school-1", tags=["专家", "入党积极分子"]),
        target("staff-hard", "teacher", "困难教职工", unit="school-1", tags=["困难职工"]),
    ),
    assignments={
        "lead-good": ["br-1", "br-2", "ind-1", "ind-2"],
        "lead-bad": ["br-3", "ind-3"],
        "sec-good": ["act-1", "ind-1", "ind-3"],  # two individuals who are not activists
        "pres-bad": ["act-1", "act-2", "act-3", "ind-3", "br-1", "br-2", "br-3"],
        "dean-good": ["act-2"],
        "dean-bad": ["ind-3"],  # a teacher who is not an activist
        "cadre-good": ["br-4"],
    },
    cases=CASES,
    assigns=ASSIGNS,
    extra=EXTRA,
)
