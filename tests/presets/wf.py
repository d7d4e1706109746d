"""002 — 委发〔2019〕19号附件 (policies/wf-2019-19.yml): cadres at deputy-division level and above.

Actors: cadre-good (classes in their first or second year, a dorm, a student in difficulty) and
cadre-bad (a third-year class, a second-year graduate class and a dorm — no student in
difficulty); lead-good (a club, a dorm, a student in difficulty) and lead-bad (no contacts);
swh-good (doing student work, with a WeChat channel) and swh-bad (no channel); org-head (head of
the 组织部: the lecture duty of S4 and the half-time report of 四5, but not S8) and named-bad (a
named head who only sat in a lecture); dean (a school's principal head) and deputy (a member of a
school's team: S6). One term; as of 2025-01-20 (the term ended 2025-01-17), on which date a class
enrolled in 2024 is in its first year.
"""

from __future__ import annotations

from .builder import ONE_TERM, Assign, Case, World, person, rec, side, target, unit

T1 = "2024-2025-1"

# Finding 1: lectures the bad side only attended (listed in `with`), which count for the lecturer.
LEAD_LECTURE = rec("lead-good", "2024-10-17", "ideology-lecture", ["class-2"], with_=["lead-bad"])
HEAD_LECTURE = rec("org-head", "2024-10-18", "party-lecture", ["class-2"], with_=["named-bad"])

S2_THEME = rec("cadre-bad", "2024-10-24", "theme-activity", ["class-old"])  # its own class's theme meeting

CASES = (
    # S2 — per assigned class: one class activity besides the theme meeting (two activities)
    Case("s2-class-activity", T1,
         side("cadre-good", rec("cadre-good", "2024-10-24", "cultural-sports", ["class-1"]),
              misses=[rec("cadre-good", "2024-11-14", "theme-activity", ["class-1"])], target="class-1"),
         side("cadre-bad", misses=[S2_THEME, rec("cadre-bad", "2024-10-25", "cultural-sports", ["class-1"])],
              target="class-old"),
         why="one theme meeting of its class, which counts for the theme-meeting rule and not again here; "
             "a sports event of a class that is not its own"),
    Case("s2-theme-meeting-or-club", T1,
         side("lead-good", rec("lead-good", "2024-11-14", "club-activity", ["club-1"])),
         side("lead-bad", misses=[rec("lead-bad", "2024-11-14", "theme-activity", ["class-1"]),
                                  rec("lead-bad", "2024-11-15", "club-activity", ["club-2"])]),
         why="a theme meeting of a class and an activity of a club, neither assigned to the leader"),
    Case("s3-monthly-dorm-visit", "2024-11",
         side("cadre-good", rec("cadre-good", "2024-11-05", "dorm-visit", ["dorm-1"])),
         side("cadre-bad", misses=[rec("cadre-bad", "2024-11-05", "student-talk", ["dorm-2"]),
                                   rec("cadre-bad", "2024-11-06", "dorm-visit", ["dorm-3"])]),
         why="a talk with the dorm's students in another place is not a dorm visit; a visit to a dorm "
             "that is not its own"),
    Case("s3-monthly-canteen-meal", "2024-11",
         side("cadre-good", rec("cadre-good", "2024-11-06", "canteen-meal", ["class-1"])),
         side("cadre-bad", misses=[rec("cadre-bad", "2024-12-02", "canteen-meal", ["class-old"])]),
         why="the meal is in December"),
    Case("s4-leaders-lecture", T1,
         side("lead-good", LEAD_LECTURE),
         side("lead-bad", misses=[rec("lead-bad", "2024-10-17", "party-lecture", ["class-2"]), LEAD_LECTURE]),
         why="a 党课 satisfies the heads' duty, not the school leaders'; attending another leader's lecture"),
    Case("s4-heads-lecture", T1,
         side("org-head", HEAD_LECTURE),
         side("named-bad", misses=[rec("named-bad", "2024-10-18", "class-observation", ["class-2"]), HEAD_LECTURE]),
         why="observes a lesson instead of giving one; only attends (with) another head's 党课"),
    Case("s5-monthly-class-observation", "2024-12",
         side("cadre-good", rec("cadre-good", "2024-12-03", "class-observation", ["class-1"])),
         side("cadre-bad", misses=[rec("cadre-bad", "2024-12-03", "online-contact", ["class-old"])]),
         why="online contact with the class is not sitting in on a lesson"),
    Case("s6-weekly-face", "2024-W47",
         side("deputy", rec("deputy", "2024-11-20", "lecture", ["class-2"])),
         side("lead-bad", misses=[rec("lead-bad", "2024-11-20", "online-contact", ["stu-1"]),
                                  rec("lead-bad", "2024-11-21", "party-lecture", ["office"])]),
         why="online contact is not face to face; a party lecture for a department meets no students"),
)

ASSIGNS = (
    Assign("s1-class-or-club-assigned", ("cadre-good", 3), ("lead-bad", 0)),
    Assign("s1-class-or-club-assigned", ("lead-good", 1), ("lead-bad", 0)),  # a club instead of a class
    Assign("s1-dorm-assigned", ("cadre-good", 1), ("lead-bad", 0)),
    Assign("s1-difficulty-student-assigned", ("cadre-good", 1), ("cadre-bad", 0)),
)
# s7-assigned-grade has min 0 (every actor meets the count); its point is the grade warning,
# asserted in tests/test_presets.py.
GRADE_ONLY = ("s7-assigned-grade",)

# What the office outputs read beyond the rule cases: a problem raised and referred.
OUTPUTS = (rec("cadre-good", "2025-01-08", "dorm-visit", ["dorm-1"],
               problems=[{"summary": "宿舍热水供应不稳定", "refer_to": "office", "status": "resolved",
                          "resolved": "2025-01-14", "resolution": "已维修"}]),)

WORLD = World(
    preset="wf-2019-19",
    as_of="2025-01-20",
    terms=ONE_TERM,
    units=(
        unit("office", "组织部", "department"),
        unit("school-1", "机械工程学院", "school"),
    ),
    people=(
        person("lead-good", "吴副校长", ["leadership"]),
        person("lead-bad", "郑副校长", ["leadership"]),
        person("cadre-good", "陈处长", ["middle-cadre"], unit_="office"),
        person("cadre-bad", "褚副处长", ["middle-cadre"], unit_="office"),
        person("swh-good", "卫部长", ["student-work-head"], unit_="office", channels=["wechat"]),
        person("swh-bad", "蒋部长", ["student-work-head"], unit_="office"),
        person("org-head", "沈部长", ["middle-cadre", "named-dept-head", "party-dept-head"], unit_="office"),
        person("named-bad", "韩部长", ["middle-cadre", "named-dept-head"], unit_="office"),
        person("dean", "杨院长", ["middle-cadre", "school-head"], unit_="school-1"),
        person("deputy", "朱副院长", ["middle-cadre", "school-team"], unit_="school-1"),
    ),
    targets=(
        target("class-1", "class", "机械2024级1班", unit="school-1", enrolled=2024, level="undergraduate"),
        target("class-2", "class", "机械2024级2班", unit="school-1", enrolled=2024, level="undergraduate"),
        target("class-ug2", "class", "机械2023级1班", unit="school-1", enrolled=2023, level="undergraduate"),
        target("class-old", "class", "机械2022级1班", unit="school-1", enrolled=2022, level="undergraduate"),
        target("class-grad1", "class", "机械2024级硕士班", unit="school-1", enrolled=2024, level="graduate"),
        target("class-grad2", "class", "机械2023级硕士班", unit="school-1", enrolled=2023, level="graduate"),
        target("club-1", "club", "机器人社"),
        target("club-2", "club", "书法社"),
        target("dorm-1", "dorm", "8栋301"),
        target("dorm-2", "dorm", "8栋302"),
        target("dorm-3", "dorm", "8栋303"),
        target("stu-1", "student", "学生甲", unit="school-1", enrolled=2024, level="undergraduate", tags=["学生代表"]),
        target("stu-poor-1", "student", "学生乙", unit="school-1", enrolled=2024, tags=["困难学生"]),
        target("stu-poor-2", "student", "学生丙", unit="school-1", enrolled=2024, tags=["困难学生"]),
    ),
    assignments={
        "cadre-good": ["class-1", "class-ug2", "class-grad1", "dorm-1", "stu-poor-1"],
        "cadre-bad": ["class-old", "class-grad2", "dorm-2", "stu-1"],  # stu-1 is not in difficulty
        "lead-good": ["club-1", "dorm-3", "stu-poor-2"],
    },
    cases=CASES,
    assigns=ASSIGNS,
    extra=OUTPUTS,
)
