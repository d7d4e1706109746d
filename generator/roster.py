"""The roster model: who is who, who is assigned what and when, who a rule applies to, who gets credit.

One ``Roster`` is built per run from the loaded repository and asked by the validator, the engine
and both sites, so that "does this rule apply to her", "is this dorm assigned to him on that day",
"which branch members does a general branch count" and "is this class within the grade limit"
each have one answer.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property

from . import schema
from .loader import Record, Repo
from .vocab import GRADED_KINDS

Span = tuple[date, date]
ALWAYS: Span = (date.min, date.max)
TargetFilter = schema.CountFilter | schema.AssignmentRule | schema.CoverageRule


class IdKind(StrEnum):
    """Which roster an id belongs to (people, units and targets share one namespace)."""

    UNIT = "unit"
    PERSON = "person"
    TARGET = "target"


def academic_grade(enrolled: int, on: date) -> int:
    """1 for a class in its first academic year on ``on`` (academic years start in August)."""
    start_year = on.year if on.month >= 8 else on.year - 1
    return start_year - enrolled + 1


def intersect(a: Span, b: Span) -> Span | None:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else None


class AssignmentIndex:
    """rosters/assignments.yml by actor: who is assigned what, on which day."""

    def __init__(self, assignments: Iterable[schema.Assignment]) -> None:
        self.by_actor: dict[str, list[schema.Assignment]] = defaultdict(list)
        for a in assignments:
            self.by_actor[a.actor].append(a)

    def on(self, actor: str, day: date) -> set[str]:
        return {
            t for a in self.by_actor.get(actor, ())
            if (a.since or date.min) <= day <= (a.until or date.max) for t in a.targets
        }

    def spans(self, actor: str, target: str) -> list[Span]:
        return [(a.since or date.min, a.until or date.max) for a in self.by_actor.get(actor, ()) if target in a.targets]

    def ever(self, actor: str) -> list[schema.Assignment]:
        return self.by_actor.get(actor, [])


@dataclass(frozen=True, slots=True)
class GradeExcess:
    """A class or student beyond a grade limit on a day."""

    year: int  # its academic year (1 = first year)
    limit: int


class Roster:
    """The rosters of one repository, indexed once."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.policy = repo.policy
        self.people = repo.people
        self.units = repo.units
        self.targets = repo.targets
        self.ids: dict[str, IdKind] = {}
        for kind, table in ((IdKind.UNIT, repo.units), (IdKind.PERSON, repo.people), (IdKind.TARGET, repo.targets)):
            for key in table:
                self.ids.setdefault(key, kind)
        self.assignments = AssignmentIndex(repo.assignments)
        self.related = _related_targets(repo.targets.values())
        self.members = _branch_members(repo)
        self.leaves: dict[str, list[Span]] = defaultdict(list)
        for leave in repo.leaves:
            self.leaves[leave.person].append((leave.start, leave.end))
        self.adoption = repo.institution.adoption if repo.institution else None
        self.term_spans: dict[str, Span] = {t.id: (t.start, t.end) for t in (repo.calendar.terms if repo.calendar else ())}

    # ------------------------------------------------------------------ names and kinds
    def name(self, ref: str) -> str:
        """The roster name of any id (unmasked: callers that publish mask sensitive targets)."""
        found = self.people.get(ref) or self.units.get(ref) or self.targets.get(ref)
        return found.name if found is not None else ref

    @cached_property
    def _by_name(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for table in (self.people, self.units, self.targets):
            for key, entry in table.items():
                out[entry.name.strip()].append(key)
        return out

    def named(self, name: str, kinds: Collection[IdKind] = tuple(IdKind)) -> list[str]:
        """Ids of the entries of these kinds whose roster name is ``name`` (people, units, targets)."""
        return [i for i in self._by_name.get(name.strip(), []) if self.ids.get(i) in kinds]

    def similar(self, text: str, kinds: Collection[IdKind] = tuple(IdKind), n: int = 3) -> list[str]:
        """Ids of these kinds close to ``text`` by id (a typo) or by name (a name written almost
        right), closest first: the did-you-mean of every unknown reference."""
        pool = [i for i, k in self.ids.items() if k in kinds]
        found = difflib.get_close_matches(text, pool, n, 0.8)
        names: dict[str, str] = {}
        for i in pool:
            names.setdefault(self.name(i).strip(), i)
        found += [names[m] for m in difflib.get_close_matches(text, list(names), n, 0.7)]
        return list(dict.fromkeys(found))[:n]

    def kind_of(self, ref: str) -> str | None:
        """A target's kind, or a unit's kind when a unit is the contact target."""
        target = self.targets.get(ref)
        if target is not None:
            return target.kind
        unit = self.units.get(ref)
        return unit.kind if unit else None

    def tags_of(self, ref: str) -> list[str]:
        target = self.targets.get(ref)
        return target.tags if target else []

    def unit_of(self, actor: str) -> str:
        """The unit an actor belongs to (a unit acting in its own name is its own unit)."""
        person = self.people.get(actor)
        return person.unit if person else actor

    # ------------------------------------------------------------------ who
    def applies(self, who: schema.Who, actor: str) -> bool:
        """A rule's ``who``: any of roles, unit kinds or ids matches, then ``except_roles`` removes."""
        person = self.people.get(actor)
        unit = self.units.get(actor)
        roles = set(person.roles) if person else set()
        hit = actor in who.ids or bool(roles & set(who.roles)) or (unit is not None and unit.kind in who.kinds)
        return hit and not (roles & set(who.except_roles))

    def actors(self, who: schema.Who) -> list[str]:
        """Every person, then every unit, the ``who`` applies to (roster order)."""
        return [a for a in [*self.people, *self.units] if self.applies(who, a)]

    def in_post(self, actor: str) -> Span:
        person = self.people.get(actor)
        if person is None:
            return ALWAYS
        return (person.since or date.min, person.until or date.max)

    def in_post_on(self, actor: str, day: date) -> bool:
        since, until = self.in_post(actor)
        return since <= day <= until

    def counted_span(self, actor: str) -> Span | None:
        """The days compliance counts for an actor: in post, and from the institution's adoption date
        on (``institution.adoption``); None when the two do not meet."""
        return intersect(self.in_post(actor), (self.adoption or date.min, date.max))

    # ------------------------------------------------------------------ targets
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
        """Every target and unit matching a filter, targets first (roster order)."""
        return [t for t in [*self.targets, *self.units] if self.target_matches(t, f)]

    def assigned_on(self, actor: str, day: date) -> set[str]:
        return self.assignments.on(actor, day)

    def active_spans(self, ref: str) -> list[Span]:
        """When a target exists for per-target rules: the spans of its ``terms`` (e.g. a course taught
        in the autumn only), or always."""
        target = self.targets.get(ref)
        if target is None or not target.terms:
            return [ALWAYS]
        return [self.term_spans[t] for t in target.terms if t in self.term_spans]

    def with_members(self, assigned: set[str]) -> set[str]:
        """Assigned targets and the members they stand for: an assigned dorm (or class with
        ``members``) stands for all its members, unless some of them are assigned directly — then
        those are the ones meant (a dorm shared by two teachers, each with their own students)."""
        out = set(assigned)
        for t in assigned:
            members = self.targets[t].members if t in self.targets else []
            if not assigned & set(members):
                out |= set(members)
        return out

    def counted_assigned(self, rule: schema.AssignmentRule, actor: str, day: date, nested: bool = True) -> list[str]:
        """The targets an assignment rule counts for an actor on a day, sorted.

        ``count_members``: an assigned dorm or class counts as its members (``with_members``).
        ``in_addition_to``: targets another applicable rule counts are not counted again (one level deep).
        """
        assigned = self.assigned_on(actor, day)
        if rule.count_members:
            assigned = self.with_members(assigned)
        counted = {t for t in assigned if self.target_matches(t, rule)}
        if nested and self.policy is not None:
            for other in self.policy.assignment_rules:
                if other.id in rule.in_addition_to and self.applies(other.who, actor):
                    counted -= set(self.counted_assigned(other, actor, day, nested=False))
        return sorted(counted)

    def assigned_or_related(self, target: str, assigned: set[str]) -> bool:
        """Contacting a dorm's student is contacting an assigned dorm, and vice versa."""
        return target in assigned or bool(assigned & self.related.get(target, set()))

    # ------------------------------------------------------------------ grade limit
    def grade_of(self, target: schema.Target, on: date) -> int | None:
        """The academic year of a class or student on a day (None for other kinds or no ``enrolled``)."""
        if target.kind not in GRADED_KINDS or target.enrolled is None:
            return None
        return academic_grade(target.enrolled, on)

    def grade_excess(self, grade: schema.Grade, target: schema.Target, on: date) -> GradeExcess | None:
        """The excess of one target over one grade rule on a day, if any."""
        year = self.grade_of(target, on)
        limit = grade.limit(target.level)
        return GradeExcess(year, limit) if year is not None and year > limit else None

    def grade_rules(self, actor: str, target: str) -> list[schema.AssignmentRule]:
        """Assignment rules with a grade constraint that cover this actor and this target."""
        if self.policy is None:
            return []
        return [r for r in self.policy.assignment_rules
                if r.grade is not None and self.applies(r.who, actor) and self.target_matches(target, r)]

    def grade_excess_for(self, actor: str, target: schema.Target, on: date) -> GradeExcess | None:
        """The tightest grade limit any applicable rule sets for this target, if exceeded on ``on``."""
        excesses = [e for r in self.grade_rules(actor, target.id) if r.grade is not None
                    and (e := self.grade_excess(r.grade, target, on)) is not None]
        return min(excesses, key=lambda e: e.limit, default=None)


def _related_targets(targets: Iterable[schema.Target]) -> dict[str, set[str]]:
    """For each target, its members and the targets it is a member of (a student and their dorm)."""
    out: dict[str, set[str]] = defaultdict(set)
    for t in targets:
        for member in t.members:
            out[t.id].add(member)
            out[member].add(t.id)
    return out


def _branch_members(repo: Repo) -> dict[str, set[str]]:
    """People of each party unit; a general branch also counts its branches' members."""
    members: dict[str, set[str]] = defaultdict(set)
    for person in repo.people.values():
        unit = person.branch
        seen: set[str] = set()
        while unit and unit not in seen:
            seen.add(unit)
            members[unit].add(person.id)
            parent = repo.units.get(unit)
            unit = parent.parent if parent else None
    return members


class Credit:
    """Counting records by credited actor (``by`` and ``with``) and by target, built once per run."""

    def __init__(self, roster: Roster, records: Sequence[Record]) -> None:
        self.roster = roster
        self.by_actor: dict[str, list[Record]] = defaultdict(list)
        self.by_filer: dict[str, list[Record]] = defaultdict(list)
        self.by_target: dict[str, list[Record]] = defaultdict(list)
        by_actor, by_filer, by_target = self.by_actor, self.by_filer, self.by_target
        for r in records:  # 100,000 of them: most with no ``with`` and one target, taken directly
            meta = r.meta
            by_filer[meta.by].append(r)
            if meta.with_:
                for actor in dict.fromkeys([meta.by, *meta.with_]):
                    by_actor[actor].append(r)
            else:
                by_actor[meta.by].append(r)
            targets = meta.targets
            if len(targets) == 1:
                by_target[targets[0]].append(r)
            else:
                for t in dict.fromkeys(targets):
                    by_target[t].append(r)

    def of(self, actor: str) -> list[Record]:
        """Records crediting ``actor`` (filed by them or naming them in ``with``), by (date, path)."""
        return self.by_actor.get(actor, [])

    def filed_by(self, actor: str) -> list[Record]:
        """Records ``actor`` filed (``by``), by (date, path): presence in ``with`` is not enough."""
        return self.by_filer.get(actor, [])

    def under(self, actor: str, by: str, filer_only: bool = False) -> list[Record]:
        """Records credited to ``actor`` under a rule's ``count.by``; each record at most once.

        ``filer_only`` (``count.filer_only``): only records the credited person (the actor, a member,
        the secretary) filed, not those naming them in ``with``.
        """
        of = self.filed_by if filer_only else self.of
        if by == "self":
            return of(actor)
        chosen: dict[str, Record] = {}
        if by == "self-and-members":
            chosen.update((r.path, r) for r in of(actor))
        if by in ("members", "self-and-members"):
            for member in self.roster.members.get(actor, ()):
                chosen.update((r.path, r) for r in of(member))
        if by == "secretary":
            unit = self.roster.units.get(actor)
            if unit is not None and unit.secretary:
                chosen.update((r.path, r) for r in of(unit.secretary))
        return sorted(chosen.values(), key=lambda r: (r.meta.date, r.path))
