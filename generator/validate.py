"""Cross-file checks: rosters, calendar, policy references and every record rule of contract §3."""

from __future__ import annotations

import difflib
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from . import privacy, schema
from .diagnostics import Diagnostic, diag
from .gitinfo import History
from .loader import RECORD_RE, Record, Repo

INSTITUTION = "rosters/institution.yml"
CALENDAR = "rosters/calendar.yml"
UNITS = "rosters/units.yml"
PEOPLE = "rosters/people.yml"
TARGETS = "rosters/targets.yml"
ASSIGNMENTS = "rosters/assignments.yml"
LEAVES = "rosters/leaves.yml"


@dataclass(frozen=True)
class Validation:
    diagnostics: list[Diagnostic]
    invalid_records: frozenset[str]  # records with at least one error (they never count or publish)
    superseded: frozenset[str]  # records replaced by an amendment

    def counting(self, repo: Repo, as_of: date) -> list[Record]:
        """The records that exist for compliance and the sites: valid, not superseded, dated on or
        before the as-of date; ordered by (date, path)."""
        skip = self.invalid_records | self.superseded
        return sorted((r for r in repo.records if r.path not in skip and r.meta.date <= as_of),
                      key=lambda r: (r.meta.date, r.path))


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

    def spans(self, actor: str, target: str) -> list[tuple[date, date]]:
        return [(a.since or date.min, a.until or date.max) for a in self.by_actor.get(actor, ()) if target in a.targets]


def who_applies(repo: Repo, who: schema.Who, actor: str) -> bool:
    """A rule's ``who``: any of roles, unit kinds or ids matches, then ``except_roles`` removes."""
    person = repo.people.get(actor)
    unit = repo.units.get(actor)
    roles = set(person.roles) if person else set()
    hit = actor in who.ids or bool(roles & set(who.roles)) or (unit is not None and unit.kind in who.kinds)
    return hit and not (roles & set(who.except_roles))


def related_targets(repo: Repo) -> dict[str, set[str]]:
    """For each target, its members and the targets it is a member of (a student and their dorm).

    Contacting a dorm's student is contacting an assigned dorm, and vice versa; the validator's
    "not assigned" warning and the engine's ``assigned_only`` filter share this one definition.
    """
    out: dict[str, set[str]] = defaultdict(set)
    for t in repo.targets.values():
        for member in t.members:
            out[t.id].add(member)
            out[member].add(t.id)
    return out


def academic_grade(enrolled: int, on: date) -> int:
    """1 for a class in its first academic year on ``on`` (academic years start in August)."""
    start_year = on.year if on.month >= 8 else on.year - 1
    return start_year - enrolled + 1


class Checker:
    def __init__(self, repo: Repo, as_of: date, history: History | None = None) -> None:
        self.repo = repo
        self.as_of = as_of
        self.history = history
        self.out: list[Diagnostic] = []
        self.policy = repo.policy
        self.related = related_targets(repo)
        self.ids: dict[str, str] = {}  # id -> "unit" | "person" | "target"
        for kind, table in (("unit", repo.units), ("person", repo.people), ("target", repo.targets)):
            for key in table:
                self.ids.setdefault(key, kind)

    # ----------------------------------------------------------------- helpers
    def add(self, code: str, file: str, line: int | None, message: str) -> None:
        self.out.append(diag(code, file, line, message))

    def entries(self, rel: str) -> list[tuple[int, Any]]:
        return self.repo.entries.get(rel, [])

    def missing(self, ref: str) -> bool:
        """An unknown id; ids of entries that failed the schema were already reported, and so was
        a units/people/targets file that could not be read (every id in it would look unknown)."""
        if self.repo.unreadable & {UNITS, PEOPLE, TARGETS}:
            return False
        return ref not in self.ids and ref not in self.repo.broken_ids

    def ref_hint(self, ref: str, want: str) -> str:
        kind = self.ids.get(ref)
        names = {"unit": "单位（units.yml）", "person": "人员（people.yml）", "target": "联系对象（targets.yml）"}
        if kind:
            return f"“{ref}”是{names[kind]}，这里需要{want}。"
        return f"找不到标识“{ref}”。请检查拼写，或先在名册中登记它（这里需要{want}）。"

    # ----------------------------------------------------------------- rosters
    def institution(self) -> None:
        inst = self.repo.institution
        if inst is None:
            return
        try:
            zoneinfo.ZoneInfo(inst.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.add("roster-timezone", INSTITUTION, self.repo.roster_docs[INSTITUTION].line(("timezone",)),
                     f"时区“{inst.timezone}”无效。中国大陆请写 Asia/Shanghai。")

    def calendar(self) -> None:
        cal = self.repo.calendar
        if cal is None:
            return
        doc = self.repo.roster_docs[CALENDAR]
        previous: schema.Term | None = None
        seen: set[str] = set()
        for i, term in enumerate(cal.terms):
            line = doc.line(("terms", i))
            if term.id in seen:
                self.add("roster-duplicate-id", CALENDAR, line, f"学期“{term.id}”重复登记。请删除重复的一项。")
            seen.add(term.id)
            first, second = int(term.id[:4]), int(term.id[5:9])
            if second != first + 1:
                self.add("roster-term-order", CALENDAR, line,
                         f"学期标识“{term.id}”的两个年份应相邻，例如 {first}-{first + 1}-{term.id[-1]}。")
            if term.end < term.start:
                self.add("roster-term-order", CALENDAR, doc.line(("terms", i, "end")),
                         f"学期“{term.id}”的结束日期 {term.end} 早于开始日期 {term.start}。请对调或改正。")
            elif not (first <= term.start.year <= second):
                self.add("roster-term-order", CALENDAR, doc.line(("terms", i, "start")),
                         f"学期“{term.id}”的开始日期 {term.start} 不在 {first}—{second} 学年内。请核对年份。")
            if previous is not None:
                if term.start <= previous.end:
                    self.add("roster-term-overlap", CALENDAR, doc.line(("terms", i, "start")),
                             f"学期“{term.id}”从 {term.start} 开始，与上一学期“{previous.id}”（到 {previous.end}）重叠。"
                             "学期须按时间先后排列且互不重叠。")
            previous = term
            for j, brk in enumerate(term.breaks):
                bline = doc.line(("terms", i, "breaks", j))
                if brk.end < brk.start:
                    self.add("roster-date-order", CALENDAR, bline,
                             f"假期“{brk.name}”的结束日期 {brk.end} 早于开始日期 {brk.start}。")
                elif brk.start < term.start or brk.end > term.end:
                    self.add("roster-break-outside", CALENDAR, bline,
                             f"假期“{brk.name}”（{brk.start} 至 {brk.end}）超出了学期“{term.id}”"
                             f"（{term.start} 至 {term.end}）。学期之间的假期不用登记；跨越学期边界的请截到学期内。")
            for j, day in enumerate(term.makeup_days):
                mline = doc.line(("terms", i, "makeup_days", j))
                if day.weekday() < 5:
                    self.add("roster-makeup-day", CALENDAR, mline,
                             f"调休日 {day} 是工作日（星期{'一二三四五'[day.weekday()]}），本来就是教学日。只需登记调休上课的周六、周日。")
                elif not (term.start <= day <= term.end):
                    self.add("roster-makeup-day", CALENDAR, mline,
                             f"调休日 {day} 不在学期“{term.id}”（{term.start} 至 {term.end}）之内。")

    def namespace(self) -> None:
        first: dict[str, tuple[str, int | None]] = {}
        for rel in (UNITS, PEOPLE, TARGETS):
            for index, item in self.entries(rel):
                line = self.repo.entry_line(rel, index, "id")
                if item.id in first:
                    where, at = first[item.id]
                    self.add("roster-duplicate-id", rel, line,
                             f"标识“{item.id}”已在 {where} 第 {at} 行使用。人员、单位、联系对象的标识必须互不相同，请换一个。")
                else:
                    first[item.id] = (rel, line)

    def units(self) -> None:
        for index, unit in self.entries(UNITS):
            if unit.parent and unit.parent not in self.repo.units and self.missing(unit.parent):
                self.add("roster-unknown-ref", UNITS, self.repo.entry_line(UNITS, index, "parent"),
                         self.ref_hint(unit.parent, "上级单位的标识"))
            if unit.secretary and unit.secretary not in self.repo.people and self.missing(unit.secretary):
                self.add("roster-unknown-ref", UNITS, self.repo.entry_line(UNITS, index, "secretary"),
                         self.ref_hint(unit.secretary, "书记的人员标识"))

    def people(self) -> None:
        roles = self.policy.roles if self.policy else None
        for index, person in self.entries(PEOPLE):
            line = lambda *p, i=index: self.repo.entry_line(PEOPLE, i, *p)  # noqa: E731
            if person.unit not in self.repo.units and self.missing(person.unit):
                self.add("roster-unknown-ref", PEOPLE, line("unit"), self.ref_hint(person.unit, "单位标识"))
            if person.branch:
                unit = self.repo.units.get(person.branch)
                if unit is None and self.missing(person.branch):
                    self.add("roster-unknown-ref", PEOPLE, line("branch"), self.ref_hint(person.branch, "党支部的单位标识"))
                elif unit is not None and unit.kind not in ("branch", "general-branch"):
                    self.add("roster-unknown-ref", PEOPLE, line("branch"),
                             f"“{person.branch}”是{unit.name}，不是党支部。branch 应填写本人所在党支部的标识。")
            for j, liaison in enumerate(person.liaisons):
                if liaison not in self.repo.people and self.missing(liaison):
                    self.add("roster-unknown-ref", PEOPLE, line("liaisons", j), self.ref_hint(liaison, "联络员的人员标识"))
            if person.since and person.until and person.until < person.since:
                self.add("roster-date-order", PEOPLE, line("until"),
                         f"{person.name}的任职结束日期 {person.until} 早于开始日期 {person.since}。")
            if roles is not None:
                for j, role in enumerate(person.roles):
                    if role not in roles:
                        self.add("roster-unknown-role", PEOPLE, line("roles", j),
                                 f"角色“{role}”没有在制度中声明。可用的角色：{'、'.join(roles) or '（无）'}。")

    def targets(self) -> None:
        for index, target in self.entries(TARGETS):
            if target.unit and target.unit not in self.repo.units and self.missing(target.unit):
                self.add("roster-unknown-ref", TARGETS, self.repo.entry_line(TARGETS, index, "unit"),
                         self.ref_hint(target.unit, "所属单位的标识"))
            for j, member in enumerate(target.members):
                if member not in self.repo.targets and self.missing(member):
                    self.add("roster-unknown-ref", TARGETS, self.repo.entry_line(TARGETS, index, "members", j),
                             self.ref_hint(member, "成员（联系对象）的标识"))

    def assignments(self) -> None:
        for index, a in self.entries(ASSIGNMENTS):
            if a.actor not in self.repo.people and a.actor not in self.repo.units and self.missing(a.actor):
                self.add("roster-unknown-ref", ASSIGNMENTS, self.repo.entry_line(ASSIGNMENTS, index, "actor"),
                         self.ref_hint(a.actor, "人员或单位的标识"))
            elif a.actor in self.repo.targets and a.actor not in self.repo.people and a.actor not in self.repo.units:
                self.add("roster-unknown-ref", ASSIGNMENTS, self.repo.entry_line(ASSIGNMENTS, index, "actor"),
                         self.ref_hint(a.actor, "人员或单位的标识"))
            for j, t in enumerate(a.targets):
                if t in self.repo.people:
                    self.add("roster-unknown-ref", ASSIGNMENTS, self.repo.entry_line(ASSIGNMENTS, index, "targets", j),
                             self.ref_hint(t, "联系对象或单位的标识（教师作为联系对象请登记在 targets.yml）"))
                elif self.missing(t):
                    self.add("roster-unknown-ref", ASSIGNMENTS, self.repo.entry_line(ASSIGNMENTS, index, "targets", j),
                             self.ref_hint(t, "联系对象或单位的标识"))
            if a.since and a.until and a.until < a.since:
                self.add("roster-date-order", ASSIGNMENTS, self.repo.entry_line(ASSIGNMENTS, index, "until"),
                         f"分配的结束日期 {a.until} 早于开始日期 {a.since}。")

    def leaves(self) -> None:
        spans: dict[str, list[tuple[date, date, int]]] = defaultdict(list)
        for index, leave in self.entries(LEAVES):
            if leave.person not in self.repo.people and self.missing(leave.person):
                self.add("roster-unknown-ref", LEAVES, self.repo.entry_line(LEAVES, index, "person"),
                         self.ref_hint(leave.person, "人员标识"))
            if leave.end < leave.start:
                self.add("roster-date-order", LEAVES, self.repo.entry_line(LEAVES, index, "end"),
                         f"请假结束日期 {leave.end} 早于开始日期 {leave.start}。")
                continue
            for start, end, line in spans[leave.person]:
                if leave.start <= end and start <= leave.end:
                    self.add("roster-leave-overlap", LEAVES, self.repo.entry_line(LEAVES, index),
                             f"这段请假与第 {line} 行的请假时间重叠。请合并为一段。")
            spans[leave.person].append((leave.start, leave.end, self.repo.entry_line(LEAVES, index) or 0))

    # ----------------------------------------------------------------- policy
    def policy_refs(self) -> None:
        policy = self.policy
        if policy is None:
            return
        for pf in self.repo.policy_files:
            rel, own, doc = pf.path, pf.policy, pf.loaded
            seen: dict[tuple[str, str], int | None] = {}
            for section in ("rules", "assignment_rules", "coverage_rules", "profile_rules", "reports"):
                for i, rule in enumerate(getattr(own, section)):
                    line = doc.line((section, i, "id"))
                    if (section, rule.id) in seen:
                        self.add("policy-duplicate-id", rel, line,
                                 f"规则标识“{rule.id}”在本文件第 {seen[(section, rule.id)]} 行已经用过。请换一个标识。")
                    seen[(section, rule.id)] = line
                    for path, who in _whos(rule, (section, i)):
                        self._who(rel, doc, path, who)
            for i, rule in enumerate(own.rules):
                base = ("rules", i, "count")
                for j, t in enumerate(rule.count.types or []):
                    if t not in policy.activity_types:
                        self.add("policy-unknown-ref", rel, doc.line(base + ("types", j)),
                                 f"规则“{rule.id}”中的活动类型“{t}”没有在 activity_types 中声明。")
                for j, g in enumerate(rule.count.guidance):
                    if g not in policy.guidance:
                        self.add("policy-unknown-ref", rel, doc.line(base + ("guidance", j)),
                                 f"规则“{rule.id}”中的引导类别“{g}”没有在 guidance 中声明。")
                if rule.each == "tagged" and not (rule.count.target_kinds or rule.count.target_tags):
                    self.add("policy-bounds", rel, doc.line(("rules", i, "each")),
                             f"规则“{rule.id}”使用 each: tagged，但没有写 count.target_kinds 或 count.target_tags，"
                             "会对名册中的每一个对象分别计算。请写明针对哪些对象。")
                if rule.min == 0 and rule.min_hours == 0:
                    self.add("policy-bounds", rel, doc.line(("rules", i, "min")),
                             f"规则“{rule.id}”的 min 和 min_hours 都是 0，永远算作完成。请写明最低要求。")
            for section, path_of in (("rules", ("count",)), ("assignment_rules", ()), ("coverage_rules", ())):
                for i, rule in enumerate(getattr(own, section)):
                    self._tags(rel, doc, (section, i, *path_of), rule.count if section == "rules" else rule)
            for i, arule in enumerate(own.assignment_rules):
                if arule.max is not None and arule.max < arule.min:
                    self.add("policy-bounds", rel, doc.line(("assignment_rules", i, "max")),
                             f"规则“{arule.id}”的上限 max={arule.max} 小于下限 min={arule.min}。")
        self.weakened()

    def _tags(self, rel: str, doc: Any, path: tuple[Any, ...], holder: Any) -> None:
        """Undeclared tags, when the policy declares a tag vocabulary (a typo would never match)."""
        assert self.policy is not None
        known = set(self.policy.tags) | set(self.policy.sensitive_tags)
        if not self.policy.tags:
            return
        for key in ("target_tags", "target_tags_all"):
            for j, tag in enumerate(getattr(holder, key)):
                if tag not in known:
                    self.add("policy-unknown-ref", rel, doc.line(path + (key, j)),
                             f"标签“{tag}”没有在制度的 tags 中声明。已声明：{'、'.join(sorted(known))}。请检查拼写。")

    def _who(self, rel: str, doc: Any, path: tuple[Any, ...], who: schema.Who) -> None:
        assert self.policy is not None
        for key in ("roles", "except_roles"):
            for j, role in enumerate(getattr(who, key)):
                if role not in self.policy.roles:
                    self.add("policy-unknown-ref", rel, doc.line(path + (key, j)),
                             f"角色“{role}”没有在制度的 roles 中声明。已声明：{'、'.join(self.policy.roles) or '（无）'}。")
        for j, ref in enumerate(who.ids):
            if ref not in self.repo.people and ref not in self.repo.units and self.missing(ref):
                self.add("policy-unknown-ref", rel, doc.line(path + ("ids", j)), self.ref_hint(ref, "人员或单位的标识"))

    def weakened(self) -> None:
        order = {k: i for i, k in enumerate(schema.PERIOD_KINDS)}
        inherited: dict[str, schema.Rule] = {}
        for pf in self.repo.policy_files:
            local: dict[str, schema.Rule] = {}  # a duplicate id in one file is not an override
            for i, rule in enumerate(pf.policy.rules):
                old = inherited.get(rule.id)
                if old is not None:
                    why = []
                    if rule.min < old.min:
                        why.append(f"次数由 {old.min} 降为 {rule.min}")
                    if rule.min_hours < old.min_hours:
                        why.append(f"时长由 {old.min_hours} 小时降为 {rule.min_hours} 小时")
                    if order[rule.per] > order[old.per]:
                        why.append(f"周期由 {old.per} 放宽为 {rule.per}")
                    if old.level == "mandatory" and rule.level == "advisory":
                        why.append("由必须改为倡导")
                    if why:
                        self.add("policy-weakened", pf.path, pf.loaded.line(("rules", i, "id")),
                                 f"规则“{rule.id}”覆盖了上级制度中的同名规则，但要求更低：{'；'.join(why)}。"
                                 "如确需调整，请确认符合上级文件要求。")
                local[rule.id] = rule
            inherited.update(local)

    # ----------------------------------------------------------------- records
    def records(self) -> tuple[set[str], set[str]]:
        """Check every record; return (paths with errors, superseded paths)."""
        repo, policy = self.repo, self.policy
        bad: set[str] = set(repo.broken_records)
        by_path = {r.path: r for r in repo.records}
        superseded: set[str] = set()
        for r in repo.records:
            before = len(self.out)
            self.record(r, by_path, superseded)
            if any(d.severity == "error" for d in self.out[before:]):
                bad.add(r.path)
        for r in repo.partial_records:  # already invalid; checked for the user's sake only
            self.record(r, by_path, set())
        # The file filed later is the duplicate: first-commit order from Git, else path order.
        stamps = self.history.first_commit_ts if self.history else {}
        live = sorted((r for r in repo.records if r.path not in superseded),
                      key=lambda r: (stamps.get(r.path, float("inf")), r.path))
        for path in self.across(live):
            bad.add(path)
        if policy is not None:
            self.with_also_filed(live)
        return bad, superseded

    def record(self, r: Record, by_path: dict[str, Record], superseded: set[str]) -> None:
        m, p, policy = r.meta, r.path, self.policy
        # A partial record (its front matter failed the schema) has None in its invalid fields:
        # each check below runs when the fields it needs are there.
        if m.by is not None and m.date is not None:
            self.path_agrees(r)
        actor_kind = self.ids.get(m.by) if m.by is not None else "unknown"
        if actor_kind is None:
            if self.missing(m.by):
                self.add("record-unknown-ref", p, r.line("by"),
                         f"填报人“{m.by}”不在名册中。by 应为 rosters/people.yml 中的人员标识，或以单位名义开展活动时的单位标识。")
        elif actor_kind == "target":
            self.add("record-unknown-ref", p, r.line("by"), self.ref_hint(m.by, "填报人（人员或单位）的标识"))
        elif actor_kind == "person":
            person = self.repo.people[m.by]
            if m.date is not None and (
                (person.since and m.date < person.since) or (person.until and m.date > person.until)
            ):
                span = f"{person.since or '……'} 至 {person.until or '今'}"
                self.add("record-not-in-post", p, r.line("date"),
                         f"{person.name}的任职期间是 {span}，活动日期 {m.date} 不在其中。请核对日期或名册中的 since/until。")
        if m.date is not None and m.date > self.as_of:
            self.add("record-future", p, r.line("date"),
                     f"活动日期 {m.date} 晚于统计日期 {self.as_of}。不能提前登记尚未发生的活动，请核对日期。")
        for j, t in enumerate(m.targets):
            if t in self.repo.people:
                self.add("record-unknown-ref", p, r.line("targets", j),
                         f"“{t}”是填报人员，不是联系对象。与其他干部一同参加请写在 with 中；联系教师请使用 targets.yml 中的教师标识。")
            elif self.missing(t):
                self.add("record-unknown-ref", p, r.line("targets", j), self.ref_hint(t, "联系对象或单位的标识"))
        for j, w in enumerate(m.with_):
            if w not in self.repo.people and (w in self.ids or self.missing(w)):
                self.add("record-unknown-ref", p, r.line("with", j),
                         self.ref_hint(w, "同行人员的标识（rosters/people.yml）"))
            elif w == m.by:
                self.add("record-unknown-ref", p, r.line("with", j), f"with 中不用再写填报人本人“{w}”。请删除。")
        atype = policy.activity_types.get(m.type) if policy else None
        if policy is not None and atype is None and m.type is not None:
            known = "、".join(f"{k}（{v.name}）" for k, v in policy.activity_types.items())
            close = difflib.get_close_matches(m.type, list(policy.activity_types), n=1, cutoff=0.6)
            hint = f"是不是“{close[0]}”？" if close else ""
            self.add("record-unknown-type", p, r.line("type"),
                     f"活动类型“{m.type}”没有在制度中声明。{hint}可用的类型：{known}。")
        if policy is not None:
            for j, g in enumerate(m.guidance):
                if g not in policy.guidance:
                    self.add("record-unknown-guidance", p, r.line("guidance", j),
                             f"引导类别“{g}”没有在制度中声明。可用的类别：{'、'.join(policy.guidance) or '（无）'}。")
        if {"start", "end"} & r.unknown:
            pass  # a time that failed the schema is reported already; comparing would echo it
        elif m.end is not None and m.start is None:
            self.add("record-time-order", p, r.line("end"), "只写了结束时间 end，没有开始时间 start。请补上开始时间。")
        elif m.start is not None and m.end is not None and m.end <= m.start:
            self.add("record-time-order", p, r.line("end"),
                     f"结束时间 {m.end:%H:%M} 不晚于开始时间 {m.start:%H:%M}。请改正；跨午夜的活动请按当天结束时间记录。")
        if atype is not None and atype.requires_duration and (m.start is None or m.end is None) \
                and not {"start", "end"} & r.unknown:
            self.add("record-duration-required", p, r.line("type"),
                     f"“{atype.name}”必须填写起止时间，例如 start: \"09:00\" 和 end: \"12:00\"。")
        if atype is not None and atype.face_to_face and not m.targets and "targets" not in r.unknown:
            self.add("record-empty-targets", p, r.line("type"),
                     f"“{atype.name}”是面对面活动，但没有填写联系对象 targets。请写明联系了哪个班级、宿舍或对象。")
        if self.visibility(r) == "public":
            for j, t in enumerate(m.targets):
                if self.sensitive(t):
                    self.add("record-public-sensitive", p, r.line("targets", j),
                             f"这条记录设为公开（public），但联系对象“{t}”是敏感对象，身份不得公开。"
                             "请把 visibility 改为 internal，或去掉这个对象。")
            # The public site shows the summary: it must not name a sensitive student either.
            for name, ref in self.sensitive_names:
                if m.summary and name in m.summary:
                    self.add("record-public-sensitive", p, r.line("summary"),
                             f"这条记录设为公开（public），但工作简况中写到了敏感对象（{ref}）的姓名，身份不得公开。"
                             "请删去姓名（例如改为“一名同学”），或把 visibility 改为 internal。")
        self.problems(r)
        if m.amends is not None or m.reason is not None:
            self.amends(r, by_path, superseded)
        if m.by is not None and m.date is not None:
            self.assignment_warnings(r)
            self.late(r)

    def late(self, r: Record) -> None:
        filing = self.policy.filing if self.policy else None
        if self.history is None or self.history.problem or filing is None:
            return
        if filing.checked_from is not None and r.meta.date < filing.checked_from:
            return
        # A file not committed yet is being filed now.
        filed = self.history.first_commit.get(r.path, self.as_of)
        delay = (filed - r.meta.date).days
        if delay > filing.within_days:
            self.add("record-late", r.path, r.line("date"),
                     f"活动日期是 {r.meta.date}，记录在 {filed} 才首次提交，相隔 {delay} 天，超过制度规定的 "
                     f"{filing.within_days} 天。请今后在活动后及时登记；如确属补录，请在正文中说明原因。")

    def path_agrees(self, r: Record) -> None:
        m = r.meta
        match = RECORD_RE.fullmatch(r.path)
        expected_term = self.term_folder(m.date)
        expected = f"records/{expected_term}/{m.by}/{m.date.isoformat()}-<简短英文名>.md"
        if match is None:
            self.add("record-path", r.path, None,
                     f"记录文件的位置或名称不对。应为 {expected}，其中文件名只能用小写英文字母、数字和连字符，例如 {m.date.isoformat()}-dorm-visit.md。")
            return
        if match["actor"] != m.by:
            self.add("record-path", r.path, r.line("by"),
                     f"文件放在“{match['actor']}”文件夹，但 by 写的是“{m.by}”。请把文件移到 records/{expected_term}/{m.by}/，或改正 by。")
        if match["date"] != m.date.isoformat():
            self.add("record-path", r.path, r.line("date"),
                     f"文件名中的日期是 {match['date']}，但 date 写的是 {m.date}。请让两者一致。")
        if self.repo.calendar is not None and match["term"] != expected_term:
            self.add("record-path", r.path, r.line("date"),
                     f"活动日期 {m.date} 属于“{expected_term}”，文件却放在“{match['term']}”文件夹。请移到 records/{expected_term}/{m.by}/。")

    def term_folder(self, d: date) -> str:
        cal = self.repo.calendar
        if cal is None:
            return "<学期>"
        for term in cal.terms:
            if term.start <= d <= term.end:
                return term.id
        return "no-term"

    def visibility(self, r: Record) -> str:
        return privacy.visibility(r.meta, self.policy)

    @cached_property
    def sensitive_names(self) -> list[tuple[str, str]]:
        """(name, id) of every sensitive target; names shorter than two characters match too much."""
        return [(t.name, t.id) for t in self.repo.targets.values() if len(t.name) >= 2 and self.sensitive(t.id)]

    def sensitive(self, ref: str) -> bool:
        return privacy.is_sensitive(self.repo.targets.get(ref), self.policy)

    def problems(self, r: Record) -> None:
        limit = self.policy.problems.respond_within_days if self.policy and self.policy.problems else None
        for i, prob in enumerate(r.meta.problems):
            if prob.refer_to and prob.refer_to not in self.repo.units and (
                prob.refer_to in self.ids or self.missing(prob.refer_to)
            ):
                self.add("record-unknown-ref", r.path, r.line("problems", i, "refer_to"),
                         self.ref_hint(prob.refer_to, "承办单位的标识（rosters/units.yml）"))
            if prob.status == "resolved" and prob.resolved is None:
                self.add("record-problem", r.path, r.line("problems", i, "status"),
                         "问题状态为已办结（resolved），但没有填写办结日期 resolved。请补上，例如 resolved: 2024-10-22。")
            if prob.status != "resolved" and prob.resolved is not None:
                self.add("record-problem", r.path, r.line("problems", i, "resolved"),
                         f"填写了办结日期 {prob.resolved}，但状态是“{prob.status}”。已办结请把 status 改为 resolved。")
            if r.meta.date is None:
                continue  # a partial record: the date itself is already reported
            if prob.resolved is not None and prob.resolved < r.meta.date:
                self.add("record-problem", r.path, r.line("problems", i, "resolved"),
                         f"办结日期 {prob.resolved} 早于问题提出的日期 {r.meta.date}。请核对。")
            if limit is not None and prob.status != "resolved":
                age = (self.as_of - r.meta.date).days
                if age > limit:
                    self.add("record-problem-overdue", r.path, r.line("problems", i),
                             f"问题“{prob.summary}”提出已 {age} 天仍未办结，超过制度规定的 {limit} 天。请督促承办单位办理并更新状态。")

    def amends(self, r: Record, by_path: dict[str, Record], superseded: set[str]) -> None:
        m = r.meta
        if m.amends is None:
            self.add("record-amends", r.path, r.line("reason"), "填写了更正原因 reason，却没有写被更正的记录 amends。")
            return
        if not m.reason:
            self.add("record-amends", r.path, r.line("amends"), "更正记录必须写明更正原因 reason。")
        target = by_path.get(m.amends)
        if target is None:
            if m.amends in self.repo.broken_records:
                superseded.add(m.amends)
                return
            self.add("record-amends", r.path, r.line("amends"),
                     f"找不到被更正的记录“{m.amends}”。请写从仓库根目录开始的完整路径，例如 records/2024-2025-1/wang-jianguo/2024-10-14-dorm-visit.md。")
            return
        if target.meta.by != m.by:
            self.add("record-amends", r.path, r.line("amends"),
                     f"被更正的记录是“{target.meta.by}”的，更正记录的 by 是“{m.by}”。只能更正同一填报人的记录。")
        superseded.add(m.amends)

    def assignment_warnings(self, r: Record) -> None:
        m = r.meta
        if m.by not in self.repo.people and m.by not in self.repo.units:
            return
        assigned = self.assigned_on(m.by, m.date)
        for j, t in enumerate(m.targets):
            if t in assigned or t not in self.ids:
                continue
            if assigned & self.related.get(t, set()):
                continue
            self.add("record-unassigned-target", r.path, r.line("targets", j),
                     f"联系对象“{t}”在 {m.date} 没有分配给“{m.by}”。如属临时联系可忽略；长期联系请在 rosters/assignments.yml 中登记。")
        for j, t in enumerate(m.targets):
            target = self.repo.targets.get(t)
            if target is None or target.kind != "class" or target.enrolled is None:
                continue
            limit = self.grade_limit(m.by, target)
            grade = academic_grade(target.enrolled, m.date)
            if limit is not None and grade > limit:
                self.add("record-grade", r.path, r.line("targets", j),
                         f"班级“{target.name}”在 {m.date} 是{grade}年级，制度要求联系{limit}年级以内的班级。")

    @cached_property
    def assignment_index(self) -> AssignmentIndex:
        return AssignmentIndex(self.repo.assignments)

    def assigned_on(self, actor: str, on: date) -> set[str]:
        return self.assignment_index.on(actor, on)

    def grade_limit(self, actor: str, target: schema.Target) -> int | None:
        if self.policy is None:
            return None
        limits = []
        for rule in self.policy.assignment_rules:
            if rule.grade is None or target.kind not in rule.target_kinds or not who_applies(self.repo, rule.who, actor):
                continue
            limits.append(rule.grade.limit(target.level))
        return min(limits) if limits else None

    def across(self, live: list[Record]) -> set[str]:
        """Checks between records of one actor: duplicates, overlapping spans, daily quota."""
        bad: set[str] = set()
        seen: dict[tuple[Any, ...], Record] = {}
        by_day: dict[tuple[str, date], list[Record]] = defaultdict(list)
        for r in live:
            m = r.meta
            key = (m.by, m.date, m.type, frozenset(m.targets))
            other = seen.get(key)
            if other is not None:
                self.add("record-duplicate", r.path, r.line("type"),
                         f"与 {other.path} 重复：同一填报人、同一天、同一活动类型和同样的联系对象。"
                         "同一活动只需登记一次；如是两次不同的活动，请在联系对象或时间上区分，或删除本文件。")
                bad.add(r.path)
            else:
                seen[key] = r
            by_day[(m.by, m.date)].append(r)
        for (_, _), day in by_day.items():
            timed = sorted((r for r in day if r.meta.start and r.meta.end), key=lambda r: (r.meta.start, r.path))
            for a, b in zip(timed, timed[1:], strict=False):
                if b.meta.start < a.meta.end:  # type: ignore[operator]
                    self.add("record-overlap", b.path, b.line("start"),
                             f"时间 {b.meta.start:%H:%M}—{b.meta.end:%H:%M} 与同一天的 {a.path}"
                             f"（{a.meta.start:%H:%M}—{a.meta.end:%H:%M}）重叠。一个人不能同时在两处，请核对时间。")
                    bad.add(b.path)
            if self.policy is None:
                continue
            per_type: dict[str, list[Record]] = defaultdict(list)
            for r in day:
                per_type[r.meta.type].append(r)
            for t, rs in per_type.items():
                atype = self.policy.activity_types.get(t)
                if atype is None or atype.max_per_day is None or len(rs) <= atype.max_per_day:
                    continue
                for r in rs[atype.max_per_day:]:  # `live` is in filing order: later filings are extra
                    self.add("record-over-quota", r.path, r.line("type"),
                             f"“{atype.name}”每人每天最多登记 {atype.max_per_day} 次，{r.meta.date} 已有 "
                             f"{len(rs)} 条（{'、'.join(x.path.rsplit('/', 1)[-1] for x in rs)}）。请删除多余的记录。")
                    bad.add(r.path)
        return bad

    def with_also_filed(self, live: list[Record]) -> None:
        index: dict[tuple[str, date, str], list[Record]] = defaultdict(list)
        for r in live:
            index[(r.meta.by, r.meta.date, r.meta.type)].append(r)
        for r in live:
            for w in r.meta.with_:
                for other in index.get((w, r.meta.date, r.meta.type), []):
                    if other is r:
                        continue  # `with` naming the filer is its own error (record-unknown-ref)
                    if set(other.meta.targets) & set(r.meta.targets) or not r.meta.targets:
                        self.add("record-with-also-filed", other.path, other.line("by"),
                                 f"{r.path} 已把“{w}”列为同行人员（with）并计入，本人又登记了同一活动，会重复计数。"
                                 "请删除其中一处。")


def _whos(rule: Any, base: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], schema.Who]]:
    for key in ("who", "by"):
        who = getattr(rule, key, None)
        if isinstance(who, schema.Who):
            yield base + (key,), who


def validate_repo(repo: Repo, as_of: date, history: History | None = None) -> Validation:
    """Run every check; all problems are collected, none stops the others."""
    c = Checker(repo, as_of, history)
    if history is not None and history.problem:
        c.add("git-unavailable", "records", None, history.problem)
    c.institution()
    c.calendar()
    c.namespace()
    c.units()
    c.people()
    c.targets()
    c.assignments()
    c.leaves()
    c.policy_refs()
    bad, superseded = c.records()
    diagnostics = sorted(repo.diagnostics + c.out, key=lambda d: d.sort_key)
    return Validation(diagnostics, frozenset(bad), frozenset(superseded))
