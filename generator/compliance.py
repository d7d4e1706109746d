"""Compliance engine: contract §5 — who must do what, in which period, and whether they did.

Input is the loaded repository plus the validation outcome (only valid, non-superseded records
count); output is plain immutable data that the report command and the sites render.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from . import schema
from .diagnostics import Diagnostic, diag
from .loader import Record, Repo
from .periods import Period, TeachingCalendar, due_threshold
from .validate import (
    ASSIGNMENTS,
    PEOPLE,
    TARGETS,
    AssignmentIndex,
    Validation,
    academic_grade,
    related_targets,
    who_applies,
)

Span = tuple[date, date]
TargetFilter = schema.CountFilter | schema.AssignmentRule | schema.CoverageRule
ALWAYS: Span = (date.min, date.max)


@dataclass(frozen=True, slots=True)
class Result:
    """Status of one (actor, rule, period[, target]) combination."""

    actor: str
    rule: str
    level: str
    period: str
    per: str
    start: date
    end: date
    target: str | None
    required: int
    required_hours: float
    achieved: int
    hours: float
    status: str  # met | unmet | pending | exempt
    records: tuple[str, ...] = ()  # paths of the counting records

    def to_json(self) -> dict[str, object]:
        return {
            "actor": self.actor, "rule": self.rule, "level": self.level, "period": self.period,
            "target": self.target, "required": self.required, "achieved": self.achieved,
            "hours": round(self.hours, 2), "status": self.status,
            # extensions of contract §7 (additive): period kind and span, hours required
            "per": self.per, "start": self.start.isoformat(), "end": self.end.isoformat(),
            "required_hours": self.required_hours,
        }


@dataclass(frozen=True, slots=True)
class AssignmentResult:
    actor: str
    rule: str
    level: str
    count: int
    min: int
    max: int | None
    status: str  # met | unmet
    targets: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"actor": self.actor, "rule": self.rule, "level": self.level, "count": self.count,
                "min": self.min, "max": self.max, "status": self.status, "targets": list(self.targets)}


@dataclass(frozen=True, slots=True)
class CoverageResult:
    rule: str
    level: str
    target: str
    status: str  # met | unmet
    by: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {"rule": self.rule, "level": self.level, "target": self.target, "status": self.status,
                "by": list(self.by)}


@dataclass(frozen=True, slots=True)
class ProfileResult:
    actor: str
    rule: str
    level: str
    missing: tuple[str, ...]
    status: str

    def to_json(self) -> dict[str, object]:
        return {"actor": self.actor, "rule": self.rule, "level": self.level,
                "missing": list(self.missing), "status": self.status}


@dataclass
class Compliance:
    as_of: date
    policy: str
    results: list[Result] = field(default_factory=list)
    assignments: list[AssignmentResult] = field(default_factory=list)
    coverage: list[CoverageResult] = field(default_factory=list)
    profiles: list[ProfileResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def to_json(self, diagnostics: Sequence[Diagnostic]) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "policy": self.policy,
            "results": [r.to_json() for r in self.results],
            "assignments": [a.to_json() for a in self.assignments],
            "coverage": [c.to_json() for c in self.coverage],
            "profiles": [p.to_json() for p in self.profiles],
            "diagnostics": [d.to_json() for d in diagnostics],
        }


def met_rate(met: int, unmet: int) -> float | None:
    """met / (met + unmet); None when nothing was decided yet (contract §5)."""
    return met / (met + unmet) if met + unmet else None


def rate(results: Iterable[Result]) -> float | None:
    statuses = [r.status for r in results]
    return met_rate(statuses.count("met"), statuses.count("unmet"))


def hours_of(record: Record) -> float:
    m = record.meta
    if m.start is None or m.end is None:
        return 0.0
    delta = datetime.combine(m.date, m.end) - datetime.combine(m.date, m.start)
    return max(delta.total_seconds() / 3600, 0.0)


def _intersect(a: Span, b: Span) -> Span | None:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else None


class Engine:
    def __init__(self, repo: Repo, validation: Validation, as_of: date) -> None:
        assert repo.policy is not None and repo.calendar is not None
        self.repo = repo
        self.policy: schema.Policy = repo.policy
        self.as_of = as_of
        self.cal = TeachingCalendar(repo.calendar)
        self.records = validation.counting(repo, as_of)
        self._credited: dict[str, list[Record]] = defaultdict(list)
        for r in self.records:
            for credited in dict.fromkeys([r.meta.by, *r.meta.with_]):
                self._credited[credited].append(r)
        self.assignments = AssignmentIndex(repo.assignments)
        self._leaves: dict[str, list[Span]] = defaultdict(list)
        for leave in repo.leaves:
            self._leaves[leave.person].append((leave.start, leave.end))
        self._related = related_targets(repo)
        self._members: dict[str, set[str]] = defaultdict(set)
        for person in repo.people.values():
            unit = person.branch
            seen: set[str] = set()
            while unit and unit not in seen:  # a general branch also counts its branches' members
                seen.add(unit)
                self._members[unit].add(person.id)
                parent = repo.units.get(unit)
                unit = parent.parent if parent else None

    # ------------------------------------------------------------------ actors
    def actors(self, who: schema.Who) -> list[str]:
        ids = [*self.repo.people, *self.repo.units]
        return [a for a in ids if who_applies(self.repo, who, a)]

    def in_post(self, actor: str) -> Span:
        person = self.repo.people.get(actor)
        if person is None:
            return ALWAYS
        return (person.since or date.min, person.until or date.max)

    def assigned_on(self, actor: str, on: date) -> set[str]:
        return self.assignments.on(actor, on)

    # ------------------------------------------------------------------ targets
    def kind_of(self, ref: str) -> str | None:
        target = self.repo.targets.get(ref)
        if target is not None:
            return target.kind
        unit = self.repo.units.get(ref)
        return unit.kind if unit else None

    def tags_of(self, ref: str) -> list[str]:
        target = self.repo.targets.get(ref)
        return target.tags if target else []

    def target_matches(self, ref: str, f: TargetFilter) -> bool:
        """Whether one target satisfies all of a rule's target conditions."""
        if f.target_kinds and self.kind_of(ref) not in f.target_kinds:
            return False
        own = set(self.tags_of(ref))
        if f.target_tags_all and not set(f.target_tags_all) <= own:
            return False
        if own & set(f.target_tags_none):
            return False
        return not f.target_tags or bool(set(f.target_tags) & own)

    def roster_targets(self, f: TargetFilter) -> list[str]:
        return [t for t in [*self.repo.targets, *self.repo.units] if self.target_matches(t, f)]

    # ------------------------------------------------------------------ counting
    def credited(self, actor: str, by: str) -> list[Record]:
        """Records credited to ``actor`` under a rule's ``count.by``; each record at most once."""
        if by == "self":
            return self._credited.get(actor, [])
        chosen: dict[str, Record] = {}
        if by in ("self", "self-and-members"):
            chosen.update((r.path, r) for r in self._credited.get(actor, []))
        if by in ("members", "self-and-members"):
            for member in self._members.get(actor, ()):
                chosen.update((r.path, r) for r in self._credited.get(member, []))
        if by == "secretary":
            unit = self.repo.units.get(actor)
            if unit is not None and unit.secretary:
                chosen.update((r.path, r) for r in self._credited.get(unit.secretary, []))
        return sorted(chosen.values(), key=lambda r: (r.meta.date, r.path))

    def counts(self, rule: schema.Rule, actor: str, r: Record) -> bool:
        c = rule.count
        m = r.meta
        if c.types is not None and m.type not in c.types:
            return False
        if c.face_to_face is not None:
            atype = self.policy.activity_types.get(m.type)
            if atype is None or atype.face_to_face != c.face_to_face:
                return False
        if c.guidance and not set(c.guidance) & set(m.guidance):
            return False
        if c.target_kinds or c.target_tags or c.target_tags_all or c.target_tags_none or c.assigned_only:
            assigned = self.assigned_on(actor, m.date) if c.assigned_only else None
            if not any(
                self.target_matches(t, c)
                and (assigned is None or t in assigned or bool(assigned & self._related.get(t, set())))
                for t in m.targets
            ):
                return False
        return True

    # ------------------------------------------------------------------ rules
    def evaluate(self, rule: schema.Rule) -> list[Result]:
        out: list[Result] = []
        first = self.cal.span()[0]
        for actor in self.actors(rule.who):
            since, until = self.in_post(actor)
            start, end = max(first, since), min(self.as_of, until)
            if start > end:
                continue
            periods = self.cal.periods(rule.per, start, end)
            pool = [r for r in self.credited(actor, rule.count.by) if self.counts(rule, actor, r)]
            leaves = self._leaves.get(actor, [])
            if rule.each is None:
                out.extend(self._periods(rule, actor, None, periods, pool, [(since, until)], leaves))
                continue
            if rule.each == "assigned":
                targets = sorted({
                    t for a in self.assignments.by_actor.get(actor, []) for t in a.targets
                    if self.target_matches(t, rule.count)
                    and _intersect((a.since or date.min, a.until or date.max), (start, end))
                })
            else:
                targets = self.roster_targets(rule.count)
            for target in targets:
                own = [r for r in pool if target in r.meta.targets]
                spans: list[Span] = [(since, until)]
                target_periods = periods
                if rule.each == "assigned":
                    spans = [s for s in (_intersect(x, (since, until)) for x in self.assignments.spans(actor, target)) if s]
                    # Like an actor's since/until: no result for periods outside the assignment.
                    target_periods = [p for p in periods if any(_intersect((p.start, p.end), s) for s in spans)]
                    # A record counts for an assigned target only while it is assigned.
                    own = [r for r in own if any(lo <= r.meta.date <= hi for lo, hi in spans)]
                out.extend(self._periods(rule, actor, target, target_periods, own, spans, leaves))
        return out

    def _periods(
        self, rule: schema.Rule, actor: str, target: str | None, periods: list[Period],
        pool: list[Record], include: list[Span], leaves: list[Span],
    ) -> list[Result]:
        dates = [r.meta.date for r in pool]
        threshold = due_threshold(rule.per, self.policy.due, rule.due_min_teaching_days)
        out = []
        for period in periods:
            active = self.cal.period_teaching_days(period, include, leaves)
            window_end = period.end
            if rule.count.within_first_days is not None:
                # The deadline runs from the day the actor (or the assignment) starts in this period.
                starts = [max(lo, period.start) for lo, hi in include if lo <= period.end and hi >= period.start]
                first = min(starts, default=period.start)
                window_end = min(period.end, first + timedelta(days=rule.count.within_first_days - 1))
            lo, hi = bisect_left(dates, period.start), bisect_right(dates, window_end)
            counted = pool[lo:hi]
            achieved = len(counted)
            hours = sum(hours_of(r) for r in counted)
            if active < threshold:
                status = "exempt"
            elif achieved >= rule.min and hours + 1e-9 >= rule.min_hours:
                status = "met"
            elif window_end >= self.as_of:
                status = "pending"
            else:
                status = "unmet"
            out.append(Result(
                actor, rule.id, rule.level, period.id, rule.per, period.start, period.end, target,
                rule.min, rule.min_hours, achieved, hours, status, tuple(r.path for r in counted),
            ))
        return out

    # ------------------------------------------------------------------ roster rules
    def assignment_rules(self) -> tuple[list[AssignmentResult], list[Diagnostic]]:
        out: list[AssignmentResult] = []
        diags: list[Diagnostic] = []
        for rule in self.policy.assignment_rules:
            for actor in self.actors(rule.who):
                since, until = self.in_post(actor)
                if not since <= self.as_of <= until:
                    continue
                targets = sorted(t for t in self.assigned_on(actor, self.as_of)
                                 if self.target_matches(t, rule))
                ok = len(targets) >= rule.min and (rule.max is None or len(targets) <= rule.max)
                out.append(AssignmentResult(actor, rule.id, rule.level, len(targets), rule.min, rule.max,
                                            "met" if ok else "unmet", tuple(targets)))
                name = self.name(actor)
                if not ok and rule.level == "mandatory":
                    bound = f"{rule.min}—{rule.max} 个" if rule.max is not None else f"至少 {rule.min} 个"
                    diags.append(diag(
                        "assignment-bounds", ASSIGNMENTS, self.assignment_line(actor),
                        f"{name}（{actor}）当前联系的对象有 {len(targets)} 个符合“{rule.title}”，要求 {bound}。"
                        "请在 rosters/assignments.yml 中调整联系分配。",
                    ))
                if rule.grade is not None:
                    for t in targets:
                        target = self.repo.targets.get(t)
                        if target is None or target.kind not in ("class", "student") or target.enrolled is None:
                            continue
                        limit = rule.grade.limit(target.level)
                        grade = academic_grade(target.enrolled, self.as_of)
                        if grade > limit:
                            diags.append(diag(
                                "assignment-grade", ASSIGNMENTS, self.assignment_line(actor, t),
                                # a student's name may be sensitive: diagnostics name students by id
                                f"{name}（{actor}）联系的{'班级' if target.kind == 'class' else '学生'}"
                                f"“{target.name if target.kind == 'class' else t}”现在是{grade}年级，"
                                f"“{rule.title}”要求{limit}年级以内。请考虑调整为低年级的对象。",
                            ))
        return out, diags

    def coverage_rules(self) -> tuple[list[CoverageResult], list[Diagnostic]]:
        out: list[CoverageResult] = []
        diags: list[Diagnostic] = []
        for rule in self.policy.coverage_rules:
            actors = [a for a in self.actors(rule.by)
                      if self.in_post(a)[0] <= self.as_of <= self.in_post(a)[1]]
            covering: dict[str, list[str]] = defaultdict(list)
            for actor in actors:
                for t in self.assigned_on(actor, self.as_of):
                    covering[t].append(actor)
                    target = self.repo.targets.get(t)
                    for member in target.members if target else ():  # an assigned dorm covers its students
                        covering[member].append(actor)
            gaps = []
            for t in self.roster_targets(rule):
                by = tuple(sorted(set(covering.get(t, []))))
                out.append(CoverageResult(rule.id, rule.level, t, "met" if by else "unmet", by))
                if not by:
                    gaps.append(t)
            if gaps and rule.level == "mandatory":
                shown = "、".join(gaps[:10]) + ("等" if len(gaps) > 10 else "")
                diags.append(diag(
                    "coverage-gap", TARGETS, None,
                    f"“{rule.title}”：有 {len(gaps)} 个对象没有分配联系人（{shown}）。请在 rosters/assignments.yml 中补充分配。",
                ))
        return out, diags

    def profile_rules(self) -> tuple[list[ProfileResult], list[Diagnostic]]:
        out: list[ProfileResult] = []
        diags: list[Diagnostic] = []
        for rule in self.policy.profile_rules:
            for actor in self.actors(rule.who):
                person = self.repo.people.get(actor)
                if person is None:
                    continue
                missing = tuple(f for f in rule.require if not getattr(person, f))
                out.append(ProfileResult(actor, rule.id, rule.level, missing, "unmet" if missing else "met"))
                if missing and rule.level == "mandatory":
                    diags.append(diag(
                        "profile-missing", PEOPLE, None,
                        f"{person.name}（{actor}）：“{rule.title}”要求填写 {'、'.join(missing)}。请在 rosters/people.yml 中补充。",
                    ))
        return out, diags

    def assignment_line(self, actor: str, target: str | None = None) -> int | None:
        """Line in assignments.yml of the actor's entry (holding ``target`` when given)."""
        for index, a in self.repo.entries.get(ASSIGNMENTS, []):
            if a.actor == actor and (target is None or target in a.targets):
                path = ("targets", a.targets.index(target)) if target else ("actor",)
                return self.repo.entry_line(ASSIGNMENTS, index, *path)
        return None

    def name(self, actor: str) -> str:
        person = self.repo.people.get(actor)
        if person:
            return person.name
        unit = self.repo.units.get(actor)
        return unit.name if unit else actor

    def run(self) -> Compliance:
        result = Compliance(self.as_of, self.policy.id)
        for rule in self.policy.rules:
            result.results.extend(self.evaluate(rule))
        result.assignments, d1 = self.assignment_rules()
        result.coverage, d2 = self.coverage_rules()
        result.profiles, d3 = self.profile_rules()
        result.diagnostics = d1 + d2 + d3
        return result


def compute(repo: Repo, validation: Validation, as_of: date) -> Compliance | None:
    """Compliance of the whole repository, or None when there is no usable policy or calendar."""
    if repo.policy is None or repo.calendar is None or not repo.calendar.terms:
        return None
    return Engine(repo, validation, as_of).run()
