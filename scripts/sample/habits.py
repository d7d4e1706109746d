"""How the actors behave, as data: each role's rhythm and chances, time slots, which records are public.

One frozen dataclass instance per role (see ``institution`` for why Python data rather than YAML). A
chance is the probability that a draw of ``random()`` falls below it; changing any value here changes
the generated sample, which tests/test_sample.py compares with the committed one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .institution import ADMIN_2

# --------------------------------------------------------------------------- diligence

# each person's diligence is drawn once: lax below the first share, keen above the second, else usual
DILIGENCE_LAX_SHARE = 0.1
DILIGENCE_KEEN_FROM = 0.85
DILIGENCE_LAX = 0.5
DILIGENCE_USUAL = 1.0
DILIGENCE_KEEN = 1.5
# then fixed for a few posts of every campus so that each shows both kinds: (group, index, diligence)
DILIGENCE_FIXED: tuple[tuple[str, int, float], ...] = (
    ("leaders", 0, 1.5),  # the first leader (the party secretary on the main campus) sets an example
    ("leaders", -1, 0.5),
    ("teachers", 5, 0.5),  # the second school's counsellor
    ("cadres", 8, 0.5),  # the first school's general-branch secretary
)
BRANCH_DILIGENCE = 1.0
LAX_BRANCH = ADMIN_2  # a campus branch (by key) that falls short of its quota
LAX_BRANCH_DILIGENCE = 0.6

# --------------------------------------------------------------------------- every actor


@dataclass(frozen=True)
class CommonHabits:
    lax_below: float = 0.7  # diligence below this: deliberately lax, skips obligations now and then
    keen_above: float = 1.3  # diligence above this: does more than the quota
    skip: float = 0.45  # a lax actor's usual chance of skipping an obligation
    min_month_days: int = 5  # teaching days a month needs for its monthly obligations
    min_span_days: int = 10  # non-exam teaching days a quarter or a term needs for its obligations
    assigned_target: float = 0.998  # face-to-face with an assigned target, else another of the school
    companion: float = 0.3  # face-to-face activities with a colleague along
    young_teacher_in_class: float = 0.4  # an observed class also lists its assigned young teacher
    guidance_counts: tuple[int, ...] = (1, 1, 2, 2, 3)  # how many of the five guidances a contact gives
    vacation_online: float = 0.5  # out of teaching time, an actor without channels posts rather than visits
    secretary_skip_lecture: float = 0.5  # a branch secretary's termly lecture in one of the branch's classes


COMMON = CommonHabits()


# --------------------------------------------------------------------------- leaders (校领导)


@dataclass(frozen=True)
class LeaderHabits:
    # monthly: a class, a meal, a half-day on site, a talk with each assigned young teacher
    skip_observation: float = 0.35
    canteen: float = 0.85
    canteen_lax: float = 0.4
    skip_onsite: float = 0.4
    onsite_companion: float = 0.4
    onsite_durations: tuple[int, ...] = (240, 240, 270)  # minutes; a leader's on-site day is long
    skip_talk: float = 0.4  # also the quarterly talk with counsellors and ideology teachers
    # each term: ideology lectures, every ideology course observed, counsellors' classes, party work
    lectures: tuple[int, int, int] = (1, 2, 3)  # a lax, a usual and a keen leader
    lecture_companion: float = 0.3
    skip_course: float = 0.3
    skip_counsellor_class: float = 0.5
    party_lecture: float = 0.6  # the party secretary always gives one
    # weekly: face-to-face visits, now and then an assigned unit, online posts, a Saturday event
    visits: tuple[int, ...] = (1, 1, 1, 2)  # a week of three or more teaching days
    visits_short_week: tuple[int, ...] = (0, 1)
    skip_week: float = 0.5
    exam_week_visit: float = 0.6  # in exam weeks, at most one visit, and only this often
    visit_types: tuple[str, ...] = ("dorm-visit", "class-observation", "theme-activity", "club-activity")
    visit_weights: tuple[int, ...] = (4, 1, 2, 2)
    unit_visit: float = 0.15  # a week's chance, times the leader's diligence
    unit_companion: float = 0.4
    online: float = 0.5  # leaders with channels
    vacation: float = 0.12  # a week without teaching days
    saturday: float = 0.05
    saturday_club: float = 0.5  # else a sports event


LEADER = LeaderHabits()

# what a leader does when visiting an assigned unit, by the unit's kind
UNIT_VISIT_TYPES: dict[str, tuple[str, ...]] = {
    "general-branch": ("branch-visit", "report-hearing"),
    "branch": ("branch-visit", "secretary-talk", "report-hearing"),
    "school": ("research", "report-hearing", "seminar"),
    "teaching-office": ("research", "seminar"),
}


# --------------------------------------------------------------------------- middle cadres (中层干部)


@dataclass(frozen=True)
class CadreHabits:
    # monthly: each of these types once (twice when keen), hardship talks, a club or theme activity
    vacation: float = 0.3  # a month with too few teaching days
    monthly_types: tuple[str, ...] = ("dorm-visit", "canteen-meal", "class-observation")
    twice: float = 0.6  # a keen cadre's chance of a second time
    hardship_talk: float = 0.5
    extra_activity: float = 0.3
    extra_types: tuple[str, ...] = ("club-activity", "theme-activity")
    head_types: tuple[str, ...] = ("report-hearing", "onsite-office", "branch-visit", "secretary-talk")
    head_companion: float = 0.3
    counsellor_seminar: float = 0.6  # heads of student work, with their assigned counsellors
    # quarterly and termly
    skip_talk: float = 0.4  # with each assigned teacher every quarter
    skip_teacher_class: float = 0.5  # each assigned teacher's class once a term
    registration_days: int = 11  # contacts registered within this many days of the academic year's start
    skip_registration: float = 0.3
    arrival_days: int = 20  # a newcomer registers contacts on a teaching day this soon after arriving
    # weekly, cadres with channels
    online: float = 0.3
    online_student_work: float = 0.6


CADRE = CadreHabits()


# --------------------------------------------------------------------------- party-member teachers (党员教师)


@dataclass(frozen=True)
class TeacherHabits:
    # weekly: one visit to an assigned dorm, online contact, now and then a meal or a lesson
    vacation: float = 0.06
    exam_no_visit: float = 0.5
    short_week_no_visit: float = 0.5  # a week of a single teaching day
    second_visit: float = 0.5  # keen teachers
    visit_companion: float = 0.08
    online: float = 0.12
    canteen: float = 0.06
    canteen_students: int = 3
    teaching: float = 0.3  # ideology teachers
    # monthly and termly
    min_term_days: int = 5  # teaching days a term needs
    skip_talk: float = 0.4
    growth: float = 0.5  # a month's talk gives 成长指导 this often until one has in the term,
    growth_months: tuple[int, ...] = (12, 6)  # and always in these months
    counselling: float = 0.7  # students in psychological care
    registration_days: int = 10  # contacts registered on one of the term's first teaching days
    grade_analysis_days: int = 20  # a term longer than this analyses grades in its second half


TEACHER = TeacherHabits()


# --------------------------------------------------------------------------- party branches (党支部)


@dataclass(frozen=True)
class BranchHabits:
    min_week_days: int = 2
    exam_skip: float = 0.5
    lax_skip: float = 0.35
    weekly_types: tuple[str, ...] = ("theme-activity", "seminar", "cultural-sports")
    weekly_weights: tuple[int, ...] = (6, 1, 1)
    weekly_companions: tuple[int, ...] = (1, 1, 2, 3)
    party_lecture_companions: int = 2


BRANCH = BranchHabits()


# --------------------------------------------------------------------------- records

PUBLIC_TYPES = frozenset(
    {
        "canteen-meal",
        "class-observation",
        "ideology-lecture",
        "theme-activity",
        "club-activity",
        "cultural-sports",
        "dorm-visit",
        "seminar",
        "branch-visit",
    }
)
PROBLEM_TYPES = frozenset(
    {
        "dorm-visit",
        "canteen-meal",
        "class-observation",
        "student-talk",
        "teacher-talk",
        "seminar",
        "onsite-office",
        "research",
        "branch-visit",
        "report-hearing",
        "club-activity",
        "theme-activity",
    }
)

# start times and durations (minutes) per type
SLOTS: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "dorm-visit": (("12:40", "16:40", "19:00", "19:30", "20:00"), (40, 50, 60, 90)),
    "canteen-meal": (("11:40", "11:50", "12:00", "17:20", "17:30"), (40, 50, 60)),
    "class-observation": (("08:00", "10:00", "14:00", "16:00"), (45, 90)),
    "ideology-lecture": (("08:00", "10:00", "14:00", "14:30", "19:00"), (90, 100, 120)),
    "party-lecture": (("14:30", "15:00", "19:00"), (60, 90, 120)),
    "theme-activity": (("12:30", "16:30", "18:30", "19:00"), (45, 60, 90)),
    "club-activity": (("16:30", "18:30", "19:00"), (60, 90, 120)),
    "cultural-sports": (("16:00", "16:30", "19:00"), (60, 90, 120)),
    "student-talk": (("10:00", "14:30", "15:30", "16:30", "19:30"), (30, 40, 60)),
    "teacher-talk": (("09:00", "10:30", "14:30", "16:00"), (30, 45, 60)),
    "secretary-talk": (("09:00", "10:30", "14:30", "16:00"), (30, 45, 60)),
    "branch-visit": (("09:00", "14:30", "15:00"), (60, 90, 120)),
    "report-hearing": (("08:30", "09:00", "14:30", "15:00"), (60, 90, 120)),
    "onsite-office": (("08:30", "09:00", "14:00", "14:30"), (120, 150, 180, 210)),
    "research": (("09:00", "14:30"), (90, 120, 150)),
    "inspection": (("09:00", "14:30"), (120, 150, 180)),
    "seminar": (("10:00", "14:30", "15:30", "19:00"), (60, 90, 120)),
    "teaching": (("08:00", "10:00", "14:00"), (90,)),
    "online-contact": (("12:30", "20:00", "21:00", "21:30"), (20, 30, 40)),
    "counselling": (("10:00", "14:30", "16:00", "19:30"), (40, 50, 60)),
    "grade-analysis": (("14:30", "15:00", "16:00"), (60, 90)),
    "contact-registration": (("16:00", "17:00", "20:00"), (20, 30)),
}
WEEKEND_STARTS = ("09:00", "09:30", "15:00")
TIMED_PROB: dict[str, float] = {
    "onsite-office": 1.0,
    "online-contact": 0.3,
    "contact-registration": 0.3,
    "grade-analysis": 0.5,
}
REQUIRES_DURATION = frozenset({"onsite-office"})
DEFAULT_TIMED_PROB = 0.7  # share of records of other types that give a start and end time
START_JITTER = (0, 0, 0, 10, 20, 30)  # minutes added to a slot's start time

# --------------------------------------------------------------------------- what records carry

PUBLIC_SHARE = 0.3  # of the records that could be public, the share marked public
DORM_PUBLIC_DAY_EVERY = 27  # a dorm record may be public only on days of the month divisible by this
PROBLEM_SHARE = 0.06  # of the records of PROBLEM_TYPES by people, the share that raise a problem
PROBLEM_DAYS = (1, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 10, 12, 15, 30)  # days until a problem is resolved
PROBLEM_IN_PROGRESS = 0.6  # a problem not resolved by the end of the data is in progress below this draw, else open
BODY_SHARE = 0.8  # records with a Markdown body
BODY_LINE_COUNTS = (1, 2, 3)
BODY_LIST_SHARE = 0.6  # bodies of several lines written as a list
BODY_CLOSING_SHARE = 0.3
LOCATION_NONE_SHARE = 0.25  # records that leave the location out
CLASSROOM_FLOORS = 5
CLASSROOMS_PER_FLOOR = 20
