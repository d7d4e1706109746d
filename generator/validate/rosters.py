"""Checks of the rosters: institution, calendar, the shared id namespace and every reference."""

from __future__ import annotations

import difflib
from collections import defaultdict
from datetime import date

from .. import clock, schema
from .context import ASSIGNMENTS, CALENDAR, INSTITUTION, LEAVES, PEOPLE, TARGETS, UNITS, Context


def check_institution(c: Context) -> None:
    inst = c.repo.institution
    if inst is None or clock.is_zone(inst.timezone):
        return
    c.add("roster-timezone", INSTITUTION, c.repo.sources.docs[INSTITUTION].line(("timezone",)),
          f"时区“{inst.timezone}”无效。中国大陆请写 Asia/Shanghai。")


def check_reviewers(c: Context) -> None:
    disclosure = c.repo.institution.disclosure if c.repo.institution else None
    for j, pid in enumerate(disclosure.reviewers if disclosure else ()):
        if pid not in c.repo.people and c.missing(pid):
            line = c.repo.sources.docs[INSTITUTION].line(("disclosure", "reviewers", j))
            c.add("roster-unknown-ref", INSTITUTION, line, c.ref_hint(pid, "保密审查人的人员标识（rosters/people.yml）"))


def check_calendar(c: Context) -> None:
    cal = c.repo.calendar
    if cal is None:
        return
    previous: schema.Term | None = None
    seen: set[str] = set()
    for i, term in enumerate(cal.terms):
        line = c.repo.sources.docs[CALENDAR].line(("terms", i))
        if term.id in seen:
            c.add("roster-duplicate-id", CALENDAR, line, f"学期“{term.id}”重复登记。请删除重复的一项。")
        seen.add(term.id)
        _term_dates(c, i, term, line)
        if previous is not None and term.start <= previous.end:
            c.add("roster-term-overlap", CALENDAR, _cal_line(c, "terms", i, "start"),
                  f"学期“{term.id}”从 {term.start} 开始，与上一学期“{previous.id}”（到 {previous.end}）重叠。"
                  "学期须按时间先后排列且互不重叠。")
        previous = term
        _breaks(c, i, term)
        _makeup_days(c, i, term)


def _cal_line(c: Context, *path: str | int) -> int | None:
    return c.repo.sources.docs[CALENDAR].line(path)


def _term_dates(c: Context, i: int, term: schema.Term, line: int | None) -> None:
    first, second = int(term.id[:4]), int(term.id[5:9])
    if second != first + 1:
        c.add("roster-term-order", CALENDAR, line,
              f"学期标识“{term.id}”的两个年份应相邻，例如 {first}-{first + 1}-{term.id[-1]}。")
    if term.end < term.start:
        c.add("roster-term-order", CALENDAR, _cal_line(c, "terms", i, "end"),
              f"学期“{term.id}”的结束日期 {term.end} 早于开始日期 {term.start}。请对调或改正。")
    elif not (first <= term.start.year <= second):
        c.add("roster-term-order", CALENDAR, _cal_line(c, "terms", i, "start"),
              f"学期“{term.id}”的开始日期 {term.start} 不在 {first}—{second} 学年内。请核对年份。")


def _breaks(c: Context, i: int, term: schema.Term) -> None:
    for j, brk in enumerate(term.breaks):
        bline = _cal_line(c, "terms", i, "breaks", j)
        if brk.end < brk.start:
            c.add("roster-date-order", CALENDAR, bline, f"假期“{brk.name}”的结束日期 {brk.end} 早于开始日期 {brk.start}。")
        elif brk.start < term.start or brk.end > term.end:
            c.add("roster-break-outside", CALENDAR, bline,
                  f"假期“{brk.name}”（{brk.start} 至 {brk.end}）超出了学期“{term.id}”"
                  f"（{term.start} 至 {term.end}）。学期之间的假期不用登记；跨越学期边界的请截到学期内。")


def _makeup_days(c: Context, i: int, term: schema.Term) -> None:
    for j, day in enumerate(term.makeup_days):
        mline = _cal_line(c, "terms", i, "makeup_days", j)
        if day.weekday() < 5:
            c.add("roster-makeup-day", CALENDAR, mline,
                  f"调休日 {day} 是工作日（星期{'一二三四五'[day.weekday()]}），本来就是教学日。只需登记调休上课的周六、周日。")
        elif not (term.start <= day <= term.end):
            c.add("roster-makeup-day", CALENDAR, mline, f"调休日 {day} 不在学期“{term.id}”（{term.start} 至 {term.end}）之内。")


def check_namespace(c: Context) -> None:
    first: dict[str, tuple[str, int | None]] = {}
    for rel in (UNITS, PEOPLE, TARGETS):
        for index, item in c.entries(rel):
            line = c.line(rel, index, "id")
            if item.id in first:
                where, at = first[item.id]
                c.add("roster-duplicate-id", rel, line,
                      f"标识“{item.id}”已在 {where} 第 {at} 行使用。人员、单位、联系对象的标识必须互不相同，请换一个。")
            else:
                first[item.id] = (rel, line)


def check_units(c: Context) -> None:
    for index, unit in c.entries(UNITS):
        if unit.parent and unit.parent not in c.repo.units and c.missing(unit.parent):
            c.add("roster-unknown-ref", UNITS, c.line(UNITS, index, "parent"), c.ref_hint(unit.parent, "上级单位的标识"))
        if unit.secretary and unit.secretary not in c.repo.people and c.missing(unit.secretary):
            c.add("roster-unknown-ref", UNITS, c.line(UNITS, index, "secretary"), c.ref_hint(unit.secretary, "书记的人员标识"))


def check_unit_cycles(c: Context) -> None:
    """Parent chains followed by iteration (a chain may be as long as the roster); each cycle is
    reported once, on the first of its units in the roster."""
    units = c.repo.units
    done: set[str] = set()
    lines = {unit.id: c.line(UNITS, index) for index, unit in c.entries(UNITS)}
    for start in units:
        path: list[str] = []
        on_path: set[str] = set()
        uid: str | None = start
        while uid is not None and uid in units and uid not in done and uid not in on_path:
            path.append(uid)
            on_path.add(uid)
            uid = units[uid].parent
        if uid is not None and uid in on_path:
            cycle = path[path.index(uid):]
            first = min(cycle, key=list(units).index)
            turn = cycle[cycle.index(first):] + cycle[:cycle.index(first)]
            c.add("roster-parent-cycle", UNITS, lines.get(first),
                  f"上级单位形成了循环：{' → '.join([*turn, first])}。请改正其中一个 parent。")
        done.update(path)


def check_people(c: Context) -> None:
    roles = c.policy.roles if c.policy else None
    for index, person in c.entries(PEOPLE):
        if person.unit not in c.repo.units and c.missing(person.unit):
            c.add("roster-unknown-ref", PEOPLE, c.line(PEOPLE, index, "unit"), c.ref_hint(person.unit, "单位标识"))
        _branch(c, index, person)
        for j, liaison in enumerate(person.liaisons):
            if liaison not in c.repo.people and c.missing(liaison):
                c.add("roster-unknown-ref", PEOPLE, c.line(PEOPLE, index, "liaisons", j), c.ref_hint(liaison, "联络员的人员标识"))
        if person.since and person.until and person.until < person.since:
            c.add("roster-date-order", PEOPLE, c.line(PEOPLE, index, "until"),
                  f"{person.name}的任职结束日期 {person.until} 早于开始日期 {person.since}。")
        if roles is not None:
            for j, role in enumerate(person.roles):
                if role not in roles:
                    c.add("roster-unknown-role", PEOPLE, c.line(PEOPLE, index, "roles", j),
                          f"角色“{role}”没有在制度中声明。可用的角色：{'、'.join(roles) or '（无）'}。")


def _branch(c: Context, index: int, person: schema.Person) -> None:
    if not person.branch:
        return
    unit = c.repo.units.get(person.branch)
    if unit is None and c.missing(person.branch):
        c.add("roster-unknown-ref", PEOPLE, c.line(PEOPLE, index, "branch"), c.ref_hint(person.branch, "党支部的单位标识"))
    elif unit is not None and unit.kind not in ("branch", "general-branch"):
        c.add("roster-unknown-ref", PEOPLE, c.line(PEOPLE, index, "branch"),
              f"“{person.branch}”是{unit.name}，不是党支部。branch 应填写本人所在党支部的标识。")


def check_targets(c: Context) -> None:
    for index, target in c.entries(TARGETS):
        if target.unit and target.unit not in c.repo.units and c.missing(target.unit):
            c.add("roster-unknown-ref", TARGETS, c.line(TARGETS, index, "unit"), c.ref_hint(target.unit, "所属单位的标识"))
        for j, member in enumerate(target.members):
            if member not in c.repo.targets and c.missing(member):
                c.add("roster-unknown-ref", TARGETS, c.line(TARGETS, index, "members", j),
                      c.ref_hint(member, "成员（联系对象）的标识"))
        terms = {t.id for t in c.repo.calendar.terms} if c.repo.calendar else None
        for j, term in enumerate(target.terms):
            if terms is not None and term not in terms:
                c.add("roster-unknown-ref", TARGETS, c.line(TARGETS, index, "terms", j),
                      f"学期“{term}”不在校历（rosters/calendar.yml）中。已登记的学期：{'、'.join(sorted(terms)) or '（无）'}。")
        _tags(c, index, target)


def _tags(c: Context, index: int, target: schema.Target) -> None:
    """A tag the policy's vocabulary lacks, when it declares one: a typo would match no rule."""
    if c.policy is None or not c.policy.tags:
        return
    known = [*c.policy.tags, *c.policy.sensitive_tags]
    for j, tag in enumerate(target.tags):
        if tag not in known:
            close = difflib.get_close_matches(tag, known, n=1, cutoff=0.5)
            hint = f"是不是“{close[0]}”？" if close else "如确需使用，请在制度文件的 tags 中声明。"
            c.add("roster-unknown-tag", TARGETS, c.line(TARGETS, index, "tags", j),
                  f"对象“{target.id}”的标签“{tag}”没有在制度的标签词表（tags）中声明，制度中的规则不会认出它。{hint}"
                  f"已声明：{'、'.join(known)}。")


def check_assignments(c: Context) -> None:
    repo = c.repo
    for index, a in c.entries(ASSIGNMENTS):
        actor_line = c.line(ASSIGNMENTS, index, "actor")
        if a.actor not in repo.people and a.actor not in repo.units and (c.missing(a.actor) or a.actor in repo.targets):
            c.add("roster-unknown-ref", ASSIGNMENTS, actor_line, c.ref_hint(a.actor, "人员或单位的标识"))
        for j, t in enumerate(a.targets):
            line = c.line(ASSIGNMENTS, index, "targets", j)
            if t in repo.people:
                c.add("roster-unknown-ref", ASSIGNMENTS, line,
                      c.ref_hint(t, "联系对象或单位的标识（教师作为联系对象请登记在 targets.yml）"))
            elif c.missing(t):
                c.add("roster-unknown-ref", ASSIGNMENTS, line, c.ref_hint(t, "联系对象或单位的标识"))
        if a.since and a.until and a.until < a.since:
            c.add("roster-date-order", ASSIGNMENTS, c.line(ASSIGNMENTS, index, "until"),
                  f"分配的结束日期 {a.until} 早于开始日期 {a.since}。")


def check_leaves(c: Context) -> None:
    spans: dict[str, list[tuple[date, date, int]]] = defaultdict(list)
    for index, leave in c.entries(LEAVES):
        if leave.person not in c.repo.people and c.missing(leave.person):
            c.add("roster-unknown-ref", LEAVES, c.line(LEAVES, index, "person"), c.ref_hint(leave.person, "人员标识"))
        if leave.end < leave.start:
            c.add("roster-date-order", LEAVES, c.line(LEAVES, index, "end"),
                  f"请假结束日期 {leave.end} 早于开始日期 {leave.start}。")
            continue
        for start, end, line in spans[leave.person]:
            if leave.start <= end and start <= leave.end:
                c.add("roster-leave-overlap", LEAVES, c.line(LEAVES, index), f"这段请假与第 {line} 行的请假时间重叠。请合并为一段。")
        spans[leave.person].append((leave.start, leave.end, c.line(LEAVES, index) or 0))


ROSTER_CHECKS = (check_institution, check_reviewers, check_calendar, check_namespace, check_units, check_unit_cycles,
                 check_people, check_targets, check_assignments, check_leaves)
