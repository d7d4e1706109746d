"""Checks of one record against the rosters and the policy (contract §3), on valid and partial records.

A partial record (its front matter failed the schema) has None or empty values in the fields that
failed: each check runs when the fields it needs are there, so every error shows in one run.
"""

from __future__ import annotations

import difflib
from datetime import date

from .. import schema
from ..activities import problem_age, response_limit
from ..keyboard import value_slip
from ..loader import RECORD_RE, PartialRecord, Record
from ..privacy import visibility
from ..roster import IdKind
from ..vocab import ProblemStatus, Visibility
from .context import Context
from .names import ACTORS, CONTACTS, PEOPLE, UNITS, did_you_mean, shown_name

Checked = Record | PartialRecord


def _unknown(r: Checked) -> frozenset[str]:
    return r.unknown if isinstance(r, PartialRecord) else frozenset()


def check_record(c: Context, r: Checked, by_path: dict[str, Record], superseded: set[str]) -> None:
    m = r.meta
    if m.by is not None and m.date is not None:
        _path_agrees(c, r, m.by, m.date.isoformat())
    _actor(c, r)
    today = c.today or c.as_of
    if m.date is not None and m.date > today:
        c.say("future", r.path, r.line("date"), date=m.date, today=today)
    _refs(c, r)
    _type_and_guidance(c, r)
    _times(c, r)
    if visibility(m, c.policy) == Visibility.PUBLIC:
        _public(c, r)
    _problems(c, r)
    if m.amends is not None or m.reason is not None:
        _amends(c, r, by_path, superseded)
    if m.by is not None and m.date is not None:
        _assignment_warnings(c, r, m.by, m.date)
        _late(c, r, m.date)


def _term_folder(c: Context, r: Checked) -> str:
    if c.calendar is None or r.meta.date is None:
        return "<学期>"
    term = c.calendar.term_of(r.meta.date)
    return term.id if term is not None else "no-term"


def _path_agrees(c: Context, r: Checked, by: str, day: str) -> None:
    match = RECORD_RE.fullmatch(r.path)
    expected_term = _term_folder(c, r)
    if by not in c.ids:
        by = "<你的标识>"  # an unknown by is reported on its own; never send the file to its folder
    if match is None:
        expected = f"records/{expected_term}/{by}/{day}-<简短英文名>.md"
        c.say("path-shape", r.path, None, expected=expected, date=day)
        return
    if match["actor"] != by and by in c.ids:
        c.add("record-path", r.path, r.line("by"),
              f"文件放在“{match['actor']}”文件夹，但 by 写的是“{by}”。请把文件移到 records/{expected_term}/{by}/，或改正 by。")
    if match["date"] != day:
        c.add("record-path", r.path, r.line("date"), f"文件名中的日期是 {match['date']}，但 date 写的是 {day}。请让两者一致。")
    if c.repo.calendar is not None and match["term"] != expected_term:
        c.add("record-path", r.path, r.line("date"),
              f"活动日期 {day} 属于“{expected_term}”，文件却放在“{match['term']}”文件夹。请移到 records/{expected_term}/{by}/。")


def _actor(c: Context, r: Checked) -> None:
    m, p = r.meta, r.path
    if m.by is None:
        return
    kind = c.ids.get(m.by)
    if kind is None:
        if c.missing(m.by):
            c.add("record-unknown-ref", p, r.line("by"), _unknown_by(c, r, m.by))
    elif kind == IdKind.TARGET:
        c.add("record-unknown-ref", p, r.line("by"), c.ref_hint(m.by, "填报人（人员或单位）的标识"))
    elif kind == IdKind.PERSON and m.date is not None:
        person = c.repo.people[m.by]
        if (person.since and m.date < person.since) or (person.until and m.date > person.until):
            span = f"{person.since or '……'} 至 {person.until or '今'}"
            c.say("not-in-post", p, r.line("date"), name=person.name, span=span, date=m.date)


def _unknown_by(c: Context, r: Checked, by: str) -> str:
    """An unknown ``by``: the id meant (by spelling, or the folder the file is in), else where ids are."""
    text = f"填报人“{by}”不在名册中。"
    match = RECORD_RE.fullmatch(r.path)
    folder = match["actor"] if match else None
    if folder and folder != by and folder in c.ids:
        return text + f"文件所在的文件夹“{folder}”是{shown_name(c, folder)}的标识：如果是{shown_name(c, folder)}的记录，请写成 by: {folder}。"
    hint = did_you_mean(c, by, ACTORS)
    return text + (hint or "by 应为 rosters/people.yml 中的人员标识，或以单位名义开展活动时的单位标识。") + \
        "改正后，文件要放在 records/<学期>/<正确的标识>/ 文件夹中。"


def _refs(c: Context, r: Checked) -> None:
    m, p = r.meta, r.path
    for j, t in enumerate(m.targets):
        if t in c.repo.people:
            c.say("target-is-person", p, r.line("targets", j), ref=t)
        elif c.missing(t):
            c.add("record-unknown-ref", p, r.line("targets", j),
                  c.ref_hint(t, "联系对象或单位的标识", did_you_mean(c, t, CONTACTS)))
    for j, w in enumerate(m.with_):
        if w not in c.repo.people and (w in c.ids or c.missing(w)):
            c.add("record-unknown-ref", p, r.line("with", j),
                  c.ref_hint(w, "同行人员的标识（rosters/people.yml）", did_you_mean(c, w, PEOPLE)))
        elif w == m.by:
            c.say("with-self", p, r.line("with", j), ref=w)


def _type_and_guidance(c: Context, r: Checked) -> None:
    m, p, policy = r.meta, r.path, c.policy
    if policy is None:
        return
    if m.type is not None and m.type not in policy.activity_types:
        c.add("record-unknown-type", p, r.line("type"), _unknown_type(policy, m.type))
    for j, g in enumerate(m.guidance):
        if g not in policy.guidance:
            c.add("record-unknown-guidance", p, r.line("guidance", j),
                  f"引导类别“{g}”没有在制度中声明。可用的类别：{'、'.join(policy.guidance) or '（无）'}。")


def _unknown_type(policy: schema.Policy, value: str) -> str:
    """An undeclared type: the id of the type it names (进宿舍 → dorm-visit), else the closest ones."""
    types = policy.activity_types
    known = "、".join(f"{k}（{v.name}）" for k, v in types.items())
    named = [k for k, v in types.items() if v.name == value.strip()]
    if named:
        return f"“{value}”是活动类型的名称，不是标识：{value}的标识是 {named[0]}。请写成 type: {named[0]}。"
    by_name = {v.name: k for k, v in types.items()}
    close = [*difflib.get_close_matches(value, list(types), n=2, cutoff=0.5),
             *(by_name[n] for n in difflib.get_close_matches(value, list(by_name), n=2, cutoff=0.5))]
    hint = "是不是 " + "、".join(f"{k}（{types[k].name}）" for k in dict.fromkeys(close)) + "？" if close else ""
    slip = value_slip(value) or ""
    return f"活动类型“{value}”没有在制度中声明。{slip}{hint}可用的类型：{known}。"


def _times(c: Context, r: Checked) -> None:
    m, p = r.meta, r.path
    unknown = _unknown(r)
    timed = not {"start", "end"} & unknown  # a time that failed the schema is reported already
    if timed and m.end is not None and m.start is None:
        c.say("end-without-start", p, r.line("end"))
    elif timed and m.start is not None and m.end is not None and m.end <= m.start:
        c.say("end-not-after-start", p, r.line("end"), end=f"{m.end:%H:%M}", start=f"{m.start:%H:%M}")
    atype = c.policy.activity_types.get(m.type) if c.policy and m.type is not None else None
    if atype is None:
        return
    if atype.requires_duration and (m.start is None or m.end is None) and timed:
        c.say("duration-required", p, r.line("type"), type=atype.name)
    if atype.face_to_face and not m.targets and "targets" not in unknown:
        c.say("empty-targets", p, r.line("type"), type=atype.name)


def _public(c: Context, r: Checked) -> None:
    m, p = r.meta, r.path
    for j, t in enumerate(m.targets):
        if t in c.sensitive:
            c.say("public-sensitive", p, r.line("targets", j), ref=t)
    # The public site shows the summary: it must not name a sensitive student either.
    named = dict.fromkeys(ref for mention in c.guard.sensitive(m.summary or "") for ref in mention.refs)
    for ref in sorted(named, key=list(c.repo.targets).index):
        c.say("public-sensitive-summary", p, r.line("summary"), ref=ref)


def _problems(c: Context, r: Checked) -> None:
    m = r.meta
    limit = response_limit(c.policy)
    for i, prob in enumerate(m.problems):
        if prob.refer_to and prob.refer_to not in c.repo.units and (prob.refer_to in c.ids or c.missing(prob.refer_to)):
            c.add("record-unknown-ref", r.path, r.line("problems", i, "refer_to"),
                  c.ref_hint(prob.refer_to, "承办单位的标识（rosters/units.yml）", did_you_mean(c, prob.refer_to, UNITS)))
        if prob.status == ProblemStatus.RESOLVED and prob.resolved is None:
            c.say("problem-no-resolved-date", r.path, r.line("problems", i, "status"))
        if prob.status != ProblemStatus.RESOLVED and prob.resolved is not None:
            c.say("problem-resolved-not-status", r.path, r.line("problems", i, "resolved"),
                  resolved=prob.resolved, status=prob.status)
        if m.date is None:
            continue  # a partial record: the date itself is already reported
        if prob.resolved is not None and prob.resolved < m.date:
            c.say("problem-resolved-early", r.path, r.line("problems", i, "resolved"), resolved=prob.resolved, date=m.date)
        age = problem_age(m.date, prob, c.as_of, limit)
        if age.overdue:
            # The problem's own text is not repeated: it may be restricted, and the line points at it.
            c.add("record-problem-overdue", r.path, r.line("problems", i),
                  f"第 {i + 1} 个问题（problems 第 {i + 1} 项）提出已 {age.days} 天仍未办结，超过制度规定的 {limit} 天。"
                  "请督促承办单位办理并更新状态。")


def _amends(c: Context, r: Checked, by_path: dict[str, Record], superseded: set[str]) -> None:
    m = r.meta
    if m.amends is None:
        c.add("record-amends", r.path, r.line("reason"), "填写了更正原因 reason，却没有写被更正的记录 amends。")
        return
    if not m.reason:
        c.add("record-amends", r.path, r.line("amends"), "更正记录必须写明更正原因 reason。")
    target = by_path.get(m.amends)
    if target is None:
        if m.amends in c.repo.broken_records:
            superseded.add(m.amends)
            return
        c.add("record-amends", r.path, r.line("amends"),
              f"找不到被更正的记录“{m.amends}”。请写从仓库根目录开始的完整路径，例如 records/2024-2025-1/wang-jianguo/2024-10-14-dorm-visit.md。")
        return
    if target.meta.by != m.by:
        c.add("record-amends", r.path, r.line("amends"),
              f"被更正的记录是“{target.meta.by}”的，更正记录的 by 是“{m.by}”。只能更正同一填报人的记录。")
    superseded.add(m.amends)


def _assignment_warnings(c: Context, r: Checked, by: str, day: date) -> None:
    m = r.meta
    if by not in c.repo.people and by not in c.repo.units:
        return
    assigned = c.roster.assigned_on(by, day)
    for j, t in enumerate(m.targets):
        if t in c.ids and not c.roster.assigned_or_related(t, assigned):
            c.say("unassigned-target", r.path, r.line("targets", j), ref=t, date=day, by=by)
    for j, t in enumerate(m.targets):
        target = c.repo.targets.get(t)
        excess = c.roster.grade_excess_for(by, target, day) if target is not None else None
        if target is not None and excess is not None:
            c.add("record-grade", r.path, r.line("targets", j),
                  f"{_grade_noun(target.kind)}“{target.name if target.kind == 'class' else t}”在 {day} 是{excess.year}年级，"
                  f"制度要求联系{excess.limit}年级以内的{_grade_noun(target.kind)}。")


def _grade_noun(kind: str) -> str:
    # a student's name may be sensitive: messages name students by id
    return "班级" if kind == "class" else "学生"


def _late(c: Context, r: Checked, day: date) -> None:
    filing = c.policy.filing if c.policy else None
    if c.history is None or c.history.problem or filing is None:
        return
    if filing.checked_from is not None and day < filing.checked_from:
        return
    # A file not committed yet is being filed now.
    filed = c.history.first_commit.get(r.path, c.as_of)
    delay = (filed - day).days
    if delay > filing.within_days:
        c.say("late", r.path, r.line("date"), date=day, filed=filed, days=delay, limit=filing.within_days)
