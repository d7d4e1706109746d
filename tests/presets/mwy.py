"""001 — 闽卫院委〔2021〕31号 (policies/mwy-2021-31.yml): leadership “五联七进”, middle cadres “三特一体”.

Actors: lead-good and lead-bad (ordinary leaders, each with a full set of 五联 contacts);
pres-good (president) and sec-bad (party secretary), who have no contacts at all and so are the
“bad” side of every leadership assignment rule; cadre-good (a class and a teacher) and cadre-bad
(no contacts). Two terms: F2/F4 are per academic year, F1 per half year, F3 per calendar year.
As of 2025-07-10 every period used here has ended.
"""

from __future__ import annotations

from .builder import TWO_TERMS, Assign, Case, World, person, rec, side, target, unit

T1, T2 = "2024-2025-1", "2024-2025-2"

# Finding 1: lectures the bad leaders only attended (listed in `with`), which count for the lecturer.
PRES_SECOND = rec("pres-good", "2024-11-20", "ideology-lecture", ["class-2"], with_=["sec-bad"])
LEAD_LECTURE = rec("lead-good", "2024-10-16", "ideology-lecture", ["class-1"], with_=["lead-bad"])
F3_ATTENDED = rec("cadre-good", "2024-11-27", "party-lecture", ["br-3"], with_=["lead-bad"])

F3_BAD = rec("lead-bad", "2024-12-03", "branch-visit", ["br-1"])  # someone else's branch
F7_BAD = (rec("lead-bad", "2024-10-22", "class-observation", ["course-c"]),  # not a 思政课 course
          rec("lead-bad", "2024-11-26", "teaching", ["course-a"]))  # teaching it is not observing it
F5_BAD = (rec("lead-bad", "2024-11-07", "teacher-talk", ["t-old2"]),  # assigned, but not a young teacher
          rec("lead-bad", "2024-11-20", "class-observation", ["yt-3"]))  # observing a lesson is not a talk

CASES = (
    # F1 — each assigned general branch, monthly; online contact is not a visit (F13)
    Case("f1-general-branch-monthly-visit", "2024-10",
         side("lead-good", rec("lead-good", "2024-10-15", "branch-visit", ["gb-1"]), target="gb-1"),
         side("lead-bad", misses=[rec("lead-bad", "2024-10-15", "online-contact", ["gb-2"])], target="gb-2"),
         why="online contact with the assigned general branch"),
    Case("f1-half-yearly-inspection", "2024-H2",
         side("lead-good", rec("lead-good", "2024-11-20", "inspection", ["gb-1"])),
         side("lead-bad", misses=[rec("lead-bad", "2024-11-20", "inspection", ["gb-1"])]),
         why="inspects a general branch that is not its own"),
    # F2 — hours: 2.5 h + 2 h reach the 4 h; one 1-hour stint does not
    Case("f2-monthly-onsite-office", "2024-11",
         side("lead-good", rec("lead-good", "2024-11-05", "onsite-office", ["school-1"], start="09:00", end="11:30"),
              rec("lead-good", "2024-11-19", "onsite-office", ["school-1"], start="14:00", end="16:00"), hours=4.5),
         side("lead-bad", rec("lead-bad", "2024-11-05", "onsite-office", ["school-2"], start="09:00", end="10:00"),
              misses=[rec("lead-bad", "2024-11-12", "inspection", ["school-2"], start="09:00", end="13:00"),
                      rec("lead-bad", "2024-11-13", "onsite-office", ["school-1"], start="09:00", end="13:00"),
                      rec("lead-bad", "2024-11-14", "onsite-office", ["to-2"], start="09:00", end="13:00")],
              hours=1.0),
         why="one hour on site: the count is reached, the hours are not; four hours of inspection (not "
             "on-site office), at another leader's school, at a teaching office (not a school team)"),
    Case("f2-annual-research", "2024-2025",
         side("lead-good", rec("lead-good", "2025-03-11", "research", ["school-1"])),
         side("lead-bad", misses=[rec("lead-bad", "2025-03-11", "research", ["school-1"])]),
         why="research at a school that is not its own"),
    # F3 — each of the good leader's two branches
    Case("f3-branch-monthly-visit", "2024-12",
         side("lead-good", rec("lead-good", "2024-12-03", "branch-visit", ["br-1"]), target="br-1"),
         side("lead-bad", misses=[F3_BAD], target="br-3"),
         why="visits another leader's branch"),
    Case("f3-branch-monthly-visit", "2024-12",
         side("lead-good", rec("lead-good", "2024-12-04", "report-hearing", ["br-2"]), target="br-2"),
         side("lead-bad", misses=[F3_BAD], target="br-3")),
    Case("f3-annual-party-lecture", "2024",
         side("lead-good", rec("lead-good", "2024-11-28", "party-lecture", ["br-1"])),
         side("lead-bad", misses=[rec("lead-bad", "2025-03-05", "party-lecture", ["br-3"]),
                                  rec("lead-bad", "2024-11-28", "party-lecture", ["br-1"]),
                                  rec("lead-bad", "2024-12-19", "party-lecture", ["school-2"]),
                                  F3_ATTENDED]),
         why="the lecture is in the next calendar year; at another leader's branch; for a school team; "
             "at its own branch, but given by someone else (the leader only attended)"),
    Case("f4-teaching-office-monthly-visit", "2024-09",
         side("lead-good", rec("lead-good", "2024-09-10", "report-hearing", ["to-1"]), target="to-1"),
         side("lead-bad", misses=[rec("lead-bad", "2024-10-08", "report-hearing", ["to-2"])], target="to-2"),
         why="the visit falls in the next month"),
    Case("f4-ethics-seminar", "2024-2025",
         side("lead-good", rec("lead-good", "2025-04-15", "seminar", ["to-1"])),
         side("lead-bad", misses=[rec("lead-bad", "2025-04-15", "seminar", ["school-2"]),
                                  rec("lead-bad", "2025-04-16", "seminar", ["to-1"])]),
         why="the seminar is held with a school team, not a teaching office; at another leader's office"),
    # F5 — each assigned young teacher
    Case("f5-young-teacher-monthly-talk", "2024-11",
         side("lead-good", rec("lead-good", "2024-11-07", "teacher-talk", ["yt-1"]), target="yt-1"),
         side("lead-bad", misses=F5_BAD, target="yt-3"),
         why="talks with an assigned teacher who is not a young teacher"),
    Case("f5-young-teacher-monthly-talk", "2024-11",
         side("lead-good", rec("lead-good", "2024-11-14", "teacher-talk", ["yt-2"]), target="yt-2"),
         side("lead-bad", misses=F5_BAD, target="yt-3")),
    Case("f5-young-teacher-forum", T1,
         side("lead-good", rec("lead-good", "2024-12-12", "seminar", ["yt-1", "yt-2", "yt-4"])),
         side("lead-bad", misses=[rec("lead-bad", "2024-12-12", "seminar", ["t-old", "t-old2"])]),
         why="a seminar with teachers none of whom is young"),
    Case("f6-weekly-face", "2024-W45",
         side("lead-good", rec("lead-good", "2024-11-06", "dorm-visit", ["dorm-1"])),
         side("lead-bad", misses=[rec("lead-bad", "2024-11-06", "online-contact", ["class-3"]),
                                  rec("lead-bad", "2024-11-08", "seminar", ["school-2"])]),
         why="F13: online contact with a class never counts as face to face; a seminar with a school "
             "team meets no students"),
    # F7 — advisory (倡导); each tagged 思政课 course taught in the term, for every leader
    Case("f7-ideology-course-observation", T1,
         side("lead-good", rec("lead-good", "2024-10-22", "class-observation", ["course-a"]), target="course-a"),
         side("lead-bad", misses=F7_BAD, target="course-a"), level="advisory",
         why="observes a course that is not a 思政课"),
    Case("f7-ideology-course-observation", T1,
         side("lead-good", rec("lead-good", "2024-11-19", "class-observation", ["course-b"]), target="course-b"),
         side("lead-bad", misses=F7_BAD, target="course-b"), level="advisory"),
    Case("f10-canteen-meal", T1,
         side("lead-good", rec("lead-good", "2024-12-18", "canteen-meal", ["class-1"])),
         side("lead-bad"), level="advisory"),
    # F12 — the party secretary with one lecture fails, an ordinary leader with one lecture passes
    Case("f12-secretary-president-lectures", T1,
         side("pres-good", rec("pres-good", "2024-10-16", "ideology-lecture", ["class-1"]), PRES_SECOND),
         side("sec-bad", rec("sec-bad", "2024-10-16", "ideology-lecture", ["class-1"]),
              misses=[rec("sec-bad", "2024-11-13", "party-lecture", ["class-2"]), PRES_SECOND]),
         why="the party secretary lectures once; twice are required (a 党课 is not one of them, nor the "
             "president's lecture the secretary attended)"),
    Case("f12-other-leaders-lectures", T1,
         side("lead-good", LEAD_LECTURE),
         side("lead-bad", misses=[rec("lead-bad", "2024-10-16", "class-observation", ["class-1"]), LEAD_LECTURE]),
         why="observes a lesson instead of giving one; attends another leader's lecture"),
    # F13 — advisory; asserted in the spring term (the bad leader's online contacts are in autumn)
    Case("f13-online-contact", T2,
         side("lead-good", rec("lead-good", "2025-03-20", "online-contact", ["class-1"])),
         side("lead-bad"), level="advisory"),
    # F14 — day 15 of the academic year is in time, day 16 is not
    Case("f14-contact-registration", "2024-2025",
         side("cadre-good", rec("cadre-good", "2024-09-16", "contact-registration", ["class-2", "t-old"])),
         side("cadre-bad", misses=[rec("cadre-bad", "2024-09-17", "contact-registration"),
                                   rec("cadre-bad", "2024-09-10", "student-talk", ["stu-1"])]),
         why="registered on day 16 (2024-09-17), the window is the first 15 days; a talk inside the "
             "window is not a registration"),
    Case("f15-monthly-work-record", "2024-10",
         side("cadre-good", rec("cadre-good", "2024-10-21", "student-talk", ["stu-1"])),
         side("cadre-bad", misses=[rec("cadre-bad", "2024-11-01", "student-talk", ["stu-1"])]),
         why="nothing in October; the next record is dated 1 November"),
    # F15 — “every month”: February has five teaching days (the term starts 02-24) and is due
    Case("f15-monthly-work-record", "2025-02",
         side("cadre-good", rec("cadre-good", "2025-02-26", "student-talk", ["stu-1"])),
         side("cadre-bad", misses=[rec("cadre-bad", "2025-03-03", "student-talk", ["stu-1"])]),
         why="nothing in February; the next record is dated 3 March"),
)

ASSIGNS = (
    Assign("f1-general-branch-assigned", ("lead-good", 1), ("sec-bad", 0)),
    Assign("f2-school-team-assigned", ("lead-good", 1), ("sec-bad", 0)),
    Assign("f3-branch-assigned", ("lead-good", 2), ("sec-bad", 0)),
    Assign("f4-teaching-office-assigned", ("lead-good", 1), ("sec-bad", 0)),
    Assign("f5-young-teacher-assigned", ("lead-good", 2), ("sec-bad", 0)),
    Assign("f5-young-teacher-assigned", ("lead-bad", 1), ("pres-good", 0)),  # t-old2 is not young
    Assign("f8-class-assigned", ("lead-good", 1), ("sec-bad", 0), level="advisory"),
    Assign("f9-dorm-assigned", ("lead-good", 1), ("sec-bad", 0), level="advisory"),
    Assign("f11-club-assigned", ("lead-good", 1), ("sec-bad", 0), level="advisory"),
    Assign("f14-student-side-assigned", ("cadre-good", 1), ("cadre-bad", 0)),
    Assign("f14-teacher-side-assigned", ("cadre-good", 1), ("cadre-bad", 0)),
)

# What the office outputs read beyond the rule cases: timed contact with students, a problem.
OUTPUTS = (
    rec("swh-1", "2025-03-11", "dorm-visit", ["dorm-1"], start="19:00", end="21:00"),
    rec("swh-1", "2025-03-18", "theme-activity", ["class-1"], start="14:00", end="16:00",
        problems=[{"summary": "实训室开放时间不足", "refer_to": "school-1", "status": "open"}]),
)

WORLD = World(
    preset="mwy-2021-31",
    as_of="2025-07-10",
    terms=TWO_TERMS,
    units=(
        unit("office", "党政办公室", "department"),
        unit("school-1", "护理学院", "school"),
        unit("school-2", "药学院", "school"),
        unit("gb-1", "护理学院党总支", "general-branch", parent="college"),
        unit("gb-2", "药学院党总支", "general-branch", parent="college"),
        unit("br-1", "护理学院教工党支部", "branch", parent="gb-1"),
        unit("br-2", "护理学院学生党支部", "branch", parent="gb-1"),
        unit("br-3", "药学院教工党支部", "branch", parent="gb-2"),
        unit("to-1", "基础护理教研室", "teaching-office", parent="school-1"),
        unit("to-2", "药剂实训中心", "teaching-office", parent="school-2"),
    ),
    people=(
        person("lead-good", "吴副校长", ["leadership"], unit_="college"),
        person("lead-bad", "郑副书记", ["leadership"], unit_="college"),
        person("pres-good", "王校长", ["leadership", "president"], unit_="college"),
        person("sec-bad", "冯书记", ["leadership", "party-secretary"], unit_="college"),
        person("cadre-good", "陈处长", ["middle-cadre"], unit_="office"),
        person("cadre-bad", "褚处长", ["middle-cadre"], unit_="office"),
        person("swh-1", "林部长", ["student-work-head"], unit_="office"),  # F16's time share
    ),
    targets=(
        target("yt-1", "teacher", "青年教师甲", unit="school-1", tags=["青年教师"]),
        target("yt-2", "teacher", "青年教师乙", unit="school-1", tags=["青年教师"]),
        target("yt-3", "teacher", "青年教师丙", unit="school-2", tags=["青年教师"]),
        target("yt-4", "teacher", "青年教师丁", unit="school-2", tags=["青年教师"]),
        target("t-old", "teacher", "资深教师甲", unit="school-1"),
        target("t-old2", "teacher", "资深教师乙", unit="school-2"),
        # course-a is taught in the autumn only (F7 is due for it in the autumn only)
        target("course-a", "course", "思想道德与法治", tags=["思政课"], terms=[T1]),
        target("course-b", "course", "毛泽东思想和中国特色社会主义理论体系概论", tags=["思政课"], terms=[T1, T2]),
        target("course-c", "course", "基础护理学"),
        target("class-1", "class", "护理2024级1班", unit="school-1", enrolled=2024, level="vocational"),
        target("class-2", "class", "护理2024级2班", unit="school-1", enrolled=2024, level="vocational"),
        target("class-3", "class", "药学2024级1班", unit="school-2", enrolled=2024, level="vocational"),
        target("dorm-1", "dorm", "5栋201"),
        target("club-1", "club", "青年志愿者协会"),
        target("stu-1", "student", "学生甲", unit="school-1", enrolled=2024),
        target("stu-poor", "student", "学生乙", unit="school-1", enrolled=2024, tags=["困难学生"]),
        target("couns-1", "teacher", "辅导员甲", unit="school-1", tags=["辅导员"]),
    ),
    assignments={
        "lead-good": ["gb-1", "school-1", "br-1", "br-2", "to-1", "yt-1", "yt-2", "class-1", "dorm-1", "club-1"],
        "lead-bad": ["gb-2", "school-2", "br-3", "to-2", "yt-3", "t-old2"],
        "cadre-good": ["class-2", "t-old"],
    },
    cases=CASES,
    assigns=ASSIGNS,
    extra=OUTPUTS,
)
