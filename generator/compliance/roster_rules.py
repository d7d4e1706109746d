"""Roster rules on the as-of date: assignment bounds and grades, full coverage, required profile fields."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from .. import schema
from ..diagnostics import Diagnostic, diag
from ..loader import Repo
from ..roster import Roster
from ..vocab import Level, Status
from .results import AssignmentResult, CoverageResult, ProfileResult

ASSIGNMENTS = "rosters/assignments.yml"
PEOPLE = "rosters/people.yml"
TARGETS = "rosters/targets.yml"


def _assignment_line(repo: Repo, actor: str, target: str | None = None) -> int | None:
    """Line in assignments.yml of the actor's entry (holding ``target`` when given)."""
    for index, a in repo.entries(ASSIGNMENTS):
        if a.actor == actor and (target is None or target in a.targets):
            path = ("targets", a.targets.index(target)) if target else ("actor",)
            return repo.entry_line(ASSIGNMENTS, index, *path)
    return None


def assignment_rules(roster: Roster, policy: schema.Policy, as_of: date) -> tuple[list[AssignmentResult], list[Diagnostic]]:
    out: list[AssignmentResult] = []
    diags: list[Diagnostic] = []
    for rule in policy.assignment_rules:
        for actor in roster.actors(rule.who):
            if not roster.in_post_on(actor, as_of):
                continue
            targets = roster.counted_assigned(rule, actor, as_of)
            ok = len(targets) >= rule.min and (rule.max is None or len(targets) <= rule.max)
            out.append(AssignmentResult(actor, rule.id, rule.level, len(targets), rule.min, rule.max,
                                        Status.MET if ok else Status.UNMET, tuple(targets)))
            if not ok and rule.level == Level.MANDATORY:
                bound = f"{rule.min}—{rule.max} 个" if rule.max is not None else f"至少 {rule.min} 个"
                diags.append(diag(
                    "assignment-bounds", ASSIGNMENTS, _assignment_line(roster.repo, actor),
                    f"{roster.name(actor)}（{actor}）当前联系的对象有 {len(targets)} 个符合“{rule.title}”，要求 {bound}。"
                    "请在 rosters/assignments.yml 中调整联系分配。",
                ))
            diags.extend(_grades(roster, rule, actor, targets, as_of))
    return out, diags


def _grades(roster: Roster, rule: schema.AssignmentRule, actor: str, targets: list[str], as_of: date) -> list[Diagnostic]:
    if rule.grade is None:
        return []
    out = []
    for t in targets:
        target = roster.targets.get(t)
        excess = roster.grade_excess(rule.grade, target, as_of) if target is not None else None
        if target is None or excess is None:
            continue
        out.append(diag(
            "assignment-grade", ASSIGNMENTS, _assignment_line(roster.repo, actor, t),
            # a student's name may be sensitive: diagnostics name students by id
            f"{roster.name(actor)}（{actor}）联系的{'班级' if target.kind == 'class' else '学生'}"
            f"“{target.name if target.kind == 'class' else t}”现在是{excess.year}年级，"
            f"“{rule.title}”要求{excess.limit}年级以内。请考虑调整为低年级的对象。",
        ))
    return out


def coverage_rules(roster: Roster, policy: schema.Policy, as_of: date) -> tuple[list[CoverageResult], list[Diagnostic]]:
    out: list[CoverageResult] = []
    diags: list[Diagnostic] = []
    for rule in policy.coverage_rules:
        covering: dict[str, list[str]] = defaultdict(list)
        for actor in (a for a in roster.actors(rule.by) if roster.in_post_on(a, as_of)):
            for t in roster.with_members(roster.assigned_on(actor, as_of)):  # a dorm covers its students
                covering[t].append(actor)
        gaps = []
        for t in roster.roster_targets(rule):
            by = tuple(sorted(set(covering.get(t, []))))
            out.append(CoverageResult(rule.id, rule.level, t, Status.MET if by else Status.UNMET, by))
            if not by:
                gaps.append(t)
        if gaps and rule.level == Level.MANDATORY:
            shown = "、".join(gaps[:10]) + ("等" if len(gaps) > 10 else "")
            diags.append(diag(
                "coverage-gap", TARGETS, None,
                f"“{rule.title}”：有 {len(gaps)} 个对象没有分配联系人（{shown}）。请在 rosters/assignments.yml 中补充分配。",
            ))
    return out, diags


def profile_rules(roster: Roster, policy: schema.Policy) -> tuple[list[ProfileResult], list[Diagnostic]]:
    out: list[ProfileResult] = []
    diags: list[Diagnostic] = []
    for rule in policy.profile_rules:
        for actor in roster.actors(rule.who):
            person = roster.people.get(actor)
            if person is None:
                continue
            missing = tuple(f for f in rule.require if not getattr(person, f))
            out.append(ProfileResult(actor, rule.id, rule.level, missing, Status.UNMET if missing else Status.MET))
            if missing and rule.level == Level.MANDATORY:
                diags.append(diag(
                    "profile-missing", PEOPLE, None,
                    f"{person.name}（{actor}）：“{rule.title}”要求填写 {'、'.join(missing)}。请在 rosters/people.yml 中补充。",
                ))
    return out, diags
