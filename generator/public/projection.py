"""What the public disclosure site may show (contract §8), and nothing else.

``project(outcome)`` is the only door from the repository to the public site: it copies into
frozen dataclasses exactly the facts §8 allows, so the public renderer and the open-data export,
which receive only ``PublicData`` (``data``), cannot leak what they never see. Decisions a careful
reader would ask about (students, dormitories, teachers as targets, small groups) are documented in
docs/opendata.md; the constants of ``data`` carry them.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cached_property

from .. import clock, ledger, schema
from ..activities import carrier_tally
from ..compliance import Result
from ..disclosure import published_summary
from ..loader import RECORD_RE, Record, Repo
from ..periods import TeachingCalendar
from ..pipeline import Outcome, PublicText, public_texts
from ..privacy import NAMED_KINDS, visibility
from ..text import cite, format_date_zh
from ..vocab import KIND_LABELS, Level, Visibility
from . import catalogue
from .allocation import allocations
from .catalogue import Candidate, ItemKey, ItemKind
from .data import (
    COUNTED_KINDS,
    DEFAULT_CATEGORY,
    MERGED,
    MERGED_NAME,
    MIN_GROUP,
    CarrierCount,
    Entry,
    GroupStat,
    ProblemStat,
    PublicActivityType,
    PublicActor,
    PublicAssignment,
    PublicData,
    PublicInstitution,
    PublicPolicy,
    PublicRecord,
    PublicRule,
    TermSummary,
)
from .groups import protect

__all__ = ["MERGED", "PublicData", "new_numbers", "project", "project_and_number", "protect"]

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
        self.texts: dict[str, PublicText] = {t.record.path: t for t in public_texts(outcome)}
        self.start = self.catalogue_start()

    @cached_property
    def numbers(self) -> dict[ItemKey, catalogue.Number]:
        """Catalogue numbers (computed only when pages are projected; held_back needs none)."""
        return catalogue.assign(
            self.candidates(), code=self.inst.code, category=self.category,
            history=self.outcome.history, timezone=self.inst.timezone, as_of=self.as_of,
            recorded=self.repo.ledger.entries if self.repo.ledger is not None else (), start=self.start,
        )

    def catalogue_start(self) -> int | None:
        """When the institution's own catalogue starts (Unix time): the first commit that carried
        its code, or its ``disclosure.catalogue_start``, whichever is later; None when neither is known."""
        history = self.outcome.history
        starts = [history.code_since] if history is not None and history.problem is None and history.code_since else []
        disclosure = self.inst.disclosure
        if disclosure is not None and disclosure.catalogue_start is not None:
            starts.append(catalogue.midnight(disclosure.catalogue_start, clock.zone(self.inst.timezone)))
        return max(starts, default=None)

    def visibility(self, r: Record) -> Visibility:
        return visibility(r.meta, self.policy)

    def term_of(self, day: date) -> schema.Term | None:
        return self.cal.reporting_term(day)

    # ------------------------------------------------------------------ catalogue
    def policy_leaf(self) -> str:
        return self.repo.policy_files[-1].path if self.repo.policy_files else self.inst.policy

    def entry(self, item: ItemKey, kind: str, title: str, summary: str, page: str, anchor: str | None = None) -> Entry:
        n = self.numbers[item]
        return Entry(n.number, kind, title, n.published, catalogue.summarise(summary), page, anchor)

    def record_paths(self) -> dict[str, date]:
        """Every record file there is or ever was since the catalogue's start (Git history keeps
        deleted ones; those gone before the institution's catalogue started are not its own), with its date."""
        paths = {r.path: r.meta.date for r in self.repo.records}
        history = self.outcome.history
        stamps = history.first_commit_ts if history else {}
        for path in [*self.repo.broken_records, *stamps, *self.outcome.reviews.by_record]:
            m = RECORD_RE.fullmatch(path)
            if path in stamps and path not in self.repo.broken_records and self.start and stamps[path] < self.start:
                continue
            if m and path not in paths:
                try:
                    paths[path] = date.fromisoformat(m["date"])
                except ValueError:
                    continue
        return paths

    def candidates(self) -> list[Candidate]:
        """Everything that holds a serial: a superset of what is published, so that hiding an item
        later (a record amended, a person no longer public) never renumbers the others. A record
        gets its serial when a reviewer clears it (published from the review's day on) and keeps
        it once registered or ever cleared, whatever happens to it later."""
        first = self.terms[0].start if self.terms else self.as_of
        # The policy page is one item, "the policy in force": adopting another policy file updates
        # it in place rather than retiring a number.
        out = [Candidate(ItemKey.of(ItemKind.POLICY), ("rosters/institution.yml", self.policy_leaf()), first),
               Candidate(ItemKey.of(ItemKind.ALLOCATION), ("rosters/assignments.yml",), first)]
        out.extend(Candidate(ItemKey.of(ItemKind.TERM, t.id), ("rosters/calendar.yml",), t.start, t.start) for t in self.terms)
        out.append(Candidate(ItemKey.of(ItemKind.OPENDATA), ("rosters/institution.yml",), first))
        paths = self.record_paths()
        registered = {e.item for e in self.repo.ledger.entries} if self.repo.ledger is not None else set()
        by_actor: dict[str, list[str]] = defaultdict(list)
        for path, day in sorted(paths.items()):
            m = RECORD_RE.fullmatch(path)
            if m and m["actor"] not in self.repo.units:
                by_actor[m["actor"]].append(path)
            item, cleared = ItemKey.of(ItemKind.RECORD, path), self.outcome.reviews.first_cleared(path, self.as_of)
            if item in registered or cleared is not None:
                out.append(Candidate(item, (path,), day, cleared))
        for actor, own in sorted(by_actor.items()):
            out.append(Candidate(ItemKey.of(ItemKind.ACTOR, actor), tuple(own), min(paths[p] for p in own)))
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
        entry = self.entry(ItemKey.of(ItemKind.POLICY), "policy", p.title, summary, "policy.md")
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

    def public_records(self, person: schema.Person) -> list[tuple[Record, ItemKey]]:
        """Records that may be shown (``pipeline.public_texts``): valid and current, public, filed by
        this public person, no sensitive target, no name in the summary that may not be published,
        and cleared by a disclosure review of exactly their current public text."""
        out = [(t.record, ItemKey.of(ItemKind.RECORD, t.record.path)) for t in self.texts.values()
               if t.record.meta.by == person.id and t.published]
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
            records.append(PublicRecord(m.date, type_name, atype.carrier if atype else None,
                                        published_summary(m.summary), withs, entry))
        item = ItemKey.of(ItemKind.ACTOR, person.id)
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
        """Activities by carrier, restricted records left out: a carrier that only restricted
        activities use (心理疏导谈话) would otherwise publish how many such talks there were, one by one."""
        types = (r.meta.type for r in records if self.visibility(r) != Visibility.RESTRICTED)
        return tuple(CarrierCount(c, n) for c, n in carrier_tally(self.policy, types))

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
            entry = self.entry(ItemKey.of(ItemKind.TERM, t.id), "term", f"{t.name}联系师生工作统计", summary, f"terms/{t.id}.md")
            out.append(TermSummary(t.id, t.name, t.start, t.end, t.end < self.as_of, total, by_unit, by_role,
                                   self.carriers(recs), len(recs), self.problems(recs), entry))
        return tuple(out)

    # ------------------------------------------------------------------ everything
    def project(self) -> PublicData:
        inst = PublicInstitution(self.inst.name, self.inst.code, self.publisher, self.category)
        actors = tuple(sorted((self.actor(p) for p in self.public_people.values()),
                              key=lambda a: a.id))  # ids are pinyin by convention
        allocation = self.entry(
            ItemKey.of(ItemKind.ALLOCATION), "allocation", f"{self.inst.name}联系师生工作联系分配名单（公开部分）",
            f"列出同意公开姓名的{len(actors)}名人员及其联系的党组织、院系、班级、社团和课程；"
            "学生个人、宿舍门牌、教师个人和敏感对象不公开。", "people/index.md")
        opendata = self.entry(
            ItemKey.of(ItemKind.OPENDATA), "opendata", f"{self.inst.name}联系师生工作开放数据",
            "各学期按单位和角色汇总的规则完成情况、各载体活动次数、问题办理统计和公开目录，"
            "提供 JSON 和 CSV 两种格式，每行带机构编号，便于汇总。", "opendata.md")
        return PublicData(self.as_of, inst, self.public_policy(), self.term_summaries(), actors, allocation, opendata,
                          allocations=allocations(self.outcome))


def new_numbers(outcome: Outcome) -> tuple[ledger.Entry, ...]:
    """Numbers this outcome assigns for the first time, for ``build`` to record in the register.
    Kept apart from ``PublicData``: item identities hold ids of people the public site never names."""
    return catalogue.new_entries(_Projector(outcome).numbers)


def project(outcome: Outcome) -> PublicData:
    """The public disclosure data of one pipeline outcome (contract §8)."""
    return _Projector(outcome).project()


def project_and_number(outcome: Outcome) -> tuple[PublicData, tuple[ledger.Entry, ...]]:
    """``project`` and ``new_numbers`` of one outcome, numbering its items once (a build needs both)."""
    projector = _Projector(outcome)
    return projector.project(), catalogue.new_entries(projector.numbers)
