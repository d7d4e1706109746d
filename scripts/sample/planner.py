"""What every actor's plan shares: intents, the actor's random stream, and face-to-face helpers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from random import Random

from .days import DAYS, mondays, months, quarters, term_days
from .habits import COMMON
from .institution import COHORTS, GUIDANCE, TERMS
from .model import Actor, Assigned, Campus, SchoolBlock, World, available
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
    """What all plans read: the world, its assignments by date, and the weeks, months and quarters."""

    def __init__(self, w: World, seed: int) -> None:
        self.w = w
        self.seed = seed
        self.assigned = Assigned(w)
        self.weeks = mondays()
        self.months = months()
        self.quarters = quarters()


class ActorPlan:
    """One actor's plan as it is drawn: the actor's own random stream and their intents so far.

    Every draw comes from ``self.rng`` in program order, so the order of the calls below is part
    of the output: reorder nothing without regenerating the sample.
    """

    def __init__(self, planner: Planner, a: Actor) -> None:
        self.planner = planner
        self.w = planner.w
        self.a = a
        self.rng = Random(f"{planner.seed}:plan:{a.id}")
        self.intents: list[Intent] = []

    def draw(self) -> list[Intent]:
        """The role's own rhythm; then, for a person, their lectures as a branch secretary."""
        self.rhythm()
        if self.a.kind != "branch":
            self.secretary()
        return self.intents

    def rhythm(self) -> None:
        raise NotImplementedError

    def add(
        self,
        d: date,
        typ: str,
        targets: list[str],
        with_n: int = 0,
        *,
        guidance: list[str] | None = None,
        fill: dict[str, str] | None = None,
        location: str | None = None,
        durations: tuple[int, ...] | None = None,
    ) -> None:
        targets = list(dict.fromkeys(targets))
        self.intents.append(
            Intent(d, 0, len(self.intents), typ, targets, with_n, guidance or [], fill or {}, location, durations)
        )

    # -- who the actor is
    @property
    def lax(self) -> bool:
        return self.a.diligence < COMMON.lax_below

    @property
    def keen(self) -> bool:
        return self.a.diligence > COMMON.keen_above

    @property
    def block(self) -> SchoolBlock:
        assert self.a.school_block is not None, self.a.id
        return self.a.school_block

    @property
    def campus(self) -> Campus:
        assert self.a.campus is not None, self.a.id
        return self.a.campus

    def skip(self, p: float = COMMON.skip) -> bool:
        """Whether a deliberately lax actor skips an obligation this time (no draw for the others)."""
        return self.lax and self.rng.random() < p

    def one_if(self, p: float) -> int:
        """One companion with chance p, else none."""
        return 1 if self.rng.random() < p else 0

    # -- days and targets
    def teach_days(self, days: Sequence[date]) -> list[date]:
        return [d for d in days if d in DAYS and DAYS[d].teaching and self.a.active(d)]

    def mine(self, d: date, kind: str | None = None, tag: str | None = None) -> list[str]:
        """The actor's assigned targets on a day."""
        return self.planner.assigned.on(self.a.id, d, kind, tag)

    def any_class(self, d: date) -> str:
        sb = self.block
        return self.rng.choice([c for y in COHORTS for c in sb.classes[y] if available(self.w.by_id[c], d)])

    def any_dorm(self, d: date) -> str:
        sb = self.block
        return self.rng.choice([x for y in COHORTS for x in sb.dorms[y] if available(self.w.by_id[x], d)])

    def any_club(self, d: date) -> str:
        return self.rng.choice(self.campus.clubs)

    def pick(self, d: date, kind: str, fallback: Callable[[date], str]) -> str:
        """Mostly an assigned target of the kind; now and then another (a warning, as in life)."""
        mine = self.mine(d, kind)
        if mine and self.rng.random() < COMMON.assigned_target:
            return self.rng.choice(mine)
        return fallback(d)

    def guidance(self) -> list[str]:
        picked = self.rng.sample(GUIDANCE, self.rng.choice(COMMON.guidance_counts))
        return [g for g in GUIDANCE if g in picked]

    # -- activities several roles share
    def face_to_face(self, d: date, typ: str) -> None:
        rng = self.rng
        with_n = self.one_if(COMMON.companion)
        if typ == "club-activity" and not self.mine(d, "club"):
            typ = "dorm-visit"  # clubs are visited by those assigned one; the others visit a dorm
        if typ == "dorm-visit":
            self.add(d, typ, [self.pick(d, "dorm", self.any_dorm)], with_n)
        elif typ == "canteen-meal":
            self.add(d, typ, [self.pick(d, "class", self.any_class)], with_n, location=rng.choice(CANTEENS))
        elif typ == "class-observation":
            targets = [self.pick(d, "class", self.any_class)]
            young = self.mine(d, "teacher", "青年教师")
            if young and rng.random() < COMMON.young_teacher_in_class:
                targets.append(rng.choice(young))
            self.add(d, typ, targets, with_n, fill={"c": self.w.by_id[self.block.course].name})
        elif typ == "theme-activity":
            self.add(d, typ, [self.pick(d, "class", self.any_class)], with_n)
        else:  # club-activity
            self.add(d, typ, [self.pick(d, "club", self.any_club)], with_n)

    def vacation(self, days: Sequence[date], p: float) -> None:
        """Rare activities outside teaching days: online posts, visits to students on campus."""
        a, rng = self.a, self.rng
        workdays = [d for d in days if d.weekday() < 5 and a.active(d) and not DAYS[d].teaching]
        if not workdays or rng.random() >= p:
            return
        d = rng.choice(workdays)
        if a.channels or rng.random() < COMMON.vacation_online:
            self.add(d, "online-contact", [])
        else:
            dorms = self.mine(d, "dorm")
            if dorms:
                self.add(d, "dorm-visit", [rng.choice(dorms)])

    def secretary(self) -> None:
        """A branch secretary lectures in one of the branch's classes every semester."""
        for branch in self.a.secretary_of:
            for term in TERMS:
                plain = [d for d in self.teach_days(term_days(term)) if not DAYS[d].exam]
                if len(plain) < COMMON.min_span_days or self.skip(COMMON.secretary_skip_lecture):
                    continue
                d = self.rng.choice(plain)
                classes = self.planner.assigned.on(branch, d, "class")
                if classes:
                    self.add(d, "ideology-lecture", [self.rng.choice(classes)], fill={"branch": branch})
