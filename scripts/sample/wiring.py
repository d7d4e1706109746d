"""Assignments: which targets each leader, cadre, teacher and branch of a campus is responsible for.

The rows are appended in roster order (leaders, cadres, branches, teachers), which is also the order
of rosters/assignments.yml.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .institution import (
    ADMIN_1,
    ADMIN_2,
    ADMIN_GB,
    COHORT_NEW,
    COHORTS,
    DATA_START,
    FIRST_YEAR,
    GRADUATING,
    MARX_BRANCH,
    MARX_OFFICE,
    MARX_SCHOOL,
    SCHOOL_SWITCH,
    SECOND_YEAR,
)
from .model import Actor, Block, Campus, SchoolBlock, Target, Unit, World

CONTINUING = (GRADUATING, SECOND_YEAR, FIRST_YEAR)  # the cohorts already at school when the data starts


def wire(w: World, b: Block) -> None:
    wire_leaders(w, b)
    wire_cadres(w, b)
    wire_branches(w, b)
    wire_teachers(w, b)
    campus = Campus(b.schools, b.clubs, b.ideology_teachers, b.courses)
    for a in b.people + [w.actor_by_id[u.id] for u in b.branch_units]:
        a.campus = campus


def window(obj: object, since: date | None, until: date | None) -> tuple[date | None, date | None]:
    """The part of [since, until] in which a target exists (None: open-ended)."""
    lo = obj.available_from if isinstance(obj, Target) and obj.available_from > DATA_START else None
    hi = obj.available_until if isinstance(obj, Target) else None
    return max(filter(None, (lo, since)), default=None), min(filter(None, (hi, until)), default=None)


def assign(
    w: World, actor: Actor | Unit, targets: Sequence[str], since: date | None = None, until: date | None = None
) -> None:
    """One row per availability window of the targets, within the actor's post."""
    holder = w.actor_by_id.get(actor.id, actor)  # a branch's actor carries the merge date
    since = max(filter(None, (since, getattr(holder, "since", None))), default=None)
    until = min(filter(None, (until, getattr(holder, "until", None))), default=None)
    windows: dict[tuple[date | None, date | None], list[str]] = {}
    for t in targets:
        windows.setdefault(window(w.by_id[t], since, until), []).append(t)
    for (lo, hi), ts in windows.items():
        w.assign(actor.id, ts, lo, hi)


def wire_leaders(w: World, b: Block) -> None:
    """Each leader has a school (its units, a young teacher, a class, a dorm), a club and the courses."""
    n = len(b.schools)
    for i, a in enumerate(b.leaders):
        sb = b.schools[a.school]
        year = FIRST_YEAR if i % 2 == 0 else SECOND_YEAR
        counsellors = [x.counsellor for x in b.schools][:3] if a.student_work else [sb.counsellor]
        targets = [
            sb.gb, sb.school, sb.student_branch, sb.office, sb.young[i // n % 2], sb.classes[year][0],
            sb.dorms[year][0], b.clubs[i % len(b.clubs)],
        ]  # fmt: skip
        targets += counsellors + b.courses
        if b.k == 0 and i == len(b.leaders) - 1:
            targets += [ADMIN_GB, MARX_SCHOOL]
        assign(w, a, targets)
        a.with_pool = sb.heads + [b.posts["student-work-head"].id, b.posts["office-head"].id]
        a.school_block = sb


def hardship_owners(w: World, b: Block) -> dict[str, list[str]]:
    """Each hardship student has a middle cadre (one per block deliberately left out)."""
    hard = [t for sb in b.schools for y in COHORTS for t in sb.students[y] if "困难学生" in w.by_id[t].tags]
    hard = hard[:-1]
    owners = [c for c in b.cadres if c is not b.posts["logistics-new"]]
    hard_of: dict[str, list[str]] = {c.id: [] for c in owners}
    for j, t in enumerate(hard):
        hard_of[owners[j % len(owners)].id].append(t)
    return hard_of


def cadre_targets(b: Block, i: int, a: Actor, sb: SchoolBlock) -> list[str]:
    """A school head has their school; the Marxism dean the ideology teachers; others a class and a club."""
    if a.id in sb.heads:
        return [
            sb.classes[FIRST_YEAR][i % 2], sb.dorms[FIRST_YEAR][i % 3], sb.counsellor, sb.school, sb.teacher_branch,
            sb.student_branch,
        ]  # fmt: skip
    if a is b.posts["marx-dean"]:
        other = b.schools[1 % len(b.schools)]
        return (
            [other.classes[FIRST_YEAR][0], b.clubs[0], other.dorms[FIRST_YEAR][0]]
            + b.ideology_teachers
            + [MARX_SCHOOL, MARX_OFFICE]
        )
    targets = [sb.classes[FIRST_YEAR][i % 2], b.clubs[(i + 1) % len(b.clubs)], sb.dorms[FIRST_YEAR][i % 3]]
    if "student-work-head" in a.roles:
        targets += [x.counsellor for x in b.schools][:2]
    targets.append(b.ideology_teachers[i % 2])
    return targets


def wire_cadres(w: World, b: Block) -> None:
    hard_of = hardship_owners(w, b)
    old, new = b.posts["logistics-old"], b.posts["logistics-new"]
    for i, a in enumerate(b.cadres):
        sb = b.schools[a.school]
        a.school_block = sb
        a.with_pool = list(sb.teachers)
        if a is new:
            continue  # takes over the predecessor's assignment below
        targets = cadre_targets(b, i, a, sb) + hard_of[a.id]
        assign(w, a, targets)
        if a is old:
            assign(w, new, targets)
            new.school_block = sb


def wire_branches(w: World, b: Block) -> None:
    """Branches: two first- or second-year classes at any time; their secretaries share them."""
    for sb in b.schools:
        for branch, c in ((sb.teacher_branch, 0), (sb.student_branch, 1)):
            unit = w.by_id[branch]
            assign(w, unit, [sb.classes[FIRST_YEAR][c]])
            assign(w, unit, [sb.classes[SECOND_YEAR][0]], until=SCHOOL_SWITCH)
            assign(w, unit, [sb.classes[COHORT_NEW][c]])
    s0, s1, s2 = (b.schools[j % len(b.schools)] for j in range(3))
    admin1, admin2, marx = b.branches[ADMIN_1], b.branches[ADMIN_2], b.branches[MARX_BRANCH]
    assign(w, admin1, [s0.classes[FIRST_YEAR][1], s1.classes[FIRST_YEAR][0]])
    assign(w, admin2, [s2.classes[FIRST_YEAR][0]])
    assign(w, admin2, [s2.classes[SECOND_YEAR][0]], until=SCHOOL_SWITCH)
    assign(w, admin2, [s2.classes[COHORT_NEW][0]])
    assign(w, marx, [s1.classes[SECOND_YEAR][0]], until=SCHOOL_SWITCH)
    assign(w, marx, [s1.classes[FIRST_YEAR][1], s1.classes[COHORT_NEW][1]])
    for u in b.branch_units:  # a secretary lectures in the branch's classes, so they are theirs too
        sec_actor = w.by_id[u.secretary or ""]
        for row in [r for r in w.assignments if r.actor == u.id]:
            w.assign(sec_actor.id, row.targets, row.since, row.until)
    assign(w, b.posts["marx-1"], b.courses[:2] + [s0.classes[FIRST_YEAR][0], s1.classes[FIRST_YEAR][0]])
    assign(w, b.posts["marx-2"], b.courses[2:] + [s2.classes[FIRST_YEAR][0], s2.classes[FIRST_YEAR][1]])


def wire_teachers(w: World, b: Block) -> None:
    """Party teachers: ~10 students each (two dorms' worth), four campus teachers lending a hand."""
    external = [b.posts[key] for key in ("marx-1", "marx-2", "secretary", "psych")]
    owners_of: dict[int, list[Actor]] = {s: [w.by_id[t] for t in sb.teachers] for s, sb in enumerate(b.schools)}
    for j, ext in enumerate(external):
        owners_of[j % len(b.schools)].append(ext)
    joiner = b.posts["joiner"]
    for s, sb in enumerate(b.schools):
        newcomers = wire_school_students(w, sb, owners_of[s])
        if newcomers:
            dnew = dorms_of(w, sb.dorms[COHORT_NEW], newcomers)
            assign(w, joiner if s == 0 else owners_of[s][-1], dnew + newcomers)
    joiner.school_block = b.schools[0]
    joiner.with_pool = list(b.schools[0].teachers)


def dorms_of(w: World, dorms: list[str], students: list[str]) -> list[str]:
    return [dm for dm in dorms if set(w.by_id[dm].members) & set(students)]


def wire_school_students(w: World, sb: SchoolBlock, owners: list[Actor]) -> list[str]:
    """Shares a school's students among its owners; returns the newcomers nobody took yet.

    One first-year student per school is left uncovered; who had graduating students takes as many
    new ones in September 2026.
    """
    uncovered = sb.students[FIRST_YEAR][-1]
    pool = [x for y in CONTINUING for x in sb.students[y] if x != uncovered]
    newcomers = list(sb.students[COHORT_NEW])
    for j, owner in enumerate(owners):
        chunk = pool[j * len(pool) // len(owners) : (j + 1) * len(pool) // len(owners)]
        assign(w, owner, dorms_of(w, [dm for y in CONTINUING for dm in sb.dorms[y]], chunk) + chunk)
        leaving = sum(1 for x in chunk if w.by_id[x].enrolled == GRADUATING)
        if leaving:
            take, newcomers = newcomers[:leaving], newcomers[leaving:]
            assign(w, owner, dorms_of(w, sb.dorms[COHORT_NEW], take) + take)
        owner.school_block = sb
        owner.with_pool = [x for x in sb.teachers if x != owner.id]
    return newcomers
