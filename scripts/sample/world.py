"""Builds the world: units, people, targets and assignments of every campus block."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from random import Random

from .institution import (
    ACADEMIC_DEPT,
    ADMIN_GB,
    CLUB_POOL,
    COHORT_NEW,
    COHORTS,
    COMMITTEE,
    DATA_START,
    DEPARTMENTS,
    GRADUATION,
    IDEOLOGY_COURSES,
    INSTITUTION_NAME,
    LOGISTICS_DEPT,
    MARX_OFFICE,
    MARX_SCHOOL,
    MERGE_DAY,
    NEW_COHORT_FROM,
    OFFICE_DEPT,
    ORG_DEPT,
    SCHOOL_POOL,
    STUDENT_DEPT,
)
from .model import Actor, Campus, SchoolBlock, Target, Unit, World
from .names import NameBook, cn_number


def build_world(scale: int, seed: int) -> World:
    w = World()
    book = NameBook(Random(f"{seed}:names"))
    w.add_unit(Unit(COMMITTEE, f"中共{INSTITUTION_NAME}委员会", "committee"))
    for uid, name in DEPARTMENTS:
        w.add_unit(Unit(uid, name, "department"))
    w.add_unit(Unit(ADMIN_GB, "机关党总支", "general-branch", COMMITTEE))
    w.add_unit(Unit(MARX_SCHOOL, "马克思主义学院", "school", COMMITTEE))
    w.add_unit(Unit(MARX_OFFICE, "思想政治理论课教研室", "teaching-office", MARX_SCHOOL))
    courses = [
        w.add_target(Target(cid, "course", cname, MARX_SCHOOL, ["思政课"])).id
        for cid, cname in IDEOLOGY_COURSES
    ]
    w.admins.append("org-dept-bot")

    building = 1
    student_no = 1
    for k in range(scale):
        rng = Random(f"{seed}:block:{k}")
        pre = "" if k == 0 else f"c{k + 1}-"
        suffix = "" if k == 0 else f"（第{cn_number(k + 1)}校区）"
        n_schools = 4
        # the sample itself is block 0; every further block is a campus that merged into the
        # institution at the start of the spring term 2026 (benchmark data only)
        merged = None if k == 0 else MERGE_DAY
        schools: list[SchoolBlock] = []
        # --- block-level admin branches and the Marxism branch
        admin1 = w.add_unit(
            Unit(f"{pre}admin-branch-1", f"机关第一党支部{suffix}", "branch", ADMIN_GB)
        )
        admin2 = w.add_unit(
            Unit(f"{pre}admin-branch-2", f"机关第二党支部{suffix}", "branch", ADMIN_GB)
        )
        marx_branch = w.add_unit(
            Unit(f"{pre}marx-branch", f"马克思主义学院教工党支部{suffix}", "branch", COMMITTEE)
        )
        ideology_teachers: list[str] = []
        for i in range(2):
            name, sur, given = book.name()
            tags = ["思政课教师", "青年教师"] if i == 0 else ["思政课教师", "专家"]
            ideology_teachers.append(
                w.add_target(
                    Target(book.teacher_id(sur, given), "teacher", name, MARX_SCHOOL, tags)
                ).id
            )
        clubs = []
        for cid, cname in CLUB_POOL[: (6 if k else len(CLUB_POOL))]:
            clubs.append(
                w.add_target(Target(f"{pre}{cid}", "club", f"{cname}{suffix}", STUDENT_DEPT)).id
            )

        # --- the professional schools of the block
        for s in range(n_schools):
            serial = 4 * k + s
            key, sname, major, oname, course = SCHOOL_POOL[serial % len(SCHOOL_POOL)]
            lap = serial // len(SCHOOL_POOL)
            kp = key if lap == 0 else f"{key}{lap + 1}"
            kname = sname if lap == 0 else f"{sname}{cn_number(lap + 1)}分院"
            school = w.add_unit(Unit(f"{kp}-school", kname, "school", COMMITTEE))
            gb = w.add_unit(
                Unit(f"{kp}-general-branch", f"{kname}党总支", "general-branch", COMMITTEE)
            )
            tb = w.add_unit(Unit(f"{kp}-teacher-branch", f"{kname}教工党支部", "branch", gb.id))
            sb = w.add_unit(Unit(f"{kp}-student-branch", f"{kname}学生党支部", "branch", gb.id))
            office = w.add_unit(Unit(f"{kp}-office", oname, "teaching-office", school.id))
            crs = w.add_target(Target(f"course-{kp}", "course", course, school.id))
            classes: dict[int, list[str]] = {}
            dorms: dict[int, list[str]] = {}
            students: dict[int, list[str]] = {}
            for year in COHORTS:
                sizes = {
                    2023: (16,),
                    2024: (18,),
                    2025: (10, 10),
                    2026: (12, 12) if s == 0 else (8, 8),
                }[year]
                level = (
                    "undergraduate"
                    if (year == 2024 and s == 3) or (year == 2025 and s == 1)
                    else "vocational"
                )
                avail = NEW_COHORT_FROM if year == COHORT_NEW else DATA_START
                until = GRADUATION if year == 2023 else None
                classes[year], dorms[year], students[year] = [], [], []
                floor = {2023: 5, 2024: 4, 2025: 3, 2026: 2}[year]
                room = 1
                for c, size in enumerate(sizes, start=1):
                    cls = w.add_target(
                        Target(
                            f"{kp}-{year}-{c}",
                            "class",
                            f"{major}{year}级{c}班",
                            school.id,
                            [],
                            year,
                            level,
                            available_from=avail,
                            available_until=until,
                        )
                    )
                    classes[year].append(cls.id)
                    ids: list[str] = []
                    for _ in range(size):
                        name, _sur, _given = book.name()
                        st = w.add_target(
                            Target(
                                f"stu-{student_no:05d}",
                                "student",
                                name,
                                school.id,
                                [],
                                year,
                                level,
                                available_from=avail,
                                available_until=until,
                                klass=cls.id,
                            )
                        )
                        student_no += 1
                        ids.append(st.id)
                    students[year] += ids
                    # dorms of up to six students of the same class
                    for j in range(0, size, 6):
                        dm = w.add_target(
                            Target(
                                f"dorm-{building}-{floor}{room:02d}",
                                "dorm",
                                f"{building}栋{floor}{room:02d}宿舍",
                                school.id,
                                members=ids[j : j + 6],
                                available_from=avail,
                                available_until=until,
                                klass=cls.id,
                            )
                        )
                        dorms[year].append(dm.id)
                        room += 1
                # tags: hardship (some explicitly sensitive), psychological care, cadres, activists
                ids = students[year]
                hard_n = {2023: 0, 2024: 2, 2025: 2, 2026: 1}[year]
                picks = rng.sample(ids, hard_n + 4)
                for j, x in enumerate(picks[:hard_n]):
                    w.by_id[x].tags.append("困难学生")
                    if j == 1:
                        w.by_id[x].sensitive = True
                rest = picks[hard_n:]
                if year in (2024, 2025):
                    w.by_id[rest[0]].tags.append("心理关注")
                    w.by_id[rest[0]].sensitive = True
                w.by_id[rest[1]].tags.append("学生干部")
                w.by_id[rest[2]].tags.append("学生干部")
                w.by_id[rest[3]].tags.append("入党积极分子")
                if year == 2023:
                    w.by_id[rest[2]].tags.append("入党积极分子")
            building += 1

            # teachers who are contact targets
            def teacher(tags: list[str], school: Unit = school) -> str:
                name, sur, given = book.name()
                return w.add_target(
                    Target(book.teacher_id(sur, given), "teacher", name, school.id, tags)
                ).id

            counsellor = teacher(["辅导员"])
            young = [teacher(["青年教师", "一线教师"]), teacher(["青年教师"])]
            expert = teacher(["专家", "一线教师"])
            activist = teacher(["一线教师", "入党积极分子"])
            schools.append(
                SchoolBlock(
                    kp,
                    school.id,
                    gb.id,
                    tb.id,
                    sb.id,
                    office.id,
                    classes,
                    dorms,
                    students,
                    counsellor,
                    young,
                    expert,
                    activist,
                    crs.id,
                )
            )

        # --- leadership
        lead_titles = (
            [
                "党委书记",
                "党委副书记、校长",
                "党委副书记",
                "纪委书记",
                "副校长",
                "副校长",
                "副校长",
                "党委委员、副校长",
                "总会计师",
            ]
            if k == 0
            else ["党委委员、副校长", "副校长", "党委委员"]
        )
        leaders: list[Actor] = []
        for i, title in enumerate(lead_titles):
            name, pid, acc = book.person()
            roles = ["leadership"]
            if k == 0 and i == 0:
                roles.append("party-secretary")
            if k == 0 and i == 1:
                roles.append("president")
            a = w.add_actor(
                Actor(
                    pid,
                    name,
                    "leader",
                    COMMITTEE,
                    title,
                    roles,
                    admin1.id,
                    accounts=[acc],
                    public=True,
                    school=i % n_schools,
                    block=k,
                )
            )
            if title == "党委副书记":
                a.channels = ["wechat", "weibo"]
                a.student_work = True
            if "纪委" in title or "party-secretary" in roles:
                a.inspector = True
            leaders.append(a)

        # --- middle cadres
        cadres: list[Actor] = []

        def cadre(
            unit: str,
            title: str,
            roles: list[str],
            branch: str,
            school_idx: int,
            *,
            _k: int = k,
            _n: int = n_schools,
            _out: list[Actor] = cadres,
        ) -> Actor:
            name, pid, acc = book.person()
            a = w.add_actor(
                Actor(
                    pid,
                    name,
                    "cadre",
                    unit,
                    title,
                    ["middle-cadre"] + roles,
                    branch,
                    accounts=[acc],
                    school=school_idx % _n,
                    block=_k,
                )
            )
            _out.append(a)
            return a

        dep = "" if k == 0 else "副"
        org_head = cadre(ORG_DEPT, f"组织部{dep}部长", [], admin1.id, 0)
        swh1 = cadre(STUDENT_DEPT, f"学生工作部{dep}部长", ["student-work-head"], admin1.id, 1)
        swh1.channels = ["wechat", "weibo"]
        swh1.public = k == 0  # the head of student affairs is named on the public site too
        swh2 = cadre(STUDENT_DEPT, "学生工作部副部长", ["student-work-head"], admin2.id, 2)
        swh2.channels = ["wechat", "qq"]
        log_old = cadre(LOGISTICS_DEPT, f"后勤管理处{dep}处长", [], admin2.id, 3)
        log_old.until = date(2026, 5, 31)
        log_new = cadre(LOGISTICS_DEPT, f"后勤管理处{dep}处长", [], admin2.id, 3)
        log_new.since = date(2026, 6, 1)
        office_head = cadre(OFFICE_DEPT, f"党政办公室{dep}主任", [], admin1.id, 0)
        acad_head = cadre(ACADEMIC_DEPT, f"教务处{dep}处长", [], admin2.id, 1)
        leave = (date(2026, 4, 1), date(2026, 6, 30))
        acad_head.leaves.append(leave)
        w.leaves.append(
            {"person": acad_head.id, "start": leave[0], "end": leave[1], "reason": "挂职锻炼"}
        )
        for s, sb in enumerate(schools):
            kname = w.by_id[sb.school].name
            dean = cadre(sb.school, f"{kname}院长", ["school-head"], sb.teacher_branch, s)
            sec = cadre(sb.school, f"{kname}党总支书记", ["school-head"], sb.teacher_branch, s)
            if s == 0:
                sec.channels = ["wechat"]
                sec.roles.append("student-work-head")
            sb.heads = [dean.id, sec.id]
            w.by_id[sb.gb].secretary = sec.id
        marx_dean = cadre(
            MARX_SCHOOL,
            "马克思主义学院院长" if k == 0 else "马克思主义学院副院长",
            ["school-head"],
            marx_branch.id,
            0,
        )

        # --- party-member teachers
        teachers: list[Actor] = []

        def party_teacher(
            unit: str,
            title: str,
            branch: str,
            school_idx: int,
            *,
            _k: int = k,
            _n: int = n_schools,
            _out: list[Actor] = teachers,
        ) -> Actor:
            name, pid, acc = book.person()
            a = w.add_actor(
                Actor(
                    pid,
                    name,
                    "teacher",
                    unit,
                    title,
                    ["party-teacher"],
                    branch,
                    accounts=[acc],
                    school=school_idx % _n,
                    block=_k,
                )
            )
            _out.append(a)
            return a

        for s, sb in enumerate(schools):
            for i, title in enumerate(("专任教师", "辅导员", "教研室主任", "实训指导教师")):
                branch = sb.teacher_branch if i in (0, 2) else sb.student_branch
                sb.teachers.append(party_teacher(sb.school, title, branch, s).id)
            w.by_id[sb.teacher_branch].secretary = sb.teachers[0]
            w.by_id[sb.student_branch].secretary = sb.teachers[1]
        marx_t1 = party_teacher(MARX_SCHOOL, "思政课教师", marx_branch.id, 0)
        marx_t2 = party_teacher(MARX_SCHOOL, "思政课教师", marx_branch.id, 1)
        marx_t1.marx = marx_t2.marx = True
        secretary = party_teacher(OFFICE_DEPT, "党政办公室秘书", admin1.id, 2)
        psych = party_teacher(STUDENT_DEPT, "心理健康教育中心教师", admin2.id, 3)
        joiner = party_teacher(
            schools[0].school, "专任教师（新入职）", schools[0].teacher_branch, 0
        )
        joiner.since = date(2026, 10, 8)
        sick = teachers[2]
        leave = (
            (date(2025, 11, 17), date(2025, 11, 28))
            if k == 0
            else (date(2026, 11, 2), date(2026, 11, 13))
        )
        sick.leaves.append(leave)
        w.leaves.append({"person": sick.id, "start": leave[0], "end": leave[1], "reason": "病假"})
        admin1.secretary = org_head.id
        admin2.secretary = office_head.id
        marx_branch.secretary = marx_t1.id
        if k == 0:
            w.by_id[COMMITTEE].secretary = leaders[0].id
            w.by_id[ADMIN_GB].secretary = org_head.id
            w.admins.append(org_head.accounts[0])
            leaders[0].liaisons = [secretary.id]
            leaders[1].liaisons = [secretary.id]

        # --- diligence: a few deliberately below quota, a few above
        people = leaders + cadres + teachers
        if merged:
            for a in people:
                a.since = max(a.since or merged, merged)
        for a in people:
            r = rng.random()
            a.diligence = 0.5 if r < 0.1 else (1.5 if r > 0.85 else 1.0)
        leaders[0].diligence = 1.5  # the party secretary sets an example
        leaders[-1].diligence = 0.5
        teachers[5].diligence = 0.5
        cadres[8].diligence = 0.5

        # --- party branches as actors (unit actors)
        branches = [admin1, admin2, marx_branch]
        for sb in schools:
            branches += [w.by_id[sb.teacher_branch], w.by_id[sb.student_branch]]
        for b in branches:
            ba = w.add_actor(Actor(b.id, b.name, "branch", b.id, block=k, since=merged))
            ba.diligence = 0.6 if b is admin2 else 1.0
            ba.with_pool = [a.id for a in people if a.branch == b.id]
            for a in people:
                if a.id == b.secretary:
                    a.secretary_of.append(b.id)

        # ------------------------------------------------------------------ assignments
        def assign(
            actor: Actor | Unit,
            targets: Sequence[str],
            since: date | None = None,
            until: date | None = None,
        ) -> None:
            """One row per availability window of the targets, within the actor's post."""
            holder = w.actor_by_id.get(actor.id, actor)  # a branch's actor carries the merge date
            since = max(filter(None, (since, getattr(holder, "since", None))), default=None)
            until = min(filter(None, (until, getattr(holder, "until", None))), default=None)
            windows: dict[tuple[date | None, date | None], list[str]] = {}
            for t in targets:
                obj = w.by_id[t]
                lo = (
                    obj.available_from
                    if isinstance(obj, Target) and obj.available_from > DATA_START
                    else None
                )
                hi = obj.available_until if isinstance(obj, Target) else None
                lo = max(filter(None, (lo, since)), default=None)
                hi = min(filter(None, (hi, until)), default=None)
                windows.setdefault((lo, hi), []).append(t)
            for (lo, hi), ts in windows.items():
                w.assign(actor.id, ts, lo, hi)

        for i, a in enumerate(leaders):
            sb = schools[a.school]
            year = 2025 if i % 2 == 0 else 2024
            counsellors = [sb.counsellor]
            if a.student_work:
                counsellors = [x.counsellor for x in schools][:3]
            targets = [
                sb.gb,
                sb.school,
                sb.student_branch,
                sb.office,
                sb.young[i // n_schools % 2],
                sb.classes[year][0],
                sb.dorms[year][0],
                clubs[i % len(clubs)],
            ]
            targets += counsellors + courses
            if k == 0 and i == len(leaders) - 1:
                targets += [ADMIN_GB, MARX_SCHOOL]
            assign(a, targets)
            a.with_pool = sb.heads + [swh1.id, office_head.id]
            a.school_block = sb
        # hardship students: each has a middle cadre (one per block deliberately left out)
        hard = [
            t
            for sb in schools
            for y in COHORTS
            for t in sb.students[y]
            if "困难学生" in w.by_id[t].tags
        ]
        hard = hard[:-1]
        owners = [c for c in cadres if c is not log_new]
        hard_of: dict[str, list[str]] = {c.id: [] for c in owners}
        for j, t in enumerate(hard):
            hard_of[owners[j % len(owners)].id].append(t)
        for i, a in enumerate(cadres):
            sb = schools[a.school]
            a.school_block = sb
            a.with_pool = list(sb.teachers)
            if a is log_new:
                continue  # takes over the predecessor's assignment below
            if a.id in sb.heads:
                targets = [
                    sb.classes[2025][i % 2],
                    sb.dorms[2025][i % 3],
                    sb.counsellor,
                    sb.school,
                    sb.teacher_branch,
                    sb.student_branch,
                ]
            elif a is marx_dean:
                targets = (
                    [
                        schools[1 % n_schools].classes[2025][0],
                        clubs[0],
                        schools[1 % n_schools].dorms[2025][0],
                    ]
                    + ideology_teachers
                    + [MARX_SCHOOL, MARX_OFFICE]
                )
            else:
                targets = [
                    sb.classes[2025][i % 2],
                    clubs[(i + 1) % len(clubs)],
                    sb.dorms[2025][i % 3],
                ]
                if "student-work-head" in a.roles:
                    targets += [x.counsellor for x in schools][:2] + [ideology_teachers[i % 2]]
                else:
                    targets.append(ideology_teachers[i % 2])
            targets += hard_of[a.id]
            if a is log_old:
                assign(a, targets)
                assign(log_new, targets)
                log_new.school_block = sb
            else:
                assign(a, targets)
        # branches: two first- or second-year classes at any time
        switch = date(2026, 8, 31)
        for sb in schools:
            assign(w.by_id[sb.teacher_branch], [sb.classes[2025][0]])
            assign(w.by_id[sb.teacher_branch], [sb.classes[2024][0]], until=switch)
            assign(w.by_id[sb.teacher_branch], [sb.classes[2026][0]])
            assign(w.by_id[sb.student_branch], [sb.classes[2025][1]])
            assign(w.by_id[sb.student_branch], [sb.classes[2024][0]], until=switch)
            assign(w.by_id[sb.student_branch], [sb.classes[2026][1]])
        s0, s1, s2 = schools[0], schools[1 % n_schools], schools[2 % n_schools]
        assign(admin1, [s0.classes[2025][1], s1.classes[2025][0]])
        assign(admin2, [s2.classes[2025][0]])
        assign(admin2, [s2.classes[2024][0]], until=switch)
        assign(admin2, [s2.classes[2026][0]])
        assign(marx_branch, [s1.classes[2024][0]], until=switch)
        assign(marx_branch, [s1.classes[2025][1], s1.classes[2026][1]])
        for b in branches:  # a secretary lectures in the branch's classes, so they are theirs too
            sec_actor = w.by_id.get(b.secretary or "")
            for row in [r for r in w.assignments if r.actor == b.id]:
                w.assign(sec_actor.id, row.targets, row.since, row.until)
        assign(marx_t1, courses[:2] + [s0.classes[2025][0], s1.classes[2025][0]])
        assign(marx_t2, courses[2:] + [s2.classes[2025][0], s2.classes[2025][1]])
        # party teachers: ~10 students (two dorms' worth); one student per school left uncovered;
        # who had graduating students takes new ones in September 2026
        external = [marx_t1, marx_t2, secretary, psych]
        owners_of: dict[int, list[Actor]] = {
            s: [w.by_id[t] for t in sb.teachers] for s, sb in enumerate(schools)
        }
        for j, ext in enumerate(external):
            owners_of[j % n_schools].append(ext)
        for s, sb in enumerate(schools):
            pool = [x for y in (2023, 2024, 2025) for x in sb.students[y]]
            uncovered = sb.students[2025][-1]
            pool = [x for x in pool if x != uncovered]
            owners_s = owners_of[s]
            newcomers = list(sb.students[2026])
            for j, owner in enumerate(owners_s):
                chunk = pool[j * len(pool) // len(owners_s) : (j + 1) * len(pool) // len(owners_s)]
                dset = [
                    dm
                    for y in (2023, 2024, 2025)
                    for dm in sb.dorms[y]
                    if set(w.by_id[dm].members) & set(chunk)
                ]
                assign(owner, dset + chunk)
                leaving = sum(1 for x in chunk if w.by_id[x].enrolled == 2023)
                if leaving:
                    take, newcomers = newcomers[:leaving], newcomers[leaving:]
                    dnew = [dm for dm in sb.dorms[2026] if set(w.by_id[dm].members) & set(take)]
                    assign(owner, dnew + take)
                owner.school_block = sb
                owner.with_pool = [x for x in sb.teachers if x != owner.id]
            if newcomers:
                dnew = [dm for dm in sb.dorms[2026] if set(w.by_id[dm].members) & set(newcomers)]
                assign(joiner if s == 0 else owners_s[-1], dnew + newcomers)
        joiner.school_block = schools[0]
        joiner.with_pool = list(schools[0].teachers)
        ctx = Campus(schools, clubs, ideology_teachers, courses)
        for a in people + [w.actor_by_id[b.id] for b in branches]:
            a.campus = ctx
    return w
