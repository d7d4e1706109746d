"""What the rule, roster-rule and policy pages print (see ``views``: finished values only)."""

from __future__ import annotations

from dataclasses import dataclass

from ..markup import Trusted
from .views import TallyCells

# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class RuleRow:
    link: Trusted
    cite: str
    level: str
    who: str
    requirement: str
    tally: TallyCells


@dataclass(frozen=True)
class RulesIndex:
    policy: str
    document: str
    rules: list[RuleRow]


@dataclass(frozen=True)
class GapRow:
    actor: Trusted
    unit: Trusted
    count: int
    periods: Trusted


@dataclass(frozen=True)
class PendingLine:
    period: str  # 第 12 周（11/16—11/22），截止 11月22日（周日）
    actors: Trusted  # at most ``rules.GAPS`` of them, then how many more


@dataclass(frozen=True)
class UnitTallyRow:
    """One unit's share of a rule: its actors under the rule and their periods' statuses."""

    unit: Trusted
    actors: int
    behind: int  # actors with at least one unmet period
    tally: TallyCells


@dataclass(frozen=True)
class PeriodTallyRow:
    label: str
    span: str
    tally: TallyCells


@dataclass(frozen=True)
class RulePage:
    """A rule summarised by unit and by period: bounded by units and periods, not by actors × periods."""

    title: str
    cite: str
    level: str
    who: str
    requirement: str
    conditions: str
    id: str
    actors: int
    behind: int  # actors with an unmet period
    tally: TallyCells
    pending: list[PendingLine]  # who has not met it yet in the periods running now
    units: list[UnitTallyRow]
    periods: list[PeriodTallyRow]
    gaps: list[GapRow]  # the actors furthest behind, at most ``GAPS`` of them

    @property
    def shown(self) -> int:
        return len(self.gaps)

    @property
    def more(self) -> int:
        """Actors behind who are not listed by name."""
        return self.behind - len(self.gaps)


@dataclass(frozen=True)
class RosterRuleText:
    """An assignment or coverage rule in words (policy and roster-rule pages)."""

    title: str
    level: str
    cite: str
    who: str
    kinds: str
    tags: str
    amount: str  # "2—3 个" or "1 个以上" (assignment rules)
    grade: str
    counting: str = ""  # how targets are counted (members of a dorm, besides another rule's)
    numbers: str = ""  # which numbers come from parameters, and whose they are


@dataclass(frozen=True)
class AssignmentLine:
    actor: Trusted
    count: int
    targets: Trusted
    status: Trusted


@dataclass(frozen=True)
class AssignmentSection:
    rule: RosterRuleText
    total: int  # actors the rule applies to
    within: int  # of them, within its bounds
    rows: list[AssignmentLine]  # outside them, at most ``rules.LISTED``
    more: int  # outside them and not listed

    @property
    def listed(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class CoverageGap:
    target: Trusted
    kind: str


@dataclass(frozen=True)
class CoverageSection:
    rule: RosterRuleText
    total: int
    assigned: int
    unassigned: int
    gaps: list[CoverageGap]  # at most ``rules.LISTED``
    more: int  # unassigned and not listed

    @property
    def listed(self) -> int:
        return len(self.gaps)


@dataclass(frozen=True)
class ProfileGap:
    actor: Trusted
    missing: str


@dataclass(frozen=True)
class ProfileSection:
    title: str
    gaps: list[ProfileGap]


@dataclass(frozen=True)
class RosterPage:
    as_of: str
    assignment: list[AssignmentSection]
    coverage: list[CoverageSection]
    profiles: list[ProfileSection]


# --------------------------------------------------------------------------- policy


@dataclass(frozen=True)
class RoleRow:
    name: str
    id: str


@dataclass(frozen=True)
class ActivityTypeRow:
    name: str
    id_copy: Trusted
    carrier: str
    face_to_face: str
    max_per_day: str
    requires_duration: str
    visibility: str


@dataclass(frozen=True)
class PolicyRule:
    title: str
    cite: str
    level: str
    who: str
    per: str
    requirement: str
    conditions: str
    due: str  # when a period is due, in words
    numbers: str  # 文件规定, or which numbers are the institution's (parameters)
    link: Trusted


@dataclass(frozen=True)
class ProfileRuleText:
    title: str
    level: str
    cite: str
    who: str
    fields: str


@dataclass(frozen=True)
class ParameterRow:
    """One parameter of the policy: its value and whether the document or the institution set it."""

    title: str
    id: str
    value: str
    origin: str  # 文件规定 | 本校设定 | 待本校设定
    cite: str
    used: str  # the rules and settings that use it
    note: str


@dataclass(frozen=True)
class ReportRow:
    title: str
    cite: str
    kind: str
    per: str
    who: str
    link: Trusted  # to the output's page (制度要求的输出)


@dataclass(frozen=True)
class PolicyPage:
    title: str
    document: str
    issuer: str
    id: str
    files: list[str]  # from the root ancestor down; each is inherited by the next
    roles: list[RoleRow]
    activity_types: list[ActivityTypeRow]
    guidance: str
    sensitive_tags: str
    rules: list[PolicyRule]
    assignment_rules: list[RosterRuleText]
    coverage_rules: list[RosterRuleText]
    profile_rules: list[ProfileRuleText]
    filing_days: int | None
    respond_days: int | None
    reports: list[ReportRow]
    outputs_built: bool  # the outputs' pages (reports/) are part of this site
    parameters: list[ParameterRow]
    filing_origin: str  # 文件规定 | 本校设定（参数 …）
    respond_origin: str
