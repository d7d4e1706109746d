"""How activities happen: role habits, which types may be public or raise problems, time slots, shares."""

from __future__ import annotations

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
DORM_PUBLIC_DAY_EVERY = 9  # a dorm record may be public only on days of the month divisible by this
PROBLEM_SHARE = 0.06  # of the records of PROBLEM_TYPES by people, the share that raise a problem
PROBLEM_DAYS = (1, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 10, 12, 15, 30)  # days until a problem is resolved
PROBLEM_RESOLVED = 0.85  # a problem is resolved (when the day comes within the data) below this draw,
PROBLEM_IN_PROGRESS = 0.93  # in progress below this one, else still open
BODY_SHARE = 0.8  # records with a Markdown body
BODY_LINE_COUNTS = (1, 2, 3)
BODY_LIST_SHARE = 0.6  # bodies of several lines written as a list
BODY_CLOSING_SHARE = 0.3
LOCATION_NONE_SHARE = 0.25  # records that leave the location out
CLASSROOM_FLOORS = 5
CLASSROOMS_PER_FLOOR = 20
