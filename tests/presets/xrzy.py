"""000 — 湘人职院党〔2024〕25号 (policies/xrzy-2024-25.yml): party branches and party-member teachers.

Actors: branch-good (secretary sec-good, members member-a, member-b; classes class-a, class-b) and
branch-bad (secretary sec-bad, member member-c; four classes — too many for H1); teacher-good (10
students in dorm-1 and dorm-2) and teacher-bad (only dorm-3 assigned, no students); teacher-many
has 13 students (H7: too many); teacher-dorms is assigned only the two rooms dorm-5 and dorm-6,
12 students (H7: the rooms' students count). class-x and dorm-4 (stu-11, stu-12) are assigned to
nobody, so stu-11 and stu-12 have no teacher (H13 gap). A dorm's students count as assigned when
the dorm is (docs/decisions.md), so the bad teacher's near misses name students of dorm-4, not of
its own dorm-3. Two terms: H6 is per academic year. As of 2025-07-10 every period used here has
ended. Term 1 starts on Monday 2024-09-02, so its even teaching weeks' Thursdays (H2's workdays)
are 09-12, 09-26, 10-10, 10-24 …
"""

from __future__ import annotations

from .builder import TWO_TERMS, Assign, Case, World, person, rec, side, target, unit, weekdays

T1 = "2024-2025-1"
# The preset's tag vocabulary on the roster: an activist (tags), students in difficulty or under
# psychological care (sensitive_tags).
TAGS = {"stu-01": {"tags": ["入党积极分子"]}, "stu-02": {"tags": ["困难学生"]}, "stu-03": {"tags": ["心理关注"]}}
STUDENTS = [f"stu-{i:02d}" for i in range(1, 13)]
GOOD_STUDENTS = STUDENTS[:10]
MANY_STUDENTS = [f"stu-{i:02d}" for i in range(13, 26)]  # 13: one more than H7's maximum
ROOM_STUDENTS = [f"stu-{i:02d}" for i in range(26, 38)]  # dorm-5 and dorm-6, six each

# H6: 20 lesson observations by the good branch's members in its classes; 19 (+1 in a class that
# is not the branch's) by the bad branch's member. All in the spring term, away from H4's week.
H6_GOOD = [rec("member-a", d, "class-observation", ["class-a"]) for d in weekdays("2025-03-03", 10)] + [
    rec("member-b", d, "class-observation", ["class-b"]) for d in weekdays("2025-03-03", 10)]
H6_BAD = [rec("member-c", d, "class-observation", ["class-c"]) for d in weekdays("2025-03-03", 19)]
H6_BAD_MISS = rec("member-c", "2025-04-01", "class-observation", ["class-x"])

H5_BAD_FIRST = rec("branch-bad", "2024-10-17", "theme-activity", ["class-c"])
# H3: the bad branch's secretary only sat in a member's lecture in an assigned class (finding 1).
H3_ATTENDED = rec("member-c", "2024-11-08", "ideology-lecture", ["class-c"], with_=["sec-bad"])

CASES = (
    # H2 — biweek B04 (10-14..10-27): its workday is Thursday 10-24 (week 8); 10-17 is in week 7
    Case("h2-branch-workday-activity", "2024-2025-1-B04",
         side("branch-good", rec("member-a", "2024-10-24", "student-talk", ["class-a"])),
         side("branch-bad", misses=[H5_BAD_FIRST,
                                    rec("member-c", "2024-10-23", "cultural-sports", ["class-c"]),
                                    rec("member-c", "2024-10-24", "grade-analysis", ["class-c"])]),
         level="advisory",
         why="a theme activity on the Thursday of an odd week (10-17); a Wednesday; the workday, but "
             "not face to face"),
    Case("h3-secretary-class-lecture", T1,
         side("branch-good", rec("sec-good", "2024-11-05", "ideology-lecture", ["class-a"])),
         side("branch-bad", misses=[
             rec("sec-bad", "2024-11-05", "ideology-lecture", ["class-x"]),
             rec("member-c", "2024-11-06", "ideology-lecture", ["class-c"]),
             rec("sec-bad", "2024-11-07", "teaching", ["class-c"]),
             H3_ATTENDED]),
         why="secretary lectures in a class not assigned to the branch; an ordinary member (not the "
             "secretary) lectures in an assigned class; the secretary teaches, not a 思政课 lecture; "
             "the secretary only attends (with) a member's lecture"),
    Case("h4-branch-weekly-face", "2024-W38",
         side("branch-good", rec("member-a", "2024-09-18", "student-talk", ["class-a"], with_=["member-b"])),
         side("branch-bad", misses=[
             rec("member-c", "2024-09-18", "student-talk", ["class-x"]),
             rec("member-c", "2024-09-19", "grade-analysis", ["class-c"]),
             rec("teacher-bad", "2024-09-20", "student-talk", ["class-c"])]),
         why="unassigned class; not face to face; filed by someone who is not a member"),
    Case("h5-branch-theme-activities", T1,
         side("branch-good", rec("branch-good", "2024-10-17", "theme-activity", ["class-a"]),
              rec("member-b", "2024-11-21", "theme-activity", ["class-b"])),
         side("branch-bad", H5_BAD_FIRST, misses=[rec("branch-bad", "2024-11-21", "theme-activity", ["class-x"])]),
         why="one activity in its class, the second in a class that is not the branch's"),
    Case("h6-branch-lesson-reviews", "2024-2025",
         side("branch-good", *H6_GOOD),
         side("branch-bad", *H6_BAD, misses=[H6_BAD_MISS]),
         why="19 reviews in its class, the 20th in a class that is not the branch's"),
    Case("h8-teacher-weekly-dorm-visit", "2024-W42",
         side("teacher-good", rec("teacher-good", "2024-10-15", "dorm-visit", ["dorm-1"])),
         side("teacher-bad", misses=[rec("teacher-bad", "2024-10-15", "dorm-visit", ["dorm-4"]),
                                     rec("teacher-bad", "2024-10-16", "cultural-sports", ["dorm-3"])]),
         why="a dorm that is not assigned to the teacher; a sports event with its dorm is not a visit"),
    Case("h9-teacher-monthly-talk", "2024-10",
         side("teacher-good", rec("teacher-good", "2024-10-22", "student-talk", ["stu-01"])),
         side("teacher-bad", misses=[
             rec("teacher-bad", "2024-10-22", "seminar", ["dorm-3"]),
             rec("teacher-bad", "2024-10-23", "student-talk", ["stu-11"])]),
         why="a seminar is not a talk; a talk with a student who is not assigned"),
    Case("h10-teacher-growth-counselling", T1,
         side("teacher-good", rec("teacher-good", "2024-11-12", "seminar", ["dorm-1", "dorm-2"],
                                  guidance=["成长指导"])),
         side("teacher-bad", misses=[
             rec("teacher-bad", "2024-11-12", "student-talk", ["dorm-3"], guidance=["学业辅导"]),
             rec("teacher-bad", "2024-11-13", "student-talk", ["dorm-4"], guidance=["成长指导"])]),
         why="a talk with the assigned dorm tagged 学业辅导, not 成长指导; a 成长指导 talk with a dorm "
             "that is not assigned"),
    Case("h12-teacher-grade-analysis", T1,
         side("teacher-good", rec("teacher-good", "2024-09-20", "grade-analysis", ["stu-01", "stu-02"])),
         side("teacher-bad", misses=[rec("teacher-bad", "2024-09-20", "grade-analysis", ["stu-11"])]),
         why="analyses a student who is not assigned"),
)

ASSIGNS = (
    Assign("h1-branch-classes", ("branch-good", 2), ("branch-bad", 4)),  # 4 > max 3
    Assign("h7-teacher-students", ("teacher-good", 10), ("teacher-bad", 0)),  # a dorm without students
    Assign("h7-teacher-students", ("teacher-good", 10), ("teacher-many", 13)),  # too many
    Assign("h7-teacher-students", ("teacher-dorms", 12), ("teacher-many", 13)),  # two rooms, 12 students
    Assign("h13-every-teacher-has-students", ("teacher-good", 10), ("teacher-bad", 0)),
    Assign("h13-every-teacher-has-students", ("teacher-dorms", 12), ("teacher-bad", 0)),
)

WORLD = World(
    preset="xrzy-2024-25",
    as_of="2025-07-10",
    terms=TWO_TERMS,
    units=(
        unit("hr-school", "人力资源学院", "school"),
        unit("hr-general-branch", "人力资源学院党总支", "general-branch", parent="college"),
        unit("branch-good", "人力资源学院教工第一党支部", "branch", parent="hr-general-branch", secretary="sec-good"),
        unit("branch-bad", "人力资源学院教工第二党支部", "branch", parent="hr-general-branch", secretary="sec-bad"),
    ),
    people=(
        person("sec-good", "张书记", unit_="hr-school", branch="branch-good"),
        person("member-a", "李老师", unit_="hr-school", branch="branch-good"),
        person("member-b", "王老师", unit_="hr-school", branch="branch-good"),
        person("sec-bad", "赵书记", unit_="hr-school", branch="branch-bad"),
        person("member-c", "钱老师", unit_="hr-school", branch="branch-bad"),
        person("teacher-good", "孙老师", ["party-teacher"], unit_="hr-school"),
        person("teacher-bad", "周老师", ["party-teacher"], unit_="hr-school"),
        person("teacher-many", "吴老师", ["party-teacher"], unit_="hr-school"),
        person("teacher-dorms", "郑老师", ["party-teacher"], unit_="hr-school"),
    ),
    targets=(
        *(target(c, "class", f"人资2024级{c[-1]}班", unit="hr-school", enrolled=2024, level="vocational")
          for c in ("class-a", "class-b", "class-c", "class-d", "class-e", "class-f", "class-x")),
        *(target(s, "student", f"学生{s[-2:]}", unit="hr-school", enrolled=2024, **TAGS.get(s, {}))
          for s in STUDENTS + MANY_STUDENTS + ROOM_STUDENTS),
        target("dorm-1", "dorm", "3栋101", members=STUDENTS[:5]),
        target("dorm-2", "dorm", "3栋102", members=STUDENTS[5:10]),
        target("dorm-3", "dorm", "3栋103"),  # its students are not on the roster
        target("dorm-4", "dorm", "3栋104", members=STUDENTS[10:]),  # assigned to nobody
        target("dorm-5", "dorm", "3栋105", members=ROOM_STUDENTS[:6]),
        target("dorm-6", "dorm", "3栋106", members=ROOM_STUDENTS[6:]),
    ),
    assignments={
        "branch-good": ["class-a", "class-b"],
        "branch-bad": ["class-c", "class-d", "class-e", "class-f"],
        "teacher-good": [*GOOD_STUDENTS, "dorm-1", "dorm-2"],
        "teacher-bad": ["dorm-3"],
        "teacher-many": MANY_STUDENTS,
        "teacher-dorms": ["dorm-5", "dorm-6"],
    },
    cases=CASES,
    assigns=ASSIGNS,
)
