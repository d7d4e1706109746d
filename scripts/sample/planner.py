"""Plans each actor's activities as dated intents, following the actor's role habits."""

from __future__ import annotations

import calendar as pycal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random
from typing import Any

from .days import DAYS, mondays, months, quarters
from .institution import (
    COHORTS,
    DATA_END,
    DATA_START,
    GUIDANCE,
    IDEOLOGY_COURSES,
    MARX_OFFICE,
    MARX_SCHOOL,
    TERMS,
    TermDef,
)
from .model import Actor, Assigned, SchoolBlock, Target, Unit, World, available
from .phrases import CANTEENS


@dataclass
class Intent:
    day: date
    order: int  # actor index, for a stable processing order
    seq: int
    type: str
    targets: list[str]
    with_n: int = 0
    guidance: list[str] = field(default_factory=list)
    fill: dict[str, str] = field(default_factory=dict)
    location: str | None = None
    durations: tuple[int, ...] | None = None  # overrides the type's usual durations


class Planner:
    """Turns each actor's rhythm into dated intents (what they mean to do on which day)."""

    def __init__(self, w: World, seed: int) -> None:
        self.w = w
        self.seed = seed
        self.assigned = Assigned(w)
        self.weeks = mondays()
        self.months = months()
        self.quarters = quarters()

    # -- helpers
    def teach_days(self, a: Actor, days: Sequence[date]) -> list[date]:
        return [d for d in days if d in DAYS and DAYS[d].teaching and a.active(d)]

    def span_days(self, start: date, end: date) -> list[date]:
        out, d = [], max(start, DATA_START)
        while d <= min(end, DATA_END):
            out.append(d)
            d += timedelta(days=1)
        return out

    def week_days(self, monday: date) -> list[date]:
        return self.span_days(monday, monday + timedelta(days=6))

    def month_days(self, y: int, m: int) -> list[date]:
        return self.span_days(date(y, m, 1), date(y, m, pycal.monthrange(y, m)[1]))

    def term_days(self, term: TermDef) -> list[date]:
        return self.span_days(term.start, term.end)

    def any_class(self, a: Actor, d: date, rng: Random) -> str:
        sb: SchoolBlock = a.school_block
        return rng.choice(
            [c for y in COHORTS for c in sb.classes[y] if available(self.w.by_id[c], d)]
        )

    def any_dorm(self, a: Actor, d: date, rng: Random) -> str:
        sb: SchoolBlock = a.school_block
        return rng.choice(
            [x for y in COHORTS for x in sb.dorms[y] if available(self.w.by_id[x], d)]
        )

    def pick(
        self,
        a: Actor,
        d: date,
        kind: str,
        rng: Random,
        fallback: Callable[[], str],
        p: float = 0.92,
    ) -> str:
        """Mostly an assigned target of the kind; now and then another (a warning, as in life)."""
        mine = self.assigned.on(a.id, d, kind)
        if mine and rng.random() < p:
            return rng.choice(mine)
        return fallback()

    def guidance(self, rng: Random) -> list[str]:
        picked = rng.sample(GUIDANCE, rng.choice((1, 1, 2, 2, 3)))
        return [g for g in GUIDANCE if g in picked]

    def skip(self, a: Actor, rng: Random, p: float = 0.45) -> bool:
        """Whether a deliberately lax actor skips an obligation this time."""
        return a.diligence < 0.7 and rng.random() < p

    # -- per actor
    def plan(self, a: Actor) -> list[Intent]:
        rng = Random(f"{self.seed}:plan:{a.id}")
        out: list[Intent] = []

        def add(d: date, typ: str, targets: list[str], with_n: int = 0, **kw: Any) -> None:
            out.append(Intent(d, 0, len(out), typ, list(dict.fromkeys(targets)), with_n, **kw))

        {
            "leader": self.plan_leader,
            "cadre": self.plan_cadre,
            "teacher": self.plan_teacher,
            "branch": self.plan_branch,
        }[a.kind](a, rng, add)
        if a.kind != "branch":
            self.plan_secretary(a, rng, add)
        return out

    def face_to_face(
        self, a: Actor, d: date, rng: Random, add: Callable[..., None], typ: str, p: float = 0.92
    ) -> None:
        with_n = 1 if rng.random() < 0.3 else 0
        if typ == "dorm-visit":
            add(d, typ, [self.pick(a, d, "dorm", rng, lambda: self.any_dorm(a, d, rng), p)], with_n)
        elif typ == "canteen-meal":
            add(
                d,
                typ,
                [self.pick(a, d, "class", rng, lambda: self.any_class(a, d, rng), p)],
                with_n,
                location=rng.choice(CANTEENS),
            )
        elif typ == "class-observation":
            sb: SchoolBlock = a.school_block
            targets = [self.pick(a, d, "class", rng, lambda: self.any_class(a, d, rng), p)]
            mine = self.assigned.on(a.id, d, "teacher", "青年教师")
            if mine and rng.random() < 0.4:
                targets.append(rng.choice(mine))
            add(d, typ, targets, with_n, fill={"c": self.w.by_id[sb.course].name})
        elif typ == "theme-activity":
            add(
                d,
                typ,
                [self.pick(a, d, "class", rng, lambda: self.any_class(a, d, rng), p)],
                with_n,
            )
        else:  # club-activity
            add(
                d,
                typ,
                [self.pick(a, d, "club", rng, lambda: rng.choice(a.campus.clubs), p)],
                with_n,
            )

    def vacation(
        self, a: Actor, rng: Random, add: Callable[..., None], days: Sequence[date], p: float
    ) -> None:
        """Rare activities outside teaching days: online posts, visits to students on campus."""
        workdays = [d for d in days if d.weekday() < 5 and a.active(d) and not DAYS[d].teaching]
        if not workdays or rng.random() >= p:
            return
        d = rng.choice(workdays)
        if a.channels or rng.random() < 0.5:
            add(d, "online-contact", [])
        else:
            dorms = self.assigned.on(a.id, d, "dorm")
            if dorms:
                add(d, "dorm-visit", [rng.choice(dorms)])

    def plan_leader(self, a: Actor, rng: Random, add: Callable[..., None]) -> None:
        ctx = a.campus
        for y, m in self.months:
            teach = self.teach_days(a, self.month_days(y, m))
            if len(teach) < 5:
                continue
            plain = [d for d in teach if not DAYS[d].exam] or teach
            if not self.skip(a, rng, 0.35):
                self.face_to_face(a, rng.choice(plain), rng, add, "class-observation")
            if rng.random() < (0.4 if a.diligence < 0.7 else 0.85):
                self.face_to_face(a, rng.choice(plain), rng, add, "canteen-meal")
            if not self.skip(a, rng, 0.4):
                d = rng.choice(plain)
                add(
                    d,
                    "onsite-office",
                    self.assigned.on(a.id, d, "school")[:1],
                    1 if rng.random() < 0.4 else 0,
                    durations=(240, 240, 270),
                )
            for t in self.assigned.on(a.id, plain[0], "teacher", "青年教师"):
                if not self.skip(a, rng, 0.4):
                    add(rng.choice(plain), "teacher-talk", [t])
        for q0, q1 in self.quarters:
            teach = [d for d in self.teach_days(a, self.span_days(q0, q1)) if not DAYS[d].exam]
            if len(teach) < 10:
                continue
            for t in self.assigned.on(a.id, teach[0], "teacher"):
                tags = self.w.by_id[t].tags
                if ("辅导员" in tags or "思政课教师" in tags) and not self.skip(a, rng, 0.4):
                    add(rng.choice(teach), "teacher-talk", [t])
        for term in TERMS:
            days = self.teach_days(a, self.term_days(term))
            plain = [d for d in days if not DAYS[d].exam]
            if len(plain) < 10:
                continue
            lectures = 1 if a.diligence < 0.7 else 3 if a.diligence > 1.3 else 2
            for d in sorted(rng.sample(plain, lectures)):
                cls = self.pick(a, d, "class", rng, lambda d=d: self.any_class(a, d, rng))
                add(
                    d,
                    "ideology-lecture",
                    ["course-situation-policy", cls],
                    1 if rng.random() < 0.3 else 0,
                )
            for course in ctx.courses:
                if self.skip(a, rng, 0.3):
                    continue
                d = rng.choice(plain)
                cls = self.pick(a, d, "class", rng, lambda d=d: self.any_class(a, d, rng))
                add(d, "class-observation", [course, cls], fill={"c": self.w.by_id[course].name})
            for t in self.assigned.on(a.id, plain[-1], "teacher"):
                if "辅导员" in self.w.by_id[t].tags and not self.skip(a, rng, 0.5):
                    d = rng.choice(plain)
                    add(
                        d,
                        "theme-activity",
                        [self.pick(a, d, "class", rng, lambda d=d: self.any_class(a, d, rng)), t],
                    )
            branches = self.assigned.on(a.id, plain[0], "branch")
            if branches and ("party-secretary" in a.roles or rng.random() < 0.6):
                add(rng.choice(plain), "party-lecture", [rng.choice(branches)], 1)
            if "party-secretary" in a.roles or "president" in a.roles:
                d = rng.choice(plain)
                add(d, "seminar", self.assigned.on(a.id, d, "teacher"))
            if a.inspector:
                sb: SchoolBlock = rng.choice(ctx.schools)
                add(rng.choice(plain), "inspection", [sb.gb], 1)
        for monday in self.weeks:
            days = self.week_days(monday)
            teach = self.teach_days(a, days)
            if not teach:
                self.vacation(a, rng, add, days, 0.12)
                continue
            exam = any(DAYS[d].exam for d in teach)
            n = rng.choice((1, 1, 1, 2)) if len(teach) >= 3 else rng.choice((0, 1))
            if self.skip(a, rng, 0.5):
                n = 0
            if a.diligence > 1.3:
                n += 1
            if exam:
                n = min(n, 1) if rng.random() < 0.6 else 0
            for d in sorted(rng.sample(teach, min(n, len(teach)))):
                typ = rng.choices(
                    ("dorm-visit", "class-observation", "theme-activity", "club-activity"),
                    (4, 1, 2, 2),
                )[0]
                self.face_to_face(a, d, rng, add, typ)
            if rng.random() < 0.15 * a.diligence:
                d = rng.choice(teach)
                units = [u for u in self.assigned.on(a.id, d) if isinstance(self.w.by_id[u], Unit)]
                u = self.w.by_id[rng.choice(units)]
                typ = {
                    "general-branch": ("branch-visit", "report-hearing"),
                    "branch": ("branch-visit", "secretary-talk", "report-hearing"),
                    "school": ("research", "report-hearing", "seminar"),
                    "teaching-office": ("research", "seminar"),
                }[u.kind]
                add(d, rng.choice(typ), [u.id], 1 if rng.random() < 0.4 else 0)
            if a.channels and rng.random() < 0.5:
                add(rng.choice([x for x in days if a.active(x)]), "online-contact", [])
            sat = monday + timedelta(days=5)
            if (
                sat in DAYS
                and DAYS[sat].term
                and not DAYS[sat].in_break
                and a.active(sat)
                and rng.random() < 0.05
            ):
                if rng.random() < 0.5:
                    clubs = self.assigned.on(a.id, sat, "club") or ctx.clubs
                    add(sat, "club-activity", [rng.choice(clubs)])
                else:
                    add(
                        sat,
                        "cultural-sports",
                        [
                            self.pick(
                                a, sat, "class", rng, lambda sat=sat: self.any_class(a, sat, rng)
                            )
                        ],
                    )

    def plan_cadre(self, a: Actor, rng: Random, add: Callable[..., None]) -> None:
        school_head = "school-head" in a.roles
        student_work = "student-work-head" in a.roles
        for y, m in self.months:
            days = self.month_days(y, m)
            teach = self.teach_days(a, days)
            if len(teach) < 5:
                self.vacation(a, rng, add, days, 0.3)
                continue
            plain = [d for d in teach if not DAYS[d].exam] or teach
            for typ in ("dorm-visit", "canteen-meal", "class-observation"):
                times = (
                    0
                    if self.skip(a, rng)
                    else 2
                    if (a.diligence > 1.3 and rng.random() < 0.6)
                    else 1
                )
                for d in sorted(rng.sample(plain, min(times, len(plain)))):
                    self.face_to_face(a, d, rng, add, typ)
            hard = self.assigned.on(a.id, plain[0], "student")
            if hard and rng.random() < 0.5:
                add(
                    rng.choice(plain),
                    "student-talk",
                    [rng.choice(hard)],
                    guidance=self.guidance(rng),
                )
            if rng.random() < 0.3:
                self.face_to_face(
                    a, rng.choice(plain), rng, add, rng.choice(("club-activity", "theme-activity"))
                )
            if school_head:
                sb: SchoolBlock = a.school_block
                d = rng.choice(plain)
                typ = rng.choice(
                    ("report-hearing", "onsite-office", "branch-visit", "secretary-talk")
                )
                if a.unit == MARX_SCHOOL:
                    unit = MARX_SCHOOL if typ == "onsite-office" else MARX_OFFICE
                    typ = "onsite-office" if typ == "onsite-office" else "report-hearing"
                else:
                    unit = (
                        sb.school
                        if typ == "onsite-office"
                        else rng.choice((sb.teacher_branch, sb.student_branch))
                    )
                add(d, typ, [unit], 1 if rng.random() < 0.3 else 0)
            if student_work and rng.random() < 0.6:
                d = rng.choice(plain)
                counsellors = [
                    t
                    for t in self.assigned.on(a.id, d, "teacher")
                    if "辅导员" in self.w.by_id[t].tags
                ]
                if counsellors:
                    add(d, "seminar", counsellors)
        for q0, q1 in self.quarters:
            teach = [d for d in self.teach_days(a, self.span_days(q0, q1)) if not DAYS[d].exam]
            if len(teach) < 10:
                continue
            for t in self.assigned.on(a.id, teach[0], "teacher"):
                if not self.skip(a, rng, 0.4):
                    add(rng.choice(teach), "teacher-talk", [t])
        for term in TERMS:
            days = self.teach_days(a, self.term_days(term))
            plain = [d for d in days if not DAYS[d].exam]
            if len(plain) < 10:
                continue
            for t in self.assigned.on(a.id, plain[-1], "teacher"):
                if self.skip(a, rng, 0.5):
                    continue
                d = rng.choice(plain)
                cls = self.pick(a, d, "class", rng, lambda d=d: self.any_class(a, d, rng))
                if "思政课教师" in self.w.by_id[t].tags:
                    course, cname = rng.choice(IDEOLOGY_COURSES)
                    add(d, "class-observation", [cls, t], fill={"c": cname})
                else:
                    add(d, "theme-activity", [cls, t])
            if term.id.endswith("-1"):  # registration at the start of the academic year
                first = [d for d in days if d <= term.start + timedelta(days=11)]
                if first and not self.skip(a, rng, 0.3):
                    d = rng.choice(first)
                    mine = [
                        t for t in self.assigned.on(a.id, d) if isinstance(self.w.by_id[t], Target)
                    ]
                    add(d, "contact-registration", mine)
        if a.since and a.since > DATA_START:  # a newcomer registers contacts on arrival
            d = next(
                (
                    x
                    for x in self.span_days(a.since, a.since + timedelta(days=20))
                    if DAYS[x].teaching
                ),
                None,
            )
            if d:
                mine = [t for t in self.assigned.on(a.id, d) if isinstance(self.w.by_id[t], Target)]
                add(d, "contact-registration", mine)
        for monday in self.weeks:
            days = [d for d in self.week_days(monday) if a.active(d)]
            if (
                a.channels
                and days
                and DAYS[days[0]].term
                and rng.random() < (0.6 if student_work else 0.3)
            ):
                add(rng.choice(days), "online-contact", [])

    def plan_teacher(self, a: Actor, rng: Random, add: Callable[..., None]) -> None:
        marx = a.marx
        for monday in self.weeks:
            days = self.week_days(monday)
            teach = self.teach_days(a, days)
            if not teach:
                self.vacation(a, rng, add, days, 0.06)
                continue
            exam = any(DAYS[d].exam for d in teach)
            visits = 1
            if (
                (exam and rng.random() < 0.5)
                or self.skip(a, rng)
                or len(teach) < 2
                and rng.random() < 0.5
            ):
                visits = 0
            if a.diligence > 1.3 and rng.random() < 0.5:
                visits += 1
            for d in sorted(rng.sample(teach, min(visits, len(teach)))):
                dorms = self.assigned.on(a.id, d, "dorm")
                if dorms:
                    add(
                        d,
                        "dorm-visit",
                        [rng.choice(dorms)],
                        1 if rng.random() < 0.08 else 0,
                        guidance=self.guidance(rng),
                    )
            if rng.random() < 0.12:
                add(rng.choice(teach), "online-contact", [])
            if rng.random() < 0.06:
                d = rng.choice(teach)
                mine = self.assigned.on(a.id, d, "student")
                if mine:
                    add(
                        d,
                        "canteen-meal",
                        sorted(rng.sample(mine, min(3, len(mine)))),
                        location=rng.choice(CANTEENS),
                    )
            if marx and rng.random() < 0.3:
                d = rng.choice(teach)
                courses = self.assigned.on(a.id, d, "course")
                classes = self.assigned.on(a.id, d, "class")
                course = rng.choice(courses)
                add(
                    d,
                    "teaching",
                    [course, rng.choice(classes)],
                    fill={"c": self.w.by_id[course].name},
                )
        for term in TERMS:
            days = self.teach_days(a, self.term_days(term))
            if len(days) < 5:
                continue
            grown = False
            for y, m in self.months:
                mdays = [d for d in days if d.year == y and d.month == m]
                if len(mdays) < 5:
                    continue
                plain = [d for d in mdays if not DAYS[d].exam] or mdays
                if not self.skip(a, rng, 0.4):
                    d = rng.choice(plain)
                    mine = self.assigned.on(a.id, d, "student")
                    if mine:
                        g = self.guidance(rng)
                        if not grown and (rng.random() < 0.5 or m in (12, 6)):
                            g = [x for x in GUIDANCE if x in g or x == "成长指导"]
                        grown = grown or "成长指导" in g
                        add(d, "student-talk", [rng.choice(mine)], guidance=g)
                d = rng.choice(plain)
                cared = [
                    s
                    for s in self.assigned.on(a.id, d, "student")
                    if "心理关注" in self.w.by_id[s].tags
                ]
                if cared and rng.random() < 0.7:
                    add(d, "counselling", [rng.choice(cared)], guidance=["心理疏导"])
            d = rng.choice(days[:10])
            mine = self.assigned.on(a.id, d, "student")
            if mine:
                add(d, "contact-registration", mine)
            plain = [x for x in days if not DAYS[x].exam]
            if len(plain) > 20:
                d = rng.choice(plain[len(plain) // 2 :])
                mine = self.assigned.on(a.id, d, "student")
                by_class: dict[str, list[str]] = {}
                for s in mine:
                    by_class.setdefault(self.w.by_id[s].klass, []).append(s)
                if by_class:
                    add(d, "grade-analysis", max(by_class.values(), key=len), guidance=["学业辅导"])

    def plan_secretary(self, a: Actor, rng: Random, add: Callable[..., None]) -> None:
        """A branch secretary lectures in one of the branch's classes every semester."""
        for branch in a.secretary_of:
            for term in TERMS:
                plain = [d for d in self.teach_days(a, self.term_days(term)) if not DAYS[d].exam]
                if len(plain) < 10 or self.skip(a, rng, 0.5):
                    continue
                d = rng.choice(plain)
                classes = self.assigned.on(branch, d, "class")
                if classes:
                    add(d, "ideology-lecture", [rng.choice(classes)], fill={"branch": branch})

    def plan_branch(self, a: Actor, rng: Random, add: Callable[..., None]) -> None:
        for monday in self.weeks:
            teach = self.teach_days(a, self.week_days(monday))
            if len(teach) < 2:
                continue
            exam = any(DAYS[d].exam for d in teach)
            if (exam and rng.random() < 0.5) or (a.diligence < 0.7 and rng.random() < 0.35):
                continue
            d = rng.choice(teach)
            classes = self.assigned.on(a.id, d, "class")
            if not classes:
                continue
            typ = rng.choices(("theme-activity", "seminar", "cultural-sports"), (6, 1, 1))[0]
            add(d, typ, [rng.choice(classes)], rng.choice((1, 1, 2, 3)))
        for term in TERMS:
            plain = [d for d in self.teach_days(a, self.term_days(term)) if not DAYS[d].exam]
            if len(plain) < 10:
                continue
            d = rng.choice(plain)
            add(d, "party-lecture", self.assigned.on(a.id, d, "class")[:1], 2)
