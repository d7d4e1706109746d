"""Each role's rhythm of activities: leaders, middle cadres, party-member teachers, party branches."""

from __future__ import annotations

from datetime import date, timedelta

from .days import DAYS, month_days, span_days, term_days, week_days
from .habits import BRANCH, CADRE, COMMON, LEADER, TEACHER, UNIT_VISIT_TYPES
from .institution import DATA_START, GUIDANCE, IDEOLOGY_COURSES, MARX_OFFICE, MARX_SCHOOL, SITUATION_POLICY, TERMS
from .model import Actor, Target, Unit
from .phrases import CANTEENS
from .planner import ActorPlan, Intent, Planner


def plan(planner: Planner, a: Actor) -> list[Intent]:
    """The actor's intents in the order they were drawn."""
    return ROLE_PLANS[a.kind](planner, a).draw()


class LeaderPlan(ActorPlan):
    """A school leader: monthly, quarterly, termly and weekly obligations, in that order."""

    def rhythm(self) -> None:
        for y, m in self.planner.months:
            self.month(month_days(y, m))
        for q0, q1 in self.planner.quarters:
            self.quarter(span_days(q0, q1))
        for term in TERMS:
            plain = [d for d in self.teach_days(term_days(term)) if not DAYS[d].exam]
            if len(plain) >= COMMON.min_span_days:
                self.term(plain)
        for monday in self.planner.weeks:
            self.week(monday)

    def month(self, days: list[date]) -> None:
        rng = self.rng
        teach = self.teach_days(days)
        if len(teach) < COMMON.min_month_days:
            return
        plain = [d for d in teach if not DAYS[d].exam] or teach
        if not self.skip(LEADER.skip_observation):
            self.face_to_face(rng.choice(plain), "class-observation")
        if rng.random() < (LEADER.canteen_lax if self.lax else LEADER.canteen):
            self.face_to_face(rng.choice(plain), "canteen-meal")
        if not self.skip(LEADER.skip_onsite):
            d = rng.choice(plain)
            school = self.mine(d, "school")[:1]
            company = self.one_if(LEADER.onsite_companion)
            self.add(d, "onsite-office", school, company, durations=LEADER.onsite_durations)
        for t in self.mine(plain[0], "teacher", "青年教师"):
            if not self.skip(LEADER.skip_talk):
                self.add(rng.choice(plain), "teacher-talk", [t])

    def quarter(self, days: list[date]) -> None:
        teach = [d for d in self.teach_days(days) if not DAYS[d].exam]
        if len(teach) < COMMON.min_span_days:
            return
        for t in self.mine(teach[0], "teacher"):
            tags = self.w.by_id[t].tags
            if ("辅导员" in tags or "思政课教师" in tags) and not self.skip(LEADER.skip_talk):
                self.add(self.rng.choice(teach), "teacher-talk", [t])

    def term(self, plain: list[date]) -> None:
        self.lectures(plain)
        self.course_observations(plain)
        self.counsellor_classes(plain)
        self.party_work(plain)

    def lectures(self, plain: list[date]) -> None:
        lax, usual, keen = LEADER.lectures
        count = lax if self.lax else keen if self.keen else usual
        for d in sorted(self.rng.sample(plain, count)):
            cls = self.pick(d, "class", self.any_class)
            self.add(d, "ideology-lecture", [SITUATION_POLICY, cls], self.one_if(LEADER.lecture_companion))

    def course_observations(self, plain: list[date]) -> None:
        for course in self.campus.courses:
            if self.skip(LEADER.skip_course):
                continue
            d = self.rng.choice(plain)
            cls = self.pick(d, "class", self.any_class)
            self.add(d, "class-observation", [course, cls], fill={"c": self.w.by_id[course].name})

    def counsellor_classes(self, plain: list[date]) -> None:
        for t in self.mine(plain[-1], "teacher"):
            if "辅导员" in self.w.by_id[t].tags and not self.skip(LEADER.skip_counsellor_class):
                d = self.rng.choice(plain)
                self.add(d, "theme-activity", [self.pick(d, "class", self.any_class), t])

    def party_work(self, plain: list[date]) -> None:
        a, rng = self.a, self.rng
        branches = self.mine(plain[0], "branch")
        if branches and ("party-secretary" in a.roles or rng.random() < LEADER.party_lecture):
            self.add(rng.choice(plain), "party-lecture", [rng.choice(branches)], 1)
        if "party-secretary" in a.roles or "president" in a.roles:
            d = rng.choice(plain)
            self.add(d, "seminar", self.mine(d, "teacher"))
        branches = self.mine(plain[0], "general-branch")
        if a.inspector and branches:  # inspects a general branch of the school assigned to them
            self.add(rng.choice(plain), "inspection", [rng.choice(branches)], 1)

    def week(self, monday: date) -> None:
        a, rng = self.a, self.rng
        days = week_days(monday)
        teach = self.teach_days(days)
        if not teach:
            self.vacation(days, LEADER.vacation)
            return
        self.visits(teach)
        if rng.random() < LEADER.unit_visit * a.diligence:
            self.unit_visit(rng.choice(teach))
        if a.channels and rng.random() < LEADER.online:
            self.add(rng.choice([x for x in days if a.active(x)]), "online-contact", [])
        self.saturday(monday + timedelta(days=5))

    def visits(self, teach: list[date]) -> None:
        rng = self.rng
        exam = any(DAYS[d].exam for d in teach)
        n = rng.choice(LEADER.visits) if len(teach) >= 3 else rng.choice(LEADER.visits_short_week)
        if self.skip(LEADER.skip_week):
            n = 0
        if self.keen:
            n += 1
        if exam:
            n = min(n, 1) if rng.random() < LEADER.exam_week_visit else 0
        for d in sorted(rng.sample(teach, min(n, len(teach)))):
            self.face_to_face(d, rng.choices(LEADER.visit_types, LEADER.visit_weights)[0])

    def unit_visit(self, d: date) -> None:
        rng = self.rng
        units = [u for u in self.mine(d) if isinstance(self.w.by_id[u], Unit)]
        u = self.w.by_id[rng.choice(units)]
        self.add(d, rng.choice(UNIT_VISIT_TYPES[u.kind]), [u.id], self.one_if(LEADER.unit_companion))

    def saturday(self, sat: date) -> None:
        rng = self.rng
        if not (sat in DAYS and DAYS[sat].term and not DAYS[sat].in_break and self.a.active(sat)):
            return
        if rng.random() >= LEADER.saturday:
            return
        if rng.random() < LEADER.saturday_club:
            clubs = self.mine(sat, "club") or self.campus.clubs
            self.add(sat, "club-activity", [rng.choice(clubs)])
        else:
            self.add(sat, "cultural-sports", [self.pick(sat, "class", self.any_class)])


class CadrePlan(ActorPlan):
    """A middle cadre: monthly, quarterly, termly, on arrival and weekly, in that order."""

    def rhythm(self) -> None:
        for y, m in self.planner.months:
            self.month(month_days(y, m))
        for q0, q1 in self.planner.quarters:
            self.quarter(span_days(q0, q1))
        for term in TERMS:
            self.term(term.id, term.start, self.teach_days(term_days(term)))
        if self.a.since and self.a.since > DATA_START:
            self.arrival(self.a.since)
        for monday in self.planner.weeks:
            days = [d for d in week_days(monday) if self.a.active(d)]
            p = CADRE.online_student_work if "student-work-head" in self.a.roles else CADRE.online
            if self.a.channels and days and DAYS[days[0]].term and self.rng.random() < p:
                self.add(self.rng.choice(days), "online-contact", [])

    def month(self, days: list[date]) -> None:
        rng = self.rng
        teach = self.teach_days(days)
        if len(teach) < COMMON.min_month_days:
            self.vacation(days, CADRE.vacation)
            return
        plain = [d for d in teach if not DAYS[d].exam] or teach
        for typ in CADRE.monthly_types:
            times = 0 if self.skip() else 2 if (self.keen and rng.random() < CADRE.twice) else 1
            for d in sorted(rng.sample(plain, min(times, len(plain)))):
                self.face_to_face(d, typ)
        hard = self.mine(plain[0], "student")
        if hard and rng.random() < CADRE.hardship_talk:
            self.add(rng.choice(plain), "student-talk", [rng.choice(hard)], guidance=self.guidance())
        if rng.random() < CADRE.extra_activity:
            self.face_to_face(rng.choice(plain), rng.choice(CADRE.extra_types))
        if "school-head" in self.a.roles:
            self.school_work(plain)
        if "student-work-head" in self.a.roles and rng.random() < CADRE.counsellor_seminar:
            d = rng.choice(plain)
            counsellors = [t for t in self.mine(d, "teacher") if "辅导员" in self.w.by_id[t].tags]
            if counsellors:
                self.add(d, "seminar", counsellors)

    def school_work(self, plain: list[date]) -> None:
        """A school head's monthly meeting with their school, its branches, or (Marxism) its office."""
        rng, sb = self.rng, self.block
        d = rng.choice(plain)
        typ = rng.choice(CADRE.head_types)
        if self.a.unit == MARX_SCHOOL:
            unit = MARX_SCHOOL if typ == "onsite-office" else MARX_OFFICE
            typ = "onsite-office" if typ == "onsite-office" else "report-hearing"
        else:
            unit = sb.school if typ == "onsite-office" else rng.choice((sb.teacher_branch, sb.student_branch))
        self.add(d, typ, [unit], self.one_if(CADRE.head_companion))

    def quarter(self, days: list[date]) -> None:
        teach = [d for d in self.teach_days(days) if not DAYS[d].exam]
        if len(teach) < COMMON.min_span_days:
            return
        for t in self.mine(teach[0], "teacher"):
            if not self.skip(CADRE.skip_talk):
                self.add(self.rng.choice(teach), "teacher-talk", [t])

    def term(self, term_id: str, start: date, days: list[date]) -> None:
        rng = self.rng
        plain = [d for d in days if not DAYS[d].exam]
        if len(plain) < COMMON.min_span_days:
            return
        for t in self.mine(plain[-1], "teacher"):
            if self.skip(CADRE.skip_teacher_class):
                continue
            d = rng.choice(plain)
            cls = self.pick(d, "class", self.any_class)
            if "思政课教师" in self.w.by_id[t].tags:
                _course, cname = rng.choice(IDEOLOGY_COURSES)
                self.add(d, "class-observation", [cls, t], fill={"c": cname})
            else:
                self.add(d, "theme-activity", [cls, t])
        if term_id.endswith("-1"):  # registration at the start of the academic year
            first = [d for d in days if d <= start + timedelta(days=CADRE.registration_days)]
            if first and not self.skip(CADRE.skip_registration):
                self.register(rng.choice(first))

    def arrival(self, since: date) -> None:
        """A newcomer registers contacts on arrival."""
        soon = span_days(since, since + timedelta(days=CADRE.arrival_days))
        d = next((x for x in soon if DAYS[x].teaching), None)
        if d:
            self.register(d)

    def register(self, d: date) -> None:
        self.add(d, "contact-registration", [t for t in self.mine(d) if isinstance(self.w.by_id[t], Target)])


class TeacherPlan(ActorPlan):
    """A party-member teacher: weekly visits, then each term's monthly talks and termly records."""

    def rhythm(self) -> None:
        for monday in self.planner.weeks:
            self.week(monday)
        for term in TERMS:
            days = self.teach_days(term_days(term))
            if len(days) >= TEACHER.min_term_days:
                self.term(days)

    def week(self, monday: date) -> None:
        rng = self.rng
        days = week_days(monday)
        teach = self.teach_days(days)
        if not teach:
            self.vacation(days, TEACHER.vacation)
            return
        self.dorm_visits(teach)
        if rng.random() < TEACHER.online:
            self.add(rng.choice(teach), "online-contact", [])
        if rng.random() < TEACHER.canteen:
            self.canteen(rng.choice(teach))
        if self.a.marx and rng.random() < TEACHER.teaching:
            self.teaching(rng.choice(teach))

    def dorm_visits(self, teach: list[date]) -> None:
        rng = self.rng
        exam = any(DAYS[d].exam for d in teach)
        visits = 1
        if (
            (exam and rng.random() < TEACHER.exam_no_visit)
            or self.skip()
            or (len(teach) < 2 and rng.random() < TEACHER.short_week_no_visit)
        ):
            visits = 0
        if self.keen and rng.random() < TEACHER.second_visit:
            visits += 1
        for d in sorted(rng.sample(teach, min(visits, len(teach)))):
            dorms = self.mine(d, "dorm")
            if dorms:
                dorm = rng.choice(dorms)
                self.add(d, "dorm-visit", [dorm], self.one_if(TEACHER.visit_companion), guidance=self.guidance())

    def canteen(self, d: date) -> None:
        students = self.mine(d, "student")
        if students:
            diners = sorted(self.rng.sample(students, min(TEACHER.canteen_students, len(students))))
            self.add(d, "canteen-meal", diners, location=self.rng.choice(CANTEENS))

    def teaching(self, d: date) -> None:
        courses = self.mine(d, "course")
        classes = self.mine(d, "class")
        course = self.rng.choice(courses)
        self.add(d, "teaching", [course, self.rng.choice(classes)], fill={"c": self.w.by_id[course].name})

    def term(self, days: list[date]) -> None:
        rng = self.rng
        grown = False  # whether a talk of this term has given 成长指导 yet
        for y, m in self.planner.months:
            mdays = [d for d in days if d.year == y and d.month == m]
            if len(mdays) >= COMMON.min_month_days:
                plain = [d for d in mdays if not DAYS[d].exam] or mdays
                grown = self.month(plain, m, grown)
        d = rng.choice(days[: TEACHER.registration_days])
        students = self.mine(d, "student")
        if students:
            self.add(d, "contact-registration", students)
        plain = [x for x in days if not DAYS[x].exam]
        if len(plain) > TEACHER.grade_analysis_days:
            self.grade_analysis(rng.choice(plain[len(plain) // 2 :]))

    def month(self, plain: list[date], m: int, grown: bool) -> bool:
        """A talk with one of the teacher's students and care for one in need; whether 成长指导 was given."""
        rng = self.rng
        if not self.skip(TEACHER.skip_talk):
            d = rng.choice(plain)
            students = self.mine(d, "student")
            if students:
                g = self.guidance()
                if not grown and (rng.random() < TEACHER.growth or m in TEACHER.growth_months):
                    g = [x for x in GUIDANCE if x in g or x == "成长指导"]
                grown = grown or "成长指导" in g
                self.add(d, "student-talk", [rng.choice(students)], guidance=g)
        d = rng.choice(plain)
        cared = [s for s in self.mine(d, "student") if "心理关注" in self.w.by_id[s].tags]
        if cared and rng.random() < TEACHER.counselling:
            self.add(d, "counselling", [rng.choice(cared)], guidance=["心理疏导"])
        return grown

    def grade_analysis(self, d: date) -> None:
        """The grades of the teacher's largest group of students from one class."""
        by_class: dict[str, list[str]] = {}
        for s in self.mine(d, "student"):
            by_class.setdefault(self.w.by_id[s].klass, []).append(s)
        if by_class:
            self.add(d, "grade-analysis", max(by_class.values(), key=len), guidance=["学业辅导"])


class BranchPlan(ActorPlan):
    """A party branch: a class activity most weeks and a party lecture each term."""

    def rhythm(self) -> None:
        rng = self.rng
        for monday in self.planner.weeks:
            teach = self.teach_days(week_days(monday))
            if len(teach) < BRANCH.min_week_days:
                continue
            exam = any(DAYS[d].exam for d in teach)
            if (exam and rng.random() < BRANCH.exam_skip) or self.skip(BRANCH.lax_skip):
                continue
            self.week(rng.choice(teach))
        for term in TERMS:
            plain = [d for d in self.teach_days(term_days(term)) if not DAYS[d].exam]
            if len(plain) < COMMON.min_span_days:
                continue
            d = rng.choice(plain)
            self.add(d, "party-lecture", self.mine(d, "class")[:1], BRANCH.party_lecture_companions)

    def week(self, d: date) -> None:
        classes = self.mine(d, "class")
        if not classes:
            return
        typ = self.rng.choices(BRANCH.weekly_types, BRANCH.weekly_weights)[0]
        self.add(d, typ, [self.rng.choice(classes)], self.rng.choice(BRANCH.weekly_companions))


ROLE_PLANS: dict[str, type[ActorPlan]] = {
    "leader": LeaderPlan,
    "cadre": CadrePlan,
    "teacher": TeacherPlan,
    "branch": BranchPlan,
}
