"""004 — 河北省委教育工委/河北省教育厅 notice (policies/hebei-2019.yml): the province-wide floor.

Actors: lead-good (a class) and lead-bad (only an untagged teacher: no class, dorm or club; no
counsellor); cadre-good (one counsellor and one ideology teacher) and cadre-bad (four of them —
too many for B5). One term; as of 2025-01-20.
"""

from __future__ import annotations

from .builder import ONE_TERM, Assign, Case, World, person, rec, side, target, unit

T1 = "2024-2025-1"

B6_BAD = rec("cadre-bad", "2024-11-15", "online-contact", ["couns-2"])
# Finding 1: a lecture the bad leader only attended (listed in `with`).
B1_LECTURE = rec("lead-good", "2024-11-07", "ideology-lecture", ["class-1"], with_=["lead-bad"])

CASES = (
    Case("b1-semester-lecture", T1,
         side("lead-good", B1_LECTURE),
         side("lead-bad", misses=[rec("lead-bad", "2024-11-07", "teaching", ["class-1"]), B1_LECTURE]),
         why="takes part in ordinary teaching, not a 思政课 or 形势与政策课; attends another member's lecture"),
    Case("b2-weekly-face", "2024-W48",
         side("lead-good", rec("lead-good", "2024-11-27", "dorm-visit", ["dorm-1"])),
         side("lead-bad", misses=[rec("lead-bad", "2024-11-27", "online-contact", ["stu-1"]),
                                  rec("lead-bad", "2024-11-28", "teacher-talk", ["t-plain"])]),
         why="online contact is not face to face; a talk with a teacher meets no students"),
    # B6 — each assigned counsellor / ideology teacher, every quarter, face to face
    Case("b6-quarterly-face", "2024-Q4",
         side("cadre-good", rec("cadre-good", "2024-11-15", "teacher-talk", ["couns-3"]), target="couns-3"),
         side("cadre-bad", misses=[B6_BAD], target="couns-2"),
         why="an online exchange with the assigned counsellor"),
    Case("b6-quarterly-face", "2024-Q4",
         side("cadre-good", rec("cadre-good", "2024-12-10", "seminar", ["ideo-1"]), target="ideo-1"),
         side("cadre-bad", misses=[B6_BAD], target="couns-2")),
    # B7 — each assigned counsellor or ideology teacher, every semester
    Case("b7-join-their-work", T1,
         side("cadre-good", rec("cadre-good", "2024-09-24", "class-observation", ["ideo-1", "class-1"]),
              target="ideo-1"),
         side("cadre-bad", misses=[rec("cadre-bad", "2024-10-29", "theme-activity", ["class-1"]),
                                   rec("cadre-bad", "2024-10-30", "class-observation", ["couns-1"]),
                                   rec("cadre-bad", "2024-10-31", "class-observation", ["t-plain2"]),
                                   rec("cadre-bad", "2024-11-04", "student-talk", ["couns-4"])],
              target="couns-2"),
         why="a class meeting that names no assigned counsellor or ideology teacher; the lesson of "
             "another cadre's counsellor; the lesson of an assigned teacher who is neither; a talk "
             "with the students of another assigned counsellor (couns-4), which does not count for couns-2"),
)

ASSIGNS = (
    Assign("b3-class-dorm-or-club", ("lead-good", 1), ("lead-bad", 0), level="advisory"),
    Assign("b5-counsellors-assigned", ("cadre-good", 2), ("cadre-bad", 4)),  # too many
    Assign("b5-counsellors-assigned", ("cadre-good", 2), ("lead-bad", 0)),  # too few: t-plain is untagged
)

# What the office outputs read beyond the rule cases: timed contact with students, a problem.
OUTPUTS = (
    rec("swh-1", "2024-10-15", "dorm-visit", ["dorm-1"], start="19:00", end="21:00"),
    rec("swh-1", "2024-11-12", "class-observation", ["class-1"], start="08:00", end="09:30",
        problems=[{"summary": "教室投影仪损坏", "refer_to": "office", "status": "resolved", "resolved": "2024-11-15",
                   "resolution": "已更换"}]),
)

WORLD = World(
    preset="hebei-2019",
    as_of="2025-01-20",
    terms=ONE_TERM,
    units=(
        unit("office", "学生工作部", "department"),
        unit("school-1", "马克思主义学院", "school"),
    ),
    people=(
        person("lead-good", "吴副校长", ["leadership"]),
        person("lead-bad", "郑副校长", ["leadership"]),
        person("cadre-good", "陈处长", ["middle-cadre"], unit_="office"),
        person("cadre-bad", "褚处长", ["middle-cadre"], unit_="office"),
        person("swh-1", "卫部长", ["student-work-head"], unit_="office"),  # B4's time share
    ),
    targets=(
        target("class-1", "class", "会计2024级1班", unit="school-1", enrolled=2024, level="vocational"),
        target("dorm-1", "dorm", "2栋405"),
        target("stu-1", "student", "学生甲", unit="school-1", enrolled=2024),
        *(target(f"couns-{i}", "teacher", f"辅导员{i}", unit="office", tags=["辅导员"]) for i in range(1, 6)),
        *(target(f"ideo-{i}", "teacher", f"思政课教师{i}", unit="school-1", tags=["思政课教师"]) for i in (1, 2)),
        target("t-plain", "teacher", "专业课教师", unit="school-1"),
        target("t-plain2", "teacher", "实训课教师", unit="school-1"),
    ),
    assignments={
        "lead-good": ["class-1"],
        "lead-bad": ["t-plain"],
        "cadre-good": ["couns-3", "ideo-1"],
        "cadre-bad": ["couns-2", "couns-4", "couns-5", "ideo-2", "t-plain2"],  # t-plain2: untagged
    },
    cases=CASES,
    assigns=ASSIGNS,
    extra=OUTPUTS,
)
