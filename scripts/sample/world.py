"""Builds the world: the shared units, then each campus block's branches, schools, students and teachers."""

from __future__ import annotations

from random import Random

from .institution import (
    ACTIVIST_TEACHER_TAGS,
    BOT_ACCOUNT,
    CAMPUS_BRANCHES,
    CENTRAL_UNITS,
    CLUB_POOL,
    CLUBS_PER_OTHER_CAMPUS,
    COHORT_SPECS,
    COMMITTEE,
    COUNSELLOR_TAGS,
    DORM_SIZE,
    EXPERT_TAGS,
    IDEOLOGY_COURSE_TAGS,
    IDEOLOGY_COURSES,
    IDEOLOGY_TEACHER_TAGS,
    MARX_SCHOOL,
    REPEATED_SCHOOL,
    SCHOOL_POOL,
    SCHOOLS_PER_CAMPUS,
    STUDENT_DEPT,
    TAGGED_PER_COHORT,
    YOUNG_TEACHER_TAGS,
    Cohort,
)
from .model import Block, SchoolBlock, Serials, Target, Unit, World
from .names import NameBook, cn_number
from .people import add_people
from .wiring import wire


def build_world(scale: int, seed: int) -> World:
    w = World()
    book = NameBook(Random(f"{seed}:names"))
    for uid, name, kind, parent in CENTRAL_UNITS:
        w.add_unit(Unit(uid, name, kind, parent))
    courses = [
        w.add_target(Target(cid, "course", cname, MARX_SCHOOL, list(IDEOLOGY_COURSE_TAGS))).id
        for cid, cname in IDEOLOGY_COURSES
    ]
    w.admins.append(BOT_ACCOUNT)
    serials = Serials()
    for k in range(scale):
        b = Block(k, Random(f"{seed}:block:{k}"), courses)
        add_campus_units(w, book, b)
        for s in range(SCHOOLS_PER_CAMPUS):
            b.schools.append(add_school(w, book, b, s, serials))
            serials.building += 1
        add_people(w, book, b)
        wire(w, b)
    return w


def add_teacher_target(w: World, book: NameBook, unit: str, tags: tuple[str, ...]) -> str:
    name, sur, given = book.name()
    return w.add_target(Target(book.teacher_id(sur, given), "teacher", name, unit, list(tags))).id


def add_campus_units(w: World, book: NameBook, b: Block) -> None:
    """The campus's branches, its two ideology teachers and its clubs."""
    for key, name, parent in CAMPUS_BRANCHES:
        b.branches[key] = w.add_unit(Unit(f"{b.pre}{key}", f"{name}{b.suffix}", "branch", parent))
    for tags in IDEOLOGY_TEACHER_TAGS:
        b.ideology_teachers.append(add_teacher_target(w, book, MARX_SCHOOL, tags))
    for cid, cname in CLUB_POOL[: (CLUBS_PER_OTHER_CAMPUS if b.k else len(CLUB_POOL))]:
        b.clubs.append(w.add_target(Target(f"{b.pre}{cid}", "club", f"{cname}{b.suffix}", STUDENT_DEPT)).id)


def add_school(w: World, book: NameBook, b: Block, s: int, serials: Serials) -> SchoolBlock:
    """A professional school: its units, course, cohorts of students, and teachers as targets."""
    serial = SCHOOLS_PER_CAMPUS * b.k + s
    key, sname, major, oname, course = SCHOOL_POOL[serial % len(SCHOOL_POOL)]
    lap = serial // len(SCHOOL_POOL)
    kp = key if lap == 0 else f"{key}{lap + 1}"
    kname = sname if lap == 0 else REPEATED_SCHOOL.format(name=sname, n=cn_number(lap + 1))
    school = w.add_unit(Unit(f"{kp}-school", kname, "school", COMMITTEE))
    gb = w.add_unit(Unit(f"{kp}-general-branch", f"{kname}党总支", "general-branch", COMMITTEE))
    tb = w.add_unit(Unit(f"{kp}-teacher-branch", f"{kname}教工党支部", "branch", gb.id))
    sb = w.add_unit(Unit(f"{kp}-student-branch", f"{kname}学生党支部", "branch", gb.id))
    office = w.add_unit(Unit(f"{kp}-office", oname, "teaching-office", school.id))
    crs = w.add_target(Target(f"course-{kp}", "course", course, school.id))
    classes: dict[int, list[str]] = {}
    dorms: dict[int, list[str]] = {}
    students: dict[int, list[str]] = {}
    for cohort in COHORT_SPECS:
        y = cohort.year
        classes[y], dorms[y], students[y] = add_cohort(w, book, cohort, s, kp, major, school.id, serials)
        tag_students(w, b.rng, students[y], cohort)
    counsellor = add_teacher_target(w, book, school.id, COUNSELLOR_TAGS)
    young = [add_teacher_target(w, book, school.id, tags) for tags in YOUNG_TEACHER_TAGS]
    expert = add_teacher_target(w, book, school.id, EXPERT_TAGS)
    activist = add_teacher_target(w, book, school.id, ACTIVIST_TEACHER_TAGS)
    return SchoolBlock(
        kp, school.id, gb.id, tb.id, sb.id, office.id, classes, dorms, students, counsellor, young, expert,
        activist, crs.id,
    )  # fmt: skip


def add_cohort(
    w: World, book: NameBook, cohort: Cohort, s: int, kp: str, major: str, school: str, serials: Serials
) -> tuple[list[str], list[str], list[str]]:
    """One cohort's classes of school s, their students and their dorms: (class, dorm, student ids)."""
    sizes = cohort.first_school_sizes if s == 0 and cohort.first_school_sizes else cohort.class_sizes
    level = "undergraduate" if cohort.undergraduate_school == s else "vocational"
    year, avail, until = cohort.year, cohort.arrives, cohort.leaves
    classes: list[str] = []
    dorms: list[str] = []
    students: list[str] = []
    room = 1
    for c, size in enumerate(sizes, start=1):
        cls = w.add_target(
            Target(f"{kp}-{year}-{c}", "class", f"{major}{year}级{c}班", school, [], year, level,
                   available_from=avail, available_until=until)
        )  # fmt: skip
        classes.append(cls.id)
        ids: list[str] = []
        for _ in range(size):
            name, _sur, _given = book.name()
            st = w.add_target(
                Target(f"stu-{serials.student:05d}", "student", name, school, [], year, level,
                       available_from=avail, available_until=until, klass=cls.id)
            )  # fmt: skip
            serials.student += 1
            ids.append(st.id)
        students += ids
        for j in range(0, size, DORM_SIZE):  # dorms of students of the same class
            number = f"{cohort.floor}{room:02d}"
            dm = w.add_target(
                Target(f"dorm-{serials.building}-{number}", "dorm", f"{serials.building}栋{number}宿舍", school,
                       members=ids[j : j + DORM_SIZE], available_from=avail, available_until=until, klass=cls.id)
            )  # fmt: skip
            dorms.append(dm.id)
            room += 1
    return classes, dorms, students


def tag_students(w: World, rng: Random, ids: list[str], cohort: Cohort) -> None:
    """Hardship (the second one explicitly sensitive), psychological care, student cadres, activists."""
    picks = rng.sample(ids, cohort.hardship + TAGGED_PER_COHORT)
    for j, x in enumerate(picks[: cohort.hardship]):
        w.by_id[x].tags.append("困难学生")
        if j == 1:
            w.by_id[x].sensitive = True
    rest = picks[cohort.hardship :]
    if cohort.psych_care:
        w.by_id[rest[0]].tags.append("心理关注")
        w.by_id[rest[0]].sensitive = True
    w.by_id[rest[1]].tags.append("学生干部")
    w.by_id[rest[2]].tags.append("学生干部")
    w.by_id[rest[3]].tags.append("入党积极分子")
    if cohort.activist_cadre:
        w.by_id[rest[2]].tags.append("入党积极分子")
