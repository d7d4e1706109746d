#!/usr/bin/env python3
"""Generate the fictional sample institution: rosters and contact records.

Usage::

    python scripts/make_sample.py [--out DIR] [--scale N] [--seed S]

``--out`` defaults to the repository root; the script writes ``rosters/*.yml`` and replaces the
whole ``records/`` tree there (the policy ``policies/example-2024.yml`` is maintained by hand).
``--scale 1`` is the shipped sample; ``--scale 40`` gives about 100,000 records and 2,000 actors
for benchmarks. The output depends only on the arguments: every random choice comes from a
``random.Random`` seeded from ``--seed`` and a fixed label, nothing reads today's date, and every
iteration is over lists in a fixed order, so two runs with the same arguments are byte-identical.

Everything here is invented: the institution, its units and every person's name (built from
common surnames and given-name characters).
"""

from __future__ import annotations

import argparse
import calendar as pycal
import re
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

import yaml

# --------------------------------------------------------------------------- fixed facts

DATA_START = date(2025, 9, 1)
DATA_END = date(2026, 11, 20)  # fixed end of the generated records (never "today")
COHORT_NEW = 2026  # the cohort that arrives in September 2026
NEW_COHORT_FROM = date(2026, 9, 1)

INSTITUTION_NAME = "东湖职业技术学院"
INSTITUTION_CODE = "99999"
PUBLISHER = "中共东湖职业技术学院委员会组织部"


@dataclass(frozen=True)
class TermDef:
    id: str
    name: str
    start: date
    end: date
    breaks: tuple[tuple[str, date, date], ...]
    makeup: tuple[date, ...]


TERMS: tuple[TermDef, ...] = (
    TermDef(
        "2025-2026-1",
        "2025—2026学年第一学期",
        date(2025, 9, 1),
        date(2026, 1, 16),
        (
            ("国庆节", date(2025, 10, 1), date(2025, 10, 8)),
            ("元旦", date(2026, 1, 1), date(2026, 1, 1)),
        ),
        (date(2025, 9, 28), date(2025, 10, 11)),
    ),
    TermDef(
        "2025-2026-2",
        "2025—2026学年第二学期",
        date(2026, 3, 2),
        date(2026, 7, 10),
        (
            ("清明节", date(2026, 4, 4), date(2026, 4, 6)),
            ("劳动节", date(2026, 5, 1), date(2026, 5, 5)),
            ("端午节", date(2026, 6, 19), date(2026, 6, 21)),
        ),
        (date(2026, 5, 9),),
    ),
    TermDef(
        "2026-2027-1",
        "2026—2027学年第一学期",
        date(2026, 8, 31),
        date(2027, 1, 15),
        (("国庆节", date(2026, 10, 1), date(2026, 10, 7)),),
        (date(2026, 9, 27), date(2026, 10, 10)),
    ),
)

ORG_DEPT = "org-dept"
STUDENT_DEPT = "student-affairs-dept"
LOGISTICS_DEPT = "logistics-dept"
OFFICE_DEPT = "party-office"
ACADEMIC_DEPT = "academic-affairs-dept"
COMMITTEE = "party-committee"
ADMIN_GB = "admin-general-branch"
MARX_SCHOOL = "marx-school"
MARX_OFFICE = "marx-office"

DEPARTMENTS: tuple[tuple[str, str], ...] = (
    (ORG_DEPT, "党委组织部"),
    (STUDENT_DEPT, "党委学生工作部（学生工作处）"),
    (LOGISTICS_DEPT, "后勤管理处"),
    (OFFICE_DEPT, "党政办公室"),
    (ACADEMIC_DEPT, "教务处"),
)

# (id prefix, school name, major, teaching office name, professional course)
SCHOOL_POOL: tuple[tuple[str, str, str, str, str], ...] = (
    ("mech", "机电工程学院", "机电一体化技术", "数控技术教研室", "可编程控制器应用"),
    ("info", "信息工程学院", "软件技术", "软件技术教研室", "程序设计基础"),
    ("econ", "经济管理学院", "大数据与会计", "会计教研室", "财务会计实务"),
    ("nursing", "护理学院", "护理", "护理实训中心", "基础护理学"),
    ("build", "建筑工程学院", "建筑工程技术", "建筑施工教研室", "建筑构造与识图"),
    ("auto", "汽车工程学院", "新能源汽车技术", "汽车检测实训中心", "汽车电气系统检修"),
    ("art", "艺术设计学院", "视觉传达设计", "设计基础教研室", "平面构成"),
    ("tour", "旅游管理学院", "旅游管理", "导游实训中心", "导游业务"),
)

CLUB_POOL: tuple[tuple[str, str], ...] = (
    ("club-volunteer", "青年志愿者协会"),
    ("club-calligraphy", "书法协会"),
    ("club-basketball", "篮球社"),
    ("club-robotics", "机器人创新社"),
    ("club-drama", "话剧社"),
    ("club-mental-health", "心理健康协会"),
    ("club-reading", "读书会"),
)

IDEOLOGY_COURSES: tuple[tuple[str, str], ...] = (
    ("course-ethics-law", "思想道德与法治"),
    ("course-theory-intro", "毛泽东思想和中国特色社会主义理论体系概论"),
    ("course-situation-policy", "形势与政策"),
    ("course-new-era-thought", "习近平新时代中国特色社会主义思想概论"),
)

GUIDANCE = ("思政引导", "学业辅导", "心理疏导", "成长指导", "言行示导")
SENSITIVE_TAGS = ("困难学生", "心理关注")

CHANNEL_NAMES = {"wechat": "微信公众号", "weibo": "官方微博", "qq": "QQ群"}

# --------------------------------------------------------------------------- names

SURNAMES: tuple[tuple[str, str], ...] = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
    ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"),
    ("罗", "luo"), ("高", "gao"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
    ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"),
    ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"), ("田", "tian"), ("董", "dong"), ("潘", "pan"),
    ("袁", "yuan"), ("蔡", "cai"), ("蒋", "jiang"), ("余", "yu"), ("杜", "du"), ("叶", "ye"),
    ("程", "cheng"), ("魏", "wei"), ("苏", "su"), ("吕", "lv"), ("丁", "ding"), ("任", "ren"),
    ("卢", "lu"), ("姚", "yao"), ("沈", "shen"), ("钟", "zhong"), ("姜", "jiang"), ("崔", "cui"),
    ("谭", "tan"), ("陆", "lu"), ("范", "fan"), ("廖", "liao"), ("石", "shi"), ("金", "jin"),
    ("贾", "jia"), ("夏", "xia"), ("付", "fu"), ("方", "fang"), ("邹", "zou"), ("熊", "xiong"),
    ("白", "bai"), ("孟", "meng"), ("秦", "qin"), ("邱", "qiu"), ("侯", "hou"), ("江", "jiang"),
    ("尹", "yin"), ("薛", "xue"), ("段", "duan"), ("雷", "lei"), ("龙", "long"), ("史", "shi"),
    ("陶", "tao"), ("贺", "he"), ("毛", "mao"), ("郝", "hao"), ("顾", "gu"), ("龚", "gong"),
    ("邵", "shao"), ("万", "wan"), ("钱", "qian"), ("戴", "dai"), ("严", "yan"), ("莫", "mo"),
)  # fmt: skip

GIVEN: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"),
    ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"),
    ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"),
    ("平", "ping"), ("刚", "gang"), ("英", "ying"), ("华", "hua"), ("玉", "yu"), ("萍", "ping"),
    ("红", "hong"), ("娟", "juan"), ("建", "jian"), ("国", "guo"), ("文", "wen"), ("辉", "hui"),
    ("宇", "yu"), ("鹏", "peng"), ("飞", "fei"), ("琳", "lin"), ("晨", "chen"), ("欣", "xin"),
    ("怡", "yi"), ("浩", "hao"), ("然", "ran"), ("思", "si"), ("雨", "yu"), ("婷", "ting"),
    ("博", "bo"), ("轩", "xuan"), ("子", "zi"), ("涵", "han"), ("睿", "rui"), ("佳", "jia"),
    ("俊", "jun"), ("志", "zhi"), ("海", "hai"), ("春", "chun"), ("晓", "xiao"), ("东", "dong"),
    ("亮", "liang"), ("凯", "kai"), ("昊", "hao"), ("嘉", "jia"), ("琪", "qi"), ("悦", "yue"),
    ("彤", "tong"), ("诗", "shi"), ("雅", "ya"), ("倩", "qian"), ("颖", "ying"), ("慧", "hui"),
    ("瑶", "yao"), ("宁", "ning"), ("帆", "fan"), ("航", "hang"), ("泽", "ze"), ("天", "tian"),
    ("成", "cheng"), ("立", "li"), ("新", "xin"), ("振", "zhen"), ("斌", "bin"), ("毅", "yi"),
    ("波", "bo"), ("峰", "feng"), ("清", "qing"), ("云", "yun"), ("兰", "lan"), ("梅", "mei"),
    ("雪", "xue"), ("岚", "lan"), ("松", "song"), ("凡", "fan"), ("哲", "zhe"), ("晗", "han"),
)  # fmt: skip


class NameBook:
    """Hands out unique fictional Chinese names, person ids and account names."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.ids: set[str] = set()
        self.accounts: set[str] = set()

    def name(self) -> tuple[str, str, list[str]]:
        """A new name: (Chinese name, surname pinyin, given-name pinyin syllables)."""
        while True:
            sur, sur_py = self.rng.choice(SURNAMES)
            count = 2 if self.rng.random() < 0.7 else 1
            given = [self.rng.choice(GIVEN) for _ in range(count)]
            if count == 2 and given[0][0] == given[1][0]:
                continue
            name = sur + "".join(ch for ch, _ in given)
            if name not in self.names:
                self.names.add(name)
                return name, sur_py, [py for _, py in given]

    def person(self) -> tuple[str, str, str]:
        """(name, id, account) for a person who files records."""
        name, sur, given = self.name()
        base = f"{sur}-{''.join(given)}"
        pid, n = base, 2
        while pid in self.ids:
            pid, n = f"{base}-{n}", n + 1
        self.ids.add(pid)
        acc_base = sur + "".join(g[0] for g in given)
        acc, n = acc_base, 2
        while acc in self.accounts:
            acc, n = f"{acc_base}{n}", n + 1
        self.accounts.add(acc)
        return name, pid, acc

    def teacher_id(self, sur: str, given: list[str]) -> str:
        base = f"teacher-{sur}-{''.join(given)}"
        tid, n = base, 2
        while tid in self.ids:
            tid, n = f"{base}-{n}", n + 1
        self.ids.add(tid)
        return tid


CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Chinese numeral for 1..99 (二, 十二, 二十, 三十五)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class DayInfo:
    term: str | None  # term id, None between terms
    teaching: bool
    in_break: bool
    exam: bool  # the last two weeks of a term


def build_days() -> dict[date, DayInfo]:
    days: dict[date, DayInfo] = {}
    d = DATA_START
    while d <= DATA_END:
        term = next((t for t in TERMS if t.start <= d <= t.end), None)
        if term is None:
            days[d] = DayInfo(None, False, False, False)
        else:
            in_break = any(s <= d <= e for _, s, e in term.breaks)
            teaching = (d.weekday() < 5 and not in_break) or d in term.makeup
            exam = d > term.end - timedelta(days=14)
            days[d] = DayInfo(term.id, teaching, in_break, exam)
        d += timedelta(days=1)
    return days


DAYS = build_days()


def mondays() -> list[date]:
    d = DATA_START - timedelta(days=DATA_START.weekday())
    out = []
    while d <= DATA_END:
        out.append(d)
        d += timedelta(days=7)
    return out


def months() -> list[tuple[int, int]]:
    out = []
    y, m = DATA_START.year, DATA_START.month
    while (y, m) <= (DATA_END.year, DATA_END.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# --------------------------------------------------------------------------- roster model


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
    with_pool: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

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


# --------------------------------------------------------------------------- roster building

MERGE_DAY = date(2026, 3, 2)  # when the extra campuses of --scale > 1 join
GRADUATION = date(2026, 6, 30)  # the 2023 (three-year) cohort leaves after this day
COHORTS = (2023, 2024, 2025, 2026)


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
                a.extra["student_work"] = True
            if "纪委" in title or "party-secretary" in roles:
                a.extra["inspector"] = True
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
        marx_t1.extra["marx"] = marx_t2.extra["marx"] = True
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
                    a.extra.setdefault("secretary_of", []).append(b.id)

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
            if a.extra.get("student_work"):
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
            a.extra["school_block"] = sb
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
            a.extra["school_block"] = sb
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
                log_new.extra["school_block"] = sb
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
                owner.extra["school_block"] = sb
                owner.with_pool = [x for x in sb.teachers if x != owner.id]
            if newcomers:
                dnew = [dm for dm in sb.dorms[2026] if set(w.by_id[dm].members) & set(newcomers)]
                assign(joiner if s == 0 else owners_s[-1], dnew + newcomers)
        joiner.extra["school_block"] = schools[0]
        joiner.with_pool = list(schools[0].teachers)
        ctx = {
            "schools": schools,
            "clubs": clubs,
            "ideology_teachers": ideology_teachers,
            "courses": courses,
        }
        for a in people + [w.actor_by_id[b.id] for b in branches]:
            a.extra["ctx"] = ctx
    return w


# --------------------------------------------------------------------------- assignments lookup


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


# --------------------------------------------------------------------------- text


def fill(rng: Random, parts: Sequence[Sequence[str]], **kw: str) -> str:
    return "".join(rng.choice(p) for p in parts).format(**kw)


SUMMARY: dict[str, list[list[str]]] = {
    "dorm-visit": [
        ["走访{t}，", "晚间到{t}看望学生，", "深入{t}与同学们面对面交流，", "到{t}开展走访，"],
        [
            "了解同学们的学习和生活情况",
            "查看宿舍卫生和用电安全",
            "听取同学们对宿舍管理的意见建议",
            "询问近期学习进度和作息情况",
            "了解同学们的实习和就业打算",
            "与同学们聊了专业学习和课余安排",
        ],
        [
            "。",
            "，提醒大家注意用电和财物安全。",
            "，同学们反映总体情况良好。",
            "，鼓励大家互帮互助、共建文明宿舍。",
        ],
    ],
    "canteen-meal": [
        ["在{loc}与{t}同学共进午餐，", "到{loc}与{t}学生同餐，", "与{t}同学在{loc}就餐，"],
        [
            "听取对饭菜质量和价格的意见",
            "了解同学们的饮食和生活情况",
            "边吃边聊近期的学习和生活",
            "询问同学们对食堂服务的评价",
        ],
        ["。", "，现场向食堂负责人反馈了意见。", "，气氛轻松融洽。"],
    ],
    "class-observation": [
        ["深入课堂听{t}的《{c}》课，", "随堂听取{t}《{c}》课程教学，", "到{t}听课（《{c}》），"],
        [
            "关注课堂互动和学生出勤情况",
            "了解教学内容与课堂组织",
            "课后与任课教师交流教学改进意见",
            "观察学生学习状态并与学生简短交流",
        ],
        ["。", "，总体教学效果良好。", "，建议进一步加强课堂互动。"],
    ],
    "ideology-lecture": [
        ["为{t}讲授形势与政策课，", "为{t}学生讲思政课，", "走上讲台为{t}讲授专题思政课，"],
        [
            "结合党的创新理论和时事热点",
            "围绕职业教育发展和青年成长成才",
            "围绕中国式现代化和青年担当",
            "结合学校发展历程和校训精神",
        ],
        ["与同学们深入交流。", "，引导学生坚定理想信念。", "，课后回答了同学们的提问。"],
    ],
    "party-lecture": [
        ["为{t}讲专题党课，", "在{t}讲党课，", "围绕主题教育为{t}党员和入党积极分子讲党课，"],
        [
            "重温党的光辉历程",
            "解读党章党规",
            "结合岗位职责谈党员的初心使命",
            "讲述身边的先进典型事迹",
        ],
        ["。", "，并与党员交流学习体会。"],
    ],
    "theme-activity": [
        [
            "参加{t}主题班会，",
            "参加{t}团日活动，",
            "与{t}同学一起参加主题活动，",
            "指导{t}开展主题班会，",
        ],
        [
            "围绕诚信考试展开讨论",
            "交流学习方法和专业规划",
            "开展安全教育和防诈骗宣传",
            "畅谈青年理想与责任担当",
            "分享实习实训中的收获",
        ],
        ["。", "，同学们发言踊跃。", "，并作了总结点评。"],
    ],
    "club-activity": [
        ["参加{t}活动，", "到{t}指导社团活动，", "观摩{t}的专题活动，"],
        [
            "与社团骨干交流社团发展规划",
            "了解社团活动开展和经费使用情况",
            "与同学们一起参与活动",
            "听取社团成员对学校工作的建议",
        ],
        ["。", "，鼓励社团办出特色。"],
    ],
    "cultural-sports": [
        ["参加{t}组织的文体活动，", "到运动场观看{t}的比赛，", "与{t}同学一起参加体育活动，"],
        ["为同学们加油鼓劲", "与同学们交流课余生活", "了解学生体育锻炼情况"],
        ["。", "，现场气氛热烈。"],
    ],
    "student-talk": [
        ["与{t}一名同学谈心谈话，", "约{t}一名同学谈心，", "与{t}学生个别谈话，"],
        [
            "了解其学业规划和生活情况",
            "帮助其分析学习中遇到的困难",
            "就实习就业问题给予指导",
            "了解其家庭情况和思想动态",
            "鼓励其积极向党组织靠拢",
        ],
        ["。", "，约定下月再次交流。", "，该生表示会认真调整。"],
    ],
    "teacher-talk": [
        ["与{t}谈心谈话，", "约{t}交流，", "与{t}面对面交流，"],
        [
            "了解其教学科研和个人发展情况",
            "听取其对学院工作的意见建议",
            "就班级管理和学生工作交换意见",
            "了解其工作压力和生活困难",
        ],
        ["。", "，鼓励其在岗位上建功立业。"],
    ],
    "secretary-talk": [
        ["与{t}书记谈话，", "听取{t}书记的思想和工作情况，"],
        ["就支部建设和党员教育管理交换意见", "了解支部组织生活开展情况", "督促落实“三会一课”制度"],
        ["。", "，提出改进要求。"],
    ],
    "branch-visit": [
        ["到{t}调研指导，", "深入{t}开展调研，", "参加{t}组织生活并调研指导，"],
        ["了解支部工作开展情况", "查阅支部工作台账", "听取党员意见建议", "指导支部标准化建设"],
        ["。", "，提出具体改进意见。"],
    ],
    "report-hearing": [
        ["听取{t}工作汇报，", "在{t}召开工作汇报会，"],
        ["了解阶段性工作进展", "研究学生工作和教学中的突出问题", "听取专业建设和招生就业情况"],
        ["。", "，对下一步工作提出要求。"],
    ],
    "onsite-office": [
        ["在{t}驻点办公，", "到{t}现场办公，"],
        ["现场协调解决师生反映的问题", "接待师生来访", "与学院班子研究当前重点工作"],
        ["。", "，逐项明确责任和时限。"],
    ],
    "research": [
        ["到{t}开展专题调研，", "围绕人才培养质量到{t}调研，"],
        ["座谈了解教学改革进展", "走访实训室和教研室", "收集师生意见建议"],
        ["，将形成调研报告。", "。"],
    ],
    "inspection": [
        ["到{t}开展全面从严治党检查，", "对{t}落实主体责任情况进行检查，"],
        ["查阅相关台账资料", "听取情况汇报并个别谈话"],
        ["。", "，反馈检查意见。"],
    ],
    "seminar": [
        ["召开{t}座谈会，", "与{t}座谈交流，"],
        ["听取对学校发展的意见建议", "交流思想政治工作经验", "了解师生关心关注的问题"],
        ["。", "，现场回应了部分问题。"],
    ],
    "teaching": [
        ["为{t}讲授《{c}》，", "承担{t}《{c}》课程教学，"],
        ["课后与学生交流学习体会", "结合案例开展互动讨论"],
        ["。"],
    ],
    "online-contact": [
        ["通过{ch}", "在{ch}上", "利用{ch}"],
        [
            "回复学生留言，解答奖助学金申请问题",
            "发布学习生活提示并与学生互动",
            "与学生在线交流，了解思想动态",
            "解答同学们关心的选课和考试安排问题",
            "推送安全教育提醒并回应留言",
        ],
        ["。"],
    ],
    "counselling": [
        ["与{t}一名同学进行心理疏导谈话，", "对{t}一名重点关注学生开展谈心疏导，"],
        ["了解其近期情绪和睡眠情况", "帮助其缓解学业压力", "协助其与家长沟通"],
        ["。", "，约定持续跟进。"],
    ],
    "grade-analysis": [
        ["对{t}开展学情分析，", "分析{t}本学期学习情况，"],
        ["梳理学业预警学生名单", "比较各科成绩分布", "研究帮扶措施"],
        ["。"],
    ],
    "contact-registration": [
        ["登记本学期联系对象，", "确认本学期联系对象名单，"],
        ["建立联系台账", "逐一核对学生信息"],
        ["。"],
    ],
}

BODY_LINES: dict[str, list[str]] = {
    "common": [
        "同学们总体精神状态良好，对学校近期工作表示认可。",
        "部分同学反映课余时间安排较紧，希望增加自习场所。",
        "现场对反映的问题作了解释，能解决的当场协调解决。",
        "下一步将持续跟踪，定期回访。",
        "提醒大家注意交通和网络诈骗风险。",
        "同学们希望学校多组织实践和竞赛活动。",
        "对表现突出的同学给予了肯定和鼓励。",
        "对个别学习有困难的同学提出了具体的学习建议。",
    ],
    "teacher": [
        "围绕思想引导，结合时事与学生交流了看法。",
        "针对学业情况，帮助学生制定了复习计划。",
        "关注学生心理状态，未发现异常情况。",
        "引导学生做好职业生涯规划。",
        "以身作则，要求学生遵守作息和宿舍纪律。",
    ],
    "unit": [
        "支部委员分工参与，活动材料已归档。",
        "党员发挥先锋模范作用，带动同学积极参与。",
        "活动结束后收集了参与同学的意见反馈。",
    ],
}

PROBLEMS: tuple[tuple[str, str, str], ...] = (
    ("宿舍热水供应时断时续", LOGISTICS_DEPT, "已检修热水管路并更换加热装置"),
    ("宿舍楼道照明损坏", LOGISTICS_DEPT, "已更换楼道灯具"),
    ("食堂晚餐窗口排队时间较长", LOGISTICS_DEPT, "已增开晚餐窗口"),
    ("食堂部分菜品价格偏高", LOGISTICS_DEPT, "已调整菜品结构并增加平价菜"),
    ("宿舍卫生间下水不畅", LOGISTICS_DEPT, "已疏通并检查同楼层管道"),
    ("教室多媒体设备经常故障", ACADEMIC_DEPT, "已完成设备检修"),
    ("实训室开放时间不能满足学生需求", ACADEMIC_DEPT, "已延长实训室晚间开放时间"),
    ("调课通知不够及时", ACADEMIC_DEPT, "已规范调课通知流程"),
    ("学生反映助学金评定流程不够透明", STUDENT_DEPT, "已在学院公示评定细则"),
    ("新生不了解心理咨询预约渠道", STUDENT_DEPT, "已在班级群推送预约方式"),
    ("学生希望增加勤工助学岗位", STUDENT_DEPT, "已新增校内勤工助学岗位"),
    ("校园网晚间网速较慢", OFFICE_DEPT, "已协调网络中心扩容"),
    ("学生党员发展材料填写不规范", ORG_DEPT, "已组织专题培训并逐份核对"),
    ("支部组织生活记录不完整", ORG_DEPT, "已督促整改并补齐台账"),
)

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
CANTEENS = ("第一食堂", "第二食堂", "学生第三食堂", "清真餐厅")


def hm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def to_min(text: str) -> int:
    return int(text[:2]) * 60 + int(text[3:])


# --------------------------------------------------------------------------- planning


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


FACE_KINDS = frozenset({"class", "dorm", "club", "student", "course"})


def quarters() -> list[tuple[date, date]]:
    out = []
    for y in (2025, 2026):
        for q in range(4):
            start = date(y, 3 * q + 1, 1)
            end = date(y + (q == 3), (3 * q + 4 - 1) % 12 + 1, 1) - timedelta(days=1)
            if end >= DATA_START and start <= DATA_END:
                out.append((start, end))
    return out


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
        sb: SchoolBlock = a.extra["school_block"]
        return rng.choice(
            [c for y in COHORTS for c in sb.classes[y] if available(self.w.by_id[c], d)]
        )

    def any_dorm(self, a: Actor, d: date, rng: Random) -> str:
        sb: SchoolBlock = a.extra["school_block"]
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
            sb: SchoolBlock = a.extra["school_block"]
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
                [self.pick(a, d, "club", rng, lambda: rng.choice(a.extra["ctx"]["clubs"]), p)],
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
        ctx = a.extra["ctx"]
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
            for course in ctx["courses"]:
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
            if a.extra.get("inspector"):
                sb: SchoolBlock = rng.choice(ctx["schools"])
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
                    clubs = self.assigned.on(a.id, sat, "club") or ctx["clubs"]
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
                sb: SchoolBlock = a.extra["school_block"]
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
        marx = a.extra.get("marx")
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
        for branch in a.extra.get("secretary_of", []):
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


# --------------------------------------------------------------------------- emitting records


@dataclass
class Record:
    actor: Actor
    day: date
    type: str
    targets: list[str]
    with_: list[str]
    start: str | None
    end: str | None
    location: str | None
    summary: str
    guidance: list[str]
    visibility: str | None
    problems: list[dict[str, Any]]
    body: str


class Emitter:
    """Applies the cross-record rules while turning intents into records."""

    def __init__(self, w: World, seed: int) -> None:
        self.w = w
        self.seed = seed
        self.busy: dict[tuple[str, date], list[tuple[int, int]]] = {}
        self.keys: dict[tuple[str, date, str], list[tuple[str, ...]]] = {}
        self.canteen: set[tuple[str, date]] = set()
        self.records: list[Record] = []

    def free(self, person: str, d: date, span: tuple[int, int] | None) -> bool:
        if span is None:
            return True
        return all(span[1] <= s or span[0] >= e for s, e in self.busy.get((person, d), ()))

    def ok_for(
        self, person: str, it: Intent, key: tuple[str, ...], span: tuple[int, int] | None
    ) -> bool:
        # one person never has two records of a day and type whose targets overlap (or are empty):
        # that would be duplicate credit, or a colleague credited in `with` who also filed it
        for other in self.keys.get((person, it.day, it.type), ()):
            if not other or not key or set(other) & set(key):
                return False
        if it.type == "canteen-meal" and (person, it.day) in self.canteen:
            return False
        return self.free(person, it.day, span)

    def claim(
        self, person: str, it: Intent, key: tuple[str, ...], span: tuple[int, int] | None
    ) -> None:
        self.keys.setdefault((person, it.day, it.type), []).append(key)
        if it.type == "canteen-meal":
            self.canteen.add((person, it.day))
        if span:
            self.busy.setdefault((person, it.day), []).append(span)

    def emit(self, a: Actor, it: Intent, rng: Random) -> None:
        key = tuple(sorted(it.targets))
        weekend = it.day.weekday() >= 5
        timed = it.type in REQUIRES_DURATION or rng.random() < TIMED_PROB.get(it.type, 0.7)
        starts, durations = SLOTS[it.type]
        durations = it.durations or durations
        if weekend:
            starts = WEEKEND_STARTS
        candidates: list[tuple[int, int] | None] = []
        if timed:
            order = list(starts)
            rng.shuffle(order)
            for s in order:
                start = to_min(s) + rng.choice((0, 0, 0, 10, 20, 30))
                candidates.append((start, start + rng.choice(durations)))
        if it.type not in REQUIRES_DURATION:
            candidates.append(None)
        span = next((c for c in candidates if self.ok_for(a.id, it, key, c)), "none")
        if span == "none":
            return
        assert not isinstance(span, str)
        withs: list[str] = []
        if it.with_n:
            pool = list(a.with_pool)
            rng.shuffle(pool)
            for p in pool:
                if len(withs) >= it.with_n:
                    break
                other = self.w.by_id[p]
                if p != a.id and other.active(it.day) and self.ok_for(p, it, key, span):
                    withs.append(p)
        self.claim(a.id, it, key, span)
        for p in withs:
            self.claim(p, it, key, span)
        targets = [self.w.by_id[t] for t in it.targets]
        sensitive = any(isinstance(t, Target) and t.is_sensitive for t in targets)
        visibility = None
        personal = any(isinstance(t, Target) and t.kind in ("student", "teacher") for t in targets)
        if (
            a.public
            and it.type in PUBLIC_TYPES
            and not sensitive
            and not personal
            and all(self.w.by_id[p].public for p in withs)
            and rng.random() < 0.3
            # Dorm summaries name the room, which the public site never shows: only a few such
            # records are marked public, to demonstrate the record-public-withheld warning.
            and (not any(isinstance(t, Target) and t.kind == "dorm" for t in targets) or it.day.day % 9 == 0)
        ):
            visibility = "public"
        problems = []
        if it.type in PROBLEM_TYPES and a.kind != "branch" and rng.random() < 0.06:
            problems.append(self.problem(it.day, rng))
        summary = self.summary(a, it, rng)
        body = self.body(a, it, rng) if rng.random() < 0.8 else ""
        location = it.location
        if location is None:
            location = self.location(it, rng)
        self.records.append(
            Record(
                a,
                it.day,
                it.type,
                list(it.targets),
                withs,
                hm(span[0]) if span else None,
                hm(span[1]) if span else None,
                location,
                summary,
                list(it.guidance),
                visibility,
                problems,
                body,
            )
        )

    def problem(self, d: date, rng: Random) -> dict[str, Any]:
        text, dept, resolution = rng.choice(PROBLEMS)
        p: dict[str, Any] = {"summary": text, "refer_to": dept}
        days = rng.choice((1, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 10, 12, 15, 30))
        done = d + timedelta(days=days)
        r = rng.random()
        if done <= DATA_END and r < 0.85:
            p["status"] = "resolved"
            p["resolved"] = done
            p["resolution"] = resolution
        elif r < 0.93:
            p["status"] = "in-progress"
        else:
            p["status"] = "open"
        return p

    def display(self, tid: str) -> str:
        obj = self.w.by_id[tid]
        if isinstance(obj, Target):
            if obj.kind == "student":
                return self.w.by_id[obj.klass].name if obj.klass else "学生"
            if obj.kind == "teacher":
                tag = next(
                    (t for t in ("辅导员", "思政课教师", "专家", "青年教师") if t in obj.tags),
                    "教师",
                )
                return f"{tag}{obj.name}"
            return obj.name
        return obj.name

    def summary(self, a: Actor, it: Intent, rng: Random) -> str:
        objs = [self.w.by_id[t] for t in it.targets]
        # courses are named through {c}; the audience is the class (or whatever else is listed)
        shown = [
            t for t, o in zip(it.targets, objs, strict=True) if getattr(o, "kind", "") != "course"
        ]
        names = list(dict.fromkeys(self.display(t) for t in shown))
        course = next(
            (o.name for o in objs if getattr(o, "kind", "") == "course"), it.fill.get("c", "")
        )
        if it.type in ("class-observation", "teaching", "ideology-lecture"):
            t = next(
                (
                    self.display(x)
                    for x, o in zip(it.targets, objs, strict=True)
                    if getattr(o, "kind", "") == "class"
                ),
                names[0] if names else "学生",
            )
        elif (
            it.type == "seminar" and objs and all(getattr(o, "kind", "") == "teacher" for o in objs)
        ):
            t = "辅导员和教师代表"
        else:
            t = "、".join(names[:2])
        ch = (
            CHANNEL_NAMES.get(rng.choice(a.channels), "网络")
            if a.channels
            else rng.choice(("班级群", "学院公众号", "QQ群"))
        )
        kw = {"t": t, "loc": it.location or "食堂", "ch": ch, "c": course}
        return fill(rng, SUMMARY[it.type], **kw)

    def body(self, a: Actor, it: Intent, rng: Random) -> str:
        pool = list(BODY_LINES["common"])
        if a.kind == "teacher":
            pool += BODY_LINES["teacher"]
        if a.kind == "branch":
            pool += BODY_LINES["unit"]
        lines = rng.sample(pool, rng.choice((1, 2, 3)))
        head = rng.choice(("## 活动情况", "## 主要情况", "## 交流内容", ""))
        out = []
        if head:
            out += [head, ""]
        if len(lines) > 1 and rng.random() < 0.6:
            out += [f"- {x}" for x in lines]
        else:
            out += ["".join(lines)]
        if rng.random() < 0.3:
            out += [
                "",
                rng.choice(
                    ("下一步：持续关注，按月回访。", "后续由学院跟进落实。", "已在台账中登记。")
                ),
            ]
        return "\n".join(out) + "\n"

    def location(self, it: Intent, rng: Random) -> str | None:
        if rng.random() < 0.25:
            return None
        first = self.w.by_id[it.targets[0]] if it.targets else None
        t = it.type
        if t == "dorm-visit" and isinstance(first, Target) and first.kind == "dorm":
            return first.name.removesuffix("宿舍")
        if t in ("class-observation", "ideology-lecture", "theme-activity", "teaching"):
            return (
                rng.choice(("教学楼", "实训楼", "综合楼"))
                + f"{rng.randint(1, 5)}{rng.randint(1, 20):02d}教室"
            )
        if t == "club-activity":
            return rng.choice(("学生活动中心", "大学生活动中心", "社团活动室"))
        if t == "cultural-sports":
            return rng.choice(("体育馆", "田径场", "篮球场", "学生活动中心"))
        if t == "counselling":
            return "心理咨询室"
        if t in ("student-talk", "teacher-talk", "secretary-talk"):
            return rng.choice(("办公室", "谈心室", "学院会客室"))
        if t == "party-lecture":
            return rng.choice(("党员活动室", "学术报告厅"))
        if t in (
            "onsite-office",
            "report-hearing",
            "research",
            "inspection",
            "branch-visit",
            "seminar",
        ):
            if isinstance(first, Unit):
                return f"{first.name}会议室"
            return "行政楼会议室"
        return None


# --------------------------------------------------------------------------- writing

# a plain YAML scalar is safe when it starts with no indicator or digit and holds no flow syntax
_PLAIN_RE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9][^:#\[\]{},'\"]*")
_RESERVED = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"})


def scalar(value: Any) -> str:
    """One YAML scalar for a record front matter; double-quoted when plain could mislead."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if _PLAIN_RE.fullmatch(text) and not text.endswith(" ") and text.lower() not in _RESERVED:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow(items: Sequence[str]) -> str:
    return "[" + ", ".join(scalar(x) for x in items) + "]"


def record_text(r: Record) -> str:
    lines = ["---", f"by: {r.actor.id}", f"date: {r.day.isoformat()}"]
    if r.start and r.end:
        lines += [f'start: "{r.start}"', f'end: "{r.end}"']
    lines += [f"type: {r.type}", f"targets: {flow(r.targets)}"]
    if r.with_:
        lines.append(f"with: {flow(r.with_)}")
    if r.location:
        lines.append(f"location: {scalar(r.location)}")
    lines.append(f"summary: {scalar(r.summary)}")
    if r.guidance:
        lines.append(f"guidance: {flow(r.guidance)}")
    if r.visibility:
        lines.append(f"visibility: {r.visibility}")
    if r.problems:
        lines.append("problems:")
        for p in r.problems:
            first = True
            for k in ("summary", "refer_to", "status", "resolved", "resolution"):
                if k in p:
                    lines.append(f"  {'- ' if first else '  '}{k}: {scalar(p[k])}")
                    first = False
    lines.append("---")
    text = "\n".join(lines) + "\n"
    if r.body:
        text += r.body
    return text


class _Dumper(yaml.SafeDumper):
    """Safe dumper without anchors; scalar lists in flow style, mappings in block style."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _repr_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow_style = all(not isinstance(x, (dict, list)) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow_style)


def _repr_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False)


_Dumper.add_representer(list, _repr_list)
_Dumper.add_representer(dict, _repr_dict)

HEADER = (
    "# Generated by scripts/make_sample.py (fictional sample institution).\n"
    "# Regenerate instead of editing by hand.\n"
)


def dump_yaml(path: Path, data: Any) -> None:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)
    path.write_text(HEADER + text, encoding="utf-8")


def write_rosters(w: World, out: Path) -> None:
    ros = out / "rosters"
    ros.mkdir(parents=True, exist_ok=True)
    dump_yaml(
        ros / "institution.yml",
        {
            "name": INSTITUTION_NAME,
            "code": INSTITUTION_CODE,
            "timezone": "Asia/Shanghai",
            "policy": "policies/example-2024.yml",
            "admins": list(w.admins),
            "locked_through": date(2026, 1, 31),
            "disclosure": {"publisher": PUBLISHER, "category": "0103"},
        },
    )
    terms = []
    for t in TERMS:
        terms.append(
            {
                "id": t.id,
                "name": t.name,
                "start": t.start,
                "end": t.end,
                "breaks": [{"name": n, "start": s, "end": e} for n, s, e in t.breaks],
                "makeup_days": list(t.makeup),
            }
        )
    dump_yaml(ros / "calendar.yml", {"terms": terms})
    dump_yaml(ros / "units.yml", [u.out() for u in w.units])
    dump_yaml(ros / "people.yml", [a.out() for a in w.actors if a.kind != "branch"])
    dump_yaml(ros / "targets.yml", [t.out() for t in w.targets])
    dump_yaml(ros / "assignments.yml", [a.out() for a in w.assignments])
    dump_yaml(ros / "leaves.yml", list(w.leaves))


def write_records(records: list[Record], out: Path) -> int:
    root = out / "records"
    if root.exists():
        shutil.rmtree(root)
    made: set[Path] = set()
    used: set[str] = set()
    for r in records:
        term = DAYS[r.day].term or "no-term"
        folder = root / term / r.actor.id
        if folder not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        base = f"{r.day.isoformat()}-{r.type}"
        name, n = base, 2
        while f"{folder}/{name}" in used:
            name, n = f"{base}-{n}", n + 1
        used.add(f"{folder}/{name}")
        (folder / f"{name}.md").write_text(record_text(r), encoding="utf-8")
    return len(records)


# --------------------------------------------------------------------------- main


def generate(out: Path, scale: int, seed: int) -> dict[str, int]:
    w = build_world(scale, seed)
    planner = Planner(w, seed)
    intents: list[Intent] = []
    for i, a in enumerate(w.actors):
        for it in planner.plan(a):
            it.order = i
            intents.append(it)
    intents.sort(key=lambda it: (it.day, it.order, it.seq))
    em = Emitter(w, seed)
    rngs: dict[str, Random] = {}
    for it in intents:
        a = w.actors[it.order]
        rng = rngs.get(a.id)
        if rng is None:
            rng = rngs[a.id] = Random(f"{seed}:emit:{a.id}")
        em.emit(a, it, rng)
    write_rosters(w, out)
    n = write_records(em.records, out)
    return {
        "people": sum(a.kind != "branch" for a in w.actors),
        "actors": len(w.actors),
        "units": len(w.units),
        "targets": len(w.targets),
        "records": n,
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Generate the fictional sample institution (rosters and records)."
    )
    ap.add_argument(
        "--out", default=".", help="output folder (default: current folder, the repository root)"
    )
    ap.add_argument(
        "--scale", type=int, default=1, help="1 = the sample; 40 ≈ 100,000 records for benchmarks"
    )
    ap.add_argument("--seed", type=int, default=20250901, help="random seed (default 20250901)")
    args = ap.parse_args(argv)
    if args.scale < 1:
        ap.error("--scale must be at least 1")
    t0 = time.perf_counter()
    stats = generate(Path(args.out), args.scale, args.seed)
    took = time.perf_counter() - t0
    print(", ".join(f"{k} {v}" for k, v in stats.items()) + f" ({took:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
