"""A campus's people from the posts in ``institution``: leaders, middle cadres, party teachers, branches."""

from __future__ import annotations

from .habits import (
    BRANCH_DILIGENCE,
    DILIGENCE_FIXED,
    DILIGENCE_KEEN,
    DILIGENCE_KEEN_FROM,
    DILIGENCE_LAX,
    DILIGENCE_LAX_SHARE,
    DILIGENCE_USUAL,
    LAX_BRANCH,
    LAX_BRANCH_DILIGENCE,
)
from .institution import (
    ADMIN_1,
    ADMIN_GB,
    BRANCH_SECRETARIES,
    CAMPUS_TEACHERS,
    COMMITTEE,
    DEPARTMENT_CADRES,
    FIRST_SECRETARY_CHANNELS,
    FIRST_SECRETARY_ROLES,
    LEADERS,
    LIAISON,
    MARX_DEAN,
    OTHER_CAMPUS_LEADERS,
    OTHER_CAMPUS_SICK_LEAVE,
    SCHOOL_HEAD_TITLES,
    SCHOOL_TEACHER_POSTS,
    SCHOOLS_PER_CAMPUS,
    SICK_LEAVE,
    SICK_TEACHER,
    Leave,
    Post,
)
from .model import Actor, Block, World
from .names import NameBook


def add_people(w: World, book: NameBook, b: Block) -> None:
    """Everyone of the campus, in roster order; then their branches and their diligence."""
    add_leaders(w, book, b)
    add_cadres(w, book, b)
    add_teachers(w, book, b)
    set_secretaries(w, b)
    set_diligence(b)
    add_branch_actors(w, b)


def add_leaders(w: World, book: NameBook, b: Block) -> None:
    for i, post in enumerate(LEADERS if b.k == 0 else OTHER_CAMPUS_LEADERS):
        name, pid, acc = book.person()
        a = Actor(
            pid, name, "leader", COMMITTEE, post.title, ["leadership", *post.roles], b.branches[ADMIN_1].id,
            accounts=[acc], channels=list(post.channels), public=True, school=i % SCHOOLS_PER_CAMPUS, block=b.k,
            student_work=post.student_work, inspector=post.inspector,
        )  # fmt: skip
        b.leaders.append(w.add_actor(a))


def add_person(
    w: World, book: NameBook, b: Block, kind: str, unit: str, title: str, roles: list[str], branch: str, school: int
) -> Actor:
    name, pid, acc = book.person()
    a = w.add_actor(
        Actor(pid, name, kind, unit, title, roles, branch, accounts=[acc], school=school % SCHOOLS_PER_CAMPUS,
              block=b.k)
    )  # fmt: skip
    (b.cadres if kind == "cadre" else b.teachers).append(a)
    return a


def add_leave(w: World, a: Actor, leave: Leave) -> None:
    a.leaves.append((leave.start, leave.end))
    w.leaves.append({"person": a.id, "start": leave.start, "end": leave.end, "reason": leave.reason})


def fill_post(w: World, book: NameBook, b: Block, kind: str, post: Post) -> Actor:
    """The holder of a department or campus post."""
    base = "middle-cadre" if kind == "cadre" else "party-teacher"
    title = post.title.format(dep=b.dep)
    a = add_person(w, book, b, kind, b.unit_id(post.unit), title, [base, *post.roles], b.branch_id(post.branch),
                   post.school)  # fmt: skip
    a.channels = list(post.channels)
    a.public = post.public_on_main and b.k == 0
    a.since, a.until, a.marx = post.since, post.until, post.marx
    if post.leave:
        add_leave(w, a, post.leave)
    b.posts[post.key] = a
    return a


def add_cadres(w: World, book: NameBook, b: Block) -> None:
    for post in DEPARTMENT_CADRES:
        fill_post(w, book, b, "cadre", post)
    for s, sb in enumerate(b.schools):
        kname = w.by_id[sb.school].name
        dean, sec = (
            add_person(w, book, b, "cadre", sb.school, t.format(school=kname), ["middle-cadre", "school-head"],
                       sb.teacher_branch, s)
            for t in SCHOOL_HEAD_TITLES
        )  # fmt: skip
        if s == 0:
            sec.channels = list(FIRST_SECRETARY_CHANNELS)
            sec.roles += FIRST_SECRETARY_ROLES
        sb.heads = [dean.id, sec.id]
        w.by_id[sb.gb].secretary = sec.id
    fill_post(w, book, b, "cadre", MARX_DEAN)


def add_teachers(w: World, book: NameBook, b: Block) -> None:
    for s, sb in enumerate(b.schools):
        for title, teachers_branch in SCHOOL_TEACHER_POSTS:
            branch = sb.teacher_branch if teachers_branch else sb.student_branch
            sb.teachers.append(add_person(w, book, b, "teacher", sb.school, title, ["party-teacher"], branch, s).id)
        w.by_id[sb.teacher_branch].secretary = sb.teachers[0]
        w.by_id[sb.student_branch].secretary = sb.teachers[1]
    for post in CAMPUS_TEACHERS:
        fill_post(w, book, b, "teacher", post)
    add_leave(w, b.teachers[SICK_TEACHER], SICK_LEAVE if b.k == 0 else OTHER_CAMPUS_SICK_LEAVE)


def set_secretaries(w: World, b: Block) -> None:
    for key, post in BRANCH_SECRETARIES.items():
        b.branches[key].secretary = b.posts[post].id
    if b.k == 0:  # the institution's own committee and the admin general branch
        org_head = b.posts["org-head"]
        w.by_id[COMMITTEE].secretary = b.leaders[0].id
        w.by_id[ADMIN_GB].secretary = org_head.id
        w.admins.append(org_head.accounts[0])
        w.reviewers.append(org_head.id)  # the organisation department reviews what is published
        b.leaders[0].liaisons = [b.posts[LIAISON].id]
        b.leaders[1].liaisons = [b.posts[LIAISON].id]


def set_diligence(b: Block) -> None:
    people = b.people
    if b.merged:
        for a in people:
            a.since = max(a.since or b.merged, b.merged)
    for a in people:
        a.diligence = drawn_diligence(b.rng.random())
    groups = {"leaders": b.leaders, "cadres": b.cadres, "teachers": b.teachers}
    for group, i, diligence in DILIGENCE_FIXED:
        groups[group][i].diligence = diligence


def drawn_diligence(r: float) -> float:
    if r < DILIGENCE_LAX_SHARE:
        return DILIGENCE_LAX
    return DILIGENCE_KEEN if r > DILIGENCE_KEEN_FROM else DILIGENCE_USUAL


def add_branch_actors(w: World, b: Block) -> None:
    """Party branches file records too; a branch's actor shares its unit's id."""
    people = b.people
    b.branch_units = list(b.branches.values())
    for sb in b.schools:
        b.branch_units += [w.by_id[sb.teacher_branch], w.by_id[sb.student_branch]]
    for u in b.branch_units:
        ba = w.add_actor(Actor(u.id, u.name, "branch", u.id, block=b.k, since=b.merged))
        ba.diligence = LAX_BRANCH_DILIGENCE if u is b.branches[LAX_BRANCH] else BRANCH_DILIGENCE
        ba.with_pool = [a.id for a in people if a.branch == u.id]
        for a in people:
            if a.id == u.secretary:
                a.secretary_of.append(u.id)
