"""What the internal templates print: finished values only (text, numbers, Trusted markup, rows)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..markup import Trusted
from .paging import Pager

# A view holds nothing its page may not show: a restricted record's view has no summary to leak, and
# names are already masked. Plain ``str`` fields are escaped when printed; ``Trusted`` fields were
# built by markup.py (links, badges, grids, charts) or the body sanitiser.

# --------------------------------------------------------------------------- shared rows


@dataclass(frozen=True)
class TallyCells:
    """Status counts and the contract's rate, as printed."""

    met: int
    unmet: int
    pending: int
    exempt: int
    rate: str
    counted: bool  # anything decided, pending or exempt at all


@dataclass(frozen=True)
class PersonRow:
    link: Trusted
    title: str
    roles: str
    tally: TallyCells


@dataclass(frozen=True)
class ProblemRow:
    raised: str
    age: int
    overdue: bool
    by: Trusted
    summary: str  # a placeholder when the record is restricted
    resolution: str  # empty when the record is restricted
    refer: Trusted
    status: str
    resolved: str


# --------------------------------------------------------------------------- status grids (raw HTML)


@dataclass(frozen=True)
class GridColumn:
    label: Trusted
    title: Trusted
    cls: Trusted  # cr-now for the period running on the as-of date (phones scroll to it)


@dataclass(frozen=True)
class GridCell:
    cls: Trusted
    glyph: Trusted
    title: Trusted


@dataclass(frozen=True)
class GridRow:
    label: Trusted  # shortened, linked when it has a page; ``title`` holds the full text
    title: Trusted
    note: Trusted
    cells: list[GridCell]


@dataclass(frozen=True)
class Grid:
    caption: str
    corner: Trusted
    columns: list[GridColumn]
    rows: list[GridRow]


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class FieldChange:
    """One field a correction changed: its label, and the value before and after."""

    field: str
    before: Trusted
    after: Trusted


@dataclass(frozen=True)
class AmendmentStep:
    """One correction in a record's trail: the record it replaced, what changed, why, when, by whom."""

    amended: str  # path of the replaced record
    amended_when: str  # its date and type, e.g. "2024-10-15 进宿舍"
    changes: list[FieldChange]
    reason: str  # a placeholder when the correction is restricted
    filed: str  # the day the correction was first committed, or 尚未提交
    by: Trusted


@dataclass(frozen=True)
class RecordView:
    """One record on an actor page. Contract §8: a restricted record shows date and type only."""

    anchor: Trusted  # the record's id on the page, so the data-quality page can link to it
    restricted: bool
    when: str
    clock: str  # start—end, or empty
    type_name: str
    public: str  # "" unless the record is public; else what becomes of it on the public site
    summary: str
    facts: Trusted
    body: Trusted
    trail: list[AmendmentStep] = field(default_factory=list)  # corrections behind it, newest first


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    records: list[RecordView]  # the newest of the month's records, or none (a month only counted)
    count: int  # records in the month
    open: bool = False  # the newest month is shown open, the others collapsed

    @property
    def more(self) -> int:
        """Records of the month that are counted but not shown."""
        return self.count - len(self.records)


@dataclass(frozen=True)
class EarlierRow:
    """Records of an earlier term, counted: a page lists the current term's records only."""

    term: str
    records: int
    hours: str


# --------------------------------------------------------------------------- what is still owed


@dataclass(frozen=True)
class OweItem:
    """One requirement not met yet in a period that has not ended: readable without hovering."""

    rule: Trusted  # the rule's full title, linked
    target: Trusted  # the target of a per-target rule, else empty
    need: str  # 还差 1 次
    have: str  # 已有 0 次，要求 1 次
    counts: str  # what counts, in words
    deadline: str  # 11月22日（周日）
    advisory: bool


@dataclass(frozen=True)
class OweGroup:
    title: str  # 本周还需完成（第 12 周，至 11月22日 周日）
    items: list[OweItem]


@dataclass(frozen=True)
class RuleLine:
    """One rule of an actor this term, in words: what it asks, how it went, where it stands now."""

    rule: Trusted
    requirement: str
    advisory: bool
    summary: str  # 已完成 12 个周期，未完成 1 个，进行中 1 个
    current: str  # 第 12 周（11/16—11/22）：0/1 次，进行中


@dataclass(frozen=True)
class RecentRow:
    date: str
    by: Trusted
    type_name: str
    summary: str  # a placeholder when the record is restricted
    note: str = ""  # marks a correction


# --------------------------------------------------------------------------- actor pages


@dataclass(frozen=True)
class AssignmentRow:
    target: Trusted
    kind: str
    since: str
    until: str


@dataclass(frozen=True)
class RosterRuleRow:
    rule: Trusted
    detail: str
    status: Trusted


@dataclass(frozen=True)
class ActorSections:
    """What person and unit pages share: grids, assignments, records, problems, hours."""

    as_of: str
    owe: list[OweGroup]
    rule_lines: list[RuleLine]
    tally: TallyCells
    term_records: int
    hours_term: str
    record_count: int
    hours_total: str
    grids: list[Grid]
    assignments: list[AssignmentRow]
    roster_rules: list[RosterRuleRow]
    heatmap: Trusted
    months: list[Month]  # the current term's newest records, newest month first
    older: list[Month]  # the term's older months, counted only
    earlier: list[EarlierRow]  # earlier terms, newest first
    problems: list[ProblemRow]


@dataclass(frozen=True)
class Tenure:
    since: str
    until: str


@dataclass(frozen=True)
class PersonPage:
    name: str
    id: str
    id_copy: Trusted  # the id with a copy button (markup.copy_id)
    headline: Trusted  # 党委书记 · 单位 · 角色, the one line under the name
    unit: Trusted
    title: str
    roles: str
    branch: Trusted
    tenure: Tenure | None
    leaves: list[str]
    liaisons: Trusted
    public: str
    actor: ActorSections


@dataclass(frozen=True)
class UnitPage:
    name: str
    id_copy: Trusted
    kind: str
    parent: Trusted
    secretary: Trusted
    children: Trusted
    members: list[PersonRow]
    member_count: int
    members_rate: str
    branch_members: list[PersonRow]
    contacted: int
    contacted_last: str
    actor: ActorSections | None


@dataclass(frozen=True)
class PeopleGroup:
    unit: Trusted
    people: list[PersonRow]


@dataclass(frozen=True)
class PeopleIndex:
    groups: list[PeopleGroup]  # the units of this page (a unit cut by a page break continues on the next)
    pager: Pager


@dataclass(frozen=True)
class UnitTreeRow:
    indent: Trusted
    link: Trusted
    kind: str
    people: int
    rate: str  # empty for a unit without people


@dataclass(frozen=True)
class UnitsIndex:
    rows: list[UnitTreeRow]
    pager: Pager


# --------------------------------------------------------------------------- home


@dataclass(frozen=True)
class TallyRow:
    label: Trusted
    actors: int
    tally: TallyCells


@dataclass(frozen=True)
class DueRow:
    end: str
    unit: Trusted
    rule: Trusted
    period: str
    actors: Trusted


@dataclass(frozen=True)
class HomePage:
    institution: str
    as_of: str
    term: str
    term_start: str
    term_end: str
    actors: int
    overall: TallyCells
    units: list[TallyRow]
    roles: list[TallyRow]
    week_end: str
    due_week: list[DueRow]  # at most home.DUE_ROWS
    due_week_more: int  # not listed
    month_end: str
    due_month: list[DueRow]
    due_month_more: int
    trend: Trusted
    carriers: Trusted
    recent: list[RecentRow]
    open_count: int
    overdue: int
    limit: int | None  # days within which a problem should be resolved
    open_problems: list[ProblemRow]  # the oldest few


# --------------------------------------------------------------------------- disclosure review


@dataclass(frozen=True)
class QueueItem:
    """A public record on the 保密审查 page: what it would publish and what the screening found."""

    title: str  # filer, date and type, as the public catalogue would name it
    by: Trusted
    record: Trusted  # the record's path, linked to the record on its filer's page
    text: str  # the summary as the public site would print it
    withs: str  # co-participants the public site would name
    reason: str  # why it is not on the public site (yet)
    history: str  # the earlier review that no longer applies, or the deciding one
    flags: str  # the screening's flags, "label：span" joined; empty when none
    snippet: Trusted  # the review-file item to paste (a fenced YAML block); empty when no review can help


@dataclass(frozen=True)
class QueueSection:
    title: str
    intro: str
    items: list[QueueItem]


@dataclass(frozen=True)
class DisclosurePage:
    reviewers: str
    as_of: str
    counts: list[StatusCount]
    flagged: int  # pending items with at least one flag
    header: Trusted  # the start of a review file (a fenced YAML block)
    sections: list[QueueSection]


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class TargetRow:
    link: Trusted
    kind: str
    unit: Trusted
    assigned: int
    term: int
    total: int
    last: str


@dataclass(frozen=True)
class TargetsIndex:
    rows: list[TargetRow]
    pager: Pager


@dataclass(frozen=True)
class ContactRow:
    actor: Trusted
    count: int
    last: str


@dataclass(frozen=True)
class TargetRecordRow:
    restricted: bool  # then only date and type are filled in
    date: str
    by: Trusted
    type_name: str
    summary: str
    note: str = ""  # marks a correction


@dataclass(frozen=True)
class TargetPage:
    name: str
    kind: str
    id: str
    id_copy: Trusted
    sensitive: bool
    unit: Trusted
    tags: str
    enrolled: int | None
    members: Trusted
    assigned: Trusted
    contacts: list[ContactRow]
    records: list[TargetRecordRow]  # the current term's newest, newest first
    more: int  # the current term's records not listed
    earlier: list[EarlierRow]


# --------------------------------------------------------------------------- problems and data quality


@dataclass(frozen=True)
class StatusCount:
    label: str
    count: int


@dataclass(frozen=True)
class ProblemSection:
    label: str
    rows: list[ProblemRow]

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class ProblemsPage:
    limit: int | None
    as_of: str
    counts: list[StatusCount]
    overdue: int
    unresolved: list[ProblemSection]  # this page's share of each (empty sections are printed as 没有)
    resolved: ProblemSection
    pager: Pager


@dataclass(frozen=True)
class DiagnosticRow:
    """One finding on the data-quality page: whose it is (linked to the record), where, and the
    message, which always says how to fix it."""

    who: Trusted  # the actor's page (at the record), or who keeps the file
    what: str  # 2025-10-13 听课, or empty for a roster or policy file
    file: str
    line: str  # 第 5 行, or empty for a whole file
    message: str


@dataclass(frozen=True)
class QualityGroup:
    title: str
    code: str
    level: str  # 错误 | 警告
    rows: list[DiagnosticRow]

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class QualityPage:
    total: int
    errors: int
    warnings: int
    groups: list[QualityGroup]
