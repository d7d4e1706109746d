"""The roster model being built: units, targets, actors, assignments, lookups, and a campus block in progress."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from random import Random
from typing import Any

from .institution import (
    CAMPUS_ID_PREFIX,
    CAMPUS_NAME_SUFFIX,
    DATA_END,
    DATA_START,
    DEPUTY,
    FIRST_SCHOOL,
    MERGE_DAY,
    SCHOOL_TEACHERS,
    SENSITIVE_TAGS,
)
from .names import cn_number


@dataclass
class Unit:
    id: str
    name: str
    kind: str
    parent: str | None = None
    secretary: str | None = None

    def out(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "name": self.name, "kind": self.kind}
        if self.parent:
            d["parent"] = self.parent
        if self.secretary:
            d["secretary"] = self.secretary
        return d


@dataclass
class Target:
    id: str
    kind: str
    name: str
    unit: str | None = None
    tags: list[str] = field(default_factory=list)
    enrolled: int | None = None
    level: str | None = None
    sensitive: bool = False
    members: list[str] = field(default_factory=list)
    # generator-only facts
    available_from: date = DATA_START
    available_until: date | None = None  # e.g. graduation
    klass: str | None = None  # the class of a student / dorm

    @property
    def is_sensitive(self) -> bool:
        return self.sensitive or any(t in SENSITIVE_TAGS for t in self.tags)

    def out(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "kind": self.kind, "name": self.name}
        if self.unit:
            d["unit"] = self.unit
        if self.tags:
            d["tags"] = list(self.tags)
        if self.enrolled is not None:
            d["enrolled"] = self.enrolled
        if self.level:
            d["level"] = self.level
        if self.sensitive:
            d["sensitive"] = True
        if self.members:
            d["members"] = list(self.members)
        return d


@dataclass
class Actor:
    """A person or a party branch that files records."""

    id: str
    name: str
    kind: str  # leader | cadre | teacher | branch
    unit: str
    title: str | None = None
    roles: list[str] = field(default_factory=list)
    branch: str | None = None
    since: date | None = None
    until: date | None = None
    accounts: list[str] = field(default_factory=list)
    liaisons: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    public: bool = False
    # generator-only facts
    diligence: float = 1.0  # <0.7 deliberately below quota, >1.3 above
    school: int = 0  # index of the school (within its block) this actor mostly works with
    block: int = 0
    leaves: list[tuple[date, date]] = field(default_factory=list)
    with_pool: list[str] = field(default_factory=list)  # colleagues who may come along (`with`)
    school_block: SchoolBlock | None = None  # the school whose classes and dorms are the fallback
    campus: Campus | None = None
    secretary_of: list[str] = field(default_factory=list)  # branch ids
    student_work: bool = False  # a leader in charge of student work
    inspector: bool = False  # a leader who inspects the general branches
    marx: bool = False  # a teacher of ideology courses

    def out(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "name": self.name, "unit": self.unit}
        if self.title:
            d["title"] = self.title
        d["roles"] = list(self.roles)
        if self.branch:
            d["branch"] = self.branch
        if self.since:
            d["since"] = self.since
        if self.until:
            d["until"] = self.until
        d["accounts"] = list(self.accounts)
        if self.liaisons:
            d["liaisons"] = list(self.liaisons)
        if self.channels:
            d["channels"] = list(self.channels)
        if self.public:
            d["public"] = True
        return d

    def active(self, d: date) -> bool:
        if d < DATA_START or d > DATA_END:
            return False
        if self.since and d < self.since:
            return False
        if self.until and d > self.until:
            return False
        return not any(s <= d <= e for s, e in self.leaves)


@dataclass
class Assignment:
    actor: str
    targets: list[str]
    since: date | None = None
    until: date | None = None

    def out(self) -> dict[str, Any]:
        d: dict[str, Any] = {"actor": self.actor, "targets": list(self.targets)}
        if self.since:
            d["since"] = self.since
        if self.until:
            d["until"] = self.until
        return d


@dataclass
class World:
    units: list[Unit] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)  # people first, then branches
    targets: list[Target] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    leaves: list[dict[str, Any]] = field(default_factory=list)
    admins: list[str] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)  # disclosure reviewers (person ids)
    by_id: dict[str, Any] = field(default_factory=dict)
    actor_by_id: dict[str, Actor] = field(default_factory=dict)

    def add_unit(self, u: Unit) -> Unit:
        assert u.id not in self.by_id, u.id
        self.units.append(u)
        self.by_id[u.id] = u
        return u

    def add_target(self, t: Target) -> Target:
        assert t.id not in self.by_id, t.id
        self.targets.append(t)
        self.by_id[t.id] = t
        return t

    def add_actor(self, a: Actor) -> Actor:
        # a branch actor shares its id with its unit; people live in the common namespace
        assert a.id not in self.actor_by_id, a.id
        if a.kind != "branch":
            assert a.id not in self.by_id, a.id
            self.by_id[a.id] = a
        self.actors.append(a)
        self.actor_by_id[a.id] = a
        return a

    def assign(
        self,
        actor: str,
        targets: Sequence[str],
        since: date | None = None,
        until: date | None = None,
    ) -> None:
        self.assignments.append(Assignment(actor, list(targets), since, until))


@dataclass
class SchoolBlock:
    """Ids of one school's units and targets, for wiring assignments and records."""

    key: str
    school: str
    gb: str
    teacher_branch: str
    student_branch: str
    office: str
    classes: dict[int, list[str]]  # enrolled year -> class ids
    dorms: dict[int, list[str]]  # enrolled year -> dorm ids
    students: dict[int, list[str]]  # enrolled year -> student ids
    counsellor: str
    young: list[str]
    expert: str
    activist_teacher: str
    course: str
    heads: list[str] = field(default_factory=list)
    teachers: list[str] = field(default_factory=list)  # party teachers of the school


@dataclass
class Campus:
    """What the actors of one campus block share: its schools, clubs, ideology teachers and courses."""

    schools: list[SchoolBlock]
    clubs: list[str]
    ideology_teachers: list[str]
    courses: list[str]


def available(obj: Any, d: date) -> bool:
    if not isinstance(obj, Target):
        return True
    return obj.available_from <= d and (obj.available_until is None or d <= obj.available_until)


class Assigned:
    """Targets assigned to each actor, by date (only targets that exist on that date)."""

    def __init__(self, w: World) -> None:
        self.rows: dict[str, list[Assignment]] = {}
        for a in w.assignments:
            self.rows.setdefault(a.actor, []).append(a)
        self.w = w

    def on(self, actor: str, d: date, kind: str | None = None, tag: str | None = None) -> list[str]:
        out: list[str] = []
        for row in self.rows.get(actor, []):
            if (row.since and d < row.since) or (row.until and d > row.until):
                continue
            for t in row.targets:
                obj = self.w.by_id[t]
                if not available(obj, d) or t in out:
                    continue
                if kind is not None and getattr(obj, "kind", None) != kind:
                    continue
                if tag is not None and tag not in getattr(obj, "tags", ()):
                    continue
                out.append(t)
        return out


@dataclass
class Serials:
    """Numbers that run on across schools and campuses: dorm buildings and student ids."""

    building: int = 1
    student: int = 1


@dataclass
class Block:
    """One campus block: the sample itself (k = 0) or a campus merged in for benchmarks."""

    k: int
    rng: Random  # the block's own stream: student tags, then diligence
    courses: list[str]
    branches: dict[str, Unit] = field(default_factory=dict)  # the campus branches by key
    ideology_teachers: list[str] = field(default_factory=list)
    clubs: list[str] = field(default_factory=list)
    schools: list[SchoolBlock] = field(default_factory=list)
    leaders: list[Actor] = field(default_factory=list)
    cadres: list[Actor] = field(default_factory=list)
    teachers: list[Actor] = field(default_factory=list)
    posts: dict[str, Actor] = field(default_factory=dict)  # cadres and campus teachers by post key
    branch_units: list[Unit] = field(default_factory=list)  # every branch that files records, in order

    @property
    def pre(self) -> str:
        return "" if self.k == 0 else CAMPUS_ID_PREFIX.format(n=self.k + 1)

    @property
    def suffix(self) -> str:
        return "" if self.k == 0 else CAMPUS_NAME_SUFFIX.format(n=cn_number(self.k + 1))

    @property
    def dep(self) -> str:
        """What a department head's title reads on this campus: the head, or a deputy."""
        return "" if self.k == 0 else DEPUTY

    @property
    def merged(self) -> date | None:
        # the sample itself is block 0; every further block is a campus that merged into the
        # institution at the start of the spring term 2026 (benchmark data only)
        return None if self.k == 0 else MERGE_DAY

    @property
    def people(self) -> list[Actor]:
        return self.leaders + self.cadres + self.teachers

    def branch_id(self, key: str) -> str:
        return self.schools[0].teacher_branch if key == SCHOOL_TEACHERS else self.branches[key].id

    def unit_id(self, unit: str) -> str:
        return self.schools[0].school if unit == FIRST_SCHOOL else unit
