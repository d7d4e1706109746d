"""What the public disclosure site may show (contract §8), and nothing else.

``project(outcome)`` is the only door from the repository to the public site: it copies into
frozen dataclasses exactly the facts §8 allows, so the public renderer and the open-data export,
which receive only ``PublicData``, cannot leak what they never see. Decisions a careful reader
would ask about (students, dormitories, teachers as targets, small groups) are documented in
docs/opendata.md; the constants below carry them.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from .. import schema
from ..activities import carrier_tally
from ..compliance import Result, met_rate
from ..loader import RECORD_RE, Record, Repo
from ..periods import TeachingCalendar
from ..pipeline import Outcome
from ..privacy import NAMED_KINDS, visibility, withheld_reason
from ..text import cite, format_date_zh
from ..urls import page_url
from ..vocab import KIND_LABELS, Level, Visibility
from . import catalogue
from .catalogue import Candidate

#: Published groups of actors (units, roles) have at least this many actors; smaller ones are merged.
MIN_GROUP = 3
#: Targets that are counted but never named (see ``privacy.NAMED_KINDS`` for those named): a
#: dormitory locates its residents; a teacher is a person who has not agreed to be named (only
#: people.yml has a ``public`` flag). Students are neither named nor counted. Sensitive targets of
#: any kind are neither named nor counted.
COUNTED_KINDS: Mapping[str, str] = {"dorm": "间", "teacher": "名"}
MERGED = "_merged"
MERGED_NAME = "其他（人数较少，合并统计）"
DEFAULT_CATEGORY = "0103"


# --------------------------------------------------------------------------- the public data

@dataclass(frozen=True)
class Entry:
    """One disclosure catalogue item (信息公开目录条目)."""

    number: str  # 索取号
    kind: str  # policy | allocation | term | opendata | actor | record
    title: str  # 信息名称
    published: date  # 发布日期
    summary: str  # 内容概述, at most catalogue.SUMMARY_LIMIT characters
    page: str  # docs-relative Markdown page holding it
    anchor: str | None = None  # heading id on that page (records)

    @property
    def url(self) -> str:
        """Site-relative URL (directory URLs)."""
        return page_url(self.page) + (f"#{self.anchor}" if self.anchor else "")


@dataclass(frozen=True)
class PublicInstitution:
    name: str
    code: str
    publisher: str  # 发布机构
    category: str  # 分类号


@dataclass(frozen=True)
class PublicRule:
    title: str
    source: str | None
    level: str  # mandatory | advisory
    who: str  # plain Chinese: roles, unit kinds, units, public people; others as "指定人员"
    per: str | None  # period kind (count rules)
    minimum: str  # plain Chinese minimum, e.g. "1 次" or "2—3 个"


@dataclass(frozen=True)
class PublicActivityType:
    name: str
    carrier: str | None
    face_to_face: bool


@dataclass(frozen=True)
class PublicPolicy:
    title: str
    document: str | None
    issuer: str | None
    rules: tuple[PublicRule, ...]  # count rules
    assignment_rules: tuple[PublicRule, ...]
    coverage_rules: tuple[PublicRule, ...]
    activity_types: tuple[PublicActivityType, ...]
    entry: Entry


@dataclass(frozen=True)
class PublicAssignment:
    kind: str  # Chinese kind label
    name: str | None  # None: not named, ``count`` of them (dormitories, teachers)
    count: int
    since: date | None
    until: date | None
    ended: bool  # ended before the as-of date
    measure: str = "个"  # measure word for ``count``


@dataclass(frozen=True)
class PublicRecord:
    date: date
    type_name: str
    carrier: str | None
    summary: str
    with_names: tuple[str, ...]  # co-participants who are public themselves
    entry: Entry


@dataclass(frozen=True)
class PublicActor:
    id: str
    name: str
    title: str | None
    unit: str  # unit name
    assignments: tuple[PublicAssignment, ...]
    records: tuple[PublicRecord, ...]  # newest first
    entry: Entry | None  # None until the actor files a first record (see docs/opendata.md)


@dataclass(frozen=True)
class GroupStat:
    """Result counts of one published group of actors over a term's mandatory rules."""

    id: str  # unit id, role id, "unit-<kind>", "other-people" or MERGED
    name: str
    merged: bool
    actors: int
    met: int
    unmet: int
    pending: int
    exempt: int

    @property
    def rate(self) -> float | None:
        return met_rate(self.met, self.unmet)


@dataclass(frozen=True)
class CarrierCount:
    carrier: str
    records: int


@dataclass(frozen=True)
class ProblemStat:
    raised: int
    resolved: int
    in_progress: int
    open: int
    referred: int  # referred to a unit for handling
    median_days: float | None  # from the activity to the resolution, resolved problems only


@dataclass(frozen=True)
class TermSummary:
    id: str
    name: str
    start: date
    end: date
    ended: bool  # the term ended before the as-of date
    total: GroupStat | None  # None when the whole institution has fewer than MIN_GROUP actors
    by_unit: tuple[GroupStat, ...]
    by_role: tuple[GroupStat, ...]
    carriers: tuple[CarrierCount, ...]
    records: int
    problems: ProblemStat
    entry: Entry


@dataclass(frozen=True)
class PublicData:
    as_of: date
    institution: PublicInstitution
    policy: PublicPolicy
    terms: tuple[TermSummary, ...]  # terms started on or before as_of, oldest first
    actors: tuple[PublicActor, ...]  # people with ``public: true``, by id (pinyin order by convention)
    allocation: Entry  # the page listing every public actor's assignments
    opendata: Entry
    min_group: int = MIN_GROUP

    @property
    def catalogue(self) -> tuple[Entry, ...]:
        """Every published item, newest year first, then by serial."""
        items = [self.policy.entry, self.allocation, self.opendata, *(t.entry for t in self.terms)]
        for a in self.actors:
            items.extend([a.entry] if a.entry else [])
            items.extend(r.entry for r in a.records)
        return tuple(sorted(items, key=lambda e: (-e.published.year, e.number)))


# --------------------------------------------------------------------------- projection

class _Projector:
    def __init__(self, outcome: Outcome) -> None:
        repo = outcome.repo
        if repo.institution is None or repo.policy is None or repo.calendar is None or outcome.compliance is None:
            raise ValueError("没有可用的单位信息、制度或校历，无法生成公开站点。")
        assert outcome.calendar is not None
        self.outcome = outcome
        self.repo: Repo = repo
        self.inst: schema.Institution = repo.institution
        self.policy: schema.Policy = repo.policy
        self.cal: TeachingCalendar = outcome.calendar
        self.terms = self.cal.terms()
        self.as_of = outcome.as_of
        self.live = outcome.counting
        self.sensitive = outcome.sensitive
        self.guard = outcome.guard
        self.public_people = {p.id: p for p in repo.people.values() if p.public}
        disclosure = self.inst.disclosure
        self.publisher = disclosure.publisher if disclosure else self.inst.name
        self.category = disclosure.category if disclosure else DEFAULT_CATEGORY

    @cached_property
    def numbers(self) -> dict[str, catalogue.Number]:
        """Catalogue numbers (computed only when pages are projected; held_back needs none)."""
        return catalogue.assign(
            self.candidates(), code=self.inst.code, category=self.category,
            history=self.outcome.history, timezone=self.inst.timezone, as_of=self.as_of,
        )

    def visibility(self, r: Record) -> Visibility:
        return visibility(r.meta, self.policy)

    def term_of(self, day: date) -> schema.Term | None:
        return self.cal.reporting_term(day)

    # ------------------------------------------------------------------ catalogue
    def policy_leaf(self) -> str:
        return self.repo.policy_files[-1].path if self.repo.policy_files else self.inst.policy

    def entry(self, item: str, kind: str, title: str, summary: str, page: str, anchor: str | None = None) -> Entry:
        n = self.numbers[item]
        return Entry(n.number, kind, title, n.published, catalogue.summarise(summary), page, anchor)

    def record_paths(self) -> dict[str, date]:
        """Every record file there is or ever was (Git history keeps deleted ones), with its date."""
        paths = {r.path: r.meta.date for r in self.repo.records}
        history = self.outcome.history
        for path in [*self.repo.broken_records, *(history.first_commit_ts if history else ())]:
            m = RECORD_RE.fullmatch(path)
            if m and path not in paths:
                try:
                    paths[path] = date.fromisoformat(m["date"])
                except ValueError:
                    continue
        return paths

    def candidates(self) -> list[Candidate]:
        """Everything that holds a serial: a superset of what is published, so that hiding an item
        later (a record amended, a person no longer public) never renumbers the others."""
        first = self.terms[0].start if self.terms else self.as_of
        # The policy page is one item, "the policy in force": adopting another policy file updates
        # it in place rather than retiring a number.
        out = [Candidate("a-policy:", ("rosters/institution.yml", self.policy_leaf()), first),
               Candidate("b-allocation:", ("rosters/assignments.yml",), first)]
        out.extend(Candidate(f"c-term:{t.id}", ("rosters/calendar.yml",), t.start, t.start) for t in self.terms)
        out.append(Candidate("d-opendata:", ("rosters/institution.yml",), first))
        paths = self.record_paths()
        current = {r.path: r for r in self.repo.records}
        by_actor: dict[str, list[str]] = defaultdict(list)
        for path, day in sorted(paths.items()):
            m = RECORD_RE.fullmatch(path)
            if m and m["actor"] not in self.repo.units:
                by_actor[m["actor"]].append(path)
            record = current.get(path)
            if record is None or self.visibility(record) == Visibility.PUBLIC:  # deleted files keep their slot
                out.append(Candidate(f"f-record:{path}", (path,), day))
        for actor, own in sorted(by_actor.items()):
            out.append(Candidate(f"e-actor:{actor}", tuple(own), min(paths[p] for p in own)))
        return out

    # ------------------------------------------------------------------ policy
    def who(self, who: schema.Who | None) -> str:
        if who is None:
            return "全体"
        parts = [self.policy.roles.get(r, r) for r in who.roles]
        parts += [KIND_LABELS.get(k, k) for k in who.kinds]
        for ref in who.ids:
            if ref in self.repo.units:
                parts.append(self.repo.units[ref].name)
            elif ref in self.public_people:
                parts.append(self.public_people[ref].name)
            else:
                parts.append("指定人员")
        text = "、".join(dict.fromkeys(parts))
        if who.except_roles:
            text += "（不含" + "、".join(self.policy.roles.get(r, r) for r in who.except_roles) + "）"
        return text

    def public_policy(self) -> PublicPolicy:
        p = self.policy
        rules = []
        for r in p.rules:
            minimum = f"{r.min} 次" + (f"、{r.min_hours:g} 小时" if r.min_hours else "")
            if r.each == "assigned":
                minimum += "（每个联系对象分别计算）"
            elif r.each == "tagged":
                minimum += "（每个相关对象分别计算）"
            rules.append(PublicRule(r.title, cite(r) or None, r.level, self.who(r.who), r.per, minimum))
        assignment_rules = [
            PublicRule(a.title, cite(a) or None, a.level, self.who(a.who), None,
                       f"{a.min}—{a.max} 个" if a.max is not None else f"至少 {a.min} 个")
            for a in p.assignment_rules
        ]
        coverage_rules = [PublicRule(c.title, cite(c) or None, c.level, self.who(c.by), None, "全覆盖")
                          for c in p.coverage_rules]
        types = [PublicActivityType(t.name, t.carrier, t.face_to_face) for t in p.activity_types.values()]
        summary = (f"{p.title}" + (f"（{p.document}）" if p.document else "")
                   + f"：{len(rules)}项工作要求、{len(assignment_rules) + len(coverage_rules)}项联系分配要求和"
                   f"{len(types)}类联系活动，列明每项要求的出处、适用对象、周期和最低要求。")
        entry = self.entry("a-policy:", "policy", p.title, summary, "policy.md")
        return PublicPolicy(p.title, p.document, p.issuer, tuple(rules), tuple(assignment_rules),
                            tuple(coverage_rules), tuple(types), entry)

    # ------------------------------------------------------------------ actors
    def assignments(self, actor: str) -> tuple[PublicAssignment, ...]:
        out: list[PublicAssignment] = []
        for a in self.repo.assignments:
            if a.actor != actor:
                continue
            counted: Counter[str] = Counter()
            ended = a.until is not None and a.until < self.as_of
            for ref in a.targets:
                if ref in self.sensitive:
                    continue
                unit = self.repo.units.get(ref)
                target = self.repo.targets.get(ref)
                if unit is not None:
                    out.append(PublicAssignment(KIND_LABELS[unit.kind], unit.name, 1, a.since, a.until, ended))
                elif target is not None and target.kind in NAMED_KINDS:
                    out.append(PublicAssignment(KIND_LABELS[target.kind], target.name, 1, a.since, a.until, ended))
                elif target is not None and target.kind in COUNTED_KINDS:
                    counted[target.kind] += 1
            out.extend(PublicAssignment(KIND_LABELS[k], None, n, a.since, a.until, ended, COUNTED_KINDS[k])
                       for k, n in sorted(counted.items()))
        return tuple(out)

    def public_records(self, person: schema.Person) -> list[tuple[Record, str]]:
        """Records that may be shown: valid and current, public, filed by this public person, no
        sensitive target, and no name in the summary that may not be published."""
        out = [(r, f"f-record:{r.path}") for r in self.live
               if r.meta.by == person.id and self.visibility(r) == Visibility.PUBLIC
               and withheld_reason(r.meta, self.sensitive, self.guard) is None]
        return sorted(out, key=lambda x: (x[0].meta.date, x[0].path), reverse=True)

    def actor(self, person: schema.Person) -> PublicActor:
        unit = self.repo.units.get(person.unit)
        unit_name = unit.name if unit else ""
        records = []
        for r, item in self.public_records(person):
            m = r.meta
            atype = self.policy.activity_types.get(m.type)
            type_name = atype.name if atype else m.type
            title = f"{person.name}{format_date_zh(m.date)}{type_name}"
            anchor = "r-" + self.numbers[item].number
            entry = self.entry(item, "record", title, m.summary, f"people/{person.id}.md", anchor)
            withs = tuple(self.public_people[w].name for w in m.with_ if w in self.public_people)
            records.append(PublicRecord(m.date, type_name, atype.carrier if atype else None, m.summary, withs, entry))
        item = f"e-actor:{person.id}"
        page: Entry | None = None
        if item in self.numbers:
            about = "，".join(x for x in (person.title, unit_name) if x)
            page = self.entry(item, "actor", f"{person.name}联系师生工作情况",
                              f"{person.name}" + (f"（{about}）" if about else "")
                              + f"的联系分配和公开工作记录（{len(records)}条）。",
                              f"people/{person.id}.md")
        return PublicActor(person.id, person.name, person.title, unit_name, self.assignments(person.id),
                           tuple(records), page)

    # ------------------------------------------------------------------ aggregates
    def unit_of(self, actor: str) -> tuple[str, str]:
        person = self.repo.people.get(actor)
        ref = person.unit if person else actor
        unit = self.repo.units.get(ref)
        return (ref, unit.name) if unit else (ref, "其他单位")

    def role_of(self, actor: str) -> tuple[str, str]:
        """Each actor is counted under one role (the first of theirs in the policy's role list), so
        the role table is a partition and its rows cannot be subtracted from the total."""
        person = self.repo.people.get(actor)
        if person is None:
            unit = self.repo.units.get(actor)
            kind = unit.kind if unit else "other"
            return f"unit-{kind}", f"{KIND_LABELS.get(kind, kind)}（以组织名义）"
        for role, name in self.policy.roles.items():
            if role in person.roles:
                return role, name
        return "other-people", "其他人员"

    def compliance(
        self, results: Sequence[Result]
    ) -> tuple[GroupStat | None, tuple[GroupStat, ...], tuple[GroupStat, ...]]:
        """(institution total, by unit, by role) of one term's mandatory results, small groups merged."""
        tallies: dict[str, Counter[str]] = defaultdict(Counter)
        for r in results:
            tallies[r.actor][r.status] += 1
        units: dict[str, set[str]] = defaultdict(set)
        roles: dict[str, set[str]] = defaultdict(set)
        names: dict[str, str] = {}
        for actor in tallies:
            (u, un), (ro, rn) = self.unit_of(actor), self.role_of(actor)
            units[u].add(actor)
            roles[ro].add(actor)
            names[u], names[ro] = un, rn
        unit_view, role_view = protect([units, roles], MIN_GROUP)

        names[MERGED] = MERGED_NAME

        def stat(gid: str, name: str, members: Iterable[str]) -> GroupStat:
            c: Counter[str] = Counter()
            n = 0
            for a in members:
                c.update(tallies[a])
                n += 1
            return GroupStat(gid, name, gid == MERGED, n, c["met"], c["unmet"], c["pending"], c["exempt"])

        def table(view: dict[str, frozenset[str]]) -> tuple[GroupStat, ...]:
            rows = sorted((stat(g, names[g], m) for g, m in view.items() if g != MERGED),
                          key=lambda s: (-s.actors, s.name))
            return tuple(rows + ([stat(MERGED, MERGED_NAME, view[MERGED])] if MERGED in view else []))

        total = stat("_all", "合计", tallies) if len(tallies) >= MIN_GROUP else None
        return total, table(unit_view), table(role_view)

    def carriers(self, records: Sequence[Record]) -> tuple[CarrierCount, ...]:
        return tuple(CarrierCount(c, n) for c, n in carrier_tally(self.policy, (r.meta.type for r in records)))

    @staticmethod
    def problems(records: Sequence[Record]) -> ProblemStat:
        status: Counter[str] = Counter()
        referred = 0
        days = []
        for r in records:
            for p in r.meta.problems:
                status[p.status] += 1
                referred += p.refer_to is not None
                if p.status == "resolved" and p.resolved is not None:
                    days.append((p.resolved - r.meta.date).days)
        return ProblemStat(sum(status.values()), status["resolved"], status["in-progress"], status["open"],
                           referred, float(statistics.median(days)) if days else None)

    def term_summaries(self) -> tuple[TermSummary, ...]:
        assert self.outcome.compliance is not None
        results: dict[str, list[Result]] = defaultdict(list)
        for res in self.outcome.compliance.results:
            term = self.term_of(res.end)
            if res.level == Level.MANDATORY and term is not None:
                results[term.id].append(res)
        records: dict[str, list[Record]] = defaultdict(list)
        for r in self.live:
            term = self.term_of(r.meta.date)
            if term is not None:
                records[term.id].append(r)
        out = []
        for t in self.terms:
            if t.start > self.as_of:
                continue
            total, by_unit, by_role = self.compliance(results[t.id])
            recs = records[t.id]
            summary = (f"{t.name}联系师生工作统计：按单位和角色汇总的规则完成情况、各载体活动次数和"
                       f"师生反映问题的办理情况{'' if t.end < self.as_of else '（学期进行中，持续更新）'}。")
            entry = self.entry(f"c-term:{t.id}", "term", f"{t.name}联系师生工作统计", summary, f"terms/{t.id}.md")
            out.append(TermSummary(t.id, t.name, t.start, t.end, t.end < self.as_of, total, by_unit, by_role,
                                   self.carriers(recs), len(recs), self.problems(recs), entry))
        return tuple(out)

    # ------------------------------------------------------------------ everything
    def project(self) -> PublicData:
        inst = PublicInstitution(self.inst.name, self.inst.code, self.publisher, self.category)
        actors = tuple(sorted((self.actor(p) for p in self.public_people.values()),
                              key=lambda a: a.id))  # ids are pinyin by convention
        allocation = self.entry(
            "b-allocation:", "allocation", f"{self.inst.name}联系师生工作联系分配名单（公开部分）",
            f"列出同意公开姓名的{len(actors)}名人员及其联系的党组织、院系、班级、社团和课程；"
            "学生个人、宿舍门牌、教师个人和敏感对象不公开。", "people/index.md")
        opendata = self.entry(
            "d-opendata:", "opendata", f"{self.inst.name}联系师生工作开放数据",
            "各学期按单位和角色汇总的规则完成情况、各载体活动次数、问题办理统计和公开目录，"
            "提供 JSON 和 CSV 两种格式，每行带机构编号，便于汇总。", "opendata.md")
        return PublicData(self.as_of, inst, self.public_policy(), self.term_summaries(), actors, allocation, opendata)


def protect(partitions: Sequence[Mapping[str, set[str]]], k: int) -> list[dict[str, frozenset[str]]]:
    """Merge groups of each partition so that no published group singles out fewer than ``k`` actors.

    Within a partition, groups smaller than ``k`` go into a merged group, which itself must reach
    ``k`` (the smallest remaining groups join it until it does), so the total minus the listed
    groups never isolates anyone. Across partitions, two published groups where one contains the
    other and the difference is smaller than ``k`` would isolate that difference by subtraction;
    the smaller of the two is merged too. A merged group still smaller than ``k`` (the whole
    partition has fewer than ``k`` actors) is not published. Returns each partition's published
    groups, the merged one under ``MERGED``.
    """
    merged: list[set[str]] = [set() for _ in partitions]

    def view(i: int) -> dict[str, frozenset[str]]:
        p = partitions[i]
        out = {g: frozenset(m) for g, m in p.items() if g not in merged[i]}
        if merged[i]:
            out[MERGED] = frozenset().union(*(p[g] for g in merged[i]))
        return out

    def next_to_merge(i: int) -> str | None:
        """A group of partition ``i`` that must join the merged group, if any."""
        p, v = partitions[i], view(i)
        small = sorted(g for g in v if g != MERGED and len(v[g]) < k)
        rest = sorted((g for g in v if g != MERGED), key=lambda g: (len(p[g]), g))
        if small:
            return small[0]
        if MERGED in v and len(v[MERGED]) < k and rest:
            return rest[0]
        for j in range(len(partitions)):
            if j == i:
                continue
            for g, members in v.items():
                if any(members < other and len(other - members) < k for other in view(j).values()):
                    return g if g != MERGED else (rest[0] if rest else None)
        return None

    while True:
        found = [(i, g) for i in range(len(partitions)) if (g := next_to_merge(i)) is not None]
        if not found:
            break
        i, g = found[0]
        merged[i].add(g)
    final = [view(i) for i in range(len(partitions))]
    for v in final:
        if MERGED in v and len(v[MERGED]) < k:
            del v[MERGED]
    return final


def project(outcome: Outcome) -> PublicData:
    """The public disclosure data of one pipeline outcome (contract §8)."""
    return _Projector(outcome).project()
